import { In, IsNull, Not, type DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '../../../shared/platform/auth';
import { deny } from '../../../shared/platform/auth';
import { now } from '../../../shared/platform/clock';
import { insertMany, isUniqueViolation, transaction } from '../../../shared/platform/database';
import { BadUserInputError, NotFoundError, StateConflict } from '../../../shared/platform/errors';
import { wholeSeconds } from '../../../shared/platform/time';
import type { LibraryCalendar } from '../../../shared/domain/library-calendar';
import { requireLibraryAccess, visibleLibraries } from '../access';
import { Item, ItemStatus } from '../catalogue/item.entity';
import { actorOf, libraryToday } from '../conflict';
import { newId } from '../ids';
import { StockTake, StockTakeOutcome, StockTakeScan, StockTakeStatus } from './stock-take.entity';
import { Idempotency } from '../../../shared/platform/idempotency';

/**
 * Stock-taking (stock opname). The library's LIBRARIAN or LIBRARY_ADMIN, or ADMIN, opens a
 * stock-take of one shelf location (or the whole library), scans every copy found there, closes
 * it, reads the report and — as a separate, confirmed act — marks the copies nobody saw MISSING.
 *
 * Concurrency, on both backends:
 *   - one OPEN stock-take per library and scope: the unique `openKey` refuses the second insert;
 *   - a scan and the close bump the stock-take's `version` in an UPDATE guarded on status OPEN, so
 *     they queue on its row (SQLite runs one transaction at a time); a barcode is one row
 *     (unique per stock-take), and a second scan of it answers the first one's row;
 *   - marking missing is guarded on `missingMarkedAt IS NULL`: a repeated call answers the count.
 */

export interface StockTakeDeps {
  db: DataSource;
  calendars: { get(libraryId: string): Promise<LibraryCalendar> };
}

/** Copies in these states are away from the shelf, not lost: not seen, but never marked missing. */
const AWAY: ItemStatus[] = [ItemStatus.ON_LOAN];
/** Copies in these states are not expected on any shelf. */
const GONE: ItemStatus[] = [ItemStatus.WITHDRAWN, ItemStatus.MISSING];

/** The categories of the report, each a set of outcomes. */
export const REPORT_CATEGORIES = {
  notSeen: [StockTakeOutcome.NOT_SEEN],
  onLoan: [StockTakeOutcome.NOT_SEEN_ON_LOAN],
  wrongPlace: [StockTakeOutcome.WRONG_LIBRARY, StockTakeOutcome.WRONG_LOCATION],
  unknownBarcodes: [StockTakeOutcome.UNKNOWN_BARCODE],
  scanned: [
    StockTakeOutcome.EXPECTED,
    StockTakeOutcome.WRONG_LIBRARY,
    StockTakeOutcome.WRONG_LOCATION,
    StockTakeOutcome.ON_LOAN,
    StockTakeOutcome.UNKNOWN_BARCODE,
    StockTakeOutcome.WITHDRAWN,
    StockTakeOutcome.MISSING,
  ],
} as const;
export type ReportCategory = keyof typeof REPORT_CATEGORIES;

const openKey = (libraryId: string, location: string | null) => `${libraryId}|${location ?? '*'}`;
const normaliseBarcode = (barcode: string) => barcode.trim().toUpperCase();

/** Refuses, before any lookup, callers who may see no library's records (members, partners, GOVERNMENT, PUBLIC). */
function requireSomeLibrary(identity: Identity): void {
  const libraries = visibleLibraries(identity, 'RECORDS');
  if (libraries !== 'ALL' && libraries.length === 0) deny(identity, "Stock-taking is for the library's staff and ADMIN");
}

/** The stock-take, if the caller may see it: NOT_FOUND for an unknown id, FORBIDDEN for another library's. */
export async function loadStockTake(db: DataSource | EntityManager, identity: Identity, id: string): Promise<StockTake> {
  requireSomeLibrary(identity);
  const stockTake = await db.getRepository(StockTake).findOneBy({ id });
  if (!stockTake) throw new NotFoundError('StockTake', id);
  requireLibraryAccess(identity, stockTake.libraryId, 'RECORDS');
  return stockTake;
}

export async function openStockTake(
  deps: StockTakeDeps,
  identity: Identity,
  input: { libraryId: string; location?: string | null },
  idempotencyKey?: string | null,
): Promise<StockTake> {
  requireSomeLibrary(identity);
  requireLibraryAccess(identity, input.libraryId, 'RECORDS');
  const once = Idempotency.ofRow(deps.db, identity, StockTake, {
    key: idempotencyKey,
    operation: 'openStockTake',
    args: { libraryId: input.libraryId, location: input.location ?? null },
  });
  // Before the checks: the retry of an opening that went through finds the stock-take open already.
  const earlier = await once.earlier();
  if (earlier) return earlier;
  await libraryToday(deps.calendars, input.libraryId); // an unknown library is BAD_USER_INPUT on libraryId
  const location = input.location?.trim() || null;
  if (location) {
    const copies = await deps.db.getRepository(Item).countBy({ libraryId: input.libraryId, location });
    if (!copies) throw new BadUserInputError('location', `No copy of ${input.libraryId} is shelved at "${location}"`);
  }
  const actor = actorOf(identity);
  const stockTake = deps.db.getRepository(StockTake).create({
    id: newId(),
    libraryId: input.libraryId,
    location,
    status: StockTakeStatus.OPEN,
    openKey: openKey(input.libraryId, location),
    version: 0,
    openedAt: wholeSeconds(now()),
    openedBy: actor.sub,
    openedByRole: actor.role,
    openedByLibrarianId: actor.librarianId,
    closedAt: null,
    closedBy: null,
    missingMarkedAt: null,
    missingMarkedCount: null,
  });
  try {
    return await once.transaction(async (tx) => {
      await tx.getRepository(StockTake).insert({ ...stockTake });
      return stockTake;
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new StateConflict('STOCKTAKE_ALREADY_OPEN', `A stock-take of ${location ?? 'the whole library'} at ${input.libraryId} is open already: close it first`);
    }
    throw err;
  }
}

/** Bumps the version of an OPEN stock-take (the row both scans and the close write); false when it is not open. */
async function touchOpen(tx: EntityManager, id: string, set: Partial<StockTake> = {}): Promise<boolean> {
  const result = await tx
    .createQueryBuilder()
    .update(StockTake)
    .set({ ...set, version: () => 'version + 1' })
    .where('id = :id AND status = :open', { id, open: StockTakeStatus.OPEN })
    .execute();
  return Boolean(result.affected);
}

const notOpen = (stockTake: StockTake) => new StateConflict('STOCKTAKE_CLOSED', `Stock-take ${stockTake.id} is closed`);

function outcomeOf(stockTake: StockTake, item: Item | null): StockTakeOutcome {
  if (!item) return StockTakeOutcome.UNKNOWN_BARCODE;
  if (item.libraryId !== stockTake.libraryId) return StockTakeOutcome.WRONG_LIBRARY;
  if (item.status === ItemStatus.WITHDRAWN) return StockTakeOutcome.WITHDRAWN;
  if (item.status === ItemStatus.MISSING) return StockTakeOutcome.MISSING;
  if (AWAY.includes(item.status)) return StockTakeOutcome.ON_LOAN;
  if (stockTake.location !== null && item.location !== stockTake.location) return StockTakeOutcome.WRONG_LOCATION;
  return StockTakeOutcome.EXPECTED;
}

/** Records one scan (once per barcode) and answers what it found; the same answer for a repeated scan. */
export async function scanBarcode(deps: StockTakeDeps, identity: Identity, stockTakeId: string, rawBarcode: string): Promise<StockTakeScan> {
  const stockTake = await loadStockTake(deps.db, identity, stockTakeId);
  if (stockTake.status !== StockTakeStatus.OPEN) throw notOpen(stockTake);
  const barcode = normaliseBarcode(rawBarcode);
  const existing = () => deps.db.getRepository(StockTakeScan).findOneByOrFail({ stockTakeId, barcode });
  try {
    return await transaction(deps.db, async (tx) => {
      // The write first: it queues this scan behind a concurrent scan or close of the stock-take.
      if (!(await touchOpen(tx, stockTakeId))) throw notOpen(stockTake);
      const seen = await tx.getRepository(StockTakeScan).findOneBy({ stockTakeId, barcode });
      if (seen) return seen;
      const item = await tx.getRepository(Item).findOneBy({ barcode });
      const scan = tx.getRepository(StockTakeScan).create({
        id: newId(),
        stockTakeId,
        barcode,
        itemId: item?.id ?? null,
        outcome: outcomeOf(stockTake, item),
        scannedAt: wholeSeconds(now()),
        scannedBy: actorOf(identity).sub,
      });
      await tx.getRepository(StockTakeScan).insert({ ...scan });
      return scan;
    });
  } catch (err) {
    // Two scans of one barcode at once: the other one's row is the answer.
    if (isUniqueViolation(err)) return existing();
    throw err;
  }
}

/** Closes an OPEN stock-take and records, for the report, every copy in scope nobody scanned. */
export async function closeStockTake(deps: StockTakeDeps, identity: Identity, id: string): Promise<StockTake> {
  const stockTake = await loadStockTake(deps.db, identity, id);
  if (stockTake.status !== StockTakeStatus.OPEN) throw notOpen(stockTake);
  const closedAt = wholeSeconds(now());
  const closedBy = actorOf(identity).sub;
  await transaction(deps.db, async (tx) => {
    if (!(await touchOpen(tx, id, { status: StockTakeStatus.CLOSED, openKey: null, closedAt, closedBy }))) throw notOpen(stockTake);
    const scanned = new Set((await tx.getRepository(StockTakeScan).find({ select: { itemId: true }, where: { stockTakeId: id, itemId: Not(IsNull()) } })).map((s) => s.itemId));
    const inScope = await tx.getRepository(Item).find({
      select: { id: true, barcode: true, status: true },
      where: { libraryId: stockTake.libraryId, ...(stockTake.location !== null ? { location: stockTake.location } : {}), status: Not(In(GONE)) },
    });
    await insertMany(
      tx,
      StockTakeScan,
      inScope
        .filter((item) => !scanned.has(item.id))
        .map((item) => ({
          id: newId(),
          stockTakeId: id,
          barcode: item.barcode,
          itemId: item.id,
          outcome: AWAY.includes(item.status) ? StockTakeOutcome.NOT_SEEN_ON_LOAN : StockTakeOutcome.NOT_SEEN,
          scannedAt: null,
          scannedBy: null,
        })),
    );
  });
  return Object.assign(stockTake, { status: StockTakeStatus.CLOSED, openKey: null, closedAt, closedBy });
}

/**
 * Sets the copies a closed stock-take did not see (and that are still neither on loan, withdrawn
 * nor missing) to MISSING, once: a repeated call answers the same count and changes nothing.
 */
export async function markMissing(deps: StockTakeDeps, identity: Identity, id: string, confirm: boolean): Promise<number> {
  const stockTake = await loadStockTake(deps.db, identity, id);
  if (confirm !== true) throw new BadUserInputError('confirm', 'confirm must be true: marking copies missing changes the catalogue');
  if (stockTake.status !== StockTakeStatus.CLOSED) throw new StateConflict('STOCKTAKE_OPEN', `Stock-take ${id} is still open: close it first`);
  return transaction(deps.db, async (tx) => {
    const claimed = await tx
      .createQueryBuilder()
      .update(StockTake)
      .set({ missingMarkedAt: wholeSeconds(now()), version: () => 'version + 1' })
      .where('id = :id AND status = :closed AND missingMarkedAt IS NULL', { id, closed: StockTakeStatus.CLOSED })
      .execute();
    if (!claimed.affected) {
      const done = await tx.getRepository(StockTake).findOneByOrFail({ id });
      return done.missingMarkedCount ?? 0;
    }
    const unseen = await tx.getRepository(StockTakeScan).find({ select: { itemId: true }, where: { stockTakeId: id, outcome: StockTakeOutcome.NOT_SEEN } });
    const itemIds = unseen.map((s) => s.itemId).filter((v): v is string => v !== null);
    let marked = 0;
    for (let i = 0; i < itemIds.length; i += 500) {
      const result = await tx
        .createQueryBuilder()
        .update(Item)
        .set({ status: ItemStatus.MISSING })
        .where('id IN (:...ids)', { ids: itemIds.slice(i, i + 500) })
        .andWhere('status NOT IN (:...kept)', { kept: [...AWAY, ...GONE, ItemStatus.IN_TRANSIT] })
        .execute();
      marked += result.affected ?? 0;
    }
    await tx.getRepository(StockTake).update({ id }, { missingMarkedCount: marked });
    return marked;
  });
}
