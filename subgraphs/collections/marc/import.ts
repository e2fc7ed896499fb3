import type { DataSource, EntityManager } from 'typeorm';
import { requireStaffOf, type Identity } from '../../../shared/platform/auth';
import { isUniqueViolation } from '../../../shared/platform/database';
import { BadUserInputError } from '../../../shared/platform/errors';
import type { LibraryCalendar } from '../../../shared/domain/library-calendar';
import type { Logger } from '../../../shared/platform/logger';
import { takeBarcodes } from '../catalogue/barcodes';
import { newId } from '../ids';
import { transactionWithCalendars, type ReadCalendars } from '../circulation/calendars';
import { routeCopy } from '../circulation/circulation.service';
import { libraryToday } from '../conflict';
import { AUTHOR_SEPARATOR, BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { HoldStatus, Hold } from '../circulation/hold.entity';
import { Item, ItemStatus } from '../catalogue/item.entity';
import { fromMarc, type MappedRecord } from './mapping';
import { MarcSourceRecord, type StoredMarc } from './marc-source.entity';
import { control, type MarcRecord } from './marcjs';
import { contentHash, matchKey } from './matching';
import { MarcFormat, parseRecord, splitRecords } from './records';
import { MarcRejection, MarcRejectionReason } from './rejection';

/**
 * Importing a MARC file into the catalogue and one library's holdings.
 *
 * Each record is read, mapped and saved in its own transaction: a record that cannot be
 * catalogued (unreadable, no title, invalid ISBN, a barcode already on another copy …) throws
 * inside its transaction, so nothing of it is written, and is reported with its position in the
 * file, its control number (001) and the reason; the next record goes on.
 *
 * Re-import is idempotent. A record is matched to a catalogue record by ISBN-13; else by its
 * control number (001 with 003; a record without 003 only among the same library's imports, as
 * two SLiMS databases both number their records from 1); else by a key of normalised title,
 * first author and year (matching.ts) among the records imported from MARC. A matched record
 * whose content (without 005) was imported before is UNCHANGED: nothing is written, no copy
 * added. Otherwise it is MERGED: its copies are added, fields the catalogue lacks (subtitle,
 * edition, authors, subjects, ISBN, publisher, year, class, call number, an unknown language) are
 * filled by conditional UPDATEs (`… WHERE subtitle IS NULL`), so nothing is overwritten, even by
 * a desk editing at the same moment, and the record is stored as a new source revision (the
 * export uses the latest). Two imports creating the same ISBN at once: the unique index refuses
 * the second, which is retried once and sees the first.
 *
 * Every imported record is kept as it came (MarcSourceRecord, MARC-in-JSON) for a faithful
 * export (export.ts).
 *
 * Holdings (Koha 952, MARC 852) become copies of the importing library, whatever branch the
 * file names: the barcode in the file when it has one; a barcode already on a copy of this title
 * in this library means the copy is already here (a file imported twice adds nothing); one on
 * any other copy rejects the record. Copies without a barcode take the next ones of the
 * library's series, as received orders do. A copy of a title members wait for serves the queue
 * at once, as addItem does.
 */

export interface MarcImportDeps {
  db: DataSource;
  calendars: { get(libraryId: string): Promise<LibraryCalendar> };
  log?: Logger;
}

export interface MarcImportRequest {
  libraryId: string;
  data: Buffer;
  format: MarcFormat;
  /** Who imports: LIBRARIAN or LIBRARY_ADMIN of the library, or ADMIN (the CLI acts as ADMIN). */
  actor: Identity;
  /** More records than this: BAD_USER_INPUT before anything is written. */
  maxRecords?: number;
  /** Called after each record with (records done, records in the file). */
  onProgress?: (done: number, total: number) => void;
}

export enum MarcImportOutcome {
  CREATED = 'CREATED',
  MERGED = 'MERGED',
  UNCHANGED = 'UNCHANGED',
}

export interface MarcImportedRecord {
  position: number;
  controlNumber: string | null;
  outcome: MarcImportOutcome;
  record: BibliographicRecord;
  copiesCreated: number;
}

export interface MarcRejectedRecord {
  position: number;
  controlNumber: string | null;
  reason: MarcRejectionReason;
  message: string;
}

export interface MarcImportSummary {
  total: number;
  created: number;
  merged: number;
  unchanged: number;
  copiesCreated: number;
  records: MarcImportedRecord[];
  rejected: MarcRejectedRecord[];
}

/** Fields a merge may fill: the column, the value meaning "not known", and the new value as stored. */
function fills(fields: MappedRecord['fields']): { column: string; empty: string; value: string | number | null }[] {
  return [
    { column: 'subtitle', empty: 'IS NULL', value: fields.subtitle },
    { column: 'edition', empty: 'IS NULL', value: fields.edition },
    { column: 'authors', empty: "= ''", value: fields.authors.join(AUTHOR_SEPARATOR) || null },
    { column: 'subjects', empty: "= ''", value: fields.subjects.join(AUTHOR_SEPARATOR) || null },
    { column: 'isbn', empty: 'IS NULL', value: fields.isbn },
    { column: 'publisher', empty: "IS NULL OR publisher = '[s.n.]'", value: fields.publisher },
    { column: 'publishedYear', empty: 'IS NULL', value: fields.publishedYear },
    { column: 'ddc', empty: 'IS NULL', value: fields.ddc },
    { column: 'callNumber', empty: 'IS NULL', value: fields.callNumber },
    { column: 'language', empty: "= 'und'", value: fields.language === 'und' ? null : fields.language },
  ];
}

async function saveRecord(
  tx: EntityManager,
  calendars: ReadCalendars,
  libraryId: string,
  today: string,
  mapped: MappedRecord,
  source: MarcRecord,
): Promise<{ outcome: MarcImportOutcome; record: BibliographicRecord; copiesCreated: number }> {
  const records = tx.getRepository(BibliographicRecord);
  const sources = tx.getRepository(MarcSourceRecord);
  const controlNumber = mapped.controlNumber;
  const controlSource = control(source, '003')?.trim().slice(0, 50) ?? '';
  const key = matchKey(mapped.fields);
  const hash = contentHash(source);

  let existing = mapped.fields.isbn ? await records.findOneBy({ isbn: mapped.fields.isbn }) : null;
  if (!existing && controlNumber) {
    const known = await sources.findOne({ where: { controlNumber, controlSource, ...(controlSource ? {} : { libraryId }) }, order: { revision: 'DESC' } });
    if (known) existing = await records.findOneBy({ id: known.recordId });
  }
  if (!existing) {
    const known = await sources.findOne({ where: { matchKey: key }, order: { revision: 'DESC' } });
    if (known) existing = await records.findOneBy({ id: known.recordId });
  }
  if (existing && (await sources.existsBy({ recordId: existing.id, contentHash: hash }))) {
    return { outcome: MarcImportOutcome.UNCHANGED, record: existing, copiesCreated: 0 };
  }

  let record: BibliographicRecord;
  if (existing) {
    for (const { column, empty, value } of fills(mapped.fields)) {
      // Column names are ours, never the file's; values are parameters.
      if (value !== null) await tx.query(`UPDATE bibliographic_record SET ${column} = ? WHERE id = ? AND (${column} ${empty})`, [value, existing.id]);
    }
    record = await records.findOneByOrFail({ id: existing.id });
  } else {
    record = records.create({ id: newId(), ...mapped.fields });
    // A copy: after an INSERT on MySQL, TypeORM writes defaulted columns back raw (untransformed).
    await records.insert({ ...record });
  }
  const items: Item[] = [];
  const fresh = [];
  for (const h of mapped.holdings) {
    if (h.acquiredOn && h.acquiredOn > today) throw new MarcRejection(MarcRejectionReason.INVALID_HOLDING, `acquisition date ${h.acquiredOn} is after today`);
    if (h.barcode) {
      const held = await tx.getRepository(Item).findOneBy({ barcode: h.barcode });
      if (held && held.recordId === record.id && held.libraryId === libraryId) continue; // imported before
      if (held) throw new MarcRejection(MarcRejectionReason.DUPLICATE_BARCODE, `barcode ${h.barcode} is already on another copy`);
    }
    fresh.push(h);
  }
  const series = await takeBarcodes(tx, libraryId, fresh.filter((h) => !h.barcode).length);
  // The barcodes given to holdings without one, by the holding field's position in the record, so that the export writes that field for that copy.
  const assignedBarcodes: Record<number, string> = {};
  for (const h of fresh) {
    if (!h.barcode) assignedBarcodes[h.fieldIndex] = series[0];
    items.push(
      tx.getRepository(Item).create({
        id: newId(),
        barcode: h.barcode ?? series.shift()!,
        recordId: record.id,
        libraryId,
        location: h.location,
        collectionType: h.collectionType,
        status: h.status,
        atLibraryId: null,
        acquiredOn: h.acquiredOn ?? today,
        price: h.price,
        acquisitionLineId: null,
      }),
    );
  }
  if (items.length) await tx.getRepository(Item).insert(items.map((i) => ({ ...i })));
  const previous = await sources.findOne({ where: { recordId: record.id }, order: { revision: 'DESC' } });
  const stored: StoredMarc = { leader: source.leader, fields: source.fields, ...(Object.keys(assignedBarcodes).length ? { assignedBarcodes } : {}) };
  await sources.insert({
    id: newId(),
    recordId: record.id,
    libraryId,
    controlNumber,
    controlSource,
    matchKey: key,
    contentHash: hash,
    revision: (previous?.revision ?? 0) + 1,
    marc: JSON.stringify(stored),
    mapped: JSON.stringify(mapped.fields),
  });
  const onShelf = items.filter((i) => i.status === ItemStatus.AVAILABLE);
  if (onShelf.length && (await tx.getRepository(Hold).existsBy({ recordId: record.id, status: HoldStatus.WAITING }))) {
    for (const item of onShelf) await routeCopy(tx, calendars, item, ItemStatus.AVAILABLE, libraryId);
  }
  return { outcome: existing ? MarcImportOutcome.MERGED : MarcImportOutcome.CREATED, record, copiesCreated: items.length };
}

/** Imports a MARC file (ISO 2709 or MARCXML) into the catalogue and the library's holdings; see above. */
export async function importMarc(deps: MarcImportDeps, request: MarcImportRequest): Promise<MarcImportSummary> {
  const { libraryId, format, actor } = request;
  requireStaffOf(actor, libraryId);
  const { today } = await libraryToday(deps.calendars, libraryId);
  const raws = splitRecords(request.data, format);
  if (request.maxRecords !== undefined && raws.length > request.maxRecords) {
    throw new BadUserInputError('data', `At most ${request.maxRecords} records per import (this file has ${raws.length}); import larger files with npm run import:marc`);
  }
  const nextYear = Number(today.slice(0, 4)) + 1;
  const summary: MarcImportSummary = { total: raws.length, created: 0, merged: 0, unchanged: 0, copiesCreated: 0, records: [], rejected: [] };

  for (const [index, raw] of raws.entries()) {
    const position = index + 1;
    let controlNumber: string | null = null;
    try {
      const parsed = parseRecord(raw, format);
      controlNumber = control(parsed, '001')?.trim().slice(0, 50) || null;
      const mapped = fromMarc(parsed, { nextYear });
      // The calendars a waiting hold needs are read before the transaction (another pickup library: when it meets one).
      const save = () => transactionWithCalendars(deps, [libraryId], (tx, calendars) => saveRecord(tx, calendars, libraryId, today, mapped, parsed));
      const saved = await save().catch((err) => {
        // Another import created this ISBN or printed this barcode at the same moment: once more, now seeing it.
        if (isUniqueViolation(err)) return save();
        throw err;
      });
      summary.records.push({ position, controlNumber, ...saved });
      if (saved.outcome === MarcImportOutcome.CREATED) summary.created += 1;
      else if (saved.outcome === MarcImportOutcome.MERGED) summary.merged += 1;
      else summary.unchanged += 1;
      summary.copiesCreated += saved.copiesCreated;
    } catch (err) {
      if (err instanceof MarcRejection) {
        summary.rejected.push({ position, controlNumber, reason: err.reason, message: err.message });
      } else {
        deps.log?.error({ err, position, controlNumber }, 'MARC record not saved');
        summary.rejected.push({ position, controlNumber, reason: MarcRejectionReason.NOT_SAVED, message: 'The record could not be saved' });
      }
    }
    request.onProgress?.(position, raws.length);
  }
  return summary;
}
