import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Identity } from '../../../shared/platform/auth';
import { isUniqueViolation, transaction } from '../../../shared/platform/database';
import { BadUserInputError, StateConflict } from '../../../shared/platform/errors';
import { now as clockNow } from '../../../shared/platform/clock';
import { addDays, localDate, wholeSeconds, zonedToUtc } from '../../../shared/platform/time';
import { timezoneOf, type EventsContext } from '../context';
import { Event, EventStatus, poolIdOf } from '../events/event.entity';
import { requireVisibleEvent } from '../access';
import { instantParam } from '../indicators/indicators.service';
import { AttendanceStatus, EventAttendance } from './attendance.entity';
import { Registration, RegistrationStatus } from './registration.entity';

/**
 * Attendance: check-ins and walk-ins within the check-in window, no-shows once an event is over.
 *
 * The check-in window of an event (for a series: of one session) opens
 * `config.eventCheckInOpensMinutes` (EVENT_CHECK_IN_OPENS_MINUTES, default 60) before its start
 * and closes at the end of the day after the one it ends on, in its library's zone: a late
 * correction from the sign-in sheet the next morning is still taken, attendance days later is not.
 */

/** When check-in opens: `opensMinutes` before the start. */
export const checkInOpensAt = (event: Pick<Event, 'startsAt'>, opensMinutes: number): Date => new Date(event.startsAt.getTime() - opensMinutes * 60_000);

/** When check-in closes: midnight at the end of the day after the event's last day, in the library's zone. */
export const checkInClosesAt = (event: Pick<Event, 'endsAt'>, timezone: string): Date => zonedToUtc(addDays(localDate(event.endsAt, timezone), 2), '00:00', timezone);

/**
 * Check-ins and walk-ins: a published (or completed) event, within its check-in window (CONFLICT
 * CHECK_IN_NOT_OPEN before, CHECK_IN_CLOSED after).
 */
export async function requireAttendanceOpen(ctx: Pick<EventsContext, 'calendar' | 'config'>, event: Event, now: Date): Promise<void> {
  if (event.status !== EventStatus.PUBLISHED && event.status !== EventStatus.COMPLETED) {
    throw new StateConflict('NOT_HELD', `A ${event.status.toLowerCase()} event takes no attendance`);
  }
  const opensMinutes = ctx.config.eventCheckInOpensMinutes;
  const opensAt = checkInOpensAt(event, opensMinutes);
  if (now < opensAt) {
    throw new StateConflict('CHECK_IN_NOT_OPEN', `Check-in opens ${opensMinutes} minutes before the start, at ${opensAt.toISOString()}`, { opensAt: opensAt.toISOString() });
  }
  const closesAt = checkInClosesAt(event, await timezoneOf(ctx, event.libraryId));
  if (now >= closesAt) {
    throw new StateConflict('CHECK_IN_CLOSED', `Check-in closed at the end of the day after the event, ${closesAt.toISOString()}`, { closesAt: closesAt.toISOString() });
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

/**
 * A confirmed registrant arrived (the caller was checked against `own`, the event registered
 * for): ATTENDED at that event or, for a series, at the session `eventId`, correcting a NO_SHOW;
 * CONFLICT when already checked in.
 */
export async function checkIn(ctx: EventsContext, registrationId: string, registration: Registration, own: Event, eventId: string | undefined): Promise<EventAttendance> {
  if (registration.seriesId && !eventId) throw new BadUserInputError('eventId', 'This registration covers a series: name the session');
  const event = eventId ? requireVisibleEvent(ctx.identity, await ctx.loaders.eventById.load(eventId), eventId) : own;
  if (poolIdOf(event) !== registration.poolId) throw new BadUserInputError('eventId', 'This registration is not for that event');
  const now = clockNow();
  await requireAttendanceOpen(ctx, event, now);
  if (registration.status !== RegistrationStatus.CONFIRMED) {
    throw new StateConflict('NOT_CONFIRMED', `A ${registration.status.toLowerCase()} registration holds no place; count the person as a walk-in`);
  }
  return transaction(ctx.db, async (tx) => {
    const repo = tx.getRepository(EventAttendance);
    const existing = await repo.findOneBy({ eventId: event.id, registrationId });
    if (existing?.status === AttendanceStatus.ATTENDED) throw new StateConflict('ALREADY_CHECKED_IN', 'Already checked in');
    const attendance = repo.create({
      id: existing?.id ?? randomUUID(),
      eventId: event.id,
      registrationId,
      status: AttendanceStatus.ATTENDED,
      recordedAt: wholeSeconds(now),
      recordedBy: recordedBy(ctx.identity),
    });
    if (existing) {
      const result = await repo.update(
        { id: existing.id, status: AttendanceStatus.NO_SHOW },
        { status: attendance.status, recordedAt: attendance.recordedAt, recordedBy: attendance.recordedBy },
      );
      if (!result.affected) throw new StateConflict('ALREADY_CHECKED_IN', 'Already checked in');
    } else {
      try {
        await repo.insert(attendance);
      } catch (err) {
        if (isUniqueViolation(err)) throw new StateConflict('ALREADY_CHECKED_IN', 'Already checked in');
        throw err;
      }
    }
    return attendance;
  });
}
