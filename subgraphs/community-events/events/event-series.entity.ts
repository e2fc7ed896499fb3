import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EventAudience, EventType } from './event-enums';
import { LockVersionColumn } from '../../../shared/platform/row-lock';

/**
 * A recurring programme (a weekly reading club): its sessions are ordinary events carrying
 * `seriesId`, and one registration covers every session. The series holds the places; each
 * session repeats the capacity so that `Event.capacity` reads the same on a session.
 */
@ObjectType({ description: 'A recurring programme whose sessions share one registration (a weekly reading club)' })
@Directive('@key(fields: "id")')
@Entity('event_series')
@Index('IDX_event_series_library', ['libraryId'])
export class EventSeries {
  @Field(() => ID, { description: "The series' id (a UUID)" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @Field({ description: 'The title, which every session carries too' })
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field({ description: 'What the programme is about; an empty string when none was given' })
  @Column({ type: 'text' })
  description: string;

  @Field(() => EventType, { description: 'The kind of event its sessions are' })
  @Column({ type: 'varchar', length: 30 })
  type: EventType;

  @Field(() => EventAudience, { description: 'The primary audience' })
  @Column({ type: 'varchar', length: 30 })
  audience: EventAudience;

  @Field(() => Int, { description: 'Places in the series: a registration holds one place at every session' })
  @Column({ type: 'int' })
  capacity: number;

  @Field(() => Int, { description: 'Days between sessions (7: weekly)' })
  @Column({ type: 'int' })
  intervalDays: number;

  /** null: open as soon as the sessions are published. */
  @Column({ type: 'datetime', nullable: true })
  registrationOpensAt: Date | null;

  /** null: until the last session starts (people join a club midway; they get the sessions left). */
  @Column({ type: 'datetime', nullable: true })
  registrationClosesAt: Date | null;

  @Field({ description: 'When the series was created (an instant in UTC)' })
  @Column({ type: 'datetime' })
  createdAt: Date;

  /** Written by lockForUpdate (shared/platform/row-lock.ts) so that a lock on this row holds across Galera nodes. */
  @LockVersionColumn()
  lockVersion?: number;
}
