import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export enum PartnerKind {
  SCHOOL = 'SCHOOL',
  UNIVERSITY = 'UNIVERSITY',
  LIBRARY = 'LIBRARY',
  GOVERNMENT_AGENCY = 'GOVERNMENT_AGENCY',
  COMPANY = 'COMPANY',
  COMMUNITY_ORGANISATION = 'COMMUNITY_ORGANISATION',
  MEDIA = 'MEDIA',
}
registerEnumType(PartnerKind, { name: 'PartnerKind', description: 'What kind of institution a partner is' });

/**
 * An institution libraries work with. Name, kind, city and NPSN are public (partners are named on
 * programmes and events); the contact person is guarded in the resolver: staff of a library the
 * partner works with, the partner itself, ADMIN.
 */
@ObjectType({ description: 'A school, university, library, agency, company, community group or medium libraries work with' })
@Directive('@key(fields: "id")')
@Entity('partner')
@Index('IDX_partner_name', ['name'])
export class Partner {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field(() => PartnerKind)
  @Column({ type: 'varchar', length: 30 })
  kind: PartnerKind;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Nomor Pokok Sekolah Nasional: a school's 8-digit national number; null for other kinds. */
  @Field(() => String, { nullable: true, description: "A school's 8-digit national school number (NPSN)" })
  @Index('UQ_partner_npsn', { unique: true })
  @Column({ type: 'varchar', length: 8, nullable: true })
  npsn: string | null;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  city: string;

  @Field()
  @Column({ type: 'varchar', length: 300 })
  address: string;

  @Column({ type: 'varchar', length: 150 })
  contactName: string;

  @Column({ type: 'varchar', length: 200 })
  contactEmail: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  contactPhone: string | null;
}
