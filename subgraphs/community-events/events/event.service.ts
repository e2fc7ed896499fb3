import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { transaction } from '../../../shared/platform/database';
import { Idempotency } from '../../../shared/platform/idempotency';
import { BadUserInputError, NotFoundError, StateConflict } from '../../../shared/platform/errors';
import { normalisePage, paginate, type ConnectionArgs } from '../../../shared/platform/pagination';
import { addDays, daysBetween, zonedToUtc, wholeSeconds } from '../../../shared/platform/time';
import { now as clockNow } from '../../../shared/platform/clock';
import { requireCalendarStatusesAllowed, requireEventManager, requireVisibleEvent } from '../access';
import { timezoneOf, type EventsContext } from '../context';
import { instantParam } from '../indicators/indicators.service';
import { EventNoticeKind } from '../notices/event-notice.entity';
import { describeStart, recordNotices } from '../notices/notices.service';
import { markNoShows, recordedBy, requireAttendanceOpen } from '../registration/attendance.service';
import { Registration, RegistrationStatus } from '../registration/registration.entity';
import { lockPool, poolOfSeries, type Pool } from '../registration/registration.service';
import { EventFacilitator } from './event-facilitator.entity';
import { EventPartner } from './event-partner.entity';
import { EventPromotionLink } from './event-promotion.entity';
import { Event, EventAudience, EventStatus, poolIdOf } from './event.entity';
import type { CreateEventInput, EventFilter, PromotionLinkInput } from './event.inputs';
import { requireLibrary, requireLinkablePeople } from './links';

/**
 * Events: the calendar, and planning, publishing, cancelling and closing an event. The resolvers
 * check who may call; what follows (the rules and the transactions) is here.
 */

/** Loads an event the caller may see, or NOT_FOUND (a draft they may not see does not exist for them). */
export async function visibleEvent(ctx: EventsContext, id: string): Promise<Event> {
  return requireVisibleEvent(ctx.identity, await ctx.loaders.eventById.load(id), id);
}

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

/**
 * The public calendar. Dates are read in each library's own time zone: "from 2026-12-10" is
 * midnight WITA for Kupang and midnight WIB for Pasuruan.
 */
export async function calendarEvents(ctx: EventsContext, filter: EventFilter | undefined, args: ConnectionArgs) {
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
      : (await repo.createQueryBuilder('e').select('DISTINCT e.libraryId', 'libraryId').getRawMany<{ libraryId: string }>()).map((r) => r.libraryId);
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

/**
 * A new event, as DRAFT (the caller was checked by the resolver): the event and its facilitators
 * and co-hosts are written in one transaction, once their owners confirmed that the library
 * exists, the facilitators work in it and the co-hosts work with it (BAD_USER_INPUT otherwise).
 */
export async function createEvent(ctx: EventsContext, input: CreateEventInput, idempotencyKey?: string | null): Promise<Event> {
  const once = Idempotency.ofRow(ctx.db, ctx.identity, Event, { key: idempotencyKey, operation: 'createEvent', args: input });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  if (input.endsAt.getTime() <= input.startsAt.getTime()) {
    throw new BadUserInputError('endsAt', 'endsAt must be after startsAt');
  }
  validateWindow(input.registrationOpensAt, input.registrationClosesAt, input.endsAt);
  const { facilitatorIds, coHostIds, audiences, ...fields } = input;
  // Network calls to the owners first, never inside the transaction.
  await requireLibrary(ctx, input.libraryId);
  await requireLinkablePeople(ctx.config, input.libraryId, { facilitatorIds, coHostIds });
  return once.transaction(async (tx) => {
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

/** DRAFT → PUBLISHED; a session of a series publishes the whole series (one registration covers it all). */
export async function publishEvent(ctx: EventsContext, event: Event): Promise<Event> {
  return transaction(ctx.db, async (tx) => {
    const where = event.seriesId ? 'seriesId = :key' : 'id = :key';
    const result = await tx
      .createQueryBuilder()
      .update(Event)
      .set({ status: EventStatus.PUBLISHED })
      .where(`${where} AND status = :draft`, { key: event.seriesId ?? event.id, draft: EventStatus.DRAFT })
      .execute();
    if (!result.affected) throw new StateConflict('NOT_DRAFT', `Only a draft can be published; this event is ${event.status}`);
    return tx.getRepository(Event).findOneByOrFail({ id: event.id });
  });
}

/**
 * Cancels an event. Everyone registered gets a notice (the outbox). A single event's
 * registrations are cancelled with it; a session of a series keeps them (they cover the other
 * sessions).
 */
export async function cancelEvent(ctx: EventsContext, known: Event, reason: string): Promise<Event> {
  const id = known.id;
  const text = reason.trim(); // 3-500 characters: CancelEventArgs
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
      await recordNotices(
        tx,
        live,
        EventNoticeKind.SESSION_CANCELLED,
        `Sesi "${event.title}" pada ${when} dibatalkan: ${text}. Pendaftaran Anda untuk sesi lainnya tetap berlaku.`,
        now,
      );
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
 * Once the event is over: every registrant who held a place when it started and was not checked
 * in is marked NO_SHOW; the event becomes COMPLETED.
 */
export async function completeEvent(ctx: EventsContext, known: Event): Promise<Event> {
  const id = known.id;
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

/**
 * Within the check-in window (attendance.service.ts). A guarded UPDATE, so two doors counting at
 * once add up. `count`: RecordWalkInsArgs. With a key, a retry adds nothing and answers the event
 * as it is now (the count a door added is not a row of its own).
 */
export async function recordWalkIns(ctx: EventsContext, event: Event, count: number, idempotencyKey?: string | null): Promise<Event> {
  const eventId = event.id;
  const once = Idempotency.ofRow(ctx.db, ctx.identity, Event, { key: idempotencyKey, operation: 'recordWalkIns', args: { eventId, count } });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  await requireAttendanceOpen(ctx, event, clockNow());
  return once.transaction(async (tx) => {
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

export async function addPromotionLink(ctx: EventsContext, eventId: string, input: PromotionLinkInput, idempotencyKey?: string | null): Promise<EventPromotionLink> {
  const once = Idempotency.ofRow(ctx.db, ctx.identity, EventPromotionLink, { key: idempotencyKey, operation: 'addPromotionLink', args: { eventId, input } });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  return once.transaction(async (tx) => {
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

/** NOT_FOUND for an unknown link; the staff of its event's library and ADMIN only (access.requireEventManager). */
export async function removePromotionLink(ctx: EventsContext, id: string): Promise<boolean> {
  const link = await ctx.db.getRepository(EventPromotionLink).findOneBy({ id });
  if (!link) throw new NotFoundError('Promotion link', id);
  const event = await visibleEvent(ctx, link.eventId);
  requireEventManager(ctx.identity, event);
  await transaction(ctx.db, (tx) => tx.getRepository(EventPromotionLink).delete({ id }));
  return true;
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
