import type { DataSource, EntityManager } from 'typeorm';
import {
  aggregateDays,
  closedDaySums,
  dayRows,
  startDailyAggregatesJob,
  type AggregateOptions,
  type AggregateRun,
  type DailyAggregateDeps,
  type DailyAggregates,
  type DaysToBuild,
} from '../../../shared/domain/daily-aggregates';
import type { Logger } from '../../../shared/platform/logger';
import { addDays, zonedToUtc } from '../../../shared/platform/time';
import { EventDaily } from './event-daily.entity';
import { EventDailyState } from './event-daily-state.entity';
import { RegistrationStatus } from '../registration/registration.entity';
import { persisted } from '../../../shared/platform/database';
import { Event } from '../events/event.entity';
import { COUNTED_EVENT_STATUSES } from '../events/event-enums';

/**
 * The daily aggregates of community events (the mechanism, shared with collections, is in
 * shared/domain/daily-aggregates.ts).
 *
 * Per library and closed day (up to yesterday in its zone), by the day the event started:
 * registrations not cancelled, registrants checked in and no-shows, ratings and their sum, in
 * event_daily; the day reached in event_daily_state (`aggregatedThrough`, `aggregatedAt`).
 * Indicators read those rows for the closed days of a period and join the live tables for the
 * days after. Attendance is marked and ratings are given after an event, which is why each run
 * rebuilds the recent days too. Events themselves (a few per day) and satisfaction surveys stay
 * live.
 */

export { REAGGREGATE_DAYS, type DailyAggregateDeps as EventAggregateDeps } from '../../../shared/domain/daily-aggregates';

export const eventAggregates: DailyAggregates = {
  name: 'event aggregates',
  state: EventDailyState,
  async libraries(db) {
    const rows: { libraryId: string }[] = await db.query('SELECT libraryId FROM event GROUP BY libraryId');
    return rows.map((r) => r.libraryId);
  },
  rebuild: rebuildEvents,
};

/** Runs the job for every library with events (or those given); `full` rebuilds all history. */
export function aggregateEventsDaily(deps: DailyAggregateDeps, options: AggregateOptions = {}): Promise<AggregateRun[]> {
  return aggregateDays(eventAggregates, deps, options);
}

/** The job in the running service: a few seconds after start, then every hour. */
export function startEventAggregates(deps: DailyAggregateDeps, log: Logger, everyMs?: number): () => Promise<void> {
  return startDailyAggregatesJob('event-aggregates', eventAggregates, deps, log, everyMs);
}

/** event_daily of the library's days [lower, through]. */
async function rebuildEvents(tx: EntityManager, db: DataSource, days: DaysToBuild): Promise<number> {
  const { libraryId, zone, lower, through } = days;
  const day = days.localDay('e.startsAt');
  const where = `e.libraryId = ? AND e.status IN (${COUNTED_EVENT_STATUSES.map(() => '?').join(', ')})${lower ? ' AND e.startsAt >= ?' : ''} AND e.startsAt < ?`;
  const params = [
    libraryId,
    ...COUNTED_EVENT_STATUSES,
    ...(lower ? [persisted(db, Event, 'startsAt', zonedToUtc(lower, '00:00', zone))] : []),
    persisted(db, Event, 'startsAt', zonedToUtc(addDays(through, 1), '00:00', zone)),
  ];
  const byDay = dayRows((d) => Object.assign(new EventDaily(), { libraryId, day: d, registrations: 0, attended: 0, noShows: 0, ratings: 0, ratingTotal: 0 }));
  const row = byDay.row;
  const registrations: { day: string; n: unknown }[] = await tx.query(
    `SELECT ${day} AS day, COUNT(*) AS n FROM registration r INNER JOIN event e ON e.id = r.eventId WHERE ${where} AND r.status <> ? GROUP BY ${day}`,
    [...params, RegistrationStatus.CANCELLED],
  );
  for (const r of registrations) row(String(r.day)).registrations = Number(r.n);
  const attendance: { day: string; status: string; n: unknown }[] = await tx.query(
    `SELECT ${day} AS day, a.status AS status, COUNT(*) AS n FROM event_attendance a INNER JOIN event e ON e.id = a.eventId WHERE ${where} GROUP BY ${day}, a.status`,
    params,
  );
  for (const r of attendance) {
    if (r.status === 'ATTENDED') row(String(r.day)).attended = Number(r.n);
    if (r.status === 'NO_SHOW') row(String(r.day)).noShows = Number(r.n);
  }
  const ratings: { day: string; n: unknown; total: unknown }[] = await tx.query(
    `SELECT ${day} AS day, COUNT(*) AS n, SUM(f.rating) AS total FROM event_feedback f INNER JOIN event e ON e.id = f.eventId WHERE ${where} GROUP BY ${day}`,
    params,
  );
  for (const r of ratings) Object.assign(row(String(r.day)), { ratings: Number(r.n), ratingTotal: Number(r.total ?? 0) });

  return days.replaceDays(EventDaily, byDay.rows());
}

const FIGURES = ['registrations', 'attended', 'noShows', 'ratings', 'ratingTotal'] as const;

export interface EventAggregates {
  /** Last day in the aggregates (library's zone); null: none, everything is live. */
  aggregatedThrough: string | null;
  aggregatedAt: Date | null;
  /** Sums over the period's days up to aggregatedThrough. */
  registrations: number;
  attended: number;
  noShows: number;
  ratings: number;
  ratingTotal: number;
}

/**
 * Each library's freshness and the sums of its closed days in [from, to], in one statement (the
 * indicators cost the same number of round trips with aggregates as without).
 */
export async function eventAggregatesFor(db: DataSource, libraries: string[], from: string, to: string): Promise<Map<string, EventAggregates>> {
  const none = (): EventAggregates => ({ aggregatedThrough: null, aggregatedAt: null, registrations: 0, attended: 0, noShows: 0, ratings: 0, ratingTotal: 0 });
  const result = new Map<string, EventAggregates>(libraries.map((id) => [id, none()]));
  for (const [libraryId, closed] of await closedDaySums(db, { state: EventDailyState, daily: EventDaily }, FIGURES, libraries, from, to)) {
    if (closed.aggregatedThrough < from) continue; // nothing of the period is aggregated yet
    result.set(libraryId, { aggregatedThrough: closed.aggregatedThrough, aggregatedAt: closed.aggregatedAt, ...closed.sums });
  }
  return result;
}
