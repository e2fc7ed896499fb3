import type { DataSource, EntityManager } from 'typeorm';
import {
  aggregateDays,
  dayRows,
  startDailyAggregatesJob,
  type AggregateOptions,
  type AggregateRun,
  type DailyAggregateDeps,
  type DailyAggregates,
  type DaysToBuild,
} from '../../../shared/domain/daily-aggregates';
import type { Logger } from '../../../shared/platform/logger';
import { addDays, localDate, zonedToUtc } from '../../../shared/platform/time';
import { dayOfYear } from './freshness';
import { CirculationDaily } from './circulation-daily.entity';
import { DailyAggregateState } from './daily-aggregate-state.entity';
import { DigitalUse } from '../digital/digital-use.entity';
import { FineEntry } from '../circulation/fine-entry.entity';
import { Hold } from '../circulation/hold.entity';
import { Loan } from '../circulation/loan.entity';
import { persisted, rawDate } from '../../../shared/platform/database';

/**
 * The daily aggregates of collections (the mechanism, shared with community events, is in
 * shared/domain/daily-aggregates.ts): a report's cost independent of the history behind it.
 *
 * For each library, for the closed days up to yesterday in the library's zone:
 * - circulation_daily: checkouts, returns, holds placed, loans due / overdue, fines, digital uses;
 * - member_activity: on which days of each year each borrower borrowed (distinct borrowers);
 * and the day reached in daily_aggregate_state (`aggregatedThrough`, `aggregatedAt`).
 * Reports sum those rows for the closed days of a period and count the days after
 * `aggregatedThrough` live (freshness.ts), so a year costs the same whatever the history behind it.
 */

export { REAGGREGATE_DAYS, type AggregateRun, type DailyAggregateDeps } from '../../../shared/domain/daily-aggregates';

export const circulationAggregates: DailyAggregates = {
  name: 'daily aggregates',
  state: DailyAggregateState,
  async libraries(db) {
    const rows: { libraryId: string }[] = await db.query('SELECT libraryId FROM item GROUP BY libraryId UNION SELECT libraryId FROM member GROUP BY libraryId');
    return [...new Set(rows.map((r) => r.libraryId))];
  },
  rebuild: rebuildCirculation,
};

/** Runs the job for every library (or those given); `full` rebuilds all history. */
export function aggregateDaily(deps: DailyAggregateDeps, options: AggregateOptions = {}): Promise<AggregateRun[]> {
  return aggregateDays(circulationAggregates, deps, options);
}

/** The job in the running service: a few seconds after start, then every hour. */
export function startDailyAggregates(deps: DailyAggregateDeps, log: Logger, everyMs?: number): () => Promise<void> {
  return startDailyAggregatesJob('circulation-aggregates', circulationAggregates, deps, log, everyMs);
}

/** A statement in the run's transaction. */
type Query = <R = unknown>(sql: string, params: unknown[]) => Promise<R>;

/** circulation_daily and member_activity of the library's days [lower, through]. */
async function rebuildCirculation(tx: EntityManager, db: DataSource, days: DaysToBuild): Promise<number> {
  const { libraryId, zone, lower, through } = days;
  const q: Query = (sql, params) => tx.query(sql, params);
  const instant = <T extends object>(target: new () => T, property: string, day: string) => persisted(db, target, property, zonedToUtc(day, '00:00', zone));
  /** `col >= lower AND col < through+1`, in the column's stored form. */
  const range = <T extends object>(target: new () => T, column: string) => {
    const params: unknown[] = [];
    let sql = `${column} < ?`;
    params.push(instant(target, column, addDays(through, 1)));
    if (lower) {
      sql = `${column} >= ? AND ${sql}`;
      params.unshift(instant(target, column, lower));
    }
    return { sql, params };
  };
  const byDay = dayRows((day) =>
    Object.assign(new CirculationDaily(), {
      libraryId,
      day,
      loans: 0,
      returns: 0,
      holdsPlaced: 0,
      loansDue: 0,
      loansOverdue: 0,
      finesCharged: 0,
      finesPaid: 0,
      digitalUses: 0,
      borrowersYearToDate: 0,
      borrowersMonthToDate: 0,
    }),
  );
  const row = byDay.row;
  const counted = async <T extends object>(target: new () => T, table: string, libraryColumn: string, column: string, figure: keyof CirculationDaily) => {
    const r = range(target, column);
    const rows: { day: string; n: unknown }[] = await q(
      `SELECT ${days.localDay(column)} AS day, COUNT(*) AS n FROM ${table} WHERE ${libraryColumn} = ? AND ${r.sql} GROUP BY ${days.localDay(column)}`,
      [libraryId, ...r.params],
    );
    for (const x of rows) (row(String(x.day)) as unknown as Record<string, number>)[figure] += Number(x.n);
  };
  await counted(Loan, 'loan', 'libraryId', 'checkedOutAt', 'loans');
  await counted(Loan, 'loan', 'libraryId', 'returnedAt', 'returns');
  await counted(Hold, 'hold', 'pickupLibraryId', 'placedAt', 'holdsPlaced');
  await counted(DigitalUse, 'digital_use', 'libraryId', 'startedAt', 'digitalUses');
  const fines = range(FineEntry, 'createdAt');
  const fineRows: { day: string; charged: unknown; paid: unknown }[] = await q(
    `SELECT ${days.localDay('createdAt')} AS day, SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS charged,
            SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END) AS paid
     FROM fine_entry WHERE libraryId = ? AND ${fines.sql} GROUP BY ${days.localDay('createdAt')}`,
    [libraryId, ...fines.params],
  );
  for (const x of fineRows) Object.assign(row(String(x.day)), { finesCharged: Number(x.charged ?? 0), finesPaid: Number(x.paid ?? 0) });
  // Due dates are calendar dates already; "late" as in the live figure: returned late or still out.
  const dueRows: { dueOn: string | Date; n: unknown; late: unknown }[] = await q(
    `SELECT dueOn, COUNT(*) AS n, SUM(CASE WHEN returnedAt IS NULL OR daysOverdue > 0 THEN 1 ELSE 0 END) AS late
     FROM loan WHERE libraryId = ? ${lower ? 'AND dueOn >= ?' : ''} AND dueOn <= ? GROUP BY dueOn`,
    lower ? [libraryId, lower, through] : [libraryId, through],
  );
  for (const x of dueRows) Object.assign(row(rawDate(x.dueOn)), { loansDue: Number(x.n), loansOverdue: Number(x.late ?? 0) });

  // Distinct borrowers year and month to date, for every rebuilt day (a row even without loans).
  const borrowers = await rebuildMemberActivity(db, q, days);
  for (const [day, counts] of borrowers) Object.assign(row(day), counts);

  return days.replaceDays(CirculationDaily, byDay.rows());
}

/**
 * member_activity for [lower, through] (all history when lower is null): the loans' borrowers
 * and local days, a month at a time, set into each borrower's year string; the days of the
 * rebuilt range are cleared first, the days before it kept. Each row also gets its first and last
 * day, the months borrowed in and the borrower's last day in an earlier year (`borrowedBefore`,
 * carried from year to year, so the years after a rebuilt one are rebuilt with it: they always
 * are, the range runs up to `through`). Returns, for each rebuilt day, the distinct borrowers of
 * its year and of its month up to it.
 */
async function rebuildMemberActivity(
  db: DataSource,
  q: Query,
  { libraryId, zone, lower, through, localDay }: DaysToBuild,
): Promise<Map<string, { borrowersYearToDate: number; borrowersMonthToDate: number }>> {
  const toDate = new Map<string, { borrowersYearToDate: number; borrowersMonthToDate: number }>();
  let first = lower;
  if (!first) {
    const [row] = await q<{ first: string | Date | null }[]>('SELECT MIN(checkedOutAt) AS first FROM loan WHERE libraryId = ?', [libraryId]);
    if (!row?.first) {
      await q('DELETE FROM member_activity WHERE libraryId = ?', [libraryId]);
      return toDate;
    }
    const at = row.first instanceof Date ? row.first : new Date(`${String(row.first).replace(' ', 'T')}Z`);
    first = localDate(at, zone);
    await q('DELETE FROM member_activity WHERE libraryId = ?', [libraryId]);
  }
  if (first > through) return toDate;
  const firstYear = Number(first.slice(0, 4));
  /** Each borrower's last day of borrowing before the year being rebuilt (for `borrowedBefore`). */
  const lastSeen = new Map<string, string>();
  if (lower) {
    const earlier: { memberId: string; last: unknown }[] = await q(
      'SELECT memberId, MAX(year * 1000 + lastDay) AS last FROM member_activity WHERE libraryId = ? AND year < ? GROUP BY memberId',
      [libraryId, firstYear],
    );
    for (const r of earlier) {
      const last = Number(r.last);
      lastSeen.set(r.memberId, addDays(`${Math.floor(last / 1000)}-01-01`, (last % 1000) - 1));
    }
  }
  for (let year = firstYear; year <= Number(through.slice(0, 4)); year++) {
    const from = year === firstYear ? first : `${year}-01-01`;
    const to = through.slice(0, 4) === String(year) ? through : `${year}-12-31`;
    const activity = new Map<string, Uint8Array>();
    // Days of the year before the rebuilt range stay as they were.
    if (lower) {
      const kept: { memberId: string; days: string }[] = await q('SELECT memberId, days FROM member_activity WHERE libraryId = ? AND year = ?', [libraryId, year]);
      const keep = dayOfYear(from) - 1;
      for (const r of kept) {
        const bits = new Uint8Array(366).fill(48);
        for (let i = 0; i < keep; i++) bits[i] = r.days.charCodeAt(i);
        activity.set(r.memberId, bits);
      }
    }
    for (let month = from; month <= to; month = nextMonthStart(month)) {
      const monthEnd = addDays(nextMonthStart(month), -1) < to ? addDays(nextMonthStart(month), -1) : to;
      const rows: { memberId: string; day: string }[] = await q(
        `SELECT DISTINCT memberId, ${localDay('checkedOutAt')} AS day FROM loan WHERE libraryId = ? AND checkedOutAt >= ? AND checkedOutAt < ?`,
        [libraryId, persisted(db, Loan, 'checkedOutAt', zonedToUtc(month, '00:00', zone)), persisted(db, Loan, 'checkedOutAt', zonedToUtc(addDays(monthEnd, 1), '00:00', zone))],
      );
      for (const r of rows) {
        let bits = activity.get(r.memberId);
        if (!bits) activity.set(r.memberId, (bits = new Uint8Array(366).fill(48)));
        bits[dayOfYear(String(r.day)) - 1] = 49;
      }
    }
    // Each borrower counts from their first day of the year and their first day of each month.
    const yearFirsts = new Int32Array(366);
    const monthFirsts = new Int32Array(366);
    const monthStarts = Array.from({ length: 12 }, (_, m) => dayOfYear(`${year}-${String(m + 1).padStart(2, '0')}-01`) - 1);
    for (const bits of activity.values()) {
      const firstDay = bits.indexOf(49);
      if (firstDay >= 0) yearFirsts[firstDay] += 1;
      for (let m = 0; m < 12; m++) {
        const end = m === 11 ? 366 : monthStarts[m + 1];
        const d = bits.subarray(monthStarts[m], end).indexOf(49);
        if (d >= 0) monthFirsts[monthStarts[m] + d] += 1;
      }
    }
    let yearSum = 0;
    let monthSum = 0;
    const last = dayOfYear(to);
    for (let d = 0; d < last; d++) {
      if (monthStarts.includes(d)) monthSum = 0;
      yearSum += yearFirsts[d];
      monthSum += monthFirsts[d];
      const day = addDays(`${year}-01-01`, d);
      if (day >= from) toDate.set(day, { borrowersYearToDate: yearSum, borrowersMonthToDate: monthSum });
    }

    await q('DELETE FROM member_activity WHERE libraryId = ? AND year = ?', [libraryId, year]);
    const rows = [...activity]
      .filter(([, bits]) => bits.includes(49))
      .map(([memberId, bits]) => {
        const firstDay = bits.indexOf(49) + 1;
        const lastDay = bits.lastIndexOf(49) + 1;
        let months = 0;
        for (let m = 0; m < 12; m++) if (bits.subarray(monthStarts[m], m === 11 ? 366 : monthStarts[m + 1]).includes(49)) months |= 1 << m;
        const before = lastSeen.get(memberId) ?? null;
        lastSeen.set(memberId, addDays(`${year}-01-01`, lastDay - 1));
        return [libraryId, year, memberId, Buffer.from(bits).toString('latin1'), firstDay, lastDay, months, before];
      });
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await q(
        `INSERT INTO member_activity (libraryId, year, memberId, days, firstDay, lastDay, months, borrowedBefore) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flat(),
      );
    }
  }
  return toDate;
}

/** The first day of the month after the one `day` is in. */
function nextMonthStart(day: string): string {
  const [y, m] = day.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}
