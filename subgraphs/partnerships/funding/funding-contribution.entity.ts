import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { Partner } from '../partners/partner.entity';

/** Whole rupiah: funding passes Int's 2,147,483,647 (a DAK grant alone can), so it is a SafeInt (≤ 2^53 − 1). */
export const RupiahScalar = GraphQLSafeInt;

/** bigint columns come back as strings from mysql2: numbers here (rupiah stay far below 2^53). */
export const bigintAsNumber = {
  to: (value: number | null) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

export enum FundingSource {
  GOVERNMENT_PROGRAMME = 'GOVERNMENT_PROGRAMME',
  PRIVATE_STAKEHOLDER = 'PRIVATE_STAKEHOLDER',
}
registerEnumType(FundingSource, {
  name: 'FundingSource',
  description: 'GOVERNMENT_PROGRAMME (e.g. DAK, Perpusnas, provincial aid) or PRIVATE_STAKEHOLDER (CSR, foundations, donors)',
  valuesConfig: {
    GOVERNMENT_PROGRAMME: { description: 'A government programme, e.g. DAK, Perpusnas or provincial aid' },
    PRIVATE_STAKEHOLDER: { description: 'A private stakeholder: a company (CSR), a foundation or a donor' },
  },
});

/**
 * Money a partner gave a library: a government programme or a private stakeholder. Seen by the
 * library's admins, the funder itself, GOVERNMENT and ADMIN.
 */
@ObjectType({ description: 'A funding contribution to a library (amount in whole rupiah)' })
@Entity('funding_contribution')
@Index('IDX_funding_library_year', ['libraryId', 'year'])
@Index('IDX_funding_partner_year', ['partnerId', 'year'])
export class FundingContribution {
  @Field(() => ID, { description: "The contribution's id (a UUID)" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @Column({ type: 'varchar', length: 36 })
  partnerId: string;

  @ManyToOne(() => Partner, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partnerId' })
  partner?: Partner;

  @Field(() => FundingSource, { description: 'A government programme or a private stakeholder' })
  @Column({ type: 'varchar', length: 30 })
  source: FundingSource;

  @Field({ description: 'The funding programme, e.g. "DAK Fisik Bidang Perpustakaan 2026" or "CSR Bank NTT 2026"' })
  @Column({ type: 'varchar', length: 200 })
  programme: string;

  @Field({ description: 'What the money is for' })
  @Column({ type: 'text' })
  purpose: string;

  @Field(() => RupiahScalar, { description: 'Whole rupiah' })
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  amount: number;

  @Field(() => CalendarDateScalar, { description: "The day the money was received (a calendar date in the library's time zone)" })
  @Column({ type: 'date' })
  receivedOn: string;

  /** The year of receivedOn, kept for grouped totals on both backends. */
  @Column({ type: 'int' })
  year: number;

  @Field({ description: 'When the contribution was recorded (an instant, UTC)' })
  @Column({ type: 'datetime' })
  createdAt: Date;
}
