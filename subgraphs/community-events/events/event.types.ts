import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { EventFeedback } from '../surveys/event-feedback.entity';
import { Registration } from '../registration/registration.entity';
import { Event } from './event.entity';

/** The object types Event's fields answer with (and the calendar's connection). */

@ObjectType({ description: 'A page of registrations, oldest first' })
export class RegistrationConnection extends Connection(Registration) {}

@ObjectType({ description: "A page of attendees' ratings and comments, oldest first" })
export class EventFeedbackConnection extends Connection(EventFeedback) {}

/** The calendar's connection (the same shape as Library.events). */
@ObjectType({ description: 'A page of events, in start order' })
export class EventConnection extends Connection(Event) {}

@ObjectType({ description: "An event's figures, counts only (its library's staff, co-hosting partners, GOVERNMENT, ADMIN)" })
export class EventStatistics {
  @Field(() => Int, { description: 'Registrations holding a place' })
  confirmed: number;

  @Field(() => Int, { description: 'Registrations waiting for a place (for a session: of its series)' })
  waitlisted: number;

  @Field(() => Int, { description: 'Registrations cancelled, by the registrant, the staff or with the event (for a session: of its series)' })
  cancelled: number;

  @Field(() => Int, { description: 'Registrants checked in' })
  attended: number;

  @Field(() => Int, { description: 'Registrants marked as no-shows when the event was completed' })
  noShows: number;

  @Field(() => Int, { description: 'People who came without registering' })
  walkIns: number;

  @Field(() => Int, { description: 'Everyone who came: attended + walkIns' })
  attendance: number;

  @Field(() => Float, { nullable: true, description: 'attended / (attended + noShows), 0-1; null until attendance is recorded' })
  attendanceRate: number | null;

  @Field(() => Int, { description: 'Ratings given by attendees (0 when none)' })
  ratings: number;

  @Field(() => Float, { nullable: true, description: '1-5; null without ratings' })
  averageRating: number | null;
}
