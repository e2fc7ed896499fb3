import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { EventAudience, EventStatus, EventType } from './event-enums';
import { EventSeries } from './event-series.entity';
import { LockVersionColumn } from '../../../shared/platform/row-lock';

export { EventAudience, EventStatus, EventType } from './event-enums';

/** What anyone may see: everything but drafts (a cancelled event stays visible so people know). */
export const PUBLIC_EVENT_STATUSES = [EventStatus.PUBLISHED, EventStatus.COMPLETED, EventStatus.CANCELLED];

/** A community event run by one library. Instants are stored in UTC. */
@ObjectType({ description: 'A community event run by a library' })
@Directive('@key(fields: "id")')
@Entity('event')
@Index('IDX_event_library_starts', ['libraryId', 'startsAt'])
@Index('IDX_event_status_starts', ['status', 'startsAt'])
@Index('IDX_event_series_starts', ['seriesId', 'startsAt'])
export class Event {
  @Field(() => ID, { description: "The event's id (a UUID)" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The library's slug; the Library itself lives in staff-development, so there is no foreign key. */
  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @Field({ description: 'The title, as shown in the calendar' })
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field({ description: 'What happens at the event; an empty string when none was given' })
  @Column({ type: 'text' })
  description: string;

  @Field(() => EventType, { description: 'The kind of event' })
  @Column({ type: 'varchar', length: 30 })
  type: EventType;

  @Field(() => EventAudience, { description: 'The primary audience (also the first of `audiences`)' })
  @Column({ type: 'varchar', length: 30 })
  audience: EventAudience;

  /**
   * Further audiences, stored as ",TEENAGERS,FAMILIES," so that one LIKE finds an audience on
   * both backends; `audiences` (the resolver) puts the primary one first.
   */
  @Column({ type: 'varchar', length: 250, default: '' })
  audienceTags: string;

  @Field(() => String, { nullable: true, description: 'Access for wheelchairs, sign language, Braille and large print, quiet room …' })
  @Column({ type: 'text', nullable: true })
  accessibilityNotes: string | null;

  @Field({ description: 'A room of the library, or a link for an online event' })
  @Column({ type: 'varchar', length: 300 })
  location: string;

  @Field({ description: "When the event starts (an instant in UTC; localDate and localStartTime give it in the library's zone)" })
  @Column({ type: 'datetime' })
  startsAt: Date;

  @Field({ description: "When the event ends (an instant in UTC; localEndTime gives it in the library's zone)" })
  @Column({ type: 'datetime' })
  endsAt: Date;

  @Field(() => Int, { description: 'Places; registrations beyond it go to the waitlist' })
  @Column({ type: 'int' })
  capacity: number;

  @Field(() => EventStatus, { description: 'Where the event is in its life: DRAFT, PUBLISHED, CANCELLED or COMPLETED' })
  @Column({ type: 'varchar', length: 20 })
  status: EventStatus;

  /** When registration opens; null: as soon as the event is published. See `Event.registrationOpensAt`. */
  @Column({ type: 'datetime', nullable: true })
  registrationOpensAt: Date | null;

  /** When registration closes; null: when the event starts (a series: when its last session starts). */
  @Column({ type: 'datetime', nullable: true })
  registrationClosesAt: Date | null;

  /** The recurring series this event is a session of; one registration covers every session. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  seriesId: string | null;

  @ManyToOne(() => EventSeries, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'seriesId' })
  series?: EventSeries;

  /** People who came without registering, counted at the door (see recordWalkIns). */
  @Column({ type: 'int', default: 0 })
  walkIns: number;

  @Field(() => String, { nullable: true, description: 'Why the event was cancelled (CANCELLED only)' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  cancellationReason: string | null;

  /** Written by lockForUpdate (shared/platform/row-lock.ts) so that a lock on this row holds across Galera nodes. */
  @LockVersionColumn()
  lockVersion?: number;
}

/** The id registrations of this event count against: its series for a session, else the event itself. */
export const poolIdOf = (event: Pick<Event, 'id' | 'seriesId'>): string => event.seriesId ?? event.id;
