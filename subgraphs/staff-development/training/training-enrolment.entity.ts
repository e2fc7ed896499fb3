import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { Librarian } from '../librarians/librarian.entity';
import { TrainingProgramme } from './training-programme.entity';

export enum TrainingEnrolmentStatus {
  ENROLLED = 'ENROLLED',
  WITHDRAWN = 'WITHDRAWN',
  COMPLETED = 'COMPLETED',
  NOT_COMPLETED = 'NOT_COMPLETED',
}
registerEnumType(TrainingEnrolmentStatus, {
  name: 'TrainingEnrolmentStatus',
  description: 'ENROLLED holds a place; WITHDRAWN gave it back; COMPLETED met the attendance threshold; NOT_COMPLETED did not',
  valuesConfig: {
    ENROLLED: { description: 'Enrolled (enrollInTraining) and holding a place; becomes COMPLETED or NOT_COMPLETED when the programme is completed' },
    WITHDRAWN: { description: 'Gave the place back (withdrawFromTraining); enrolling again is possible' },
    COMPLETED: { description: "Attended at least the programme's attendance threshold when it was completed: certificate and hours credited" },
    NOT_COMPLETED: { description: 'Attended less than the threshold when the programme was completed: no certificate, no hours credited' },
  },
});

/** Statuses that hold one of the programme's places. */
export const PLACE_HOLDING_STATUSES = [TrainingEnrolmentStatus.ENROLLED, TrainingEnrolmentStatus.COMPLETED, TrainingEnrolmentStatus.NOT_COMPLETED];

/**
 * A librarian's place on a training programme. One row per librarian and programme: withdrawing
 * and enrolling again reuses it. Personal: the librarian, their library's admins, the admins of
 * the programme's library, ADMIN.
 */
@ObjectType({ description: "A librarian's enrolment on a training programme (personal)" })
@Entity('training_enrolment')
@Index('UQ_enrolment_programme_librarian', ['programmeId', 'librarianId'], { unique: true })
@Index('IDX_enrolment_librarian_status', ['librarianId', 'status'])
@Index('IDX_enrolment_completed', ['completedOn'])
export class TrainingEnrolment {
  @Field(() => ID, { description: "The enrolment's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  programmeId: string;

  @ManyToOne(() => TrainingProgramme, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'programmeId' })
  programme?: TrainingProgramme;

  @Column({ type: 'varchar', length: 36 })
  librarianId: string;

  @ManyToOne(() => Librarian, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'librarianId' })
  librarian?: Librarian;

  @Field(() => TrainingEnrolmentStatus, { description: 'Where the enrolment stands' })
  @Column({ type: 'varchar', length: 20 })
  status: TrainingEnrolmentStatus;

  @Field({ description: 'When the librarian (last) enrolled (an instant, UTC)' })
  @Column({ type: 'datetime' })
  enrolledAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the place was given back (an instant, UTC); null unless WITHDRAWN' })
  @Column({ type: 'datetime', nullable: true })
  withdrawnAt: Date | null;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'The day the training was completed (its last day)' })
  @Column({ type: 'date', nullable: true })
  completedOn: string | null;

  @Field(() => String, { nullable: true, description: 'Certificate number, given on completion' })
  @Index('UQ_enrolment_certificate', { unique: true })
  @Column({ type: 'varchar', length: 60, nullable: true })
  certificateNumber: string | null;

  @Field(() => Int, { description: 'Lesson hours (JP) credited: the programme’s hours on completion, else 0' })
  @Column({ type: 'int', default: 0 })
  hoursCredited: number;

  @Field(() => Int, { nullable: true, description: 'Share of sessions attended, percent, set on completion' })
  @Column({ type: 'int', nullable: true })
  attendancePercent: number | null;
}
