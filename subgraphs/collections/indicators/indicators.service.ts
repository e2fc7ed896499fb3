import DataLoader from 'dataloader';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { LibraryCalendar } from '../../../shared/domain/library-calendar';
import { addDays, localDate, todayAt, zonedToUtc } from '../../../shared/platform/time';
import { coverageOf, periodRecord, ratioOf, recorded } from '../../../shared/domain/regional-contribution';
import { FineEntry } from '../circulation/fine-entry.entity';
import { Hold } from '../circulation/hold.entity';
import { ItemStatus } from '../catalogue/item.entity';
import { Loan } from '../circulation/loan.entity';
import { persisted, rawDate, rawInstant } from '../../../shared/platform/database';
import { AcquisitionOrderStatus } from '../acquisitions/acquisition-order.entity';
import { DigitalUse } from '../digital/digital-use.entity';
import { dayOfYear, freshnessOf, split, type Split } from './freshness';
import type { CollectionsLoaders } from '../loaders';
import type { CollectionIndicators } from './indicators.types';
import { validatePeriod } from './periods';

/**
 * Collection indicators of a library over a period (in the style of ISO 2789 / ISO 11620 library
 * statistics), aggregates only, never a person. Every figure is one grouped query for all the
 * libraries asked in a request (`libraries { collectionIndicators(…) }` costs what one library
 * costs). Periods are calendar days in each library's zone.
 */
export interface IndicatorFigures {
  /** Titles held: distinct records with a copy acquired by the end of the period (withdrawn copies left out). */
  titles: number;
  /** Copies held at the end of the period. */
  items: number;
  /** Card holders whose card was valid during the period. */
  members: number;
  /** Card holders who borrowed here during the period. */
  activeMembers: number;
  loans: number;
  returns: number;
  holdsPlaced: number;
  /** Loans due within the period (up to yesterday) … */
  loansDue: number;
  /** … of which returned late or still out. */
  loansOverdue: number;
  finesCharged: number;
  finesPaid: number;
  /** Copies held at the end of the period that were acquired in the five years up to it. */
  recentItems: number;
  /** Digital uses begun by the library's readers during the period. */
  digitalUses: number;
  /** Visitors during the period (each day as last corrected) … */
  visits: number;
  /** … over this many days with a count. */
  visitDays: number;
  /** Cost of the acquisition orders received during the period, rupiah. */
  acquisitionSpend: number;
  /** The period's days up to this one came from the daily aggregates (null: all counted live). */
  aggregatedThrough: string | null;
  /** When the daily aggregates used were built (null when none were). */
  aggregatedAt: Date | null;
  /** When these figures were computed (older than the request when the report cache served them). */
  computedAt: Date;
  /** Today in the library's zone, when these figures were computed. */
  today: string;
  /** The day of the library's first recorded loan (its zone), null when none. */
  firstLoan: string | null;
  /** The day of its first visitor count, null when none. */
  firstVisit: string | null;
}

export interface IndicatorKey {
  libraryId: string;
  from: string;
  to: string;
}

const empty = (): IndicatorFigures => ({
  titles: 0,
  items: 0,
  members: 0,
  activeMembers: 0,
  loans: 0,
  returns: 0,
  holdsPlaced: 0,
  loansDue: 0,
  loansOverdue: 0,
  finesCharged: 0,
  finesPaid: 0,
  recentItems: 0,
  digitalUses: 0,
  visits: 0,
  visitDays: 0,
  acquisitionSpend: 0,
  aggregatedThrough: null,
  aggregatedAt: null,
  computedAt: new Date(0),
  today: '',
  firstLoan: null,
  firstVisit: null,
});

/** The day five years before `date` (29 February falls on 1 March). */
export function fiveYearsBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y - 5, m - 1, d)).toISOString().slice(0, 10);
}

/**
 * Library.collectionIndicators (and the regional report's row, which reuses it): the period is
 * checked, the figures come from the request's indicator loader, and the ratios are computed here
 * — per inhabitant with the population the gateway brought (@requires), null without one.
 *
 * What was not recorded is null, never 0: every figure of a period that starts after today; the
 * circulation figures (loans, returns, holds, active members, overdue rate, fines, digital uses)
 * of a period that ends before the library's first recorded loan; visits when no day of the
 * period has a visitor count. A rate is null when its denominator is missing or 0.
 */
export async function collectionIndicators(
  deps: { loaders: Pick<CollectionsLoaders, 'indicators'>; calendars: { get(id: string): Promise<LibraryCalendar> } },
  library: { id: string; population?: number },
  from: string,
  to: string,
): Promise<CollectionIndicators> {
  validatePeriod(from, to);
  const f = await deps.loaders.indicators(deps.calendars).load({ libraryId: library.id, from, to });
  const population = library.population ?? null;
  const held = from <= f.today;
  const circulation = periodRecord({ from, to }, f.firstLoan, f.today) === 'recorded';
  const counted = held && f.visitDays > 0;
  const loans = recorded(circulation, f.loans);
  const titles = recorded(held, f.titles);
  return {
    from,
    to,
    coverage: coverageOf([f.firstLoan, f.firstVisit].filter((d): d is string => d != null).sort()[0] ?? null, f.today),
    titles,
    items: recorded(held, f.items),
    members: recorded(held, f.members),
    activeMembers: recorded(circulation, f.activeMembers),
    loans,
    returns: recorded(circulation, f.returns),
    holdsPlaced: recorded(circulation, f.holdsPlaced),
    loansPerCapita: ratioOf(loans, population, 6),
    overdueRate: circulation ? ratioOf(f.loansOverdue, f.loansDue, 4) : null,
    finesCharged: recorded(circulation, f.finesCharged),
    finesPaid: recorded(circulation, f.finesPaid),
    titlesPerCapita: ratioOf(titles, population, 6),
    recentStockShare: held ? ratioOf(f.recentItems, f.items, 4) : null,
    digitalUses: recorded(circulation, f.digitalUses),
    visits: recorded(counted, f.visits),
    visitsPerDay: counted ? ratioOf(f.visits, f.visitDays, 2) : null,
    acquisitionSpend: recorded(held, f.acquisitionSpend),
    aggregatedThrough: f.aggregatedThrough,
    aggregatedAt: f.aggregatedAt,
    computedAt: f.computedAt,
  };
}

export function indicatorsLoader(db: DataSource, calendars: { get(id: string): Promise<LibraryCalendar> }): DataLoader<IndicatorKey, IndicatorFigures, string> {
  return new DataLoader<IndicatorKey, IndicatorFigures, string>(
    async (keys) => {
      const results = new Map<string, IndicatorFigures>();
      const periods = new Map<string, IndicatorKey[]>();
      for (const k of keys) periods.set(`${k.from}|${k.to}`, [...(periods.get(`${k.from}|${k.to}`) ?? []), k]);
      const calendarOf = new Map<string, LibraryCalendar>();
      for (const id of new Set(keys.map((k) => k.libraryId))) calendarOf.set(id, await calendars.get(id));
      // Whatever the periods, one statement: where each library's records begin.
      const records = await firstRecorded(db, calendarOf);

      for (const group of periods.values()) {
        const { from, to } = group[0];
        const libraries = [...new Set(group.map((k) => k.libraryId))];
        const figures = new Map(libraries.map((id) => [id, { ...empty(), ...records.get(id)!, today: todayAt(calendarOf.get(id)!) }]));
        const inList = libraries.map(() => '?').join(', ');
        // Closed days come from the daily aggregates, the days after them are counted live.
        const freshness = await freshnessOf(db, libraries);
        const splits = new Map(libraries.map((id) => [id, split(from, to, freshness.get(id)!.aggregatedThrough)]));
        const liveLibraries = libraries.filter((id) => splits.get(id)!.live);
        const closedLibraries = libraries.filter((id) => splits.get(id)!.closed);
        /** `(lib = ? AND col >= ? AND col < ?) OR …`: each library's live days as instants of its zone. */
        const instantRange = (target: EntityTarget<ObjectLiteral>, libraryColumn: string, property: string) => {
          const params: unknown[] = [];
          const sql = liveLibraries
            .map((id) => {
              const zone = calendarOf.get(id)!.timezone;
              const live = splits.get(id)!.live!;
              params.push(
                id,
                persisted(db, target, property, zonedToUtc(live.from, '00:00', zone)),
                persisted(db, target, property, zonedToUtc(addDays(live.to, 1), '00:00', zone)),
              );
              return `(${libraryColumn} = ? AND ${property} >= ? AND ${property} < ?)`;
            })
            .join(' OR ');
          return { sql: `(${sql})`, params };
        };
        const set = (rows: Record<string, unknown>[], apply: (f: IndicatorFigures, row: Record<string, unknown>) => void) => {
          for (const row of rows) {
            const f = figures.get(String(row.libraryId));
            if (f) apply(f, row);
          }
        };
        const num = (v: unknown) => Number(v ?? 0);
        const add = (f: IndicatorFigures, figure: keyof IndicatorFigures, v: unknown) => ((f[figure] as number) += num(v));

        set(
          await db.query(
            `SELECT libraryId, COUNT(*) AS items, COUNT(DISTINCT recordId) AS titles, SUM(CASE WHEN acquiredOn > ? THEN 1 ELSE 0 END) AS recent FROM item
             WHERE libraryId IN (${inList}) AND status <> ? AND acquiredOn <= ? GROUP BY libraryId`,
            [fiveYearsBefore(to), ...libraries, ItemStatus.WITHDRAWN, to],
          ),
          (f, r) => Object.assign(f, { items: num(r.items), titles: num(r.titles), recentItems: num(r.recent) }),
        );
        set(
          await db.query(`SELECT libraryId, COUNT(*) AS members FROM member WHERE libraryId IN (${inList}) AND joinedOn <= ? AND expiresOn >= ? GROUP BY libraryId`, [
            ...libraries,
            to,
            from,
          ]),
          (f, r) => (f.members = num(r.members)),
        );
        // Distinct borrowers of the closed days: one circulation_daily row when the period starts on
        // 1 January or on the 1st of a month (year / month to date), else a member_activity count.
        const closedBorrowers = new Map<string, number>();
        if (closedLibraries.length) {
          const toDate = { year: [] as unknown[], month: [] as unknown[] };
          for (const id of closedLibraries) {
            const kind = toDateKind(splits.get(id)!.closed!);
            if (kind) toDate[kind].push(id, splits.get(id)!.closed!.to);
          }
          const dayIs = (list: unknown[]) => (list.length ? Array.from({ length: list.length / 2 }, () => '(libraryId = ? AND day = ?)').join(' OR ') : '1 = 0');
          const params: unknown[] = [...toDate.year, ...toDate.month];
          const where = closedLibraries
            .map((id) => {
              const closed = splits.get(id)!.closed!;
              params.push(id, closed.from, closed.to);
              return '(libraryId = ? AND day >= ? AND day <= ?)';
            })
            .join(' OR ');
          set(
            await db.query(
              `SELECT libraryId, SUM(loans) AS loans, SUM(returns) AS returns, SUM(holdsPlaced) AS holds, SUM(loansDue) AS due, SUM(loansOverdue) AS late,
                      SUM(finesCharged) AS charged, SUM(finesPaid) AS paid, SUM(digitalUses) AS uses,
                      SUM(CASE WHEN ${dayIs(toDate.year)} THEN borrowersYearToDate WHEN ${dayIs(toDate.month)} THEN borrowersMonthToDate ELSE 0 END) AS borrowers
               FROM circulation_daily WHERE ${where} GROUP BY libraryId`,
              params,
            ),
            (f, r) => {
              add(f, 'loans', r.loans);
              add(f, 'returns', r.returns);
              add(f, 'holdsPlaced', r.holds);
              add(f, 'loansDue', r.due);
              add(f, 'loansOverdue', r.late);
              add(f, 'finesCharged', r.charged);
              add(f, 'finesPaid', r.paid);
              add(f, 'digitalUses', r.uses);
              closedBorrowers.set(String(r.libraryId), num(r.borrowers));
            },
          );
        }
        const borrowers = await activeMembers(db, closedLibraries, liveLibraries, splits, closedBorrowers, instantRange);
        for (const [id, n] of borrowers) figures.get(id)!.activeMembers = n;
        if (liveLibraries.length) {
          const out = instantRange(Loan, 'libraryId', 'checkedOutAt');
          set(await db.query(`SELECT libraryId, COUNT(*) AS loans FROM loan WHERE ${out.sql} GROUP BY libraryId`, out.params), (f, r) => add(f, 'loans', r.loans));
          const back = instantRange(Loan, 'libraryId', 'returnedAt');
          set(await db.query(`SELECT libraryId, COUNT(*) AS n FROM loan WHERE ${back.sql} GROUP BY libraryId`, back.params), (f, r) => add(f, 'returns', r.n));
          const placed = instantRange(Hold, 'pickupLibraryId', 'placedAt');
          set(await db.query(`SELECT pickupLibraryId AS libraryId, COUNT(*) AS n FROM hold WHERE ${placed.sql} GROUP BY pickupLibraryId`, placed.params), (f, r) =>
            add(f, 'holdsPlaced', r.n),
          );
          const money = instantRange(FineEntry, 'libraryId', 'createdAt');
          set(
            await db.query(
              `SELECT libraryId, SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS charged, SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END) AS paid
               FROM fine_entry WHERE ${money.sql} GROUP BY libraryId`,
              money.params,
            ),
            (f, r) => {
              add(f, 'finesCharged', r.charged);
              add(f, 'finesPaid', r.paid);
            },
          );
          const used = instantRange(DigitalUse, 'libraryId', 'startedAt');
          set(await db.query(`SELECT libraryId, COUNT(*) AS n FROM digital_use WHERE ${used.sql} GROUP BY libraryId`, used.params), (f, r) => add(f, 'digitalUses', r.n));
          // Loans due in the live days, per due date: a due date counts once it has passed in the library's zone.
          const today = new Map(libraries.map((id) => [id, todayAt(calendarOf.get(id)!)]));
          // Only due dates that have passed count: the live days up to yesterday (usually none).
          const dueParams: unknown[] = [];
          const dueWhere = liveLibraries
            .map((id) => {
              const live = splits.get(id)!.live!;
              const yesterday = addDays(today.get(id)!, -1);
              dueParams.push(id, live.from, live.to < yesterday ? live.to : yesterday);
              return '(libraryId = ? AND dueOn >= ? AND dueOn <= ?)';
            })
            .join(' OR ');
          const due: { libraryId: string; dueOn: string | Date; n: string | number; late: string | number }[] = await db.query(
            `SELECT libraryId, dueOn, COUNT(*) AS n, SUM(CASE WHEN returnedAt IS NULL OR daysOverdue > 0 THEN 1 ELSE 0 END) AS late
             FROM loan WHERE ${dueWhere} GROUP BY libraryId, dueOn`,
            dueParams,
          );
          for (const row of due) {
            const f = figures.get(row.libraryId);
            if (!f || rawDate(row.dueOn) >= today.get(row.libraryId)!) continue;
            f.loansDue += num(row.n);
            f.loansOverdue += num(row.late);
          }
        }
        set(
          await db.query(
            `SELECT libraryId, SUM(count) AS visits, COUNT(*) AS days FROM visit_count WHERE libraryId IN (${inList}) AND visitDate >= ? AND visitDate <= ? GROUP BY libraryId`,
            [...libraries, from, to],
          ),
          (f, r) => Object.assign(f, { visits: num(r.visits), visitDays: num(r.days) }),
        );
        set(
          await db.query(
            `SELECT libraryId, SUM(cost) AS spend FROM acquisition_order WHERE libraryId IN (${inList}) AND status = ? AND receivedOn >= ? AND receivedOn <= ? GROUP BY libraryId`,
            [...libraries, AcquisitionOrderStatus.RECEIVED, from, to],
          ),
          (f, r) => (f.acquisitionSpend = num(r.spend)),
        );
        // Real time, not the business clock: it says how old a cached figure is.
        const computedAt = new Date();
        for (const id of libraries) {
          const fresh = freshness.get(id)!;
          const closed = splits.get(id)!.closed;
          Object.assign(figures.get(id)!, {
            aggregatedThrough: closed ? fresh.aggregatedThrough : null,
            aggregatedAt: closed ? fresh.aggregatedAt : null,
            computedAt,
          });
        }
        for (const k of group) results.set(JSON.stringify(k), figures.get(k.libraryId)!);
      }
      return keys.map((k) => results.get(JSON.stringify(k))!);
    },
    { cacheKeyFn: (k) => JSON.stringify(k) },
  );
}

/**
 * The day (library's zone) of each library's first recorded loan and first visitor count: one
 * statement, each a MIN over an index whose first column is the library, so its cost does not grow
 * with the history.
 */
async function firstRecorded(db: DataSource, calendarOf: Map<string, LibraryCalendar>): Promise<Map<string, { firstLoan: string | null; firstVisit: string | null }>> {
  const ids = [...calendarOf.keys()];
  const rows: { libraryId: string; firstLoan: string | Date | null; firstVisit: string | Date | null }[] = ids.length
    ? await db.query(
        ids
          .map(
            () =>
              'SELECT ? AS libraryId, (SELECT MIN(checkedOutAt) FROM loan WHERE libraryId = ?) AS firstLoan, (SELECT MIN(visitDate) FROM visit_count WHERE libraryId = ?) AS firstVisit',
          )
          .join(' UNION ALL '),
        ids.flatMap((id) => [id, id, id]),
      )
    : [];
  const result = new Map(ids.map((id) => [id, { firstLoan: null as string | null, firstVisit: null as string | null }]));
  for (const r of rows) {
    result.set(String(r.libraryId), {
      firstLoan: r.firstLoan == null ? null : localDate(rawInstant(r.firstLoan), calendarOf.get(String(r.libraryId))!.timezone),
      firstVisit: r.firstVisit == null ? null : rawDate(r.firstVisit),
    });
  }
  return result;
}

/** A closed part whose distinct borrowers one circulation_daily row holds. */
function toDateKind(closed: { from: string; to: string }): 'year' | 'month' | null {
  if (closed.from.slice(5) === '01-01' && closed.to.slice(0, 4) === closed.from.slice(0, 4)) return 'year';
  if (closed.from.slice(8) === '01' && closed.to.slice(0, 7) === closed.from.slice(0, 7)) return 'month';
  return null;
}

/**
 * `(a.libraryId = ? AND a.year = ? AND <borrowed in the year's part of the closed days>) OR …` for
 * each library's closed days. A part that starts on 1 January or ends on 31 December is decided by
 * `firstDay` / `lastDay` alone; a part inside a year by them, then by its whole months
 * (`months`), and only a borrower whose days straddle it without one in a whole month by the
 * `days` string. With `once`, the years after the first count a borrower only when they had not
 * borrowed in the period before that year (`borrowedBefore`), so the rows can be counted without
 * DISTINCT.
 */
function activityWhere(libraries: string[], splits: Map<string, Split>, params: unknown[], once: boolean): string {
  const parts: string[] = [];
  for (const id of libraries) {
    const closed = splits.get(id)!.closed!;
    for (let year = Number(closed.from.slice(0, 4)); year <= Number(closed.to.slice(0, 4)); year++) {
      const a = closed.from > `${year}-01-01` ? closed.from : `${year}-01-01`;
      const b = closed.to < `${year}-12-31` ? closed.to : `${year}-12-31`;
      const [first, last] = [dayOfYear(a), dayOfYear(b)];
      const conditions = ['a.libraryId = ?', 'a.year = ?'];
      params.push(id, year);
      if (first > 1 || b < `${year}-12-31`) {
        conditions.push('a.firstDay <= ?', 'a.lastDay >= ?');
        params.push(last, first);
      }
      if (first > 1 && b < `${year}-12-31`) {
        // Days on both sides of the part: a whole month inside it, else the days themselves.
        let inner = 0;
        for (let m = 0; m < 12; m++) {
          const monthFrom = `${year}-${String(m + 1).padStart(2, '0')}-01`;
          const monthTo = addDays(m === 11 ? `${year + 1}-01-01` : `${year}-${String(m + 2).padStart(2, '0')}-01`, -1);
          if (monthFrom >= a && monthTo <= b) inner |= 1 << m;
        }
        conditions.push(`(a.firstDay >= ? OR a.lastDay <= ?${inner ? ' OR (a.months & ?) <> 0' : ''} OR INSTR(SUBSTR(a.days, ?, ?), '1') > 0)`);
        params.push(first, last, ...(inner ? [inner] : []), first, last - first + 1);
      }
      if (once && a > closed.from) {
        conditions.push('(a.borrowedBefore IS NULL OR a.borrowedBefore < ?)');
        params.push(closed.from);
      }
      parts.push(`(${conditions.join(' AND ')})`);
    }
  }
  return parts.length ? parts.join(' OR ') : '1 = 0';
}

/**
 * Distinct borrowers over a period (they cannot be summed day by day): the closed days' count
 * (year/month to date from circulation_daily, or the member_activity rows that borrowed in the
 * period's days, one row per borrower counted), plus the live days' borrowers who did not
 * already borrow in the closed days.
 */
async function activeMembers(
  db: DataSource,
  closedLibraries: string[],
  liveLibraries: string[],
  splits: Map<string, Split>,
  toDate: Map<string, number>,
  instantRange: (target: EntityTarget<ObjectLiteral>, libraryColumn: string, property: string) => { sql: string; params: unknown[] },
): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  const add = (rows: { libraryId: string; n: unknown }[]) => {
    for (const r of rows) result.set(r.libraryId, (result.get(r.libraryId) ?? 0) + Number(r.n ?? 0));
  };
  for (const id of closedLibraries) if (toDateKind(splits.get(id)!.closed!)) result.set(id, toDate.get(id) ?? 0);
  const scanned = closedLibraries.filter((id) => !toDateKind(splits.get(id)!.closed!));
  if (scanned.length) {
    const params: unknown[] = [];
    // One row per borrower and year, each borrower counted in one year only: no DISTINCT.
    const where = activityWhere(scanned, splits, params, true);
    add(await db.query(`SELECT a.libraryId AS libraryId, COUNT(*) AS n FROM member_activity a WHERE ${where} GROUP BY a.libraryId`, params));
  }
  if (liveLibraries.length) {
    const out = instantRange(Loan, 'libraryId', 'checkedOutAt');
    const params = [...out.params];
    const where = activityWhere(closedLibraries, splits, params, false);
    add(
      await db.query(
        closedLibraries.length
          ? `SELECT l.libraryId AS libraryId, COUNT(DISTINCT l.memberId) AS n FROM loan l WHERE ${out.sql}
             AND NOT EXISTS (SELECT 1 FROM member_activity a WHERE a.libraryId = l.libraryId AND a.memberId = l.memberId AND (${where}))
             GROUP BY l.libraryId`
          : `SELECT libraryId, COUNT(DISTINCT memberId) AS n FROM loan WHERE ${out.sql} GROUP BY libraryId`,
        params,
      ),
    );
  }
  return result;
}
