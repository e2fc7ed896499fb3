import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { deny, isStaffOf, STAFF_ROLES } from '../../../shared/platform/auth';
import { transaction } from '../../../shared/platform/database';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';
import { BadUserInputError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../../shared/platform/errors';
import { now as clockNow } from '../../../shared/platform/clock';
import { maySeeEvent, requireEventManager, requireVisibleEvent } from '../access';
import { timezoneOf, type EventsContext } from '../context';
import { EventSeries } from '../events/event-series.entity';
import { Event } from '../events/event.entity';
import { visibleEvent } from '../events/event.service';
import { Member } from '../federation/member.stub';
import { EventNotice } from '../notices/event-notice.entity';
import { EventFeedback } from '../surveys/event-feedback.entity';
import { rateEvent } from '../surveys/feedback.service';
import { RateEventInput } from '../surveys/survey.inputs';
import { EventAttendance } from './attendance.entity';
import { checkIn } from './attendance.service';
import { Registration, RegistrationStatus } from './registration.entity';
import { GuestInput } from './registration.inputs';
import { cancelRegistration, guestTokenMatches, registerForEvent } from './registration.service';

/**
 * A registration is reached only through Event.registrations, Member.eventRegistrations, a
 * reference or the caller's own mutations, all of which check the caller first; its fields need
 * no guard of their own.
 */
@Resolver(() => Registration)
export class RegistrationResolver {
  /** Through access.ts like every way to an event: NOT_FOUND (a null here) where event(id) would be. */
  @FieldResolver(() => Event, { nullable: true, description: 'The event registered for (for a series: the session it was made from)' })
  async event(@Root() registration: Registration, @Ctx() { identity, loaders }: EventsContext): Promise<Event> {
    return requireVisibleEvent(identity, await loaders.eventById.load(registration.eventId), registration.eventId);
  }

  @FieldResolver(() => EventSeries, { nullable: true, description: 'The series whose every session this registration covers' })
  async series(@Root() registration: Registration, @Ctx() { identity, loaders }: EventsContext): Promise<EventSeries | null> {
    if (!registration.seriesId) return null;
    const [series, sessions] = await Promise.all([loaders.seriesById.load(registration.seriesId), loaders.sessionsBySeriesId.load(registration.seriesId)]);
    if (!series || !sessions.some((s) => maySeeEvent(identity, s))) throw new NotFoundError('Event series', registration.seriesId);
    return series;
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The member who registered; null for a guest' })
  member(@Root() registration: Registration): Member | null {
    return registration.memberId ? { id: registration.memberId } : null;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Place in the waitlist, 1 = next to get a place; null unless WAITLISTED' })
  async waitlistPosition(@Root() registration: Registration, @Ctx() { loaders }: EventsContext): Promise<number | null> {
    if (registration.status !== RegistrationStatus.WAITLISTED) return null;
    return loaders.waitlistPositionByRegistrationId.load(registration.id);
  }

  @FieldResolver(() => [EventAttendance], { description: 'Check-ins and no-shows (for a series: one per session)' })
  async attendances(@Root() registration: Registration, @Ctx() { loaders }: EventsContext): Promise<EventAttendance[]> {
    return loaders.attendancesByRegistrationId.load(registration.id);
  }

  @FieldResolver(() => [EventNotice], { description: 'Messages recorded for this registrant: cancellations, a place from the waitlist' })
  async notices(@Root() registration: Registration, @Ctx() { loaders }: EventsContext): Promise<EventNotice[]> {
    return loaders.noticesByRegistrationId.load(registration.id);
  }

  /**
   * A MEMBER registers from their token (no `guest`); PUBLIC registers as a guest (`guest`
   * required); the staff of the event's library may register a guest by phone. PARTNER and
   * GOVERNMENT do not register.
   */
  @Mutation(() => Registration, {
    nullable: true,
    description:
      'Register for an event: CONFIRMED while places are free, else WAITLISTED (promoted in arrival order). A MEMBER registers from their ' +
      'token without `guest`; anyone else as a guest (name, e-mail), who gets a guestToken once to cancel and rate with. ' +
      'CONFLICT when already registered or outside the registration window (MEMBER, PUBLIC; the event library staff for a guest)',
  })
  async registerForEvent(
    @Arg('eventId', () => ID, { description: 'The event (for a series: one of its sessions; the registration covers every session)' }) eventId: string,
    @Arg('guest', () => GuestInput, { nullable: true, description: 'The guest registering; leave out when signed in as a MEMBER, required otherwise' })
    guest: GuestInput | undefined,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: EventsContext,
  ): Promise<Registration> {
    const { identity } = ctx;
    if (identity.role === 'MEMBER') {
      if (guest) throw new BadUserInputError('guest', 'A member registers from their token; leave guest out');
    } else if (identity.role === 'PUBLIC' || STAFF_ROLES.includes(identity.role) || identity.role === 'ADMIN') {
      if (!guest) throw new BadUserInputError('guest', 'Sign in as a member, or register as a guest with a name and an e-mail');
    } else {
      deny(identity, 'Members and guests register for events');
    }
    const event = await visibleEvent(ctx, eventId);
    if (identity.role !== 'MEMBER' && identity.role !== 'PUBLIC') requireEventManager(identity, event);
    const registrant = identity.role === 'MEMBER' ? { memberId: identity.memberId! } : { guest: guest! };
    return registerForEvent(ctx, event, registrant, idempotencyKey);
  }

  /**
   * The member who registered, the staff of the event's library, ADMIN, and a guest with the
   * guestToken from their registration. A place freed goes to the first on the waitlist.
   */
  @Mutation(() => Registration, {
    nullable: true,
    description:
      'Cancel a registration; a freed place goes to the first on the waitlist automatically (the member, a guest with their ' + "guestToken, the event library's staff, ADMIN)",
  })
  async cancelRegistration(
    @Arg('registrationId', () => ID, { description: 'The registration to cancel' }) registrationId: string,
    @Arg('guestToken', () => String, { nullable: true, description: 'Guests: the token given when registering' }) guestToken: string | undefined,
    @Ctx() ctx: EventsContext,
  ): Promise<Registration> {
    const { identity } = ctx;
    // Refuse anonymous callers without a token before looking anything up, so ids cannot be probed.
    if (identity.role === 'PUBLIC' && !guestToken) throw new UnauthenticatedError('Sign in, or give the guestToken of the registration');
    const registration = await ctx.loaders.registrationById.load(registrationId);
    if (!registration) throw new NotFoundError('Registration', registrationId);
    const event = (await ctx.loaders.eventById.load(registration.eventId))!;
    const own = identity.role === 'MEMBER' && registration.memberId !== null && registration.memberId === identity.memberId;
    if (!own && !isStaffOf(identity, event.libraryId) && !guestTokenMatches(registration, guestToken)) {
      if (guestToken) throw new ForbiddenError('The guest token does not match this registration');
      deny(identity, 'Only the person registered and the event library staff may cancel a registration');
    }
    const tz = await timezoneOf(ctx, event.libraryId);
    return transaction(ctx.db, (tx) => cancelRegistration(tx, registration, clockNow(), tz));
  }

  /** Staff of the event's library, ADMIN: a confirmed registrant arrived (a NO_SHOW is corrected). */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => EventAttendance, {
    nullable: true,
    description:
      'Check in a confirmed registrant, within the check-in window (from EVENT_CHECK_IN_OPENS_MINUTES, default 60, before the start to the end of ' +
      "the day after the event, in the library's zone); for a series name the session (eventId). CONFLICT when already checked in or outside the " +
      "window (the event library's staff, ADMIN)",
  })
  async checkIn(
    @Arg('registrationId', () => ID, { description: 'The registration of the person arriving' }) registrationId: string,
    @Arg('eventId', () => ID, { nullable: true, description: 'The session, for a registration that covers a series' }) eventId: string | undefined,
    @Ctx() ctx: EventsContext,
  ): Promise<EventAttendance> {
    const registration = await ctx.loaders.registrationById.load(registrationId);
    if (!registration) throw new NotFoundError('Registration', registrationId);
    const own = (await ctx.loaders.eventById.load(registration.eventId))!;
    requireEventManager(ctx.identity, own);
    return checkIn(ctx, registrationId, registration, own, eventId);
  }

  /**
   * Attendees only, once per event (for a series: per session): a MEMBER by token, a guest with
   * registrationId and guestToken. Anyone who was not checked in is refused with FORBIDDEN.
   */
  @Mutation(() => EventFeedback, {
    nullable: true,
    description: 'Rate an event you attended, 1-5, with an optional comment, once (a MEMBER who was checked in; a guest who was, with registrationId and guestToken)',
  })
  async rateEvent(
    @Arg('input', () => RateEventInput, { description: 'The event and the rating' }) input: RateEventInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: EventsContext,
  ): Promise<EventFeedback> {
    const { identity } = ctx;
    if (identity.role === 'PUBLIC' && !(input.registrationId && input.guestToken)) {
      throw new UnauthenticatedError('Sign in as a member, or give registrationId and guestToken');
    }
    if (identity.role !== 'PUBLIC' && identity.role !== 'MEMBER') deny(identity, 'Only attendees rate an event');
    return rateEvent(ctx, input, idempotencyKey);
  }
}

@Resolver(() => EventAttendance)
export class EventAttendanceResolver {
  @FieldResolver(() => Event, { nullable: true, description: 'The event (for a series: the session) attended' })
  async event(@Root() attendance: EventAttendance, @Ctx() { identity, loaders }: EventsContext): Promise<Event> {
    return requireVisibleEvent(identity, await loaders.eventById.load(attendance.eventId), attendance.eventId);
  }

  @FieldResolver(() => Registration, { description: 'The registration of the person who came (or did not)' })
  async registration(@Root() attendance: EventAttendance, @Ctx() { loaders }: EventsContext): Promise<Registration> {
    return (await loaders.registrationById.load(attendance.registrationId))!;
  }
}
