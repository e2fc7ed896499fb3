import type { EntityManager } from 'typeorm';
import { DEMO_LIBRARIES, DEMO_TODAY, demoId } from '../../../shared/domain/demo';
import type { SeedSummary } from '../../../shared/platform/subgraph';
import { Item, ItemStatus } from '../catalogue/item.entity';
import { insertAll, localInstant } from '../demo/helpers';
import { StockTake, StockTakeOutcome, StockTakeScan, StockTakeStatus } from './stock-take.entity';

/** Baubau's children's room is being counted on the demo day: the shelf and the demo stock-take's id. */
export const DEMO_STOCK_TAKE = { id: demoId('stock-take', 'baubau', 0), libraryId: 'baubau', location: 'Ruang Anak' };

/**
 * A stock-take under way: opened on the demo day by one of Baubau's librarians, with the first
 * half of the shelf's copies on it (by barcode) scanned already. Nothing when the shelf is empty.
 */
export async function demoStockTakes(tx: EntityManager): Promise<SeedSummary> {
  const library = DEMO_LIBRARIES.find((l) => l.id === DEMO_STOCK_TAKE.libraryId)!;
  const copies = await tx.getRepository(Item).find({
    where: { libraryId: DEMO_STOCK_TAKE.libraryId, location: DEMO_STOCK_TAKE.location, status: ItemStatus.AVAILABLE },
    order: { barcode: 'ASC' },
  });
  if (!copies.length) return {};
  const openedAt = localInstant(library, DEMO_TODAY, 9);
  const stockTake = tx.getRepository(StockTake).create({
    ...DEMO_STOCK_TAKE,
    status: StockTakeStatus.OPEN,
    openKey: `${DEMO_STOCK_TAKE.libraryId}|${DEMO_STOCK_TAKE.location}`,
    version: 0,
    openedAt,
    openedBy: 'demo',
    openedByRole: 'LIBRARIAN',
    openedByLibrarianId: demoId('librarian', DEMO_STOCK_TAKE.libraryId, 0),
    closedAt: null,
    closedBy: null,
    missingMarkedAt: null,
    missingMarkedCount: null,
  });
  const scans = copies.slice(0, Math.ceil(copies.length / 2)).map((item, i) =>
    tx.getRepository(StockTakeScan).create({
      id: demoId('stock-take-scan', DEMO_STOCK_TAKE.libraryId, i),
      stockTakeId: DEMO_STOCK_TAKE.id,
      barcode: item.barcode,
      itemId: item.id,
      outcome: StockTakeOutcome.EXPECTED,
      scannedAt: new Date(openedAt.getTime() + (i + 1) * 60_000),
      scannedBy: 'demo',
    }),
  );
  await insertAll(tx, StockTake, [stockTake]);
  await insertAll(tx, StockTakeScan, scans);
  return { stockTakes: 1, stockTakeScans: scans.length };
}
