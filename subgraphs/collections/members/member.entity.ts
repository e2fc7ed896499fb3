import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { LockVersionColumn } from '../../../shared/platform/row-lock';

export enum MemberType {
  ADULT = 'ADULT',
  CHILD = 'CHILD',
  STUDENT = 'STUDENT',
  SENIOR = 'SENIOR',
  INSTITUTION = 'INSTITUTION',
}
registerEnumType(MemberType, {
  name: 'MemberType',
  description: 'Category of card holder; an INSTITUTION stands for a partner',
  valuesConfig: {
    ADULT: { description: 'An adult; the card runs three years' },
    CHILD: { description: 'A child, who may name a parent or guardian; the card runs one year' },
    STUDENT: { description: 'A student; the card runs one year' },
    SENIOR: { description: 'A senior citizen; the card runs three years' },
    INSTITUTION: { description: 'An institution (a school …), standing for a partner when linked to one; the card runs one year' },
  },
});

export enum MemberStatus {
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  SUSPENDED = 'SUSPENDED',
  CLOSED = 'CLOSED',
}
registerEnumType(MemberStatus, {
  name: 'MemberStatus',
  description: 'The card as it reads today: EXPIRED once past expiresOn (computed, never stored), CLOSED once the account is closed',
  valuesConfig: {
    ACTIVE: { description: 'The card is valid; only an ACTIVE card may borrow, renew and place holds' },
    EXPIRED: { description: "Past expiresOn in the library's time zone, until the card is renewed" },
    SUSPENDED: { description: 'Suspended by staff (statusReason says why) until reinstated' },
    CLOSED: { description: 'The account is closed: personal data removed, the loan history kept' },
  },
});

/**
 * A library card holder. Everything here is personal data: every way in (the member query,
 * Library.members, Loan.member, the federation reference) checks the caller first — the member
 * themself, staff of their home library, ADMIN.
 */
@ObjectType({ description: "A library card holder (personal data: the member, their library's staff, ADMIN)" })
@Directive('@key(fields: "id")')
@Entity('member')
@Index('IDX_member_library_name', ['libraryId', 'name'])
// The desk's name search: a prefix of the folded name (lower case, no accents).
@Index('IDX_member_library_folded_name', ['libraryId', 'foldedName'])
@Index('IDX_member_partner', ['partnerId'])
// Covers the "card holders in a period" indicator without reading rows.
@Index('IDX_member_library_validity', ['libraryId', 'joinedOn', 'expiresOn'])
export class Member {
  @Field(() => ID, { description: "The member's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field({ description: "The number on the member's current card, unique across libraries (e.g. `5371.2026.00042`)" })
  @Index('UQ_member_card_number', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  cardNumber: string;

  @Field({ description: 'Full name; `(closed)` once the account is closed' })
  @Column({ type: 'varchar', length: 150 })
  name: string;

  /**
   * `name` folded for the desk's search (fold-name.ts `foldName`). Every writer of a member sets it
   * with the name — the desk, the demo generators, the SLiMS import (bulk inserts run no entity
   * listeners, so a hook would leave their rows unfindable).
   */
  @Column({ type: 'varchar', length: 150, default: '' })
  foldedName: string;

  /** '' when the member gave none (or the account is closed): GraphQL answers null. */
  @Column({ type: 'varchar', length: 200 })
  email: string;

  /** '' when the member gave none (or the account is closed): GraphQL answers null. */
  @Column({ type: 'varchar', length: 20 })
  phone: string;

  @Field(() => String, { nullable: true, description: 'Postal address' })
  @Column({ type: 'varchar', length: 300, nullable: true })
  address?: string | null;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'Birth date; null when not given or the account is closed' })
  @Column({ type: 'date', nullable: true })
  birthDate?: string | null;

  @Field(() => String, { nullable: true, description: 'For a CHILD: the parent or guardian who answers for the card' })
  @Column({ type: 'varchar', length: 150, nullable: true })
  guardianName?: string | null;

  @Field(() => MemberType, { description: 'Category of card holder, which sets the card term and the loan rules that apply' })
  @Column({ type: 'varchar', length: 20 })
  memberType: MemberType;

  /** Home library (slug). */
  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  /** For INSTITUTION members: the partner (school …) in partnerships they stand for. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  partnerId: string | null;

  @Field(() => CalendarDateScalar, { description: "The day the member joined (registration day, in the library's time zone)" })
  @Column({ type: 'date' })
  joinedOn: string;

  @Field(() => CalendarDateScalar, { description: "Last day the card is valid, in the library's time zone; the day after, it reads EXPIRED" })
  @Column({ type: 'date' })
  expiresOn: string;

  /**
   * The stored state: ACTIVE, SUSPENDED or CLOSED — never EXPIRED. What the card reads today is
   * `cardStatus` (card.ts), which the GraphQL field `status` answers.
   */
  @Column({ type: 'varchar', length: 20 })
  status: MemberStatus;

  /** Why the card was last suspended or reinstated. */
  @Field(() => String, { nullable: true, description: 'Why the card was last suspended or reinstated' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  statusReason?: string | null;

  /** Written by lockForUpdate (shared/platform/row-lock.ts) so that a lock on this row holds across Galera nodes. */
  @LockVersionColumn()
  lockVersion?: number;
}
