import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import { requireStaffOf } from '../../../shared/auth';
import { BadUserInputError, NotFoundError } from '../../../shared/errors';
import type { CollectionsContext } from '../context';
import { BibliographicRecord } from '../entities/bibliographic-record.entity';
import { exportMarcxml } from '../marc/export';
import { importMarc, MarcImportOutcome } from '../marc/import';
import { MarcFormat } from '../marc/records';
import { MarcRejectionReason } from '../marc/rejection';
import { searchCatalogue } from '../search';

/**
 * MARC exchange through the API: small batches (a librarian pasting a Koha export, another
 * system calling us). Whole catalogues go through `npm run import:marc` / `export:marc`, which
 * have no size limit. The gateway's BODY_LIMIT (100kb by default) caps a request anyway.
 */

/** Bytes of MARC data per call (after base64 decoding for ISO 2709). */
export const MAX_IMPORT_BYTES = 64 * 1024;
/** Records per import call. */
export const MAX_IMPORT_RECORDS = 100;
/** Records per export call. */
export const MAX_EXPORT_RECORDS = 200;

registerEnumType(MarcFormat, {
  name: 'MarcFormat',
  description: 'MARC 21 serialisation: ISO2709 (binary .mrc, sent base64-encoded) or MARCXML (sent as text)',
});
registerEnumType(MarcImportOutcome, { name: 'MarcImportOutcome', description: 'CREATED: a new catalogue record; MERGED: into the record with the same ISBN' });

@ObjectType({ description: 'A MARC record that was imported' })
export class MarcImportedRecord {
  @Field(() => Int, { description: 'Position in the file, from 1' })
  position: number;

  @Field(() => String, { nullable: true, description: 'Its control number (001) in the file' })
  controlNumber: string | null;

  @Field(() => MarcImportOutcome)
  outcome: MarcImportOutcome;

  @Field(() => BibliographicRecord, { description: 'The catalogue record it created or was merged into' })
  record: BibliographicRecord;

  @Field(() => Int, { description: 'Copies created from its holdings (952/852) for the importing library' })
  copiesCreated: number;
}

@ObjectType({ description: 'A MARC record that was reported and skipped: nothing of it was written' })
export class MarcRejectedRecord {
  @Field(() => Int, { description: 'Position in the file, from 1' })
  position: number;

  @Field(() => String, { nullable: true, description: 'Its control number (001), when it could be read' })
  controlNumber: string | null;

  @Field(() => MarcRejectionReason)
  reason: MarcRejectionReason;

  @Field({ description: 'What is wrong, in English' })
  message: string;
}

@ObjectType({ description: 'What a MARC import did' })
export class MarcImportSummary {
  @Field(() => Int, { description: 'Records in the file' })
  total: number;

  @Field(() => Int, { description: 'New catalogue records' })
  created: number;

  @Field(() => Int, { description: 'Records merged into the catalogue record with the same ISBN' })
  merged: number;

  @Field(() => Int, { description: 'Copies created for the importing library' })
  copiesCreated: number;

  @Field(() => [MarcImportedRecord], { description: 'The records imported, in file order' })
  records: MarcImportedRecord[];

  @Field(() => [MarcRejectedRecord], { description: 'The records skipped, in file order, with the reason' })
  rejected: MarcRejectedRecord[];
}

function decode(data: string, format: MarcFormat): Buffer {
  let bytes: Buffer;
  if (format === MarcFormat.ISO2709) {
    const compact = data.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) throw new BadUserInputError('data', 'ISO 2709 data must be sent base64-encoded');
    bytes = Buffer.from(compact, 'base64');
  } else {
    bytes = Buffer.from(data, 'utf8');
  }
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new BadUserInputError('data', `at most ${MAX_IMPORT_BYTES} bytes of MARC data per import; import larger files with npm run import:marc`);
  }
  if (!bytes.length) throw new BadUserInputError('data', 'data is empty');
  return bytes;
}

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
    requireStaffOf(ctx.identity, libraryId);
    const bytes = decode(data, format);
    return importMarc(
      { db: ctx.db, calendars: ctx.calendar, log: ctx.log },
      { libraryId, data: bytes, format, actor: ctx.identity, maxRecords: MAX_IMPORT_RECORDS },
    );
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
    requireStaffOf(ctx.identity, libraryId);
    if ((recordIds == null) === (search == null)) throw new BadUserInputError('recordIds', 'give either recordIds or search');
    let ids: string[];
    if (recordIds) {
      ids = [...new Set(recordIds)];
      if (!ids.length || ids.length > MAX_EXPORT_RECORDS) throw new BadUserInputError('recordIds', `give 1 to ${MAX_EXPORT_RECORDS} record ids`);
      const found = await ctx.loaders.recordById.loadMany(ids);
      const missing = ids.find((_, i) => found[i] == null || found[i] instanceof Error);
      if (missing) throw new NotFoundError('BibliographicRecord', missing);
    } else {
      const page = await searchCatalogue(ctx.db, search!, { libraryId }, { first: MAX_EXPORT_RECORDS }, ctx.loaders.recordsByIds);
      if (page.totalCount > MAX_EXPORT_RECORDS) {
        throw new BadUserInputError('search', `${page.totalCount} titles match: narrow the search to at most ${MAX_EXPORT_RECORDS}, or use npm run export:marc`);
      }
      ids = page.edges.map((e) => e.node.id);
    }
    return exportMarcxml(ctx.db, libraryId, ids);
  }
}
