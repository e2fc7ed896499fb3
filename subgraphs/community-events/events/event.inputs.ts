import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsEnum, IsInt, IsOptional, IsUrl, IsUUID, Length, Matches, Max, MaxLength, Min, NotEquals } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { TrimmedLength } from '../../../shared/platform/validation';
import { EventAudience, EventStatus, EventType } from './event.entity';
import { PromotionPlatform } from './event-promotion.entity';

export const LIBRARY_SLUG = /^[a-z0-9-]+$/;

/** What an event and a series have in common: where, what, for whom, and who runs it. */
@InputType()
export class EventDetailsInput {
  @Field(() => ID, { description: "The library's slug, e.g. kupang" })
  @Length(1, 40)
  @Matches(LIBRARY_SLUG, { message: 'libraryId is a library slug such as kupang' })
  libraryId: string;

  @Field({ description: '3-200 characters' })
  @Length(3, 200)
  title: string;

  @Field({ nullable: true, description: 'Up to 5000 characters' })
  @IsOptional()
  @MaxLength(5000)
  description?: string;

  @Field(() => EventType, { description: 'The kind of event' })
  @IsEnum(EventType)
  type: EventType;

  @Field(() => EventAudience, { description: 'The primary audience' })
  @IsEnum(EventAudience)
  audience: EventAudience;

  @Field(() => [EventAudience], { defaultValue: [], description: 'Further audiences the event welcomes' })
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsEnum(EventAudience, { each: true })
  audiences: EventAudience[];

  @Field(() => String, { nullable: true, description: 'Access for wheelchairs, sign language, Braille … (up to 1000 characters)' })
  @IsOptional()
  @MaxLength(1000)
  accessibilityNotes?: string;

  @Field({ description: 'A room of the library, or a link for an online event' })
  @Length(2, 300)
  location: string;

  @Field(() => [ID], { defaultValue: [], description: 'Librarians who run the event (at most 10)' })
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  facilitatorIds: string[];

  @Field(() => [ID], { defaultValue: [], description: 'Partners co-hosting the event (at most 10)' })
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  coHostIds: string[];
}

@InputType({ description: 'A single event to plan: it is created as a DRAFT' })
export class CreateEventInput extends EventDetailsInput {
  @Field({ description: 'When the event starts (an instant in UTC)' })
  startsAt: Date;

  @Field({ description: 'After startsAt' })
  endsAt: Date;

  @Field(() => Int, { description: 'Places, 1-5000' })
  @Min(1)
  @Max(5000)
  capacity: number;

  @Field(() => Date, { nullable: true, description: 'When registration opens (default: as soon as the event is published)' })
  @IsOptional()
  registrationOpensAt?: Date;

  @Field(() => Date, { nullable: true, description: 'When registration closes (default: when the event starts); not after endsAt' })
  @IsOptional()
  registrationClosesAt?: Date;
}

@InputType({ description: 'A weekly (or other regular) programme: its sessions are created as DRAFT events carrying its title' })
export class CreateEventSeriesInput extends EventDetailsInput {
  @Field(() => CalendarDateScalar, { description: "Date of the first session, in the library's time zone" })
  firstDate: string;

  @Field({ description: "Start time of every session, HH:MM in the library's time zone" })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'startTime is HH:MM, 00:00-23:59' })
  startTime: string;

  @Field(() => Int, { description: 'Length of a session in minutes, 15-720' })
  @Min(15)
  @Max(720)
  durationMinutes: number;

  @Field(() => Int, { description: 'Number of sessions, 2-52; days the library is closed are skipped' })
  @Min(2)
  @Max(52)
  sessions: number;

  @Field(() => Int, { defaultValue: 7, description: 'Days between sessions, 1-31 (7: weekly)' })
  @Min(1)
  @Max(31)
  intervalDays: number;

  @Field(() => Int, { description: 'Places, 1-5000: one registration holds a place at every session' })
  @Min(1)
  @Max(5000)
  capacity: number;

  @Field(() => Date, { nullable: true, description: 'Default: as soon as the sessions are published' })
  @IsOptional()
  registrationOpensAt?: Date;

  @Field(() => Date, { nullable: true, description: 'Default: when the last session starts (joining midway gives the sessions left)' })
  @IsOptional()
  registrationClosesAt?: Date;
}

@InputType({ description: 'The public calendar: every criterion is optional and they combine' })
export class EventFilter {
  @Field(() => ID, { nullable: true, description: "One library's events" })
  @IsOptional()
  @Length(1, 40)
  libraryId?: string;

  @Field(() => [EventType], { nullable: true, description: 'Any of these types' })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsEnum(EventType, { each: true })
  types?: EventType[];

  @Field(() => EventAudience, { nullable: true, description: 'Events for this audience (primary or further)' })
  @IsOptional()
  @IsEnum(EventAudience)
  audience?: EventAudience;

  @Field(() => CalendarDateScalar, { nullable: true, description: "Starting on or after this date, in each library's own time zone" })
  @IsOptional()
  from?: string;

  @Field(() => CalendarDateScalar, { nullable: true, description: "Starting on or before this date, in each library's own time zone" })
  @IsOptional()
  to?: string;

  @Field(() => Boolean, { nullable: true, description: 'true: places still free; false: full (new registrations are waitlisted)' })
  @IsOptional()
  hasFreePlaces?: boolean;

  @Field(() => [EventStatus], {
    nullable: true,
    description: 'Default PUBLISHED. COMPLETED and CANCELLED are public too; DRAFT only for its library staff (with libraryId), GOVERNMENT and ADMIN',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @IsEnum(EventStatus, { each: true })
  statuses?: EventStatus[];
}

@InputType({ description: 'A social media post or web page promoting an event' })
export class PromotionLinkInput {
  @Field(() => PromotionPlatform, { description: 'Where the post or page is' })
  @IsEnum(PromotionPlatform)
  platform: PromotionPlatform;

  @Field({ description: 'https link to the post, at most 500 characters' })
  @MaxLength(500)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { message: 'url must be an http or https link' })
  url: string;

  @Field(() => Date, { nullable: true, description: 'When the post went out, if known' })
  @IsOptional()
  postedAt?: Date;
}

// Arguments classes list their fields in the schema's order, which was the reverse of the
// resolvers' former @Arg parameters: the SDL stays as it was.

@ArgsType()
export class CancelEventArgs {
  @Field({ description: 'Told to the registrants, 3-500 characters' })
  @TrimmedLength(3, 500, { message: 'reason is 3-500 characters' })
  reason: string;

  @Field(() => ID, { description: 'The event to cancel (DRAFT or PUBLISHED, not yet ended)' })
  id: string;
}

const WALK_INS = { message: 'count is a whole number from -5000 to 5000, not 0' };

@ArgsType()
export class RecordWalkInsArgs {
  @Field(() => Int, { description: 'People to add, -5000 to 5000 and not 0 (negative to correct an earlier count)' })
  @IsInt(WALK_INS)
  @Min(-5000, WALK_INS)
  @Max(5000, WALK_INS)
  @NotEquals(0, WALK_INS)
  count: number;

  @Field(() => ID, { description: 'The event (for a series: the session) people came to' })
  eventId: string;
}
