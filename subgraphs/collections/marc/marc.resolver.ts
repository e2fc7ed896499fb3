import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { CollectionsContext } from '../context';
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
      "Import MARC 21 records (ISO 2709 base64-encoded, or MARCXML text; at most 64 KiB and 100 records) into the catalogue, de-duplicated by ISBN, with their holdings (Koha 952, MARC 852) as copies of the library. Bad records are reported and skipped. The library's LIBRARIAN or LIBRARY_ADMIN, ADMIN",
  })
  async importMarcRecords(
    @Arg('libraryId', () => ID) libraryId: string,
    @Arg('format', () => MarcFormat) format: MarcFormat,
    @Arg('data', () => String) data: string,
    @Ctx() ctx: CollectionsContext,
  ): Promise<MarcImportSummary> {
    return importMarcRecords({ db: ctx.db, calendars: ctx.calendar, log: ctx.log }, ctx.identity, { libraryId, format, data });
  }

  @Query(() => String, {
    nullable: true,
    description:
      "Catalogue records as a MARCXML collection, with the library's copies as Koha 952 holdings: the records given by id, or those the library holds that match a catalogue search (at most 200 either way). The library's LIBRARIAN or LIBRARY_ADMIN, ADMIN",
  })
  async marcExport(
    @Arg('libraryId', () => ID) libraryId: string,
    @Arg('recordIds', () => [ID], { nullable: true }) recordIds: string[] | null,
    @Arg('search', () => String, { nullable: true, description: 'A catalogue search, as in searchCatalogue, among the titles the library holds' }) search: string | null,
    @Ctx() ctx: CollectionsContext,
  ): Promise<string> {
    return exportMarcRecords({ db: ctx.db, loaders: ctx.loaders }, ctx.identity, { libraryId, recordIds, search });
  }
}
