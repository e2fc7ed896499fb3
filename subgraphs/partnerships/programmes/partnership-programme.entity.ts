import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { Agreement } from '../agreements/agreement.entity';
import { PartnerKind } from '../partners/partner.entity';

export enum PartnershipProgrammeKind {
  SCHOOL_VISIT = 'SCHOOL_VISIT',
  SCHOOL_LENDING = 'SCHOOL_LENDING',
  WORKSHOP = 'WORKSHOP',
  SEMINAR = 'SEMINAR',
  LIBRARY_EXCHANGE = 'LIBRARY_EXCHANGE',
  RESEARCH_COLLABORATION = 'RESEARCH_COLLABORATION',
}
registerEnumType(PartnershipProgrammeKind, {
  name: 'PartnershipProgrammeKind',
  description:
    'SCHOOL_VISIT (librarians visit a school), SCHOOL_LENDING (copies lent to a school), WORKSHOP and SEMINAR (with a university or other partner), LIBRARY_EXCHANGE (collections, information, practice), RESEARCH_COLLABORATION',
  valuesConfig: {
    SCHOOL_VISIT: { description: 'Librarians visit a school (with a SCHOOL partner)' },
    SCHOOL_LENDING: { description: 'The library lends copies to a school (with a SCHOOL partner)' },
    WORKSHOP: { description: 'A workshop with the partner (any kind); it may be given as a training programme' },
    SEMINAR: { description: 'A seminar with the partner (any kind); it may be given as a training programme' },
    LIBRARY_EXCHANGE: { description: 'An exchange of collections, information or practice with another library (a LIBRARY partner)' },
    RESEARCH_COLLABORATION: { description: 'Research with a university (a UNIVERSITY partner)' },
  },
});

/** Which partners a kind of programme is run with (any partner when absent). */
export const PROGRAMME_PARTNER_KINDS: Partial<Record<PartnershipProgrammeKind, readonly PartnerKind[]>> = {
  [PartnershipProgrammeKind.SCHOOL_VISIT]: [PartnerKind.SCHOOL],
  [PartnershipProgrammeKind.SCHOOL_LENDING]: [PartnerKind.SCHOOL],
  [PartnershipProgrammeKind.LIBRARY_EXCHANGE]: [PartnerKind.LIBRARY],
  [PartnershipProgrammeKind.RESEARCH_COLLABORATION]: [PartnerKind.UNIVERSITY],
};

export enum PartnershipProgrammeStatus {
  PROPOSED = 'PROPOSED',
  PLANNED = 'PLANNED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(PartnershipProgrammeStatus, {
  name: 'PartnershipProgrammeStatus',
  description:
    'PROPOSED (by the partner) → PLANNED (confirmed by the library) → IN_PROGRESS → COMPLETED (with outcomes); PLANNED may complete directly; CANCELLED from any state that is not final',
  valuesConfig: {
    PROPOSED: { description: 'Proposed by the partner, waiting for the library to confirm it' },
    PLANNED: { description: 'Planned by the library, or confirmed by it; not started yet' },
    IN_PROGRESS: { description: 'Started (startPartnershipProgramme), not completed yet' },
    COMPLETED: { description: 'Done, with its outcomes recorded (final)' },
    CANCELLED: { description: 'Cancelled, with a reason (final)' },
  },
});

export const PROGRAMME_TRANSITIONS: Record<PartnershipProgrammeStatus, readonly PartnershipProgrammeStatus[]> = {
  [PartnershipProgrammeStatus.PROPOSED]: [PartnershipProgrammeStatus.PLANNED, PartnershipProgrammeStatus.CANCELLED],
  [PartnershipProgrammeStatus.PLANNED]: [PartnershipProgrammeStatus.IN_PROGRESS, PartnershipProgrammeStatus.COMPLETED, PartnershipProgrammeStatus.CANCELLED],
  [PartnershipProgrammeStatus.IN_PROGRESS]: [PartnershipProgrammeStatus.COMPLETED, PartnershipProgrammeStatus.CANCELLED],
  [PartnershipProgrammeStatus.COMPLETED]: [],
  [PartnershipProgrammeStatus.CANCELLED]: [],
};

/**
 * A programme run under an agreement: a school visit, lending to a school, a workshop or seminar,
 * an exchange between libraries, a research collaboration. Schedule, status and outcomes. Seen by
 * the parties to the agreement, GOVERNMENT and ADMIN.
 */
@ObjectType({ description: 'A programme run under an agreement (school visit, lending to a school, workshop, seminar, exchange, research)' })
@Directive('@key(fields: "id")')
@Entity('partnership_programme')
@Index('IDX_programme_library_starts', ['libraryId', 'startsOn'])
@Index('IDX_programme_partner_starts', ['partnerId', 'startsOn'])
@Index('IDX_programme_agreement', ['agreementId'])
export class PartnershipProgramme {
  @Field(() => ID, { description: "The programme's id (a UUID)" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  agreementId: string;

  @ManyToOne(() => Agreement, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agreementId' })
  agreement?: Agreement;

  /** Copied from the agreement, for filtering. */
  @Column({ type: 'varchar', length: 36 })
  partnerId: string;

  /** Copied from the agreement, for filtering. */
  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @Field(() => PartnershipProgrammeKind, { description: 'What kind of programme it is' })
  @Column({ type: 'varchar', length: 30 })
  kind: PartnershipProgrammeKind;

  @Field({ description: "The programme's title" })
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field({ description: 'The topic of a visit, workshop, seminar or study' })
  @Column({ type: 'varchar', length: 300 })
  topic: string;

  @Field(() => CalendarDateScalar, { description: 'First day (the day of a school visit)' })
  @Column({ type: 'date' })
  startsOn: string;

  @Field(() => CalendarDateScalar, { description: 'Last day (the same day for a one-day visit)' })
  @Column({ type: 'date' })
  endsOn: string;

  @Field(() => PartnershipProgrammeStatus, { description: 'Where the programme is in its life cycle' })
  @Column({ type: 'varchar', length: 20 })
  status: PartnershipProgrammeStatus;

  @Field(() => Int, { nullable: true, description: 'Planned participants (students for school programmes)' })
  @Column({ type: 'int', nullable: true })
  expectedParticipants: number | null;

  @Field(() => Int, { nullable: true, description: 'Outcome: people reached (students for school programmes, attendees for workshops and seminars)' })
  @Column({ type: 'int', nullable: true })
  participantsReached: number | null;

  @Field(() => Int, { nullable: true, description: 'Outcome: copies lent to the school, or items exchanged between libraries' })
  @Column({ type: 'int', nullable: true })
  itemsCount: number | null;

  @Field(() => String, { nullable: true, description: 'Outcome: what came of it' })
  @Column({ type: 'text', nullable: true })
  outcomes: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled (CANCELLED only; null otherwise)' })
  @Column({ type: 'text', nullable: true })
  cancellationReason: string | null;

  /** A staff-development training programme this workshop or seminar is given as. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  trainingProgrammeId: string | null;

  @Field({ description: 'When the programme was planned or proposed (an instant, UTC)' })
  @Column({ type: 'datetime' })
  createdAt: Date;

  @Field({ description: 'When its status last changed, or when it was created if it never did (an instant, UTC)' })
  @Column({ type: 'datetime' })
  updatedAt: Date;
}
