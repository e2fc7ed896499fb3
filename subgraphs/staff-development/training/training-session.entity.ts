import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TrainingProgramme } from './training-programme.entity';

/** One meeting of a programme: in a room, online, or both. */
@ObjectType({ description: 'A session of a training programme (public; the online link only for staff)' })
@Entity('training_session')
@Index('IDX_session_programme_starts', ['programmeId', 'startsAt'])
export class TrainingSession {
  @Field(() => ID, { description: "The session's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  programmeId: string;

  @ManyToOne(() => TrainingProgramme, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'programmeId' })
  programme?: TrainingProgramme;

  @Field({ description: 'What the session covers' })
  @Column({ type: 'varchar', length: 200 })
  topic: string;

  @Field({ description: 'When it starts (an instant, UTC)' })
  @Column({ type: 'datetime' })
  startsAt: Date;

  @Field({ description: 'When it ends (an instant, UTC)' })
  @Column({ type: 'datetime' })
  endsAt: Date;

  @Field(() => String, { nullable: true, description: 'Room or address; null for an online-only session' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  place: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  onlineLink: string | null;
}
