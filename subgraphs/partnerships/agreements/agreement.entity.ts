import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { Partner } from '../partners/partner.entity';
import { now } from '../../../shared/platform/clock';

/** What is stored: whether the agreement was signed, and whether it was ended early. */
export enum AgreementState {
  DRAFT = 'DRAFT',
  SIGNED = 'SIGNED',
  TERMINATED = 'TERMINATED',
}

/** What clients see: a signed agreement is ACTIVE until its end date passes, then EXPIRED. */
export enum AgreementStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(AgreementStatus, {
  name: 'AgreementStatus',
  description: 'DRAFT (not signed), ACTIVE (signed, end date not passed), EXPIRED (end date passed), TERMINATED (ended early)',
});

/**
 * The one place ACTIVE vs EXPIRED is decided, so that it cannot drift as dates pass. `today` is a
 * YYYY-MM-DD date; for now the caller passes today's UTC date (later: the library's own today).
 */
export function agreementStatus(agreement: Pick<Agreement, 'state' | 'endsOn'>, today: string): AgreementStatus {
  if (agreement.state === AgreementState.DRAFT) return AgreementStatus.DRAFT;
  if (agreement.state === AgreementState.TERMINATED) return AgreementStatus.TERMINATED;
  return agreement.endsOn < today ? AgreementStatus.EXPIRED : AgreementStatus.ACTIVE;
}

/** Today's date in UTC, YYYY-MM-DD. */
export const todayUtc = (): string => now().toISOString().slice(0, 10);

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
  @Field(() => ID)
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

  @Field()
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field({ description: 'What the parties agree to do together' })
  @Column({ type: 'text' })
  scope: string;

  @Field(() => CalendarDateScalar)
  @Column({ type: 'date' })
  startsOn: string;

  @Field(() => CalendarDateScalar)
  @Column({ type: 'date' })
  endsOn: string;

  @Column({ type: 'varchar', length: 20 })
  state: AgreementState;

  @Field({ description: "The document's number, e.g. PKS/045/DPK-KPG/2025" })
  @Column({ type: 'varchar', length: 100 })
  documentReference: string;
}
