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
registerEnumType(PartnerKind, {
  name: 'PartnerKind',
  description: 'What kind of institution a partner is',
  valuesConfig: {
    SCHOOL: { description: 'A school (it may carry an NPSN); school visits and school lending are with schools' },
    UNIVERSITY: { description: 'A university; internships and research collaborations are with universities' },
    LIBRARY: { description: 'Another library; library exchanges are with libraries' },
    GOVERNMENT_AGENCY: { description: 'A government agency' },
    COMPANY: { description: 'A company' },
    COMMUNITY_ORGANISATION: { description: 'A community organisation' },
    MEDIA: { description: 'A medium: press, radio, television or online' },
  },
});

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

  @Field(() => PartnerKind, { description: 'What kind of institution the partner is (public)' })
  @Column({ type: 'varchar', length: 30 })
  kind: PartnerKind;

  @Field({ description: "The partner's name (public)" })
  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Nomor Pokok Sekolah Nasional: a school's 8-digit national number; null for other kinds. */
  @Field(() => String, { nullable: true, description: "A school's 8-digit national school number (NPSN)" })
  @Index('UQ_partner_npsn', { unique: true })
  @Column({ type: 'varchar', length: 8, nullable: true })
  npsn: string | null;

  @Field({ description: 'The city the partner is in (public)' })
  @Column({ type: 'varchar', length: 100 })
  city: string;

  @Field({ description: "The partner's postal address" })
  @Column({ type: 'varchar', length: 300 })
  address: string;

  @Column({ type: 'varchar', length: 150 })
  contactName: string;

  @Column({ type: 'varchar', length: 200 })
  contactEmail: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  contactPhone: string | null;
}
