import { In, type DataSource } from 'typeorm';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { Item } from '../catalogue/item.entity';
import { toMarc } from './mapping';
import { Marc } from './marcjs';

/**
 * Records as one MARCXML `<collection>`, in the order given, each with the exporting library's
 * copies as Koha 952 holdings (other libraries' copies are theirs to export). Ids that are not in
 * the catalogue are left out; callers check them first when that matters.
 */

export const MARCXML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">\n';
export const MARCXML_FOOTER = '</collection>\n';

/** The `<record>` elements of the given records, for one library. */
export async function marcxmlRecords(db: DataSource, libraryId: string, recordIds: string[]): Promise<string> {
  if (!recordIds.length) return '';
  const records = await db.getRepository(BibliographicRecord).findBy({ id: In(recordIds) });
  const items = await db.getRepository(Item).find({ where: { recordId: In(recordIds), libraryId }, order: { barcode: 'ASC' } });
  const byId = new Map(records.map((r) => [r.id, r]));
  return recordIds
    .filter((id) => byId.has(id))
    .map((id) =>
      Marc.format(
        toMarc(
          byId.get(id)!,
          items.filter((i) => i.recordId === id),
        ),
        'marcxml',
      ),
    )
    .join('');
}

/** A whole MARCXML document. */
export async function exportMarcxml(db: DataSource, libraryId: string, recordIds: string[]): Promise<string> {
  return MARCXML_HEADER + (await marcxmlRecords(db, libraryId, recordIds)) + MARCXML_FOOTER;
}
