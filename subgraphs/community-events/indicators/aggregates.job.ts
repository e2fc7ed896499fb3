import type { DataSource } from 'typeorm';
import { transaction } from '../../../shared/database';
import type { LibraryCalendar } from '../../../shared/library-calendar';
import type { Logger } from '../../../shared/logger';
import { startPeriodicJob } from '../../../shared/jobs';
import { addDays, offsetMinutes, todayIn, zonedToUtc } from '../../../shared/time';
import { EventDaily } from './event-daily.entity';
import { RegistrationStatus } from '../registration/registration.entity';
import { COUNTED_EVENT_STATUSES, instantParam } from './indicators.service';
import { now } from '../../../shared/clock';

/**
 * The daily aggregates job of community events (issue 8, "cost independent of history").
 *
 * Per library and closed day (up to yesterday in its zone), by the day the event started:
 * registrations not cancelled, registrants checked in and no-shows, ratings and their sum, in
 * event_daily; the day reached in event_daily_state (`aggregatedThrough`, `aggregatedAt`).
 * Indicators read those rows for the closed days of a period and join the live tables for the
 * days after. Attendance is marked and ratings are given after an event, so every run rebuilds
 * the last REAGGREGATE_DAYS days too; older events are settled (`full` rebuilds everything).
 * Events themselves (a few per day) and satisfaction surveys stay live.
 *
 * Days are grouped in SQL with the zone's fixed UTC offset; a zone with daylight saving time is
 * not aggregated (its figures stay live).
 */

export const REAGGREGATE_DAYS = 31;

export interface EventAggregateDeps {
  db: DataSource;
  calendars: { get(id: string): Promise<LibraryCalendar> };
}

const isSqlite = (db: DataSource) => db.options.type === 'better-sqlite3';

function localDaySql(db: DataSource, column: string, offset: number): string {
  if (isSqlite(db)) return `date(${column}, '${offset >= 0 ? '+' : '-'}${Math.abs(offset)} minutes')`;
  return `DATE_FORMAT(${column} + INTERVAL ${offset} MINUTE, '%Y-%m-%d')`;
}

function fixedOffset(zone: string, day: string): number | null {
  const year = Number(day.slice(0, 4));
  const offsets = new Set([0, 3, 6, 9].map((m) => offsetMinutes(new Date(Date.UTC(year, m, 1)), zone)));
  return offsets.size === 1 ? [...offsets][0] : null;
}

const dateText = (v: string | Date) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export async function aggregateEventsDaily(
  deps: EventAggregateDeps,
  options: { full?: boolean; libraries?: string[]; /** "now" (tests) */ at?: Date } = {},
): Promise<{ libraryId: string; aggregatedThrough: string | null; days: number }[]> {
  const { db } = deps;
  const libraries = options.libraries ?? ((await db.query('SELECT libraryId FROM event GROUP BY libraryId')) as { libraryId: string }[]).map((r) => r.libraryId);
  const runs = [];
  for (const libraryId of libraries.sort()) runs.push(await aggregateLibrary(deps, libraryId, options.full ?? false, options.at ?? now()));
  return runs;
}

async function aggregateLibrary({ db, calendars }: EventAggregateDeps, libraryId: string, full: boolean, at: Date) {
  const zone = (await calendars.get(libraryId)).timezone;
  const through = addDays(todayIn(zone, at), -1);
  const offset = fixedOffset(zone, through);
  if (offset === null) return { libraryId, aggregatedThrough: null, days: 0 };
  const state: { aggregatedThrough: string | Date }[] = await db.query('SELECT aggregatedThrough FROM event_daily_state WHERE libraryId = ?', [libraryId]);
  const previous = state[0] ? dateText(state[0].aggregatedThrough) : null;
  const lower = full || !previous ? null : addDays(previous < through ? previous : through, -(REAGGREGATE_DAYS - 1));

  const days = await transaction(db, async (tx) => {
    const day = localDaySql(db, 'e.startsAt', offset);
    const where = `e.libraryId = ? AND e.status IN (${COUNTED_EVENT_STATUSES.map(() => '?').join(', ')})${lower ? ' AND e.startsAt >= ?' : ''} AND e.startsAt < ?`;
    const params = [
      libraryId,
      ...COUNTED_EVENT_STATUSES,
      ...(lower ? [instantParam(db, zonedToUtc(lower, '00:00', zone))] : []),
      instantParam(db, zonedToUtc(addDays(through, 1), '00:00', zone)),
    ];
    const rows = new Map<string, EventDaily>();
    const row = (d: string) => {
      let r = rows.get(d);
      if (!r) rows.set(d, (r = Object.assign(new EventDaily(), { libraryId, day: d, registrations: 0, attended: 0, noShows: 0, ratings: 0, ratingTotal: 0 })));
      return r;
    };
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

    await tx.query(`DELETE FROM event_daily WHERE libraryId = ?${lower ? ' AND day >= ?' : ''}`, lower ? [libraryId, lower] : [libraryId]);
    const fresh = [...rows.values()].filter((r) => r.day <= through);
    for (let i = 0; i < fresh.length; i += 500) await tx.getRepository(EventDaily).insert(fresh.slice(i, i + 500));
    await tx.query('DELETE FROM event_daily_state WHERE libraryId = ?', [libraryId]);
    await tx.query('INSERT INTO event_daily_state (libraryId, aggregatedThrough, aggregatedAt) VALUES (?, ?, ?)', [libraryId, through, instantParam(db, at)]);
    return fresh.length;
  });
  return { libraryId, aggregatedThrough: through, days };
}

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
  if (!libraries.length) return result;
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT s.libraryId AS libraryId, s.aggregatedThrough AS aggregatedThrough, s.aggregatedAt AS aggregatedAt,
            SUM(d.registrations) AS registrations, SUM(d.attended) AS attended, SUM(d.noShows) AS noShows, SUM(d.ratings) AS ratings, SUM(d.ratingTotal) AS ratingTotal
     FROM event_daily_state s
     LEFT JOIN event_daily d ON d.libraryId = s.libraryId AND d.day >= ? AND d.day <= ? AND d.day <= s.aggregatedThrough
     WHERE s.libraryId IN (${libraries.map(() => '?').join(', ')})
     GROUP BY s.libraryId, s.aggregatedThrough, s.aggregatedAt`,
    [from, to, ...libraries],
  );
  for (const r of rows) {
    const through = dateText(r.aggregatedThrough as string | Date);
    if (through < from) continue; // nothing of the period is aggregated yet
    const at = r.aggregatedAt instanceof Date ? r.aggregatedAt : new Date(`${String(r.aggregatedAt).replace(' ', 'T')}Z`);
    result.set(String(r.libraryId), {
      aggregatedThrough: through,
      aggregatedAt: at,
      registrations: Number(r.registrations ?? 0),
      attended: Number(r.attended ?? 0),
      noShows: Number(r.noShows ?? 0),
      ratings: Number(r.ratings ?? 0),
      ratingTotal: Number(r.ratingTotal ?? 0),
    });
  }
  return result;
}

const HOUR = 60 * 60_000;

/** The job in the running service: a few seconds after start, then every hour. */
export function startEventAggregates(deps: EventAggregateDeps, log: Logger, everyMs = HOUR): () => Promise<void> {
  return startPeriodicJob(async () => log.info({ runs: await aggregateEventsDaily(deps) }, 'event aggregates built'), {
    everyMs,
    firstAfterMs: 5_000,
    onError: (err) => log.warn({ err }, 'event aggregates failed; figures stay live, retrying at the next run'),
  });
}
