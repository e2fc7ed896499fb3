import type { Feature } from '../../../shared/platform/subgraph';
import type { CollectionsLoaders } from '../loaders';
import { StockTake, StockTakeScan } from './stock-take.entity';
import { LibraryStockTakesResolver, StockTakeReportResolver, StockTakeResolver, StockTakeScanResolver } from './stock-take.resolver';

/** Stock-taking (stock opname): open, scan, close, report, mark the unseen copies missing. */
export const stocktake: Feature<CollectionsLoaders> = {
  entities: [StockTake, StockTakeScan],
  resolvers: [StockTakeResolver, StockTakeReportResolver, StockTakeScanResolver, LibraryStockTakesResolver],
};
