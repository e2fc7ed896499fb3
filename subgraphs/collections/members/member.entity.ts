import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';

export enum MemberType {
  ADULT = 'ADULT',
  CHILD = 'CHILD',
  STUDENT = 'STUDENT',
  SENIOR = 'SENIOR',
  INSTITUTION = 'INSTITUTION',
}
registerEnumType(MemberType, { name: 'MemberType', description: 'Category of card holder; an INSTITUTION stands for a partner' });

export enum MemberStatus {
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  SUSPENDED = 'SUSPENDED',
}
registerEnumType(MemberStatus, { name: 'MemberStatus' });

/**
 * A library card holder. Everything here is personal data: every way in (the member query,
 * Library.members, Loan.member, the federation reference) checks the caller first — the member
 * themself, staff of their home library, ADMIN.
 */
@ObjectType({ description: "A library card holder (personal data: the member, their library's staff, ADMIN)" })
@Directive('@key(fields: "id")')
@Entity('member')
@Index('IDX_member_library_name', ['libraryId', 'name'])
@Index('IDX_member_partner', ['partnerId'])
// Covers the "card holders in a period" indicator without reading rows.
@Index('IDX_member_library_validity', ['libraryId', 'joinedOn', 'expiresOn'])
export class Member {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field()
  @Index('UQ_member_card_number', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  cardNumber: string;

  @Field()
  @Column({ type: 'varchar', length: 150 })
  name: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  email: string;

  @Field()
  @Column({ type: 'varchar', length: 20 })
  phone: string;

  @Field(() => MemberType)
  @Column({ type: 'varchar', length: 20 })
  memberType: MemberType;

  /** Home library (slug). */
  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  /** For INSTITUTION members: the partner (school …) in partnerships they stand for. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  partnerId: string | null;

  @Field(() => CalendarDateScalar)
  @Column({ type: 'date' })
  joinedOn: string;

  @Field(() => CalendarDateScalar)
  @Column({ type: 'date' })
  expiresOn: string;

  @Field(() => MemberStatus)
  @Column({ type: 'varchar', length: 20 })
  status: MemberStatus;
}
