import { XMLBuilder } from 'fast-xml-parser';
import { MaterialType, type BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import type { Item } from '../catalogue/item.entity';

/** DCMI Type Vocabulary terms for the catalogue's material types. */
const DC_TYPE: Record<MaterialType, string> = {
  [MaterialType.BOOK]: 'Text',
  [MaterialType.SERIAL]: 'Text',
  [MaterialType.EBOOK]: 'Text',
  [MaterialType.EJOURNAL]: 'Text',
  [MaterialType.THESIS]: 'Text',
  [MaterialType.MANUSCRIPT]: 'Text',
  [MaterialType.AUDIOVISUAL]: 'MovingImage',
  [MaterialType.MAP]: 'StillImage',
};

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: true });

/**
 * A record as unqualified Dublin Core (`oai_dc`), built from the catalogue's fields: title (with
 * subtitle), creators, subjects (headings, then the Dewey class), publisher, year, type (the DCMI
 * term, then the catalogue's material type), ISBN as `urn:isbn:`, edition, language (ISO 639-2),
 * and one `dc:source` per library holding copies ("<library id> <call number>").
 */
export function dublinCore(record: BibliographicRecord, copies: Item[]): string {
  const libraries = [...new Set(copies.map((c) => c.libraryId))];
  const dc = {
    '@_xmlns:oai_dc': 'http://www.openarchives.org/OAI/2.0/oai_dc/',
    '@_xmlns:dc': 'http://purl.org/dc/elements/1.1/',
    '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    '@_xsi:schemaLocation': 'http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd',
    'dc:title': record.subtitle ? `${record.title} : ${record.subtitle}` : record.title,
    'dc:creator': record.authors,
    'dc:subject': [...record.subjects, ...(record.ddc ? [`DDC ${record.ddc}`] : [])],
    'dc:publisher': record.publisher ?? [],
    'dc:date': record.publishedYear ? String(record.publishedYear) : [],
    'dc:type': [DC_TYPE[record.materialType] ?? 'Text', record.materialType],
    'dc:identifier': record.isbn ? `urn:isbn:${record.isbn}` : [],
    'dc:description': record.edition ?? [],
    'dc:language': record.language,
    'dc:source': libraries.map((library) => (record.callNumber ? `${library} ${record.callNumber}` : library)),
  };
  return builder.build({ 'oai_dc:dc': dc });
}
