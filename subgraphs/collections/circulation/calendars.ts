import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { LibraryCalendar } from '../../../shared/domain/library-calendar';
import { transaction } from '../../../shared/platform/database';
import { ConflictError } from '../../../shared/platform/errors';
import { todayAt } from '../../../shared/platform/time';
import { Item } from '../catalogue/item.entity';
import { Hold, HoldStatus } from './hold.entity';
import { Loan } from './loan.entity';

/**
 * No network call inside a database transaction (docs/operations.md, "Honest writes"). Due dates,
 * fines and hold shelves need library calendars, which staff-development owns: a circulation
 * transaction gets them already read, as `ReadCalendars`, and cannot ask staff-development
 * itself. The calendars are read before it opens (from the cache, a stale copy at once while
 * staff-development is slow; with nothing cached, up to INTERNAL_CALL_TIMEOUT_MS), so a hung
 * owner fails the request before anything is written and never holds a transaction — and, on
 * SQLite, every other desk's — open.
 */

/** The calendars a desk operation may need, as read before the transaction. */
export interface CalendarSource {
  get(libraryId: string): Promise<LibraryCalendar>;
}

/** Thrown inside a transaction that needs a calendar nobody read before it: the transaction rolls back, the calendar is read, the work runs again. */
class CalendarNotRead extends Error {
  constructor(readonly libraryId: string) {
    super(`The calendar of ${libraryId} was not read before the transaction`);
  }
}

/** Library calendars read before a transaction: what it uses instead of asking staff-development. */
export class ReadCalendars {
  constructor(private readonly calendars: ReadonlyMap<string, LibraryCalendar>) {}

  /** The library's calendar and today's date in its zone. */
  of(libraryId: string): { calendar: LibraryCalendar; today: string } {
    const calendar = this.calendars.get(libraryId);
    if (!calendar) throw new CalendarNotRead(libraryId);
    return { calendar, today: todayAt(calendar) };
  }
}

/** Rounds before a transaction that keeps meeting libraries nobody foresaw gives up (the data changes under it). */
const MAX_ROUNDS = 4;

/**
 * `transaction()` with the calendars of `libraryIds` read first. Work that meets a library the
 * reads before did not foresee (an ADMIN's desk, a hold picked up elsewhere, data changed in the
 * meantime) is rolled back, that calendar read outside any transaction, and the work run again;
 * after MAX_ROUNDS, CONFLICT (try again). A calendar that cannot be had (staff-development hung or
 * down with nothing cached) fails the request before the transaction: nothing is written.
 */
export async function transactionWithCalendars<T>(
  deps: { db: DataSource; calendars: CalendarSource },
  libraryIds: Iterable<string | null | undefined>,
  work: (tx: EntityManager, calendars: ReadCalendars) => Promise<T>,
  // An idempotent create's transaction (idempotency.ts): each round claims its key afresh.
  once?: { transaction(work: (tx: EntityManager) => Promise<T>): Promise<T> },
): Promise<T> {
  const read = new Map<string, LibraryCalendar>();
  const wanted = new Set<string>();
  for (const id of libraryIds) if (id) wanted.add(id);
  for (let round = 1; ; round++) {
    const missing = [...wanted].filter((id) => !read.has(id));
    const calendars = await Promise.all(missing.map((id) => deps.calendars.get(id)));
    missing.forEach((id, i) => read.set(id, calendars[i]));
    try {
      const inTransaction = (tx: EntityManager) => work(tx, new ReadCalendars(read));
      return await (once ? once.transaction(inTransaction) : transaction(deps.db, inTransaction));
    } catch (err) {
      if (!(err instanceof CalendarNotRead)) throw err;
      if (round >= MAX_ROUNDS) throw new ConflictError('The copies, loans or holds involved changed at this moment; try again');
      wanted.add(err.libraryId);
    }
  }
}

/**
 * Where a copy's transaction may need calendars, read before it (plain reads, no locks): the
 * copy's own library and where it is, the library that lent it, and the pickup libraries of the
 * holds it may serve or serves. Empty for an unknown barcode (the transaction answers NOT_FOUND).
 */
export async function librariesAroundCopy(db: DataSource, barcode: string): Promise<string[]> {
  const item = await db.getRepository(Item).findOne({ where: { barcode }, select: { id: true, recordId: true, libraryId: true, atLibraryId: true } });
  if (!item) return [];
  const loan = await db.getRepository(Loan).findOne({ where: { itemId: item.id, returnedAt: IsNull() }, select: { id: true, libraryId: true } });
  return [item.libraryId, item.atLibraryId, loan?.libraryId, ...(await pickupLibraries(db, [item.recordId], item.id))].filter((id): id is string => !!id);
}

/** The pickup libraries of the holds waiting for these titles (and of those the copy `itemId` travels or waits for). */
export async function pickupLibraries(db: DataSource, recordIds: readonly string[], itemId?: string): Promise<string[]> {
  if (!recordIds.length && !itemId) return [];
  const query = db.getRepository(Hold).createQueryBuilder('h').select('DISTINCT h.pickupLibraryId', 'id');
  if (recordIds.length) query.where('h.recordId IN (:...recordIds) AND h.status = :waiting', { recordIds: [...new Set(recordIds)], waiting: HoldStatus.WAITING });
  if (itemId) query.orWhere('h.itemId = :itemId AND h.status IN (:...open)', { itemId, open: [HoldStatus.IN_TRANSIT, HoldStatus.READY] });
  return (await query.getRawMany<{ id: string }>()).map((r) => r.id);
}
