import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TrainingEnrolment } from './training-enrolment.entity';
import { TrainingSession } from './training-session.entity';

/** Whether an enrolled librarian attended one session (absent when no row). */
@ObjectType('TrainingAttendance', { description: 'Attendance of one participant at one session' })
@Entity('session_attendance')
@Index('IDX_attendance_enrolment', ['enrolmentId'])
export class SessionAttendance {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  sessionId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  enrolmentId: string;

  @ManyToOne(() => TrainingSession, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sessionId' })
  session?: TrainingSession;

  @ManyToOne(() => TrainingEnrolment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enrolmentId' })
  enrolment?: TrainingEnrolment;

  @Field({ description: 'True: marked present; false: marked absent' })
  @Column({ type: 'boolean' })
  present: boolean;
}
