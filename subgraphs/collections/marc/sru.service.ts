import type { DataSource } from 'typeorm';
import type { Identity } from '../../../shared/platform/auth';
import { now } from '../../../shared/platform/clock';
import type { SruSettings } from '../../../shared/platform/config';
import { BadUserInputError, StateConflict } from '../../../shared/platform/errors';
import type { LibraryCalendar } from '../../../shared/domain/library-calendar';
import type { Logger } from '../../../shared/platform/logger';
import { requireLibraryAccess } from '../access';
import { importMarc, type MarcImportSummary } from './import';
import { clean, fromMarc } from './mapping';
import { control, fieldsOf, Marc, newMarcRecord, sub, type MarcRecord } from './marcjs';
import { contentHash } from './matching';
import { MarcFormat } from './records';
import { MarcRejection } from './rejection';
import { cqlFor, RemoteCatalogueError, searchRetrieve, type SruPage } from './sru';
import type { RemoteCatalogueRecord, RemoteCatalogueSearchResult } from './sru.types';

/**
 * Copy cataloguing: a cataloguer searches a remote catalogue (SRU_TARGETS) and imports one of
 * its records through the MARC import (import.ts: matching, merge, UNCHANGED on a re-import, the
 * source record kept). Who may: the library's LIBRARIAN or LIBRARY_ADMIN, and ADMIN — the
 * subgraph's scoping rule (access.ts) for the library's RECORDS.
 *
 * A record is imported as found, less what belongs to the remote library: its holdings (852,
 * Koha's 952) and local fields (9XX) — the importing library's copies are its own to add. A record
 * with a control number (001) but no 003 gets 003 = the target's name, so that it is matched
 * again by that control number only to records from the same catalogue.
 *
 * A search result's id carries the target, the CQL query, the record's position and a hash of
 * its content; importRemoteRecord fetches that position again and imports it only if it is the
 * same record (else CONFLICT, REMOTE_RECORD_CHANGED: search again). What is imported is what the
 * remote catalogue holds, not what a client sends. Every remote request happens before any
 * database write, so a failing target writes nothing.
 */

export interface SruDeps {
  settings: SruSettings;
  log?: Logger;
}

/** One searchRetrieve; a failing remote catalogue is logged for the operator (the caller sees SERVICE_UNAVAILABLE). */
async function ask(deps: SruDeps, target: { name: string; url: string }, cql: string, page: { startRecord: number; maximumRecords: number }): Promise<SruPage> {
  try {
    return await searchRetrieve(target, cql, page, deps.settings);
  } catch (err) {
    if (err instanceof RemoteCatalogueError) deps.log?.warn({ target: target.name, reason: err.extensions.reason, message: err.message }, 'remote catalogue failed');
    throw err;
  }
}

function targetNamed(settings: SruSettings, name: string): { name: string; url: string } {
  const target = settings.targets.find((t) => t.name === name);
  if (!target) {
    const known = settings.targets.map((t) => t.name).join(', ');
    throw new BadUserInputError('target', `${name} is not a configured remote catalogue (${known ? `configured: ${known}` : 'none is configured: SRU_TARGETS'})`);
  }
  return target;
}

/** The record as it is imported: without the remote library's holdings and local fields; 003 filled with the target's name when absent. */
export function forImport(record: MarcRecord, target: string): MarcRecord {
  const fields = record.fields.filter(([tag]) => tag !== '852' && !tag.startsWith('9'));
  if (control(record, '001') && !control(record, '003')) {
    const at = fields.findIndex(([tag]) => tag === '001');
    fields.splice(at + 1, 0, ['003', target]);
  }
  return newMarcRecord(record.leader, fields);
}

const marcxmlOf = (record: MarcRecord) => `<collection xmlns="http://www.loc.gov/MARC21/slim">\n${Marc.format(record, 'marcxml')}</collection>\n`;

interface RecordRef {
  /** target */
  t: string;
  /** CQL query */
  q: string;
  /** position in the result set */
  p: number;
  /** content hash, first 16 hex digits */
  h: string;
}

const hashOf = (record: MarcRecord) => contentHash(record).slice(0, 16);
const encodeRef = (ref: RecordRef) => Buffer.from(JSON.stringify(ref), 'utf8').toString('base64url');

function decodeRef(id: string): RecordRef {
  try {
    const ref = JSON.parse(Buffer.from(id, 'base64url').toString('utf8')) as RecordRef;
    if (typeof ref.t === 'string' && typeof ref.q === 'string' && Number.isInteger(ref.p) && ref.p >= 1 && /^[0-9a-f]{16}$/.test(ref.h)) return ref;
  } catch {
    // answered below
  }
  throw new BadUserInputError('recordId', 'recordId is not the id of a remote catalogue record (take it from remoteCatalogueSearch)');
}

function describe(target: string, cql: string, position: number, record: MarcRecord): RemoteCatalogueRecord {
  const base = {
    id: encodeRef({ t: target, q: cql, p: position, h: hashOf(record) }),
    position,
    controlNumber: control(record, '001')?.trim() || null,
    marcxml: marcxmlOf(record),
  };
  try {
    const { fields } = fromMarc(record, { nextYear: now().getUTCFullYear() + 1 });
    const { title, subtitle, authors, isbn, publisher, publishedYear } = fields;
    return { ...base, title, subtitle, authors, isbn, publisher, publishedYear, problem: null };
  } catch (err) {
    if (!(err instanceof MarcRejection)) throw err;
    const title = clean(sub(fieldsOf(record, '245')[0], 'a')) || null;
    return { ...base, title, subtitle: null, authors: [], isbn: null, publisher: null, publishedYear: null, problem: err.message };
  }
}

/** The first `first` records of a remote catalogue matching what the cataloguer typed (see sru.ts `cqlFor`). */
export async function searchRemoteCatalogue(
  deps: SruDeps,
  identity: Identity,
  request: { libraryId: string; target: string; query: string; first: number },
): Promise<RemoteCatalogueSearchResult> {
  requireLibraryAccess(identity, request.libraryId, 'RECORDS');
  const target = targetNamed(deps.settings, request.target);
  const cql = cqlFor(request.query);
  const page = await ask(deps, target, cql, { startRecord: 1, maximumRecords: request.first });
  return {
    target: target.name,
    cql,
    totalCount: page.total,
    records: page.records.slice(0, request.first).map(({ position, record }) => describe(target.name, cql, position, forImport(record, target.name))),
  };
}

/** Fetches a record found by remoteCatalogueSearch again and imports it into the catalogue (import.ts `importMarc`). */
export async function importRemoteRecord(
  deps: SruDeps & { db: DataSource; calendars: { get(libraryId: string): Promise<LibraryCalendar> } },
  identity: Identity,
  request: { libraryId: string; target: string; recordId: string },
): Promise<MarcImportSummary> {
  requireLibraryAccess(identity, request.libraryId, 'RECORDS');
  const target = targetNamed(deps.settings, request.target);
  const ref = decodeRef(request.recordId);
  if (ref.t !== target.name) throw new BadUserInputError('recordId', `This record was found in ${ref.t}, not in ${target.name}`);
  const page = await ask(deps, target, ref.q, { startRecord: ref.p, maximumRecords: 1 });
  const found = page.records.find((r) => r.position === ref.p);
  const record = found && forImport(found.record, target.name);
  if (!record || hashOf(record) !== ref.h) {
    throw new StateConflict('REMOTE_RECORD_CHANGED', `${target.name} no longer answers this record at this place in the results: search again`);
  }
  return importMarc(
    { db: deps.db, calendars: deps.calendars, log: deps.log },
    { libraryId: request.libraryId, data: Buffer.from(marcxmlOf(record), 'utf8'), format: MarcFormat.MARCXML, actor: identity, maxRecords: 1 },
  );
}
