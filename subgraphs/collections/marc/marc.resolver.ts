import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ConnectionArgs } from '../../../shared/platform/pagination';
import type { CollectionsContext } from '../context';
import { recordsToComplete, RecordToCompleteConnection } from './completion';
import { exportMarcRecords, importMarcRecords } from './marc.service';
import { MarcImportSummary } from './marc.types';
import { MarcFormat } from './records';

/**
 * MARC exchange through the API: small batches (a librarian pasting a Koha export, another
 * system calling us), within marc.service.ts's limits. Whole catalogues go through
 * `npm run import:marc` / `export:marc`, which have no size limit.
 */
@Resolver()
export class MarcResolver {
  @Mutation(() => MarcImportSummary, {
    nullable: true,
    description:
      "Import MARC 21 records (ISO 2709 base64-encoded, or MARCXML text; at most 64 KiB and 100 records) into the catalogue, matched to catalogued records by ISBN, else 001/003 control number, else title, first author and year (a re-import adds nothing), with their holdings (Koha 952, MARC 852) as copies of the library. Records without ISBN, class, publisher or year are imported and listed in recordsToComplete; records without a title or with a damaged structure are reported and skipped. The library's LIBRARIAN or LIBRARY_ADMIN, ADMIN",
  })
  async importMarcRecords(
    @Arg('libraryId', () => ID, { description: 'The library importing: copies are created from the holdings for it' }) libraryId: string,
    @Arg('format', () => MarcFormat, { description: 'The serialisation of data' }) format: MarcFormat,
    @Arg('data', () => String, { description: 'The MARC file: MARCXML text, or ISO 2709 base64-encoded; at most 64 KiB once decoded' }) data: string,
    @Ctx() ctx: CollectionsContext,
  ): Promise<MarcImportSummary> {
    return importMarcRecords({ db: ctx.db, calendars: ctx.calendar, log: ctx.log }, ctx.identity, { libraryId, format, data });
  }

  @Query(() => String, {
    nullable: true,
    description:
      "Catalogue records as MARC 21 (a MARCXML collection, or ISO 2709 base64-encoded), with the library's copies as holdings; records imported from MARC come back as imported, with what was edited since regenerated: the records given by id, or those the library holds that match a catalogue search (at most 200 either way). The library's LIBRARIAN or LIBRARY_ADMIN, ADMIN",
  })
  async marcExport(
    @Arg('libraryId', () => ID, { description: 'The library whose copies are exported as holdings' }) libraryId: string,
    @Arg('recordIds', () => [ID], { nullable: true, description: 'The records to export, 1 to 200; give either this or search' }) recordIds: string[] | null,
    @Arg('search', () => String, { nullable: true, description: 'A catalogue search, as in searchCatalogue, among the titles the library holds' }) search: string | null,
    @Arg('format', () => MarcFormat, { nullable: true, description: 'MARCXML (the default) or ISO2709 (answered base64-encoded)' }) format: MarcFormat | null,
    @Ctx() ctx: CollectionsContext,
  ): Promise<string> {
    return exportMarcRecords({ db: ctx.db, loaders: ctx.loaders }, ctx.identity, { libraryId, recordIds, search, format: format ?? MarcFormat.MARCXML });
  }

  @Query(() => RecordToCompleteConnection, {
    nullable: true,
    description:
      "The library's catalogue records to be completed (held or imported by it, lacking a publisher, a year, a Dewey class or a call number), by title, with what each lacks. The library's LIBRARIAN or LIBRARY_ADMIN, ADMIN",
  })
  async recordsToComplete(
    @Arg('libraryId', () => ID, { description: 'The library whose records are listed' }) libraryId: string,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: CollectionsContext,
  ): Promise<RecordToCompleteConnection> {
    return recordsToComplete(ctx.db, ctx.identity, libraryId, args, ctx.config.maxPageSize);
  }
}
