import { randomUUID } from 'node:crypto';
import { Arg, Args, Authorized, Ctx, Field, FieldResolver, Float, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { requireStaffOf, type Identity } from '../../../shared/auth';
import { transaction } from '../../../shared/database';
import { BadUserInputError, NotFoundError, StateConflict } from '../../../shared/errors';
import { Connection, ConnectionArgs, normalisePage, paginate } from '../../../shared/pagination';
import { CalendarDateScalar } from '../../../shared/scalars';
import { addDays, daysBetween, localDate, offsetMinutes, zonedToUtc, wholeSeconds } from '../../../shared/time';
import { timezoneOf, type EventsContext } from '../context';
import { AttendanceStatus, EventAttendance } from '../entities/attendance.entity';
import { EventFacilitator } from '../entities/event-facilitator.entity';
import { EventFeedback } from '../entities/event-feedback.entity';
import { EventNoticeKind } from '../entities/event-notice.entity';
import { EventPartner } from '../entities/event-partner.entity';
import { EventPromotionLink } from '../entities/event-promotion.entity';
import { EventSeries } from '../entities/event-series.entity';
import { Event, EventAudience, EventStatus, poolIdOf } from '../entities/event.entity';
import { Librarian } from '../entities/librarian.stub';
import { Library } from '../entities/library.stub';
import { Partner } from '../entities/partner.stub';
import { Registration, RegistrationStatus } from '../entities/registration.entity';
import { instantParam } from '../indicators';
import { describeStart, lockPool, poolOfSeries, recordNotices, type Pool } from '../places';
import { requireLibrary, requireLinkablePeople } from '../links';
import { requireCalendarStatusesAllowed, requireEventManager, requireEventStatisticsAccess, requireVisibleEvent } from '../policy';
import { CreateEventInput, EventFilter, PromotionLinkInput } from './event.inputs';
import { now as clockNow } from '../../../shared/clock';

@ObjectType()
export class RegistrationConnection extends Connection(Registration) {}

@ObjectType()
export class EventFeedbackConnection extends Connection(EventFeedback) {}

/** The calendar's connection (the same shape as Library.events). */
@ObjectType()
export class EventConnection extends Connection(Event) {}

@ObjectType({ description: "An event's figures, counts only (its library's staff, co-hosting partners, GOVERNMENT, ADMIN)" })
export class EventStatistics {
  @Field(() => Int, { description: 'Registrations holding a place' })
  confirmed: number;

  @Field(() => Int)
  waitlisted: number;

  @Field(() => Int)
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

  @Field(() => Int)
  ratings: number;

  @Field(() => Float, { nullable: true, description: '1-5; null without ratings' })
  averageRating: number | null;
}

/** Check-in opens this long before the start. */
export const CHECK_IN_OPENS_BEFORE_MS = 60 * 60_000;

/** The effective registration window of an event (for a session: its series'). */
export async function poolFor(event: Event, ctx: EventsContext): Promise<Pool> {
  if (!event.seriesId) {
    return {
      id: event.id,
      seriesId: null,
      capacity: event.capacity,
      opensAt: event.registrationOpensAt,
      closesAt: event.registrationClosesAt ?? event.startsAt,
      lastStartsAt: event.startsAt,
    };
  }
  const [series, sessions] = await Promise.all([ctx.loaders.seriesById.load(event.seriesId), ctx.loaders.sessionsBySeriesId.load(event.seriesId)]);
  return poolOfSeries(series!, sessions);
}

/** Loads an event the caller may see, or NOT_FOUND (a draft they may not see does not exist for them). */
export async function visibleEvent(ctx: EventsContext, id: string): Promise<Event> {
  return requireVisibleEvent(ctx.identity, await ctx.loaders.eventById.load(id), id);
}

const hhmm = (instant: Date, tz: string) => new Date(instant.getTime() + offsetMinutes(instant, tz) * 60000).toISOString().slice(11, 16);

@Resolver(() => Event)
export class EventResolver {
  /**
   * Public for published, completed and cancelled events; a draft is NOT_FOUND except for those
   * policy.draftLibraries admits. Nullable: a NOT_FOUND keeps the rest of the answer.
   */
  @Query(() => Event, { nullable: true, description: "One event (public; drafts only for the library's staff, GOVERNMENT of its province and ADMIN)" })
  async event(@Arg('id', () => ID) id: string, @Ctx() ctx: EventsContext): Promise<Event> {
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
    @Arg('filter', () => EventFilter, { nullable: true }) filter: EventFilter | undefined,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: EventsContext,
  ) {
    const f = filter ?? {};
    const page = normalisePage(args, ctx.config.maxPageSize);
    const statuses = f.statuses ?? [EventStatus.PUBLISHED];
    requireCalendarStatusesAllowed(ctx.identity, statuses, f.libraryId);
    if (f.from && f.to && daysBetween(f.from, f.to) < 0) throw new BadUserInputError('to', 'to must not be before from');

    const repo = ctx.db.getRepository(Event);
    const qb = repo.createQueryBuilder('e').where('e.status IN (:...statuses)', { statuses });
    if (f.libraryId) qb.andWhere('e.libraryId = :libraryId', { libraryId: f.libraryId });
    if (f.types?.length) qb.andWhere('e.type IN (:...types)', { types: f.types });
    if (f.audience) qb.andWhere('(e.audience = :audience OR e.audienceTags LIKE :audienceTag)', { audience: f.audience, audienceTag: `%,${f.audience},%` });
    if (f.from || f.to) {
      const libraryIds = f.libraryId
        ? [f.libraryId]
        : ((await repo.createQueryBuilder('e').select('DISTINCT e.libraryId', 'libraryId').getRawMany()) as { libraryId: string }[]).map((r) => r.libraryId);
      const parts: string[] = [];
      const params: Record<string, unknown> = {};
      for (const [i, libraryId] of libraryIds.entries()) {
        const tz = await timezoneOf(ctx, libraryId);
        const conditions = [`e.libraryId = :zl${i}`];
        params[`zl${i}`] = libraryId;
        if (f.from) {
          conditions.push(`e.startsAt >= :zf${i}`);
          params[`zf${i}`] = instantParam(ctx.db, zonedToUtc(f.from, '00:00', tz));
        }
        if (f.to) {
          conditions.push(`e.startsAt < :zt${i}`);
          params[`zt${i}`] = instantParam(ctx.db, zonedToUtc(addDays(f.to, 1), '00:00', tz));
        }
        parts.push(`(${conditions.join(' AND ')})`);
      }
      qb.andWhere(parts.length ? `(${parts.join(' OR ')})` : '1 = 0', params);
    }
    if (f.hasFreePlaces !== undefined && f.hasFreePlaces !== null) {
      const confirmed = `(SELECT COUNT(*) FROM registration r WHERE r.poolId = COALESCE(e.seriesId, e.id) AND r.status = :confirmedStatus)`;
      qb.andWhere(f.hasFreePlaces ? `e.capacity > ${confirmed}` : `e.capacity <= ${confirmed}`, { confirmedStatus: RegistrationStatus.CONFIRMED });
    }
    return paginate(qb, { repo, alias: 'e', sort: 'startsAt' }, page);
  }

  @FieldResolver(() => Library)
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
      "Plan an event, as a DRAFT: facilitators must be librarians of the library, co-hosts partners it works with (BAD_USER_INPUT on the field otherwise) (LIBRARIAN or LIBRARY_ADMIN of the library, ADMIN)",
  })
  async createEvent(@Arg('input', () => CreateEventInput) input: CreateEventInput, @Ctx() ctx: EventsContext): Promise<Event> {
    const { identity, db } = ctx;
    requireStaffOf(identity, input.libraryId);
    if (input.endsAt.getTime() <= input.startsAt.getTime()) {
      throw new BadUserInputError('endsAt', 'endsAt must be after startsAt');
    }
    validateWindow(input.registrationOpensAt, input.registrationClosesAt, input.endsAt);
    const { facilitatorIds, coHostIds, audiences, ...fields } = input;
    // Network calls to the owners first, never inside the transaction.
    await requireLibrary(ctx, input.libraryId);
    await requireLinkablePeople(ctx.config, input.libraryId, { facilitatorIds, coHostIds });
    return transaction(db, async (tx) => {
      const event = tx.getRepository(Event).create({
        ...fields,
        id: randomUUID(),
        description: fields.description ?? '',
        audienceTags: audienceTags(input.audience, audiences),
        accessibilityNotes: fields.accessibilityNotes ?? null,
        startsAt: wholeSeconds(input.startsAt),
        endsAt: wholeSeconds(input.endsAt),
        registrationOpensAt: input.registrationOpensAt ? wholeSeconds(input.registrationOpensAt) : null,
        registrationClosesAt: input.registrationClosesAt ? wholeSeconds(input.registrationClosesAt) : null,
        seriesId: null,
        walkIns: 0,
        cancellationReason: null,
        status: EventStatus.DRAFT,
      });
      await tx.getRepository(Event).insert(event);
      await linkPeople(tx, [event.id], facilitatorIds, coHostIds);
      return event;
    });
  }

  /** Staff of the event's library, ADMIN. A session of a series publishes the whole series (one registration covers it all). */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Event, {
    nullable: true,
    description: "Publish a DRAFT: it appears in the calendar and takes registrations; a session publishes its whole series (the event library's staff, ADMIN)",
  })
  async publishEvent(@Arg('id', () => ID) id: string, @Ctx() ctx: EventsContext): Promise<Event> {
    const event = await visibleEvent(ctx, id);
    requireEventManager(ctx.identity, event);
    return transaction(ctx.db, async (tx) => {
      const where = event.seriesId ? 'seriesId = :key' : 'id = :key';
      const result = await tx
        .createQueryBuilder()
        .update(Event)
        .set({ status: EventStatus.PUBLISHED })
        .where(`${where} AND status = :draft`, { key: event.seriesId ?? event.id, draft: EventStatus.DRAFT })
        .execute();
      if (!result.affected) throw new StateConflict('NOT_DRAFT', `Only a draft can be published; this event is ${event.status}`);
      return tx.getRepository(Event).findOneByOrFail({ id });
    });
  }

  /**
   * Staff of the event's library, ADMIN. Everyone registered gets a notice (the outbox). A single
   * event's registrations are cancelled with it; a session of a series keeps them (they cover
   * the other sessions).
   */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Event, { nullable: true, description: "Cancel an event; a notice is recorded for everyone registered (the event library's staff, ADMIN)" })
  async cancelEvent(
    @Arg('id', () => ID) id: string,
    @Arg('reason', { description: 'Told to the registrants, 3-500 characters' }) reason: string,
    @Ctx() ctx: EventsContext,
  ): Promise<Event> {
    const known = await visibleEvent(ctx, id);
    requireEventManager(ctx.identity, known);
    const text = reason.trim();
    if (text.length < 3 || text.length > 500) throw new BadUserInputError('reason', 'reason is 3-500 characters');
    const tz = await timezoneOf(ctx, known.libraryId);
    const now = clockNow();
    return transaction(ctx.db, async (tx) => {
      await lockPool(tx, { seriesId: known.seriesId, eventId: known.id });
      const event = await tx.getRepository(Event).findOneByOrFail({ id });
      if (event.status !== EventStatus.PUBLISHED && event.status !== EventStatus.DRAFT) {
        throw new StateConflict('NOT_CANCELLABLE', `A ${event.status.toLowerCase()} event cannot be cancelled`);
      }
      if (now >= event.endsAt) throw new StateConflict('EVENT_OVER', 'The event is over');
      await tx.getRepository(Event).update({ id }, { status: EventStatus.CANCELLED, cancellationReason: text });
      const repo = tx.getRepository(Registration);
      const live = await repo
        .createQueryBuilder('r')
        .where('r.poolId = :poolId AND r.status IN (:...live)', { poolId: poolIdOf(event), live: [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED] })
        .orderBy('r.sequence', 'ASC')
        .getMany();
      const when = describeStart(event, tz);
      if (event.seriesId) {
        await recordNotices(tx, live, EventNoticeKind.SESSION_CANCELLED, `Sesi "${event.title}" pada ${when} dibatalkan: ${text}. Pendaftaran Anda untuk sesi lainnya tetap berlaku.`, now);
      } else {
        if (live.length) {
          await repo
            .createQueryBuilder()
            .update(Registration)
            .set({ status: RegistrationStatus.CANCELLED, cancelledAt: wholeSeconds(now), activeKey: null })
            .where('poolId = :poolId AND status IN (:...live)', { poolId: event.id, live: [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED] })
            .execute();
        }
        await recordNotices(tx, live, EventNoticeKind.EVENT_CANCELLED, `Kegiatan "${event.title}" pada ${when} dibatalkan: ${text}. Mohon maaf atas ketidaknyamanan ini.`, now);
      }
      return tx.getRepository(Event).findOneByOrFail({ id });
    });
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
  async completeEvent(@Arg('id', () => ID) id: string, @Ctx() ctx: EventsContext): Promise<Event> {
    const known = await visibleEvent(ctx, id);
    requireEventManager(ctx.identity, known);
    const now = clockNow();
    return transaction(ctx.db, async (tx) => {
      await lockPool(tx, { seriesId: known.seriesId, eventId: known.id });
      const event = await tx.getRepository(Event).findOneByOrFail({ id });
      if (event.status !== EventStatus.PUBLISHED) throw new StateConflict('NOT_PUBLISHED', `A ${event.status.toLowerCase()} event cannot be completed`);
      if (now < event.endsAt) throw new StateConflict('EVENT_NOT_OVER', 'No-shows are marked once the event is over');
      await markNoShows(tx, event, now, recordedBy(ctx.identity));
      await tx.getRepository(Event).update({ id }, { status: EventStatus.COMPLETED });
      return tx.getRepository(Event).findOneByOrFail({ id });
    });
  }

  /** Staff of the event's library, ADMIN; from an hour before the start. A guarded UPDATE, so two doors counting at once add up. */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Event, {
    nullable: true,
    description: "Count people who came without registering: adds count (negative to correct; never below zero) (the event library's staff, ADMIN)",
  })
  async recordWalkIns(@Arg('eventId', () => ID) eventId: string, @Arg('count', () => Int) count: number, @Ctx() ctx: EventsContext): Promise<Event> {
    const event = await visibleEvent(ctx, eventId);
    requireEventManager(ctx.identity, event);
    if (!Number.isInteger(count) || count === 0 || Math.abs(count) > 5000) throw new BadUserInputError('count', 'count is a whole number from -5000 to 5000, not 0');
    requireAttendanceOpen(event, clockNow());
    return transaction(ctx.db, async (tx) => {
      const result = await tx
        .createQueryBuilder()
        .update(Event)
        .set({ walkIns: () => 'walkIns + :delta' })
        .where('id = :id AND walkIns + :delta >= 0', { id: eventId, delta: count })
        .setParameter('delta', count)
        .execute();
      if (!result.affected) throw new BadUserInputError('count', 'That would take the walk-ins below zero');
      return tx.getRepository(Event).findOneByOrFail({ id: eventId });
    });
  }

  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => EventPromotionLink, { nullable: true, description: "Add a social media post promoting the event (the event library's staff, ADMIN)" })
  async addPromotionLink(
    @Arg('eventId', () => ID) eventId: string,
    @Arg('input', () => PromotionLinkInput) input: PromotionLinkInput,
    @Ctx() ctx: EventsContext,
  ): Promise<EventPromotionLink> {
    const event = await visibleEvent(ctx, eventId);
    requireEventManager(ctx.identity, event);
    return transaction(ctx.db, async (tx) => {
      const link = tx.getRepository(EventPromotionLink).create({
        id: randomUUID(),
        eventId,
        platform: input.platform,
        url: input.url,
        postedAt: input.postedAt ? wholeSeconds(input.postedAt) : null,
        createdAt: wholeSeconds(clockNow()),
      });
      await tx.getRepository(EventPromotionLink).insert(link);
      return link;
    });
  }

  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Boolean, { nullable: true, description: "Remove a promotion link (the event library's staff, ADMIN)" })
  async removePromotionLink(@Arg('id', () => ID) id: string, @Ctx() ctx: EventsContext): Promise<boolean> {
    const link = await ctx.db.getRepository(EventPromotionLink).findOneBy({ id });
    if (!link) throw new NotFoundError('Promotion link', id);
    const event = await visibleEvent(ctx, link.eventId);
    requireEventManager(ctx.identity, event);
    await transaction(ctx.db, (tx) => tx.getRepository(EventPromotionLink).delete({ id }));
    return true;
  }
}

/** ",TEENAGERS,FAMILIES,": further audiences, primary left out (see Event.audienceTags). */
export function audienceTags(primary: EventAudience, audiences: EventAudience[] = []): string {
  const further = audiences.filter((a) => a !== primary);
  return further.length ? `,${further.join(',')},` : '';
}

export function validateWindow(opensAt: Date | undefined, closesAt: Date | undefined, endsAt: Date | undefined): void {
  if (opensAt && closesAt && closesAt.getTime() <= opensAt.getTime()) {
    throw new BadUserInputError('registrationClosesAt', 'registrationClosesAt must be after registrationOpensAt');
  }
  if (closesAt && endsAt && closesAt.getTime() > endsAt.getTime()) {
    throw new BadUserInputError('registrationClosesAt', 'Registration cannot close after the event ends');
  }
}

export async function linkPeople(tx: EntityManager, eventIds: string[], facilitatorIds: string[], coHostIds: string[]): Promise<void> {
  const facilitators = eventIds.flatMap((eventId) => facilitatorIds.map((librarianId) => ({ eventId, librarianId })));
  const coHosts = eventIds.flatMap((eventId) => coHostIds.map((partnerId) => ({ eventId, partnerId })));
  for (let i = 0; i < facilitators.length; i += 200) await tx.getRepository(EventFacilitator).insert(facilitators.slice(i, i + 200));
  for (let i = 0; i < coHosts.length; i += 200) await tx.getRepository(EventPartner).insert(coHosts.slice(i, i + 200));
}

/** Check-ins and walk-ins: a published (or completed) event, from an hour before its start. */
export function requireAttendanceOpen(event: Event, now: Date): void {
  if (event.status !== EventStatus.PUBLISHED && event.status !== EventStatus.COMPLETED) {
    throw new StateConflict('NOT_HELD', `A ${event.status.toLowerCase()} event takes no attendance`);
  }
  if (now.getTime() < event.startsAt.getTime() - CHECK_IN_OPENS_BEFORE_MS) {
    throw new StateConflict('CHECK_IN_NOT_OPEN', 'Check-in opens an hour before the start');
  }
}

export const recordedBy = (identity: Identity) => (identity.librarianId ? `librarian:${identity.librarianId}` : identity.sub).slice(0, 100);

/**
 * NO_SHOW for everyone who held a place when the event started (confirmed then, or promoted
 * before it) and has no attendance for it.
 */
export async function markNoShows(tx: EntityManager, event: Event, now: Date, by: string): Promise<number> {
  const startsAt = instantParam(tx.connection, event.startsAt);
  const absent: { id: string }[] = await tx
    .getRepository(Registration)
    .createQueryBuilder('r')
    .select('r.id', 'id')
    .where('r.poolId = :poolId AND r.status = :confirmed', { poolId: poolIdOf(event), confirmed: RegistrationStatus.CONFIRMED })
    .andWhere('COALESCE(r.promotedAt, r.createdAt) < :startsAt', { startsAt })
    .andWhere('NOT EXISTS (SELECT 1 FROM event_attendance a WHERE a.registrationId = r.id AND a.eventId = :eventId)', { eventId: event.id })
    .orderBy('r.sequence', 'ASC')
    .getRawMany();
  const rows = absent.map(({ id }) => ({
    id: randomUUID(),
    eventId: event.id,
    registrationId: id,
    status: AttendanceStatus.NO_SHOW,
    recordedAt: wholeSeconds(now),
    recordedBy: by,
  }));
  for (let i = 0; i < rows.length; i += 200) await tx.getRepository(EventAttendance).insert(rows.slice(i, i + 200));
  return rows.length;
}

