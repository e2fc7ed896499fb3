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
});

/** One week of an intern's logbook (one entry per week, weeks start on Monday). */
@ObjectType({ description: "One week of an intern's logbook" })
@Entity('internship_logbook_entry')
@Index('UQ_logbook_internship_week', ['internshipId', 'weekStarting'], { unique: true })
export class InternshipLogbookEntry {
  @Field(() => ID)
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

  @Field(() => Int)
  @Column({ type: 'int' })
  hours: number;

  @Field(() => LogbookRecorder)
  @Column({ type: 'varchar', length: 20 })
  recordedBy: LogbookRecorder;

  @Field()
  @Column({ type: 'datetime' })
  recordedAt: Date;
}
