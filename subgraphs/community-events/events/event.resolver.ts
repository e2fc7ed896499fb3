import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireStaffOf } from '../../../shared/platform/auth';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';
import { ConnectionArgs, normalisePage } from '../../../shared/platform/pagination';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { localDate, offsetMinutes } from '../../../shared/platform/time';
import { now as clockNow } from '../../../shared/platform/clock';
import { requireEventManager, requireEventStatisticsAccess } from '../access';
import { timezoneOf, type EventsContext } from '../context';
import { Librarian } from '../federation/librarian.stub';
import { Library } from '../federation/library.stub';
import { Partner } from '../federation/partner.stub';
import { EventPromotionLink } from './event-promotion.entity';
import { EventSeries } from './event-series.entity';
import { Event, EventAudience, EventStatus, poolIdOf } from './event.entity';
import { CancelEventArgs, CreateEventInput, EventFilter, PromotionLinkInput, RecordWalkInsArgs } from './event.inputs';
import {
  addPromotionLink,
  calendarEvents,
  cancelEvent,
  completeEvent,
  createEvent,
  poolFor,
  publishEvent,
  recordWalkIns,
  removePromotionLink,
  visibleEvent,
} from './event.service';
import { EventConnection, EventFeedbackConnection, EventStatistics, RegistrationConnection } from './event.types';

const hhmm = (instant: Date, tz: string) => new Date(instant.getTime() + offsetMinutes(instant, tz) * 60000).toISOString().slice(11, 16);

@Resolver(() => Event)
export class EventResolver {
  /**
   * Public for published, completed and cancelled events; a draft is NOT_FOUND except for those
   * access.draftLibraries admits. Nullable: a NOT_FOUND keeps the rest of the answer.
   */
  @Query(() => Event, { nullable: true, description: "One event (public; drafts only for the library's staff, GOVERNMENT of its province and ADMIN)" })
  async event(@Arg('id', () => ID, { description: "The event's id" }) id: string, @Ctx() ctx: EventsContext): Promise<Event> {
    return visibleEvent(ctx, id);
  }

  /**
   * The public calendar. Dates are read in each library's own time zone: "from 2026-12-10" is
   * midnight WITA for Kupang and midnight WIB for Pasuruan.
   */
  @Query(() => EventConnection, {
    nullable: true,
    description:
      "The calendar, in start order: by library, type, audience, dates (each library's own time zone) and free places. " +
      'PUBLISHED events unless `statuses` says otherwise (public); drafts only for their library staff (with libraryId), GOVERNMENT of its province and ADMIN',
  })
  async events(
    @Arg('filter', () => EventFilter, { nullable: true, description: 'Which events; without it, every PUBLISHED event' }) filter: EventFilter | undefined,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: EventsContext,
  ) {
    return calendarEvents(ctx, filter, args);
  }

  @FieldResolver(() => Library, { description: 'The library that runs the event' })
  library(@Root() event: Event): Library {
    return { id: event.libraryId };
  }

  @FieldResolver(() => [EventAudience], { description: 'Everyone the event is for: the primary audience first' })
  audiences(@Root() event: Event): EventAudience[] {
    const further = (event.audienceTags ?? '').split(',').filter(Boolean) as EventAudience[];
    return [event.audience, ...further.filter((a) => a !== event.audience)];
  }

  @FieldResolver(() => Boolean, { description: 'True when the location is a link (an online event)' })
  online(@Root() event: Event): boolean {
    return /^https?:\/\//i.test(event.location);
  }

  @FieldResolver(() => String, { description: "The library's IANA time zone, e.g. Asia/Makassar (WITA)" })
  async timezone(@Root() event: Event, @Ctx() ctx: EventsContext): Promise<string> {
    return timezoneOf(ctx, event.libraryId);
  }

  @FieldResolver(() => CalendarDateScalar, { description: "The day the event starts, in the library's time zone" })
  async localDate(@Root() event: Event, @Ctx() ctx: EventsContext): Promise<string> {
    return localDate(event.startsAt, await timezoneOf(ctx, event.libraryId));
  }

  @FieldResolver(() => String, { description: "Start time, HH:MM in the library's time zone" })
  async localStartTime(@Root() event: Event, @Ctx() ctx: EventsContext): Promise<string> {
    return hhmm(event.startsAt, await timezoneOf(ctx, event.libraryId));
  }

  @FieldResolver(() => String, { description: "End time, HH:MM in the library's time zone" })
  async localEndTime(@Root() event: Event, @Ctx() ctx: EventsContext): Promise<string> {
    return hhmm(event.endsAt, await timezoneOf(ctx, event.libraryId));
  }

  /**
   * Stubs: the gateway fetches names and levels from staff-development. Items are nullable: a
   * librarian staff-development no longer knows is a null item, never a null event (which would
   * wipe the list it is in).
   */
  @FieldResolver(() => [Librarian], { nullable: 'items', description: 'Librarians who run the event (an item is null when staff-development no longer knows the librarian)' })
  async facilitators(@Root() event: Event, @Ctx() { loaders }: EventsContext): Promise<Librarian[]> {
    return (await loaders.facilitatorIdsByEventId.load(event.id)).map((id) => ({ id }));
  }

  /** Stubs: the gateway fetches the partner from partnerships. Items nullable, as for facilitators. */
  @FieldResolver(() => [Partner], { nullable: 'items', description: 'Partner institutions co-hosting the event (an item is null when partnerships no longer knows the partner)' })
  async coHosts(@Root() event: Event, @Ctx() { loaders }: EventsContext): Promise<Partner[]> {
    return (await loaders.coHostIdsByEventId.load(event.id)).map((id) => ({ id }));
  }

  @FieldResolver(() => EventSeries, { nullable: true, description: 'The recurring series this event is a session of (one registration covers every session)' })
  async series(@Root() event: Event, @Ctx() { loaders }: EventsContext): Promise<EventSeries | null> {
    return event.seriesId ? loaders.seriesById.load(event.seriesId) : null;
  }

  /** Public: an aggregate, no personal data. For a session, the places of its series. */
  @FieldResolver(() => Int, { description: 'Registrations holding a place (for a session: of its series)' })
  async confirmedCount(@Root() event: Event, @Ctx() { loaders }: EventsContext): Promise<number> {
    return (await loaders.registrationCountsByPoolId.load(poolIdOf(event))).confirmed;
  }

  /** Public: an aggregate, no personal data. */
  @FieldResolver(() => Int, { description: 'Registrations waiting for a place (for a session: of its series)' })
  async waitlistCount(@Root() event: Event, @Ctx() { loaders }: EventsContext): Promise<number> {
    return (await loaders.registrationCountsByPoolId.load(poolIdOf(event))).waitlisted;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When registration opens; null: as soon as the event is published' })
  async registrationOpensAt(@Root() event: Event, @Ctx() ctx: EventsContext): Promise<Date | null> {
    return (await poolFor(event, ctx)).opensAt;
  }

  @FieldResolver(() => Date, { description: 'When registration closes (default: the start; for a session of a series: the start of its last session)' })
  async registrationClosesAt(@Root() event: Event, @Ctx() ctx: EventsContext): Promise<Date> {
    return (await poolFor(event, ctx)).closesAt;
  }

  @FieldResolver(() => Boolean, { description: 'Whether registerForEvent would take a registration now (published, inside the window)' })
  async registrationOpen(@Root() event: Event, @Ctx() ctx: EventsContext): Promise<boolean> {
    if (event.status !== EventStatus.PUBLISHED) return false;
    const pool = await poolFor(event, ctx);
    const now = clockNow();
    return (!pool.opensAt || now >= pool.opensAt) && now < pool.closesAt;
  }

  @FieldResolver(() => [EventPromotionLink], { description: 'Social media posts and pages promoting the event (public)' })
  async promotionLinks(@Root() event: Event, @Ctx() { loaders }: EventsContext): Promise<EventPromotionLink[]> {
    return loaders.promotionLinksByEventId.load(event.id);
  }

  /** Counts only: the staff of the library, GOVERNMENT, ADMIN and the co-hosting partners. */
  @FieldResolver(() => EventStatistics, {
    nullable: true,
    description: "Registrations, attendance and ratings, counts only (its library's staff, co-hosting partners, GOVERNMENT, ADMIN)",
  })
  async statistics(@Root() event: Event, @Ctx() ctx: EventsContext): Promise<EventStatistics> {
    requireEventStatisticsAccess(ctx.identity, event, ctx.identity.role === 'PARTNER' ? await ctx.loaders.coHostIdsByEventId.load(event.id) : []);
    const [registrations, attendance, rating] = await Promise.all([
      ctx.loaders.registrationCountsByPoolId.load(poolIdOf(event)),
      ctx.loaders.attendanceCountsByEventId.load(event.id),
      ctx.loaders.ratingSummaryByEventId.load(event.id),
    ]);
    const recorded = attendance.attended + attendance.noShows;
    return {
      confirmed: registrations.confirmed,
      waitlisted: registrations.waitlisted,
      cancelled: registrations.cancelled,
      attended: attendance.attended,
      noShows: attendance.noShows,
      walkIns: event.walkIns,
      attendance: attendance.attended + event.walkIns,
      attendanceRate: recorded ? Math.round((attendance.attended / recorded) * 10000) / 10000 : null,
      ratings: rating.ratings,
      averageRating: rating.ratings ? Math.round((rating.total / rating.ratings) * 100) / 100 : null,
    };
  }

  /** Personal data: the staff of the event's library and ADMIN only (a member sees their own through the reference). */
  @FieldResolver(() => RegistrationConnection, {
    nullable: true,
    description: "Who registered, in arrival order (for a session: the series' registrations) (the event library's staff, ADMIN)",
  })
  async registrations(@Root() event: Event, @Args() args: ConnectionArgs, @Ctx() ctx: EventsContext) {
    requireStaffOf(ctx.identity, event.libraryId);
    return ctx.loaders.registrationsByPoolId.load({ parentId: poolIdOf(event), page: normalisePage(args, ctx.config.maxPageSize) });
  }

  /** Ratings and comments without names: the staff of the event's library and ADMIN. */
  @FieldResolver(() => EventFeedbackConnection, { nullable: true, description: "Attendees' ratings and comments, oldest first, without names (the event library's staff, ADMIN)" })
  async feedback(@Root() event: Event, @Args() args: ConnectionArgs, @Ctx() ctx: EventsContext) {
    requireStaffOf(ctx.identity, event.libraryId);
    return ctx.loaders.feedbackByEventId.load({ parentId: event.id, page: normalisePage(args, ctx.config.maxPageSize) });
  }

  /**
   * LIBRARIAN or LIBRARY_ADMIN of input.libraryId, or ADMIN. The event opens as DRAFT; the event
   * and its facilitators and co-hosts are written in one transaction, once their owners confirmed
   * that the library exists, the facilitators work in it and the co-hosts work with it
   * (BAD_USER_INPUT on libraryId, facilitatorIds or coHostIds otherwise).
   */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Event, {
    nullable: true,
    description:
      'Plan an event, as a DRAFT: facilitators must be librarians of the library, co-hosts partners it works with (BAD_USER_INPUT on the field otherwise) (LIBRARIAN or LIBRARY_ADMIN of the library, ADMIN)',
  })
  async createEvent(
    @Arg('input', () => CreateEventInput, { description: 'The event to plan' }) input: CreateEventInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: EventsContext,
  ): Promise<Event> {
    requireStaffOf(ctx.identity, input.libraryId);
    return createEvent(ctx, input, idempotencyKey);
  }

  /** Staff of the event's library, ADMIN. A session of a series publishes the whole series (one registration covers it all). */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Event, {
    nullable: true,
    description: "Publish a DRAFT: it appears in the calendar and takes registrations; a session publishes its whole series (the event library's staff, ADMIN)",
  })
  async publishEvent(@Arg('id', () => ID, { description: 'The DRAFT event (or a session of a DRAFT series)' }) id: string, @Ctx() ctx: EventsContext): Promise<Event> {
    const event = await visibleEvent(ctx, id);
    requireEventManager(ctx.identity, event);
    return publishEvent(ctx, event);
  }

  /**
   * Staff of the event's library, ADMIN. Everyone registered gets a notice (the outbox). A single
   * event's registrations are cancelled with it; a session of a series keeps them (they cover
   * the other sessions).
   */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Event, { nullable: true, description: "Cancel an event; a notice is recorded for everyone registered (the event library's staff, ADMIN)" })
  async cancelEvent(@Args(() => CancelEventArgs) { id, reason }: CancelEventArgs, @Ctx() ctx: EventsContext): Promise<Event> {
    const known = await visibleEvent(ctx, id);
    requireEventManager(ctx.identity, known);
    return cancelEvent(ctx, known, reason);
  }

  /**
   * Staff of the event's library, ADMIN; once the event is over. Every registrant who held a
   * place when it started and was not checked in is marked NO_SHOW; the event becomes COMPLETED.
   */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Event, {
    nullable: true,
    description: "After the event: mark the registrants not checked in as no-shows and close it as COMPLETED (the event library's staff, ADMIN)",
  })
  async completeEvent(@Arg('id', () => ID, { description: 'The PUBLISHED event, once it has ended' }) id: string, @Ctx() ctx: EventsContext): Promise<Event> {
    const known = await visibleEvent(ctx, id);
    requireEventManager(ctx.identity, known);
    return completeEvent(ctx, known);
  }

  /** Staff of the event's library, ADMIN; within the check-in window (attendance.service.ts). A guarded UPDATE, so two doors counting at once add up. */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Event, {
    nullable: true,
    description:
      'Count people who came without registering: adds count (negative to correct; never below zero), within the check-in window (from ' +
      "EVENT_CHECK_IN_OPENS_MINUTES before the start to the end of the day after the event, in the library's zone) (the event library's staff, ADMIN)",
  })
  async recordWalkIns(
    @Args(() => RecordWalkInsArgs) { eventId, count }: RecordWalkInsArgs,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: EventsContext,
  ): Promise<Event> {
    const event = await visibleEvent(ctx, eventId);
    requireEventManager(ctx.identity, event);
    return recordWalkIns(ctx, event, count, idempotencyKey);
  }

  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => EventPromotionLink, { nullable: true, description: "Add a social media post promoting the event (the event library's staff, ADMIN)" })
  async addPromotionLink(
    @Arg('eventId', () => ID, { description: 'The event promoted' }) eventId: string,
    @Arg('input', () => PromotionLinkInput, { description: 'The post or page' }) input: PromotionLinkInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: EventsContext,
  ): Promise<EventPromotionLink> {
    const event = await visibleEvent(ctx, eventId);
    requireEventManager(ctx.identity, event);
    return addPromotionLink(ctx, eventId, input, idempotencyKey);
  }

  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Boolean, { nullable: true, description: "Remove a promotion link (the event library's staff, ADMIN)" })
  async removePromotionLink(@Arg('id', () => ID, { description: "The promotion link's id (EventPromotionLink.id)" }) id: string, @Ctx() ctx: EventsContext): Promise<boolean> {
    return removePromotionLink(ctx, id);
  }
}
