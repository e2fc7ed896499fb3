import type { DataSource } from 'typeorm';
import { connectionLoader } from '../../../shared/platform/pagination';
import { groupedLoader } from '../rows';
import { StockTake, StockTakeOutcome, StockTakeScan } from './stock-take.entity';
import { REPORT_CATEGORIES, type ReportCategory } from './stock-take.service';
import type { StockTakeCounts } from './stock-take.types';

const zeroCounts = (): StockTakeCounts => ({
  scanned: 0,
  expected: 0,
  wrongLibrary: 0,
  wrongLocation: 0,
  onLoanScanned: 0,
  unknownBarcodes: 0,
  withdrawn: 0,
  foundMissing: 0,
  notSeen: 0,
  notSeenOnLoan: 0,
});

const COUNT_OF: Record<StockTakeOutcome, keyof StockTakeCounts> = {
  EXPECTED: 'expected',
  WRONG_LIBRARY: 'wrongLibrary',
  WRONG_LOCATION: 'wrongLocation',
  ON_LOAN: 'onLoanScanned',
  UNKNOWN_BARCODE: 'unknownBarcodes',
  WITHDRAWN: 'withdrawn',
  MISSING: 'foundMissing',
  NOT_SEEN: 'notSeen',
  NOT_SEEN_ON_LOAN: 'notSeenOnLoan',
};

/** Per-request loaders of stock-takes: lists per library, lists per report category, counts. */
export function stockTakeLoaders(db: DataSource) {
  return {
    /** A library's stock-takes, oldest first. */
    stockTakesByLibraryId: connectionLoader({ repo: db.getRepository(StockTake), alias: 'st', parent: 'st.libraryId', sort: 'openedAt' }),
    /** A stock-take's barcodes of one report category (the key's variant), by barcode. */
    stockTakeScansByStockTakeId: connectionLoader({
      repo: db.getRepository(StockTakeScan),
      alias: 'sc',
      parent: 'sc.stockTakeId',
      sort: 'barcode',
      scope: (qb, variant) => {
        qb.andWhere('sc.outcome IN (:...outcomes)', { outcomes: [...REPORT_CATEGORIES[variant as ReportCategory]] });
      },
    }),
    /** Barcodes per outcome, for every stock-take asked in the request (one grouped query). */
    stockTakeCountsById: groupedLoader<StockTakeCounts>(async (ids) => {
      const rows: { stockTakeId: string; outcome: StockTakeOutcome; n: string | number }[] = await db
        .getRepository(StockTakeScan)
        .createQueryBuilder('sc')
        .select('sc.stockTakeId', 'stockTakeId')
        .addSelect('sc.outcome', 'outcome')
        .addSelect('COUNT(*)', 'n')
        .where('sc.stockTakeId IN (:...ids)', { ids })
        .groupBy('sc.stockTakeId')
        .addGroupBy('sc.outcome')
        .getRawMany();
      const byId = new Map<string, StockTakeCounts>();
      for (const r of rows) {
        const counts = byId.get(r.stockTakeId) ?? zeroCounts();
        counts[COUNT_OF[r.outcome]] += Number(r.n);
        if ((REPORT_CATEGORIES.scanned as readonly string[]).includes(r.outcome)) counts.scanned += Number(r.n);
        byId.set(r.stockTakeId, counts);
      }
      return [...byId];
    }, zeroCounts),
  };
}
