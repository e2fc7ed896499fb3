import { In, type DataSource } from 'typeorm';
import { now } from '../../../shared/platform/clock';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { Item } from '../catalogue/item.entity';
import { holding, toMarc, type CatalogueFields } from './mapping';
import { MarcSourceRecord, type StoredMarc } from './marc-source.entity';
import { Marc, newMarcRecord, sub, type MarcField, type MarcRecord } from './marcjs';
import { MarcFormat } from './records';

/**
 * Records as MARC 21, in the order given, each with the exporting library's copies as holdings
 * (other libraries' copies are theirs to export). Ids that are not in the catalogue are left out;
 * callers check them first when that matters.
 *
 * A record imported from MARC is exported from the record as it was imported (the latest source
 * the exporting library imported, else the latest any library imported: marc-source.entity.ts), so that indicators, subfield order, 6XX subdivisions, inverted
 * personal names, fields the catalogue does not map (260 $a, 300, 500, 520 …) and local holdings
 * codes come back as they came in. Only these are regenerated:
 *   - leader/00-04 and 12-16 (record length, base address): computed by the writer;
 *   - 005 (date of last transaction): the time of the export;
 *   - a group of fields whose catalogue value was edited since the import (the catalogue differs
 *     from what the source mapped to) is replaced by the catalogue's: title and subtitle → 245;
 *     authors → 100/110/111/700/710/711; ISBN → 020; publisher and year → 260/264; edition → 250;
 *     subjects → 650/651; language → 041; Dewey class → 082; call number → 090/099;
 *   - holdings (952, 852): a field of the source whose copy the library still has (by its barcode
 *     $p, or the barcode the library gave a holding without one) is kept as it was, even if the
 *     copy's status or shelf changed since; the library's other copies (added at the desk or by
 *     another import) are written as generated Koha 952 fields; holdings of copies the library no
 *     longer has, or another library's, are left out.
 * A record never imported from MARC is generated from the catalogue (mapping.ts toMarc).
 */

export const MARCXML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">\n';
export const MARCXML_FOOTER = '</collection>\n';

const HOLDINGS = ['952', '852'];

/** Catalogue fields and the MARC tags that say them, for regenerating what was edited. */
const GROUPS: { keys: (keyof CatalogueFields)[]; tags: string[] }[] = [
  { keys: ['isbn'], tags: ['020'] },
  { keys: ['language'], tags: ['041'] },
  { keys: ['ddc'], tags: ['082'] },
  { keys: ['callNumber'], tags: ['090', '099'] },
  { keys: ['authors'], tags: ['100', '110', '111', '700', '710', '711'] },
  { keys: ['title', 'subtitle'], tags: ['245'] },
  { keys: ['edition'], tags: ['250'] },
  { keys: ['publisher', 'publishedYear'], tags: ['260', '264'] },
  { keys: ['subjects'], tags: ['650', '651'] },
];

/** 005 as MARC writes it: yyyymmddhhmmss.f, UTC. */
const transactionStamp = (at: Date) => `${at.toISOString().replace(/[-:T]/g, '').slice(0, 14)}.0`;

/** Inserts a field before the first field with a greater tag (tag order, as MARC files keep). */
function insertInOrder(fields: MarcField[], field: MarcField): void {
  const at = fields.findIndex((f) => f[0] > field[0]);
  if (at === -1) fields.push(field);
  else fields.splice(at, 0, field);
}

/** One record as MARC: from its stored source when it has one (see above), else generated. */
export function exportRecord(record: BibliographicRecord, items: Item[], source: MarcSourceRecord | null, at: Date = now()): MarcRecord {
  const generated = toMarc(record, items);
  if (!source) return generated;
  const stored = JSON.parse(source.marc) as StoredMarc;
  const mapped = JSON.parse(source.mapped) as CatalogueFields;
  const edited = GROUPS.filter((g) => g.keys.some((k) => JSON.stringify(mapped[k] ?? null) !== JSON.stringify(record[k] ?? null)));
  const replaced = new Set(edited.flatMap((g) => g.tags));
  const barcodes = new Map(items.map((i) => [i.barcode, i]));
  const kept = new Set<string>();
  const fields: MarcField[] = [];
  for (const [index, field] of stored.fields.entries()) {
    const tag = field[0];
    if (tag === '005' || replaced.has(tag)) continue;
    if (HOLDINGS.includes(tag)) {
      const barcode = (sub(field, 'p') ?? '').trim().toUpperCase() || stored.assignedBarcodes?.[index] || '';
      if (!barcodes.has(barcode) || kept.has(barcode)) continue;
      kept.add(barcode);
    }
    fields.push([...field]);
  }
  for (const tag of replaced) for (const field of generated.fields.filter((f) => f[0] === tag)) insertInOrder(fields, field);
  insertInOrder(fields, ['005', transactionStamp(at)]);
  for (const item of items) if (!kept.has(item.barcode)) fields.push(holding(item, record));
  return newMarcRecord(stored.leader, fields);
}

/** The records given, each with the library's copies, in the order given. */
export async function marcRecords(db: DataSource, libraryId: string, recordIds: string[]): Promise<MarcRecord[]> {
  if (!recordIds.length) return [];
  const records = await db.getRepository(BibliographicRecord).findBy({ id: In(recordIds) });
  const items = await db.getRepository(Item).find({ where: { recordId: In(recordIds), libraryId }, order: { barcode: 'ASC' } });
  const sources = await db.getRepository(MarcSourceRecord).find({ where: { recordId: In(recordIds) }, order: { revision: 'ASC' } });
  // The latest source the exporting library imported, else the latest of any library.
  const latest = new Map<string, MarcSourceRecord>();
  for (const s of sources) if (!latest.has(s.recordId) || latest.get(s.recordId)!.libraryId !== libraryId || s.libraryId === libraryId) latest.set(s.recordId, s);
  const byId = new Map(records.map((r) => [r.id, r]));
  const at = now();
  return recordIds
    .filter((id) => byId.has(id))
    .map((id) =>
      exportRecord(
        byId.get(id)!,
        items.filter((i) => i.recordId === id),
        latest.get(id) ?? null,
        at,
      ),
    );
}

/** The `<record>` elements of the given records, for one library. */
export async function marcxmlRecords(db: DataSource, libraryId: string, recordIds: string[]): Promise<string> {
  return (await marcRecords(db, libraryId, recordIds)).map((r) => Marc.format(r, 'marcxml')).join('');
}

/** The given records as ISO 2709 (UTF-8, leader/09 'a'), one after the other. */
export async function iso2709Records(db: DataSource, libraryId: string, recordIds: string[]): Promise<Buffer> {
  return Buffer.from((await marcRecords(db, libraryId, recordIds)).map((r) => Marc.format(r, 'iso2709')).join(''), 'utf8');
}

/** A whole MARCXML document. */
export async function exportMarcxml(db: DataSource, libraryId: string, recordIds: string[]): Promise<string> {
  return MARCXML_HEADER + (await marcxmlRecords(db, libraryId, recordIds)) + MARCXML_FOOTER;
}

/** A whole file in the given format: MARCXML text, or ISO 2709 bytes. */
export async function exportMarc(db: DataSource, libraryId: string, recordIds: string[], format: MarcFormat): Promise<Buffer> {
  return format === MarcFormat.ISO2709 ? iso2709Records(db, libraryId, recordIds) : Buffer.from(await exportMarcxml(db, libraryId, recordIds), 'utf8');
}
