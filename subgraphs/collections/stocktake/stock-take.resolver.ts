import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, normalisePage, type Page } from '../../../shared/platform/pagination';
import { requireLibraryAccess } from '../access';
import { Item } from '../catalogue/item.entity';
import type { CollectionsContext } from '../context';
import { Librarian } from '../federation/librarian.stub';
import { Library } from '../federation/library.stub';
import { StockTake, StockTakeScan, StockTakeStatus } from './stock-take.entity';
import { OpenStockTakeInput, ScanStockTakeBarcodeArgs } from './stock-take.inputs';
import { closeStockTake, loadStockTake, markMissing, openStockTake, scanBarcode, type ReportCategory } from './stock-take.service';
import { StockTakeConnection, StockTakeCounts, StockTakeReport, StockTakeScanConnection } from './stock-take.types';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';

const WHO = "the library's LIBRARIAN or LIBRARY_ADMIN, ADMIN";

/** Stock-taking (stock opname); the rules and the concurrency are in stock-take.service.ts. */
@Resolver(() => StockTake)
export class StockTakeResolver {
  @Query(() => StockTake, { nullable: true, description: `A stock-take by id (${WHO})` })
  async stockTake(@Arg('id', () => ID, { description: "The stock-take's id" }) id: string, @Ctx() ctx: CollectionsContext): Promise<StockTake> {
    return loadStockTake(ctx.db, ctx.identity, id);
  }

  @Mutation(() => StockTake, {
    nullable: true,
    description: `Open a stock-take of one shelf location, or of the whole library (${WHO}); CONFLICT (reason STOCKTAKE_ALREADY_OPEN) while one of the same library and scope is open`,
  })
  async openStockTake(
    @Arg('input', () => OpenStockTakeInput, { description: 'The library, and the location to count' }) input: OpenStockTakeInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: CollectionsContext,
  ): Promise<StockTake> {
    return openStockTake({ db: ctx.db, calendars: ctx.calendar }, ctx.identity, input, idempotencyKey);
  }

  @Mutation(() => StockTakeScan, {
    nullable: true,
    description: `Record one scanned barcode of an OPEN stock-take and answer what it is (${WHO}); scanning a barcode again records nothing new and answers the same; CONFLICT (reason STOCKTAKE_CLOSED) once closed`,
  })
  async scanStockTakeBarcode(@Args(() => ScanStockTakeBarcodeArgs) args: ScanStockTakeBarcodeArgs, @Ctx() ctx: CollectionsContext): Promise<StockTakeScan> {
    return scanBarcode({ db: ctx.db, calendars: ctx.calendar }, ctx.identity, args.stockTakeId, args.barcode);
  }

  @Mutation(() => StockTake, {
    nullable: true,
    description: `Close an OPEN stock-take (${WHO}): the copies in scope nobody scanned go into its report; CONFLICT (reason STOCKTAKE_CLOSED) when closed already`,
  })
  async closeStockTake(@Arg('id', () => ID, { description: "The stock-take's id" }) id: string, @Ctx() ctx: CollectionsContext): Promise<StockTake> {
    return closeStockTake({ db: ctx.db, calendars: ctx.calendar }, ctx.identity, id);
  }

  @Mutation(() => Int, {
    nullable: true,
    description: `Set the copies a CLOSED stock-take did not see (not those on loan) to MISSING, and answer how many (${WHO}); needs confirm: true; CONFLICT (reason STOCKTAKE_OPEN) while open; a second call changes nothing and answers the same`,
  })
  async markStockTakeMissing(
    @Arg('id', () => ID, { description: "The CLOSED stock-take's id" }) id: string,
    @Arg('confirm', () => Boolean, { description: 'Must be true (false is BAD_USER_INPUT): marking copies MISSING changes the catalogue' }) confirm: boolean,
    @Ctx() ctx: CollectionsContext,
  ): Promise<number> {
    return markMissing({ db: ctx.db, calendars: ctx.calendar }, ctx.identity, id, confirm);
  }

  @FieldResolver(() => Library, { description: 'The library counted' })
  library(@Root() stockTake: StockTake): Library {
    return { id: stockTake.libraryId };
  }

  @FieldResolver(() => Librarian, { nullable: true, description: 'The librarian who opened it, when a librarian did' })
  openedByLibrarian(@Root() stockTake: StockTake): Librarian | null {
    return stockTake.openedByLibrarianId ? { id: stockTake.openedByLibrarianId } : null;
  }

  @FieldResolver(() => StockTakeCounts, { description: 'Barcodes per category so far (the not-seen ones from the close)' })
  async counts(@Root() stockTake: StockTake, @Ctx() ctx: CollectionsContext): Promise<StockTakeCounts> {
    return ctx.loaders.stockTakeCountsById.load(stockTake.id);
  }

  @FieldResolver(() => StockTakeReport, { nullable: true, description: 'What the count found; null while OPEN' })
  report(@Root() stockTake: StockTake): StockTakeReport | null {
    return stockTake.status === StockTakeStatus.CLOSED ? { stockTakeId: stockTake.id } : null;
  }
}

function category(ctx: CollectionsContext, report: StockTakeReport, name: ReportCategory, args: ConnectionArgs): Promise<Page<StockTakeScan>> {
  return ctx.loaders.stockTakeScansByStockTakeId.load({ parentId: report.stockTakeId, page: normalisePage(args, ctx.config.maxPageSize), variant: name });
}

/** The report's lists; reached only through a StockTake the caller may see. */
@Resolver(() => StockTakeReport)
export class StockTakeReportResolver {
  @FieldResolver(() => StockTakeCounts, { description: 'Barcodes per category' })
  async counts(@Root() report: StockTakeReport, @Ctx() ctx: CollectionsContext): Promise<StockTakeCounts> {
    return ctx.loaders.stockTakeCountsById.load(report.stockTakeId);
  }

  @FieldResolver(() => StockTakeScanConnection, { description: 'Copies in scope nobody scanned, not on loan: candidates for MISSING' })
  async notSeen(@Root() report: StockTakeReport, @Args() args: ConnectionArgs, @Ctx() ctx: CollectionsContext) {
    return category(ctx, report, 'notSeen', args);
  }

  @FieldResolver(() => StockTakeScanConnection, { description: 'Copies in scope nobody scanned that were on loan at close' })
  async onLoan(@Root() report: StockTakeReport, @Args() args: ConnectionArgs, @Ctx() ctx: CollectionsContext) {
    return category(ctx, report, 'onLoan', args);
  }

  @FieldResolver(() => StockTakeScanConnection, { description: 'Copies scanned in the wrong library or the wrong location' })
  async wrongPlace(@Root() report: StockTakeReport, @Args() args: ConnectionArgs, @Ctx() ctx: CollectionsContext) {
    return category(ctx, report, 'wrongPlace', args);
  }

  @FieldResolver(() => StockTakeScanConnection, { description: 'Scanned barcodes no copy has' })
  async unknownBarcodes(@Root() report: StockTakeReport, @Args() args: ConnectionArgs, @Ctx() ctx: CollectionsContext) {
    return category(ctx, report, 'unknownBarcodes', args);
  }
}

@Resolver(() => StockTakeScan)
export class StockTakeScanResolver {
  @FieldResolver(() => Item, { nullable: true, description: 'The copy with this barcode; null for an unknown barcode' })
  async item(@Root() scan: StockTakeScan, @Ctx() ctx: CollectionsContext): Promise<Item | null> {
    return scan.itemId ? ctx.loaders.itemById.load(scan.itemId) : null;
  }
}

/** Collections' stock-take list on the library. */
@Resolver(() => Library)
export class LibraryStockTakesResolver {
  @FieldResolver(() => StockTakeConnection, { nullable: true, description: `The library's stock-takes, oldest first (${WHO})` })
  async stockTakes(@Root() library: Library, @Args() args: ConnectionArgs, @Ctx() ctx: CollectionsContext) {
    requireLibraryAccess(ctx.identity, library.id, 'RECORDS');
    return ctx.loaders.stockTakesByLibraryId.load({ parentId: library.id, page: normalisePage(args, ctx.config.maxPageSize) });
  }
}
