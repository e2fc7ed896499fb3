import DataLoader from 'dataloader';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { BadUserInputError } from '../../shared/errors';
import type { LibraryCalendar } from '../../shared/library-calendar';
import { addDays, daysBetween, todayIn, zonedToUtc } from '../../shared/time';
import { now } from './clock';
import { FineEntry } from './entities/fine-entry.entity';
import { Hold } from './entities/hold.entity';
import { ItemStatus } from './entities/item.entity';
import { Loan } from './entities/loan.entity';
import { dateString } from './loaders';
import { AcquisitionOrderStatus } from './entities/acquisition-order.entity';
import { DigitalUse } from './entities/digital-use.entity';
import { zonedRange } from './periods';

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
}

export interface IndicatorKey {
  libraryId: string;
  from: string;
  to: string;
}

/** The longest period asked at once: five years. */
const MAX_PERIOD_DAYS = 5 * 366;

export function validatePeriod(from: string, to: string): void {
  if (to < from) throw new BadUserInputError('to', 'to must not be before from');
  if (daysBetween(from, to) > MAX_PERIOD_DAYS) throw new BadUserInputError('to', 'a period is at most five years');
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
});

/** The day five years before `date` (29 February falls on 1 March). */
export function fiveYearsBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y - 5, m - 1, d)).toISOString().slice(0, 10);
}

/** A JS Date as the database stores the column (UTC text on SQLite, local DATETIME on MySQL). */
function persisted<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, property: string, value: Date): unknown {
  const column = db.getMetadata(target).findColumnWithPropertyName(property)!;
  return db.driver.preparePersistentValue(value, column);
}

export function indicatorsLoader(db: DataSource, calendars: { get(id: string): Promise<LibraryCalendar> }): DataLoader<IndicatorKey, IndicatorFigures, string> {
  return new DataLoader<IndicatorKey, IndicatorFigures, string>(
    async (keys) => {
      const results = new Map<string, IndicatorFigures>();
      const periods = new Map<string, IndicatorKey[]>();
      for (const k of keys) periods.set(`${k.from}|${k.to}`, [...(periods.get(`${k.from}|${k.to}`) ?? []), k]);

      for (const group of periods.values()) {
        const { from, to } = group[0];
        const libraries = [...new Set(group.map((k) => k.libraryId))];
        const zones = new Map<string, string>();
        for (const id of libraries) zones.set(id, (await calendars.get(id)).timezone);
        const figures = new Map(libraries.map((id) => [id, empty()]));
        const inList = libraries.map(() => '?').join(', ');
        /** `(lib = ? AND col >= ? AND col < ?) OR …`: the period's instants in each library's zone. */
        const instantRange = (target: EntityTarget<ObjectLiteral>, libraryColumn: string, property: string) => {
          const params: unknown[] = [];
          const sql = libraries
            .map((id) => {
              const zone = zones.get(id)!;
              params.push(id, persisted(db, target, property, zonedToUtc(from, '00:00', zone)), persisted(db, target, property, zonedToUtc(addDays(to, 1), '00:00', zone)));
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

        set(
          await db.query(
            `SELECT libraryId, COUNT(*) AS items, COUNT(DISTINCT recordId) AS titles, SUM(CASE WHEN acquiredOn > ? THEN 1 ELSE 0 END) AS recent FROM item
             WHERE libraryId IN (${inList}) AND status <> ? AND acquiredOn <= ? GROUP BY libraryId`,
            [fiveYearsBefore(to), ...libraries, ItemStatus.WITHDRAWN, to],
          ),
          (f, r) => Object.assign(f, { items: num(r.items), titles: num(r.titles), recentItems: num(r.recent) }),
        );
        set(
          await db.query(
            `SELECT libraryId, COUNT(*) AS members FROM member WHERE libraryId IN (${inList}) AND joinedOn <= ? AND expiresOn >= ? GROUP BY libraryId`,
            [...libraries, to, from],
          ),
          (f, r) => (f.members = num(r.members)),
        );
        const out = instantRange(Loan, 'libraryId', 'checkedOutAt');
        set(
          await db.query(`SELECT libraryId, COUNT(*) AS loans, COUNT(DISTINCT memberId) AS borrowers FROM loan WHERE ${out.sql} GROUP BY libraryId`, out.params),
          (f, r) => Object.assign(f, { loans: num(r.loans), activeMembers: num(r.borrowers) }),
        );
        const back = instantRange(Loan, 'libraryId', 'returnedAt');
        set(await db.query(`SELECT libraryId, COUNT(*) AS n FROM loan WHERE ${back.sql} GROUP BY libraryId`, back.params), (f, r) => (f.returns = num(r.n)));
        const placed = instantRange(Hold, 'pickupLibraryId', 'placedAt');
        set(
          await db.query(`SELECT pickupLibraryId AS libraryId, COUNT(*) AS n FROM hold WHERE ${placed.sql} GROUP BY pickupLibraryId`, placed.params),
          (f, r) => (f.holdsPlaced = num(r.n)),
        );
        const money = instantRange(FineEntry, 'libraryId', 'createdAt');
        set(
          await db.query(
            `SELECT libraryId, SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS charged, SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END) AS paid
             FROM fine_entry WHERE ${money.sql} GROUP BY libraryId`,
            money.params,
          ),
          (f, r) => Object.assign(f, { finesCharged: num(r.charged), finesPaid: num(r.paid) }),
        );
        const used = zonedRange(db, DigitalUse, { library: 'libraryId', instant: 'startedAt', property: 'startedAt' }, zones, from, to);
        set(await db.query(`SELECT libraryId, COUNT(*) AS n FROM digital_use WHERE ${used.sql} GROUP BY libraryId`, used.params), (f, r) => (f.digitalUses = num(r.n)));
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
        // Loans due in the period, per due date: a due date counts once it has passed in the library's zone.
        const due: { libraryId: string; dueOn: string | Date; n: string | number; late: string | number }[] = await db.query(
          `SELECT libraryId, dueOn, COUNT(*) AS n, SUM(CASE WHEN returnedAt IS NULL OR daysOverdue > 0 THEN 1 ELSE 0 END) AS late
           FROM loan WHERE libraryId IN (${inList}) AND dueOn >= ? AND dueOn <= ? GROUP BY libraryId, dueOn`,
          [...libraries, from, to],
        );
        const today = new Map(libraries.map((id) => [id, todayIn(zones.get(id)!, now())]));
        for (const row of due) {
          const f = figures.get(row.libraryId);
          if (!f || dateString(row.dueOn) >= today.get(row.libraryId)!) continue;
          f.loansDue += num(row.n);
          f.loansOverdue += num(row.late);
        }
        for (const k of group) results.set(JSON.stringify(k), figures.get(k.libraryId)!);
      }
      return keys.map((k) => results.get(JSON.stringify(k))!);
    },
    { cacheKeyFn: (k) => JSON.stringify(k) },
  );
}
