import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The kinds of programme the libraries run (their own documents list these). */
export enum EventType {
  LITERACY_PROGRAMME = 'LITERACY_PROGRAMME',
  DIGITAL_LITERACY = 'DIGITAL_LITERACY',
  BOOK_FAIR = 'BOOK_FAIR',
  ART_EXHIBITION = 'ART_EXHIBITION',
  DISCUSSION = 'DISCUSSION',
  STORY_TIME = 'STORY_TIME',
  READING_CLUB = 'READING_CLUB',
  WRITING_WORKSHOP = 'WRITING_WORKSHOP',
  DRAWING_CONTEST = 'DRAWING_CONTEST',
  SEMINAR = 'SEMINAR',
  SCHOOL_PROGRAMME = 'SCHOOL_PROGRAMME',
}
registerEnumType(EventType, { name: 'EventType', description: 'The kind of community event' });

export enum EventAudience {
  CHILDREN = 'CHILDREN',
  TEENAGERS = 'TEENAGERS',
  ADULTS = 'ADULTS',
  SENIORS = 'SENIORS',
  FAMILIES = 'FAMILIES',
  PEOPLE_WITH_DISABILITIES = 'PEOPLE_WITH_DISABILITIES',
}
registerEnumType(EventAudience, { name: 'EventAudience', description: 'The primary audience an event is planned for' });

export enum EventStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  CANCELLED = 'CANCELLED',
  COMPLETED = 'COMPLETED',
}
registerEnumType(EventStatus, {
  name: 'EventStatus',
  description: 'DRAFT is seen only by the staff of the library, GOVERNMENT and ADMIN; the others are public',
});

/** What anyone may see: everything but drafts (a cancelled event stays visible so people know). */
export const PUBLIC_EVENT_STATUSES = [EventStatus.PUBLISHED, EventStatus.COMPLETED, EventStatus.CANCELLED];

/** A community event run by one library. Instants are stored in UTC. */
@ObjectType({ description: 'A community event run by a library' })
@Directive('@key(fields: "id")')
@Entity('event')
@Index('IDX_event_library_starts', ['libraryId', 'startsAt'])
export class Event {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The library's slug; the Library itself lives in staff-development, so there is no foreign key. */
  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field()
  @Column({ type: 'text' })
  description: string;

  @Field(() => EventType)
  @Column({ type: 'varchar', length: 30 })
  type: EventType;

  @Field(() => EventAudience)
  @Column({ type: 'varchar', length: 30 })
  audience: EventAudience;

  @Field({ description: 'A room of the library, or a link for an online event' })
  @Column({ type: 'varchar', length: 300 })
  location: string;

  @Field()
  @Column({ type: 'datetime' })
  startsAt: Date;

  @Field()
  @Column({ type: 'datetime' })
  endsAt: Date;

  @Field(() => Int, { description: 'Places; registrations beyond it go to the waitlist' })
  @Column({ type: 'int' })
  capacity: number;

  @Field(() => EventStatus)
  @Column({ type: 'varchar', length: 20 })
  status: EventStatus;
}
