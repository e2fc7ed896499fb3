import DataLoader from 'dataloader';
import { type DataSource, type EntityManager } from 'typeorm';
import { requireStaffOf, type Identity } from '../../../shared/platform/auth';
import { isMysql, isUniqueViolation, transaction } from '../../../shared/platform/database';
import { BadUserInputError, ConflictError, NotFoundError, StateConflict } from '../../../shared/platform/errors';
import type { LibraryCalendar } from '../../../shared/domain/library-calendar';
import { actorOf, libraryToday } from '../conflict';
import { now } from '../../../shared/platform/clock';
import { newId } from '../ids';
import { validatePeriod } from '../indicators/periods';
import type { CollectionsLoaders } from '../loaders';
import { VisitCorrection } from './visit-correction.entity';
import { VisitCount, VisitSource } from './visit-count.entity';
import { daysBetween, wholeSeconds } from '../../../shared/platform/time';
import { checkRecordDate } from '../../../shared/platform/validation';
import type { VisitTotals } from './visit.types';
import { Idempotency } from '../../../shared/platform/idempotency';

/**
 * Daily visitor counts. The library's LIBRARIAN or LIBRARY_ADMIN (and ADMIN) enters a day's count
 * once, for a day that has begun in the library's zone; a wrong count is corrected, and every
 * correction is kept with who made it, when, the count before and after and why.
 *
 * Concurrency: a correction locks the day's row (SELECT … FOR UPDATE on MySQL; SQLite runs one
 * transaction at a time), numbers itself after the last correction and moves the count with an
 * UPDATE guarded on that number. Two librarians correcting the same day at once both get their
 * correction recorded, one after the other: neither is lost, and the day's count is the later one.
 *
 * The count's bounds and the correction's reason (3 to 300 characters) are the rules of
 * RecordVisitsInput and CorrectVisitsInput.
 */

export interface VisitDeps {
  db: DataSource;
  calendars: { get(libraryId: string): Promise<LibraryCalendar> };
}

/** Visitors in a day: a city library's busiest days stay well under this. */
export const MAX_DAILY_VISITS = 100_000;

/** Staff of the library (LIBRARIAN, LIBRARY_ADMIN) and ADMIN; a day that has begun in the library's zone, not before 1945. */
async function checkDay(deps: VisitDeps, identity: Identity, libraryId: string, date: string): Promise<void> {
  requireStaffOf(identity, libraryId);
  const { today } = await libraryToday(deps.calendars, libraryId);
  checkRecordDate('date', date, today);
  if (date > today) throw new BadUserInputError('date', `date must not be after today (${today} in ${libraryId})`);
}

export async function recordVisits(
  deps: VisitDeps,
  identity: Identity,
  input: { libraryId: string; date: string; count: number; source: VisitSource },
  idempotencyKey?: string | null,
): Promise<VisitCount> {
  requireStaffOf(identity, input.libraryId);
  const once = Idempotency.ofRow(deps.db, identity, VisitCount, { key: idempotencyKey, operation: 'recordVisits', args: input });
  // Before the checks: the retry of a count that was recorded finds the day recorded already.
  const earlier = await once.earlier();
  if (earlier) return earlier;
  await checkDay(deps, identity, input.libraryId, input.date);
  const actor = actorOf(identity);
  const visit = deps.db.getRepository(VisitCount).create({
    id: newId(),
    libraryId: input.libraryId,
    visitDate: input.date,
    source: input.source,
    count: input.count,
    enteredCount: input.count,
    correctionCount: 0,
    recordedAt: wholeSeconds(now()),
    recordedBy: actor.sub,
    recordedByRole: actor.role,
    recordedByLibrarianId: actor.librarianId,
  });
  try {
    return await once.transaction(async (tx) => {
      await tx.getRepository(VisitCount).insert({ ...visit });
      return visit;
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new StateConflict('VISITS_ALREADY_RECORDED', `The visits of ${input.date} at ${input.libraryId} are recorded already: correct them instead`);
    }
    throw err;
  }
}

async function lockDay(tx: EntityManager, libraryId: string, date: string): Promise<void> {
  if (!isMysql(tx)) return;
  await tx.query('SELECT id FROM visit_count WHERE libraryId = ? AND visitDate = ? FOR UPDATE', [libraryId, date]);
}

export async function correctVisits(deps: VisitDeps, identity: Identity, input: { libraryId: string; date: string; count: number; reason: string }): Promise<VisitCount> {
  requireStaffOf(identity, input.libraryId);
  const reason = input.reason.trim();
  await checkDay(deps, identity, input.libraryId, input.date);
  const actor = actorOf(identity);
  return transaction(deps.db, async (tx) => {
    // The lock first, so that the row read next already holds the previous correction.
    await lockDay(tx, input.libraryId, input.date);
    const visit = await tx.getRepository(VisitCount).findOneBy({ libraryId: input.libraryId, visitDate: input.date });
    if (!visit) throw new NotFoundError('VisitCount', `${input.libraryId}/${input.date}`);
    const correction = tx.getRepository(VisitCorrection).create({
      id: newId(),
      visitId: visit.id,
      sequence: visit.correctionCount + 1,
      previousCount: visit.count,
      newCount: input.count,
      reason,
      correctedAt: wholeSeconds(now()),
      correctedBy: actor.sub,
      correctedByRole: actor.role,
      correctedByLibrarianId: actor.librarianId,
    });
    await tx.getRepository(VisitCorrection).insert({ ...correction });
    const changed = await tx
      .createQueryBuilder()
      .update(VisitCount)
      .set({ count: input.count, correctionCount: correction.sequence })
      .where('id = :id AND correctionCount = :seen', { id: visit.id, seen: visit.correctionCount })
      .execute();
    // Unreachable under the lock; kept so that a change of locking cannot lose a correction silently.
    if (!changed.affected) throw new ConflictError('The count was corrected at this moment by someone else; try again');
    return Object.assign(visit, { count: input.count, correctionCount: correction.sequence });
  });
}

// ---- reading ------------------------------------------------------------------------------

export interface PeriodKey {
  libraryId: string;
  from: string;
  to: string;
}

/** Groups keys by period: each period is one query for all its libraries. */
function byPeriod<K extends PeriodKey>(keys: readonly K[]): K[][] {
  const groups = new Map<string, K[]>();
  for (const k of keys) groups.set(`${k.from}|${k.to}`, [...(groups.get(`${k.from}|${k.to}`) ?? []), k]);
  return [...groups.values()];
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** The day counts of each library over a period, by date: one query for every library asked. */
export function visitsLoader(db: DataSource): DataLoader<PeriodKey, VisitCount[], string> {
  return new DataLoader<PeriodKey, VisitCount[], string>(
    async (keys) => {
      const out = new Map<string, VisitCount[]>();
      for (const group of byPeriod(keys)) {
        const { from, to } = group[0];
        const libraries = [...new Set(group.map((k) => k.libraryId))];
        const rows = await db
          .getRepository(VisitCount)
          .createQueryBuilder('v')
          .where('v.libraryId IN (:...libraries) AND v.visitDate >= :from AND v.visitDate <= :to', { libraries, from, to })
          .orderBy('v.visitDate', 'ASC')
          .getMany();
        for (const k of group)
          out.set(
            JSON.stringify(k),
            rows.filter((r) => r.libraryId === k.libraryId),
          );
      }
      return keys.map((k) => out.get(JSON.stringify(k)) ?? []);
    },
    { cacheKeyFn: (k) => JSON.stringify(k) },
  );
}

export interface VisitTotalsFigures {
  visits: number;
  daysReported: number;
  bySource: { key: string; count: number }[];
  byMonth: { month: string; visits: number; daysReported: number }[];
}

/**
 * Totals of each library over a period — by source and by month — with no audit detail: one
 * grouped query for every library asked.
 */
export function visitTotalsLoader(db: DataSource): DataLoader<PeriodKey, VisitTotalsFigures, string> {
  return new DataLoader<PeriodKey, VisitTotalsFigures, string>(
    async (keys) => {
      const out = new Map<string, VisitTotalsFigures>();
      for (const group of byPeriod(keys)) {
        const { from, to } = group[0];
        const libraries = [...new Set(group.map((k) => k.libraryId))];
        // SUBSTR of a DATE is its YYYY-MM-DD text on MySQL/MariaDB too.
        const rows: { libraryId: string; month: string; source: string; visits: string | number; days: string | number }[] = await db.query(
          `SELECT libraryId, SUBSTR(visitDate, 1, 7) AS month, source, SUM(count) AS visits, COUNT(*) AS days FROM visit_count
           WHERE libraryId IN (${placeholders(libraries.length)}) AND visitDate >= ? AND visitDate <= ?
           GROUP BY libraryId, SUBSTR(visitDate, 1, 7), source`,
          [...libraries, from, to],
        );
        for (const libraryId of libraries) {
          const mine = rows.filter((r) => r.libraryId === libraryId);
          const sources = new Map<string, number>();
          const months = new Map<string, { visits: number; daysReported: number }>();
          for (const r of mine) {
            sources.set(r.source, (sources.get(r.source) ?? 0) + Number(r.visits));
            const m = months.get(String(r.month)) ?? { visits: 0, daysReported: 0 };
            m.visits += Number(r.visits);
            m.daysReported += Number(r.days);
            months.set(String(r.month), m);
          }
          const figures: VisitTotalsFigures = {
            visits: mine.reduce((s, r) => s + Number(r.visits), 0),
            daysReported: mine.reduce((s, r) => s + Number(r.days), 0),
            bySource: Object.values(VisitSource).map((key) => ({ key, count: sources.get(key) ?? 0 })),
            byMonth: [...months].sort(([a], [b]) => a.localeCompare(b)).map(([month, m]) => ({ month, ...m })),
          };
          for (const k of group.filter((g) => g.libraryId === libraryId)) out.set(JSON.stringify(k), figures);
        }
      }
      return keys.map((k) => out.get(JSON.stringify(k))!);
    },
    { cacheKeyFn: (k) => JSON.stringify(k) },
  );
}

/** Visits per day reported, two decimals; 0 when no day was. */
export const perDay = (visits: number, days: number): number | null => (days > 0 ? Math.round((visits / days) * 100) / 100 : null);

/** The longest list of day counts asked at once. */
const MAX_LIST_DAYS = 366;

/** A library's day counts over a period of at most MAX_LIST_DAYS days, by date. */
export async function dayCounts(loaders: Pick<CollectionsLoaders, 'visitsByLibrary'>, libraryId: string, from: string, to: string): Promise<VisitCount[]> {
  validatePeriod(from, to);
  if (daysBetween(from, to) >= MAX_LIST_DAYS) throw new BadUserInputError('to', `A list of day counts covers at most ${MAX_LIST_DAYS} days`);
  return loaders.visitsByLibrary.load({ libraryId, from, to });
}

/** A library's visit totals over a period (at most five years), with visits per day reported overall and by month. */
export async function visitTotals(loaders: Pick<CollectionsLoaders, 'visitTotals'>, libraryId: string, from: string, to: string): Promise<VisitTotals> {
  validatePeriod(from, to);
  const f = await loaders.visitTotals.load({ libraryId, from, to });
  return {
    from,
    to,
    visits: f.visits,
    daysReported: f.daysReported,
    visitsPerDay: perDay(f.visits, f.daysReported),
    bySource: f.bySource,
    byMonth: f.byMonth.map((m) => ({ ...m, visitsPerDay: perDay(m.visits, m.daysReported) })),
  };
}
