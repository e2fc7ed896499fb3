import { Column, PrimaryColumn, type DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { now } from '../platform/clock';
import { persisted, rawDate, rawInstant, transaction } from '../platform/database';
import { startPeriodicJob } from '../platform/jobs';
import type { LibraryCalendar } from './library-calendar';
import type { Logger } from '../platform/logger';
import { addDays, offsetMinutes, todayAt } from '../platform/time';

/**
 * Daily aggregates: a subgraph keeps, per library and closed calendar day (the library's zone),
 * rows of figures, so that a report over a period sums one row per day instead of reading every
 * fact behind it — its cost does not grow with the history. The mechanism is the same for every
 * subgraph that keeps them:
 *
 * - a state table, one row per library: every closed day up to `aggregatedThrough` is in the
 *   daily rows as the job saw it at `aggregatedAt`; the days after it are counted live;
 * - a run goes up to yesterday in the library's zone, and rebuilds the last REAGGREGATE_DAYS days
 *   before the previous `aggregatedThrough` as well (late returns, attendance marked and ratings
 *   given afterwards, corrections change recent days; older days are settled); the first run, or a
 *   `full` one, rebuilds all history;
 * - a run claims the library before reading where the last one stopped: its transaction starts
 *   with a write on the library's state row (that row's lock on MariaDB, the database's write lock
 *   on SQLite), so a second process waits and then goes on from where the first stopped, and the
 *   days are replaced, never added to, whichever run comes last;
 * - days are grouped in SQL with the zone's UTC offset, so a library whose zone has daylight
 *   saving time (none in Indonesia) is not aggregated: its figures stay live;
 * - in the running service the job runs a few seconds after start (a fresh or upgraded database
 *   gets its aggregates at once), then every hour.
 *
 * What a subgraph keeps for itself: which facts it aggregates and how (its SQL, in `rebuild`), its
 * daily table and its state table (an entity extending DailyAggregateStateColumns).
 */

export const REAGGREGATE_DAYS = 31;

const HOUR = 60 * 60_000;

/**
 * The columns of a state table: one row per library. A subgraph's entity extends this class under
 * its own table name (`@Entity('daily_aggregate_state') class … extends DailyAggregateStateColumns {}`).
 */
export abstract class DailyAggregateStateColumns {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  libraryId: string;

  /** The last closed day in the daily rows (library's zone). */
  @Column({ type: 'date' })
  aggregatedThrough: string;

  /** When the job built them. */
  @Column({ type: 'datetime' })
  aggregatedAt: Date;
}

export interface DailyAggregateDeps {
  db: DataSource;
  calendars: { get(id: string): Promise<LibraryCalendar> };
}

export interface AggregateOptions {
  /** Rebuild all history. */
  full?: boolean;
  /** These libraries only (default: every library the subgraph names). */
  libraries?: string[];
  /** "Now" (tests); default the clock's. */
  at?: Date;
}

export interface AggregateRun {
  libraryId: string;
  /** Null when the library's zone has DST (left live). */
  aggregatedThrough: string | null;
  /** Days (re)built. */
  days: number;
}

/** The days one run rebuilds for one library, and the SQL helpers a rebuild needs. */
export interface DaysToBuild {
  libraryId: string;
  zone: string;
  /** The zone's one UTC offset, in minutes. */
  offset: number;
  /** First day rebuilt; null: all history. */
  lower: string | null;
  /** Last day rebuilt: yesterday in the library's zone. */
  through: string;
  /** The local calendar day of an instant column, as 'YYYY-MM-DD' text (SQL). */
  localDay: (column: string) => string;
  /**
   * Replaces the library's rows of the rebuilt days in a daily table (its entity, with `libraryId`
   * and `day` columns) by `rows` (those outside the days are dropped); returns how many it wrote.
   */
  replaceDays: <T extends { day: string }>(entity: EntityTarget<T>, rows: Iterable<T>) => Promise<number>;
}

/** How one subgraph builds its daily aggregates. */
export interface DailyAggregates {
  /** What a log line calls them: "daily aggregates", "event aggregates". */
  name: string;
  /** The subgraph's state table (its entity). */
  state: EntityTarget<DailyAggregateStateColumns>;
  /** Every library with facts to aggregate. */
  libraries(db: DataSource): Promise<string[]>;
  /**
   * Rebuilds the library's daily rows of `days` in the run's transaction (`days.replaceDays`);
   * returns the number of day rows written.
   */
  rebuild(tx: EntityManager, db: DataSource, days: DaysToBuild): Promise<number>;
}

/** The local calendar day of an instant column, as 'YYYY-MM-DD' text, for a zone with a fixed offset. */
export function localDaySql(db: DataSource, column: string, offset: number): string {
  if (db.options.type === 'better-sqlite3') return `date(${column}, '${offset >= 0 ? '+' : '-'}${Math.abs(offset)} minutes')`;
  return `DATE_FORMAT(${column} + INTERVAL ${offset} MINUTE, '%Y-%m-%d')`;
}

/** The zone's one UTC offset around `day`, or null when it changes in that year (DST). */
export function fixedOffset(zone: string, day: string): number | null {
  const year = Number(day.slice(0, 4));
  const offsets = new Set([0, 3, 6, 9].map((m) => offsetMinutes(new Date(Date.UTC(year, m, 1)), zone)));
  return offsets.size === 1 ? [...offsets][0] : null;
}

const tableOf = (db: DataSource, entity: EntityTarget<ObjectLiteral>) => db.getMetadata(entity).tableName;

/**
 * Day rows built up figure by figure: `row(day)` is the day's row, made by `blank` the first time;
 * `rows()` all of them.
 */
export function dayRows<T>(blank: (day: string) => T): { row: (day: string) => T; rows: () => IterableIterator<T> } {
  const byDay = new Map<string, T>();
  return {
    row: (day) => {
      let r = byDay.get(day);
      if (!r) byDay.set(day, (r = blank(day)));
      return r;
    },
    rows: () => byDay.values(),
  };
}

/** Runs the job for every library (or those given), in the order of their ids; `full` rebuilds all history. */
export async function aggregateDays(job: DailyAggregates, deps: DailyAggregateDeps, options: AggregateOptions = {}): Promise<AggregateRun[]> {
  const libraries = [...(options.libraries ?? (await job.libraries(deps.db)))].sort();
  const runs: AggregateRun[] = [];
  for (const libraryId of libraries) runs.push(await aggregateLibrary(job, deps, libraryId, options.full ?? false, options.at ?? now()));
  return runs;
}

async function aggregateLibrary(job: DailyAggregates, { db, calendars }: DailyAggregateDeps, libraryId: string, full: boolean, at: Date): Promise<AggregateRun> {
  const calendar = await calendars.get(libraryId);
  const zone = calendar.timezone;
  const through = addDays(todayAt(calendar, at), -1);
  const offset = fixedOffset(zone, through);
  if (offset === null) return { libraryId, aggregatedThrough: null, days: 0 };
  const state = tableOf(db, job.state);

  const days = await transaction(db, async (tx) => {
    // The claim: a write on the library's state row before reading it (see above).
    await tx.query(`UPDATE ${state} SET aggregatedThrough = aggregatedThrough WHERE libraryId = ?`, [libraryId]);
    const rows: { aggregatedThrough: string | Date }[] = await tx.query(`SELECT aggregatedThrough FROM ${state} WHERE libraryId = ?`, [libraryId]);
    const previous = rows[0] ? rawDate(rows[0].aggregatedThrough) : null;
    const lower = full || !previous ? null : addDays(previous < through ? previous : through, -(REAGGREGATE_DAYS - 1));

    const built = await job.rebuild(tx, db, {
      libraryId,
      zone,
      offset,
      lower,
      through,
      localDay: (column) => localDaySql(db, column, offset),
      replaceDays: async (entity, rows) => {
        await tx.query(`DELETE FROM ${tableOf(db, entity)} WHERE libraryId = ?${lower ? ' AND day >= ?' : ''}`, lower ? [libraryId, lower] : [libraryId]);
        const fresh = [...rows].filter((r) => r.day <= through && (!lower || r.day >= lower));
        for (let i = 0; i < fresh.length; i += 500) await tx.getRepository(entity).insert(fresh.slice(i, i + 500) as never);
        return fresh.length;
      },
    });

    await tx.query(`DELETE FROM ${state} WHERE libraryId = ?`, [libraryId]);
    await tx.query(`INSERT INTO ${state} (libraryId, aggregatedThrough, aggregatedAt) VALUES (?, ?, ?)`, [libraryId, through, persisted(db, job.state, 'aggregatedAt', at)]);
    return built;
  });
  return { libraryId, aggregatedThrough: through, days };
}

/**
 * The job in the running service: a few seconds after start (so a fresh or upgraded database gets
 * its aggregates at once), then every hour. Returns the stop function the server awaits. `name`
 * labels the job in the service's metrics.
 */
export function startDailyAggregatesJob(name: string, job: DailyAggregates, deps: DailyAggregateDeps, log: Logger, everyMs = HOUR): () => Promise<void> {
  return startPeriodicJob(name, async () => log.info({ runs: await aggregateDays(job, deps) }, `${job.name} built`), {
    everyMs,
    firstAfterMs: 5_000,
    onError: (err) => log.warn({ err }, `${job.name} failed; figures stay live, retrying at the next run`),
  });
}

/** How fresh a library's aggregates are. */
export interface Freshness {
  /** Last day in the aggregates (library's zone); null: none yet, everything is live. */
  aggregatedThrough: string | null;
  /** When the job built them. */
  aggregatedAt: Date | null;
}

/** Each library's freshness, from a state table (libraries without a row: none, all live). */
export async function freshnessOf(db: DataSource, state: EntityTarget<DailyAggregateStateColumns>, libraries: string[]): Promise<Map<string, Freshness>> {
  const result = new Map<string, Freshness>(libraries.map((id) => [id, { aggregatedThrough: null, aggregatedAt: null }]));
  if (!libraries.length) return result;
  const rows: { libraryId: string; aggregatedThrough: string | Date; aggregatedAt: string | Date }[] = await db.query(
    `SELECT libraryId, aggregatedThrough, aggregatedAt FROM ${tableOf(db, state)} WHERE libraryId IN (${libraries.map(() => '?').join(', ')})`,
    libraries,
  );
  for (const r of rows) result.set(r.libraryId, { aggregatedThrough: rawDate(r.aggregatedThrough), aggregatedAt: rawInstant(r.aggregatedAt) });
  return result;
}

/** A library's state row and the sums of its aggregated days in a period. */
export interface ClosedDays<F extends string> {
  aggregatedThrough: string;
  aggregatedAt: Date;
  sums: Record<F, number>;
}

/**
 * Each library's freshness (state row) and the sums of `figures` over its aggregated days in
 * [from, to], in one statement: a report costs the same number of round trips with aggregates as
 * without. Libraries without a state row are absent from the map.
 */
export async function closedDaySums<F extends string>(
  db: DataSource,
  tables: { state: EntityTarget<DailyAggregateStateColumns>; daily: EntityTarget<ObjectLiteral> },
  figures: readonly F[],
  libraries: string[],
  from: string,
  to: string,
): Promise<Map<string, ClosedDays<F>>> {
  const result = new Map<string, ClosedDays<F>>();
  if (!libraries.length) return result;
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT s.libraryId AS libraryId, s.aggregatedThrough AS aggregatedThrough, s.aggregatedAt AS aggregatedAt,
            ${figures.map((f) => `SUM(d.${f}) AS ${f}`).join(', ')}
     FROM ${tableOf(db, tables.state)} s
     LEFT JOIN ${tableOf(db, tables.daily)} d ON d.libraryId = s.libraryId AND d.day >= ? AND d.day <= ? AND d.day <= s.aggregatedThrough
     WHERE s.libraryId IN (${libraries.map(() => '?').join(', ')})
     GROUP BY s.libraryId, s.aggregatedThrough, s.aggregatedAt`,
    [from, to, ...libraries],
  );
  for (const r of rows) {
    const sums = Object.fromEntries(figures.map((f) => [f, Number(r[f] ?? 0)])) as Record<F, number>;
    result.set(String(r.libraryId), {
      aggregatedThrough: rawDate(r.aggregatedThrough as string | Date),
      aggregatedAt: rawInstant(r.aggregatedAt as string | Date),
      sums,
    });
  }
  return result;
}

/** How a period splits between the daily aggregates and the live tables. */
export interface Split {
  /** Days answered from the aggregates, or null. */
  closed: { from: string; to: string } | null;
  /** Days counted live, or null. */
  live: { from: string; to: string } | null;
}

/** The closed days of [from, to] up to a library's `aggregatedThrough` come from the aggregates, the days after it are counted live. */
export function split(from: string, to: string, through: string | null): Split {
  if (!through || through < from) return { closed: null, live: { from, to } };
  if (through >= to) return { closed: { from, to }, live: null };
  return { closed: { from, to: through }, live: { from: addDays(through, 1), to } };
}
