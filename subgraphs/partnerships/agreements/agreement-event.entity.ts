import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar, DateTimeScalar } from '../../../shared/platform/scalars';
import { Agreement } from './agreement.entity';

export enum AgreementEventKind {
  RENEWED = 'RENEWED',
  AMENDED = 'AMENDED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(AgreementEventKind, {
  name: 'AgreementEventKind',
  description: 'RENEWED (new end date), AMENDED (title or scope changed), TERMINATED (ended early)',
  valuesConfig: {
    RENEWED: { description: 'The end date was moved later (renewAgreement)' },
    AMENDED: { description: 'The title or the scope was changed (amendAgreement)' },
    TERMINATED: { description: 'The agreement was ended early (terminateAgreement)' },
  },
});

@ObjectType({ description: 'A field an amendment changed: its value before and after' })
export class AgreementChange {
  @Field({ description: 'The field that changed: endsOn (a renewal), title or scope (an amendment), status (a termination)' })
  field: string;

  @Field(() => String, { nullable: true, description: 'Its value before, as text (a YYYY-MM-DD date for endsOn, an AgreementStatus for status)' })
  from: string | null;

  @Field(() => String, { nullable: true, description: 'Its value after, as text (a YYYY-MM-DD date for endsOn, an AgreementStatus for status)' })
  to: string | null;
}

/**
 * One step in an agreement's life after signature: a renewal, an amendment or the termination,
 * with the document that records it (an addendum's number and title, or its URL).
 */
@ObjectType({ description: 'A renewal, amendment or termination of an agreement, with the document recording it' })
@Entity('agreement_event')
@Index('UQ_agreement_event_number', ['agreementId', 'number'], { unique: true })
export class AgreementEvent {
  @Field(() => ID, { description: "The event's id (a UUID)" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  agreementId: string;

  @ManyToOne(() => Agreement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreementId' })
  agreement?: Agreement;

  @Field(() => Int, { description: '1 for the first change after signature, then 2, 3 …' })
  @Column({ type: 'int' })
  number: number;

  @Field(() => AgreementEventKind, { description: 'A renewal, an amendment or the termination' })
  @Column({ type: 'varchar', length: 20 })
  kind: AgreementEventKind;

  @Field(() => DateTimeScalar, { description: 'When the change was recorded (an instant, UTC); a termination takes effect on effectiveOn' })
  @Column({ type: 'datetime' })
  occurredAt: Date;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'RENEWED: the end date before; TERMINATED: the day it ends early' })
  @Column({ type: 'date', nullable: true })
  effectiveOn: string | null;

  /** JSON: AgreementChange[] (a renewal: endsOn; an amendment: title/scope; a termination: status). */
  @Column({ type: 'text' })
  changesJson: string;

  @Field(() => [AgreementChange], { description: 'What changed: each field before and after' })
  get changes(): AgreementChange[] {
    return JSON.parse(this.changesJson) as AgreementChange[];
  }

  @Field(() => String, { nullable: true, description: "The document's number, e.g. ADD/001/PKS/045/DPK-KPG/2027" })
  @Column({ type: 'varchar', length: 100, nullable: true })
  documentReference: string | null;

  @Field({ description: "The document's title" })
  @Column({ type: 'varchar', length: 200 })
  documentTitle: string;

  @Field(() => String, { nullable: true, description: 'Where the document can be read' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  documentUrl: string | null;

  @Field(() => String, { nullable: true, description: 'TERMINATED: why' })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** Who recorded it: the role and, for staff, the library (no personal data). */
  @Field({ description: 'The role that recorded it (e.g. LIBRARY_ADMIN, ADMIN)' })
  @Column({ type: 'varchar', length: 30 })
  recordedBy: string;
}
