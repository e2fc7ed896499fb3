import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { Internship } from './internship.entity';

export enum LogbookRecorder {
  UNIVERSITY = 'UNIVERSITY',
  SUPERVISOR = 'SUPERVISOR',
  ADMIN = 'ADMIN',
}
registerEnumType(LogbookRecorder, {
  name: 'InternshipLogbookRecorder',
  description: "Who entered the week: the university on the student's behalf, the supervising librarian, or ADMIN",
  valuesConfig: {
    UNIVERSITY: { description: "The university, on the student's behalf (its PARTNER token)" },
    SUPERVISOR: { description: 'The supervising librarian' },
    ADMIN: { description: 'An ADMIN' },
  },
});

/** One week of an intern's logbook (one entry per week, weeks start on Monday). */
@ObjectType({ description: "One week of an intern's logbook" })
@Entity('internship_logbook_entry')
@Index('UQ_logbook_internship_week', ['internshipId', 'weekStarting'], { unique: true })
export class InternshipLogbookEntry {
  @Field(() => ID, { description: "The entry's id (a UUID)" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  internshipId: string;

  @ManyToOne(() => Internship, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'internshipId' })
  internship?: Internship;

  @Field(() => CalendarDateScalar, { description: 'The Monday the week starts on' })
  @Column({ type: 'date' })
  weekStarting: string;

  @Field({ description: 'What the intern did that week' })
  @Column({ type: 'text' })
  activities: string;

  @Field(() => Int, { description: 'Hours the intern worked that week, 1–60' })
  @Column({ type: 'int' })
  hours: number;

  @Field(() => LogbookRecorder, { description: 'Who entered the week' })
  @Column({ type: 'varchar', length: 20 })
  recordedBy: LogbookRecorder;

  @Field({ description: 'When the week was entered (an instant, UTC)' })
  @Column({ type: 'datetime' })
  recordedAt: Date;
}
