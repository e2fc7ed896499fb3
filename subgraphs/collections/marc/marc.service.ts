import type { DataSource } from 'typeorm';
import { requireStaffOf, type Identity } from '../../../shared/platform/auth';
import { BadUserInputError, NotFoundError } from '../../../shared/platform/errors';
import type { LibraryCalendar } from '../../../shared/domain/library-calendar';
import type { Logger } from '../../../shared/platform/logger';
import { searchCatalogue } from '../catalogue/search.service';
import type { CollectionsLoaders } from '../loaders';
import { exportMarc } from './export';
import { importMarc, type MarcImportSummary } from './import';
import { MarcFormat } from './records';

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
    throw new BadUserInputError('data', `At most ${MAX_IMPORT_BYTES} bytes of MARC data per import; import larger files with npm run import:marc`);
  }
  if (!bytes.length) throw new BadUserInputError('data', 'data is empty');
  return bytes;
}

/**
 * Imports a small batch sent through the API (the library's LIBRARIAN or LIBRARY_ADMIN, ADMIN):
 * at most MAX_IMPORT_BYTES of data and MAX_IMPORT_RECORDS records, then import.ts `importMarc`.
 */
export async function importMarcRecords(
  deps: { db: DataSource; calendars: { get(libraryId: string): Promise<LibraryCalendar> }; log: Logger },
  identity: Identity,
  request: { libraryId: string; format: MarcFormat; data: string },
): Promise<MarcImportSummary> {
  requireStaffOf(identity, request.libraryId);
  const bytes = decode(request.data, request.format);
  return importMarc(deps, { libraryId: request.libraryId, data: bytes, format: request.format, actor: identity, maxRecords: MAX_IMPORT_RECORDS });
}

/**
 * Catalogue records as MARCXML text or base64 ISO 2709, with the library's copies (the library's LIBRARIAN or
 * LIBRARY_ADMIN, ADMIN): the records given by id, or those the library holds that match a
 * catalogue search — at most MAX_EXPORT_RECORDS either way.
 */
export async function exportMarcRecords(
  deps: { db: DataSource; loaders: Pick<CollectionsLoaders, 'recordById' | 'recordsByIds'> },
  identity: Identity,
  request: { libraryId: string; recordIds: string[] | null; search: string | null; format: MarcFormat },
): Promise<string> {
  const { libraryId, recordIds, search, format } = request;
  requireStaffOf(identity, libraryId);
  if ((recordIds == null) === (search == null)) throw new BadUserInputError('recordIds', 'Give either recordIds or search');
  let ids: string[];
  if (recordIds) {
    ids = [...new Set(recordIds)];
    if (!ids.length || ids.length > MAX_EXPORT_RECORDS) throw new BadUserInputError('recordIds', `Give 1 to ${MAX_EXPORT_RECORDS} record ids`);
    const found = await deps.loaders.recordById.loadMany(ids);
    const missing = ids.find((_, i) => found[i] == null || found[i] instanceof Error);
    if (missing) throw new NotFoundError('BibliographicRecord', missing);
  } else {
    const page = await searchCatalogue(deps.db, search!, { libraryId }, { first: MAX_EXPORT_RECORDS }, deps.loaders.recordsByIds);
    if (page.totalCount > MAX_EXPORT_RECORDS) {
      throw new BadUserInputError('search', `${page.totalCount} titles match: narrow the search to at most ${MAX_EXPORT_RECORDS}, or use npm run export:marc`);
    }
    ids = page.edges.map((e) => e.node.id);
  }
  const file = await exportMarc(deps.db, libraryId, ids, format);
  return format === MarcFormat.ISO2709 ? file.toString('base64') : file.toString('utf8');
}
