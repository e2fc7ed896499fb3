import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { Agreement } from '../agreements/agreement.entity';

export enum InternshipStatus {
  APPLIED = 'APPLIED',
  ACCEPTED = 'ACCEPTED',
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(InternshipStatus, {
  name: 'InternshipStatus',
  description: 'APPLIED → ACCEPTED → ACTIVE → COMPLETED; CANCELLED from any state that is not final',
  valuesConfig: {
    APPLIED: { description: 'Applied for, waiting for the host library to accept it' },
    ACCEPTED: { description: 'Accepted by the host library, with a supervising librarian; not started yet' },
    ACTIVE: { description: 'The intern has started: the logbook is kept and the evaluation given' },
    COMPLETED: { description: 'Finished after the evaluation, with a certificate number (final)' },
    CANCELLED: { description: 'Cancelled before completion, with a reason (final)' },
  },
});

/** The legal moves, and the only place they are written down. */
export const INTERNSHIP_TRANSITIONS: Record<InternshipStatus, readonly InternshipStatus[]> = {
  [InternshipStatus.APPLIED]: [InternshipStatus.ACCEPTED, InternshipStatus.CANCELLED],
  [InternshipStatus.ACCEPTED]: [InternshipStatus.ACTIVE, InternshipStatus.CANCELLED],
  [InternshipStatus.ACTIVE]: [InternshipStatus.COMPLETED, InternshipStatus.CANCELLED],
  [InternshipStatus.COMPLETED]: [],
  [InternshipStatus.CANCELLED]: [],
};

export const isLegalInternshipTransition = (from: InternshipStatus, to: InternshipStatus): boolean => INTERNSHIP_TRANSITIONS[from].includes(to);

/** One score of the supervisor's final evaluation. */
@ObjectType('InternshipScore', { description: 'A score (0–100) for one criterion of the final evaluation' })
export class InternshipScore {
  @Field({ description: 'What was scored, e.g. Kedisiplinan' })
  criterion: string;

  @Field(() => Int, { description: 'The score, 0–100' })
  score: number;
}

/**
 * A university student's internship (magang) at a library, under the university's agreement with
 * it. Personal data (the student): the host library's staff, the university itself, ADMIN.
 */
@ObjectType({ description: "A university student's internship at a library (the host library's staff, the university, ADMIN)" })
@Directive('@key(fields: "id")')
@Entity('internship')
@Index('IDX_internship_library_starts', ['libraryId', 'startsOn'])
@Index('IDX_internship_partner_starts', ['partnerId', 'startsOn'])
@Index('IDX_internship_supervisor_starts', ['supervisorId', 'startsOn'])
@Index('UQ_internship_certificate', ['certificateNumber'], { unique: true })
export class Internship {
  @Field(() => ID, { description: "The internship's id (a UUID)" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  agreementId: string;

  @ManyToOne(() => Agreement, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agreementId' })
  agreement?: Agreement;

  /** The university (the agreement's partner). */
  @Column({ type: 'varchar', length: 36 })
  partnerId: string;

  /** The host library (the agreement's library). */
  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  /** A staff-development librarian of the host library; set when the internship is accepted. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  supervisorId: string | null;

  @Field({ description: "The student's full name" })
  @Column({ type: 'varchar', length: 150 })
  studentName: string;

  @Field({ description: "The university's student number (NIM)" })
  @Column({ type: 'varchar', length: 30 })
  studentNumber: string;

  @Field({ description: 'Programme of study, e.g. Ilmu Perpustakaan (S1)' })
  @Column({ type: 'varchar', length: 150 })
  studyProgramme: string;

  @Field(() => CalendarDateScalar, { description: "The intern's first day (a calendar date in the library's time zone)" })
  @Column({ type: 'date' })
  startsOn: string;

  @Field(() => CalendarDateScalar, { description: "The intern's last day: the internship may be completed from that day" })
  @Column({ type: 'date' })
  endsOn: string;

  @Field(() => InternshipStatus, { description: 'Where the internship is in its life cycle' })
  @Column({ type: 'varchar', length: 20 })
  status: InternshipStatus;

  @Field(() => String, { nullable: true, description: 'Issued on completion' })
  @Column({ type: 'varchar', length: 60, nullable: true })
  certificateNumber: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled (CANCELLED only; null otherwise)' })
  @Column({ type: 'text', nullable: true })
  cancellationReason: string | null;

  /** The supervisor's final evaluation (null until given). */
  @Column({ type: 'simple-json', nullable: true })
  evaluationScores: InternshipScore[] | null;

  @Column({ type: 'text', nullable: true })
  evaluationComment: string | null;

  @Column({ type: 'datetime', nullable: true })
  evaluatedAt: Date | null;

  @Field({ description: 'When the application was recorded (an instant, UTC)' })
  @Column({ type: 'datetime' })
  createdAt: Date;

  @Field({ description: 'When it last changed: status, logbook or evaluation (an instant, UTC)' })
  @Column({ type: 'datetime' })
  updatedAt: Date;
}
