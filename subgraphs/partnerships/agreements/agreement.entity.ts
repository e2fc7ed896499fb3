import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { Partner } from '../partners/partner.entity';
import { libraryToday } from '../../../shared/platform/time';

/**
 * What is stored: whether the agreement was signed, and whether it was ended early (TERMINATED,
 * effective from `terminatedOn`; a row terminated before that column existed has none and reads
 * TERMINATED throughout).
 */
export enum AgreementState {
  DRAFT = 'DRAFT',
  SIGNED = 'SIGNED',
  TERMINATED = 'TERMINATED',
}

/**
 * What clients see, computed from the stored state and the dates (never stored, so never stale):
 * a signed agreement is SIGNED before its start date, ACTIVE from it, EXPIRED after its end date;
 * TERMINATED from the day `terminateAgreement` named.
 */
export enum AgreementStatus {
  DRAFT = 'DRAFT',
  SIGNED = 'SIGNED',
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(AgreementStatus, {
  name: 'AgreementStatus',
  description:
    'DRAFT (not signed), SIGNED (signed, start date still ahead), ACTIVE (signed, between its start and end dates), EXPIRED (end date passed), TERMINATED (ended early, from the termination date)',
  valuesConfig: {
    DRAFT: { description: 'Not signed yet: still being negotiated, or proposed by the library for the partner to sign' },
    SIGNED: { description: "Signed, its start date still ahead in the library's time zone" },
    ACTIVE: { description: 'Signed and in force: from its start date to its end date, both included' },
    EXPIRED: { description: 'Signed, its end date has passed' },
    TERMINATED: { description: 'Ended early: from the day terminateAgreement named (terminatedOn) on' },
  },
});

/**
 * The one place the status is decided, so that it cannot drift as dates pass. `today` is a
 * YYYY-MM-DD date in the library's zone (`agreementToday`). A termination takes effect on its
 * date: until then the agreement reads as it would otherwise. SQL filters use `inForceSql`, the
 * same rule.
 */
export function agreementStatus(agreement: Pick<Agreement, 'state' | 'startsOn' | 'endsOn' | 'terminatedOn'>, today: string): AgreementStatus {
  if (agreement.state === AgreementState.DRAFT) return AgreementStatus.DRAFT;
  if (agreement.state === AgreementState.TERMINATED && (agreement.terminatedOn == null || agreement.terminatedOn <= today)) return AgreementStatus.TERMINATED;
  if (today < agreement.startsOn) return AgreementStatus.SIGNED;
  return agreement.endsOn < today ? AgreementStatus.EXPIRED : AgreementStatus.ACTIVE;
}

/**
 * The SQL twin of `agreementStatus`: the agreement (alias `a`) was in force on some day of
 * [:from, :to] — signed, its dates overlapping the period, and not terminated on or before :from.
 * With :from = :to = today: ACTIVE today. Parameters: `from`, `to`, `signed`, `terminated`
 * (`inForceParams`).
 */
export const inForceSql = (a: string): string =>
  `(${a}.state = :signed OR (${a}.state = :terminated AND ${a}.terminatedOn > :from)) AND ${a}.startsOn <= :to AND ${a}.endsOn >= :from`;
export const inForceParams = (from: string, to: string) => ({ from, to, signed: AgreementState.SIGNED, terminated: AgreementState.TERMINATED });

/** Today in the agreement's library's zone (its calendar, cached per process). */
export async function agreementToday(calendar: { get(libraryId: string): Promise<{ timezone: string }> }, libraryId: string): Promise<string> {
  return libraryToday(calendar, libraryId);
}

/**
 * A cooperation agreement between a library and a partner: a memorandum of understanding (MoU,
 * nota kesepahaman) or a cooperation agreement (PKS, perjanjian kerja sama). Visible to the staff
 * of its library, the partner itself, GOVERNMENT and ADMIN.
 */
@ObjectType({ description: 'A memorandum of understanding (MoU) or cooperation agreement (PKS) between a library and a partner' })
@Directive('@key(fields: "id")')
@Entity('agreement')
@Index('IDX_agreement_partner_starts', ['partnerId', 'startsOn'])
@Index('UQ_agreement_library_reference', ['libraryId', 'documentReference'], { unique: true })
export class Agreement {
  @Field(() => ID, { description: "The agreement's id (a UUID)" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  partnerId: string;

  @ManyToOne(() => Partner, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partnerId' })
  partner?: Partner;

  /** A staff-development library slug: no foreign key across subgraphs. */
  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @Field({ description: "The agreement's title, e.g. Kunjungan Sekolah dan Pinjaman Koleksi" })
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field({ description: 'What the parties agree to do together' })
  @Column({ type: 'text' })
  scope: string;

  @Field(() => CalendarDateScalar, { description: "The first day the agreement is in force (a calendar date in the library's time zone)" })
  @Column({ type: 'date' })
  startsOn: string;

  @Field(() => CalendarDateScalar, { description: 'The last day the agreement is in force (a renewal moves it later)' })
  @Column({ type: 'date' })
  endsOn: string;

  @Column({ type: 'varchar', length: 20 })
  state: AgreementState;

  /** The day a termination takes effect (null for legacy terminated rows: terminated from the start). */
  @Field(() => CalendarDateScalar, { nullable: true, description: 'The day the agreement ends early (terminateAgreement), if it does' })
  @Column({ type: 'date', nullable: true })
  terminatedOn: string | null;

  @Field(() => String, { nullable: true, description: 'Why the agreement was ended early' })
  @Column({ type: 'text', nullable: true })
  terminationReason: string | null;

  @Field({ description: "The document's number, e.g. PKS/045/DPK-KPG/2025" })
  @Column({ type: 'varchar', length: 100 })
  documentReference: string;
}
