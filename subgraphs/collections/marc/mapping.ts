import { deriveCallNumber } from '../catalogue/call-number';
import { AUTHOR_SEPARATOR, BibliographicRecord, MaterialType } from '../catalogue/bibliographic-record.entity';
import { CollectionType, Item, ItemStatus } from '../catalogue/item.entity';
import { EARLIEST_PUBLICATION_YEAR } from '../catalogue/bibliographic-record.inputs';
import { normaliseIsbn } from '../catalogue/catalogue.service';
import { control, fieldsOf, newMarcRecord, sub, subfields, type MarcField, type MarcRecord } from './marcjs';
import { MarcRejection, MarcRejectionReason } from './rejection';

/**
 * MARC 21 bibliographic ⇄ the catalogue.
 *
 *   001            control number (reported with rejections; exported: the record's id)
 *   020 $a         ISBN → ISBN-13 (qualifiers such as "(pbk.)" dropped; an invalid one is not catalogued, null)
 *   041 $a, 008/35-37  language (ISO 639-2; 'und' when absent)
 *   082 $a         Dewey class ('/' segmentation marks dropped); else 084 $a when it is a Dewey class (SLiMS); else the class a call number starts with; else null
 *   090 $a $b, 099 $a  call number; else the first holding's (952 $o, 852 $h $i); else derived from the class; else null
 *   100/110/111, 700/710 $a  authors in order; an inverted personal name ("Toer, Pramoedya Ananta",
 *                  ind1 = 1) is turned to the direct order the catalogue keeps
 *   245 $a $b      title, subtitle (ISBD punctuation dropped)
 *   250 $a         edition
 *   264 (ind2 1) or 260 $b $c  publisher (null when absent), year; else 008/07-10 (null when absent or not 1450 to next year)
 *   502            a dissertation note: THESIS; otherwise leader/06-07 give the material type
 *   650/651 $a $x $y $z $v  subject headings, subdivisions joined with ' -- '
 *   952 (Koha), 852 (MARC holdings, SLiMS)  copies: see holdingFrom952 / holdingFrom852
 *
 * The catalogue keeps no place of publication nor summary (260 $a, 520) in its own fields, but the
 * whole record is kept as imported (marc-source.entity.ts) and exported again (export.ts).
 * A record is rejected only without a title, or for holdings that would make bad copies
 * (barcodes, dates, prices) or values longer than the catalogue keeps; a record without ISBN,
 * class, publisher or year is catalogued with those null, "to be completed".
 */

export type CatalogueFields = Omit<BibliographicRecord, 'id'>;

export interface MarcHolding {
  /** The position of its 952/852 field in the record. */
  fieldIndex: number;
  barcode: string | null;
  location: string;
  collectionType: CollectionType;
  status: ItemStatus;
  acquiredOn: string | null;
  price: number;
  callNumber: string | null;
}

export interface MappedRecord {
  controlNumber: string | null;
  fields: CatalogueFields;
  holdings: MarcHolding[];
}

const reject = (reason: MarcRejectionReason, message: string): never => {
  throw new MarcRejection(reason, message);
};

/** Trailing ISBD punctuation and spaces: "Bumi manusia /" → "Bumi manusia". A full stop after an initial ("J.") stays. */
export function clean(value: string | undefined): string {
  let v = (value ?? '').replace(/\s+/g, ' ').trim();
  for (;;) {
    const next = v
      .replace(/\s*[/:;,=]$/, '')
      .replace(/([^A-Z\s.])\.$/, '$1')
      .trim();
    if (next === v) return v;
    v = next;
  }
}

function within(value: string, max: number, what: string): string {
  if (value.length > max) reject(MarcRejectionReason.FIELD_TOO_LONG, `${what} is longer than ${max} characters`);
  return value;
}

// ---- MARC → catalogue ----------------------------------------------------------------------

const DDC = /^[0-9][0-9X][0-9](\.[0-9 ]*[0-9])?/;

function ddcFrom(record: MarcRecord, callNumbers: (string | null)[]): string | null {
  for (const f of fieldsOf(record, '082')) {
    const raw = (sub(f, 'a') ?? '').replace(/[/']/g, '').replace(/\s+/g, ' ').trim();
    const m = DDC.exec(raw);
    if (m && m[0] === raw) return raw;
  }
  // SLiMS exports its class as 084 $a, with the DDC edition after a space ("005.13/3 22").
  for (const f of fieldsOf(record, '084')) {
    const raw = (sub(f, 'a') ?? '')
      .replace(/[/']/g, '')
      .replace(/\s+\d{2}$/, '')
      .replace(/\s+/g, ' ')
      .trim();
    const m = DDC.exec(raw);
    if (m && m[0] === raw) return raw;
  }
  for (const callNumber of callNumbers) {
    const m = callNumber ? DDC.exec(callNumber) : null;
    if (m) return m[0].trim();
  }
  return null;
}

function isbnFrom(record: MarcRecord): string | null {
  const raw = fieldsOf(record, '020')
    .map((f) => sub(f, 'a'))
    .find((a) => a?.trim());
  if (!raw) return null;
  const token = raw.trim().split(/[\s(]/)[0];
  try {
    return normaliseIsbn(token);
  } catch {
    return null; // kept as imported in the stored source, not catalogued
  }
}

function personalName(field: MarcField): string {
  const name = clean(sub(field, 'a')).replace(/;/g, ',');
  // "Surname, Forenames" (ind1 = 1) → "Forenames Surname", as the catalogue keeps authors.
  const m = /^([^,]+),\s*([^,]+)$/.exec(name);
  return field[0].endsWith('00') && field[1]?.[0] === '1' && m ? `${m[2]} ${m[1]}` : name;
}

function authorsFrom(record: MarcRecord): string[] {
  const main = fieldsOf(record, '100', '110', '111');
  const added = fieldsOf(record, '700', '710', '711');
  const names = [...new Set([...main, ...added].map(personalName).filter(Boolean))];
  if (names.length > 20) reject(MarcRejectionReason.FIELD_TOO_LONG, 'the record has more than 20 authors');
  names.forEach((n) => within(n, 150, `author "${n.slice(0, 30)}…"`));
  if (names.join(AUTHOR_SEPARATOR).length > 1000) reject(MarcRejectionReason.FIELD_TOO_LONG, 'the authors together are longer than 1000 characters');
  return names;
}

function subjectsFrom(record: MarcRecord): string[] {
  const headings = fieldsOf(record, '650', '651').map((f) =>
    subfields(f)
      .filter(([code]) => 'axyzv'.includes(code))
      .map(([, v]) => clean(v).replace(/;/g, ','))
      .filter(Boolean)
      .join(' -- '),
  );
  const subjects = [...new Set(headings.filter(Boolean))];
  if (subjects.length > 20) reject(MarcRejectionReason.FIELD_TOO_LONG, 'the record has more than 20 subject headings');
  subjects.forEach((s) => within(s, 100, `subject "${s.slice(0, 30)}…"`));
  return subjects;
}

function publicationFrom(record: MarcRecord, nextYear: number): { publisher: string | null; publishedYear: number | null } {
  const imprint = fieldsOf(record, '264').find((f) => f[1]?.[1] === '1') ?? fieldsOf(record, '260')[0] ?? fieldsOf(record, '264')[0];
  const named = clean(sub(imprint, 'b'));
  // '[s.n.]' (sine nomine) says the publisher is not known: null, as for no 264/260 $b at all.
  const publisher = named && !/^\[?s\.\s?n\.?\]?$/i.test(named) ? within(named, 200, 'publisher') : null;
  const fixed = control(record, '008') ?? '';
  const year = /\d{4}/.exec(sub(imprint, 'c') ?? '')?.[0] ?? (/^\d{4}$/.test(fixed.slice(7, 11)) ? fixed.slice(7, 11) : undefined);
  const publishedYear = year ? Number(year) : null;
  // A year outside the printing era is a typing error in the file: not catalogued, kept in the source.
  return { publisher, publishedYear: publishedYear !== null && publishedYear >= EARLIEST_PUBLICATION_YEAR && publishedYear <= nextYear ? publishedYear : null };
}

function languageFrom(record: MarcRecord): string {
  const coded = fieldsOf(record, '041')
    .map((f) => sub(f, 'a'))
    .find(Boolean)
    ?.trim()
    .toLowerCase()
    .slice(0, 3);
  if (coded && /^[a-z]{3}$/.test(coded)) return coded;
  const fixed = (control(record, '008') ?? '').slice(35, 38).toLowerCase();
  return /^[a-z]{3}$/.test(fixed) ? fixed : 'und';
}

function materialTypeFrom(record: MarcRecord): MaterialType {
  if (fieldsOf(record, '502').length) return MaterialType.THESIS;
  const [type, level] = [record.leader[6], record.leader[7]];
  if (type === 'a' && (level === 's' || level === 'b' || level === 'i')) return MaterialType.SERIAL;
  if ('gijkor'.includes(type)) return MaterialType.AUDIOVISUAL;
  if ('ef'.includes(type)) return MaterialType.MAP;
  if ('dt'.includes(type)) return MaterialType.MANUSCRIPT;
  if (type === 'm') return level === 's' ? MaterialType.EJOURNAL : MaterialType.EBOOK;
  return MaterialType.BOOK;
}

const CCODES: [RegExp, CollectionType][] = [
  [/^(LOCAL|LOKAL|KL|MUATAN ?LOKAL)$/, CollectionType.LOCAL],
  [/^(CHILDREN|CHILD|ANAK|JUV|JUVENILE|KA)$/, CollectionType.CHILDREN],
  [/^(REFERENCE|REF|REFERENSI|R)$/, CollectionType.REFERENCE],
  [/^(SERIAL|SERIALS|SER|BERKALA|TERBITAN BERKALA)$/, CollectionType.SERIAL],
  [/^(MULTIMEDIA|MM|AV|AUDIOVISUAL)$/, CollectionType.MULTIMEDIA],
];
export const collectionTypeOf = (code: string | undefined): CollectionType => CCODES.find(([re]) => re.test((code ?? '').trim().toUpperCase()))?.[1] ?? CollectionType.GENERAL;

/** Where a copy is shelved when the file does not say (the demo libraries' shelf names). */
export const DEFAULT_LOCATION: Record<CollectionType, string> = {
  [CollectionType.GENERAL]: 'Rak Umum',
  [CollectionType.LOCAL]: 'Koleksi Lokal',
  [CollectionType.CHILDREN]: 'Ruang Anak',
  [CollectionType.REFERENCE]: 'Ruang Referensi',
  [CollectionType.SERIAL]: 'Rak Terbitan Berkala',
  [CollectionType.MULTIMEDIA]: 'Ruang Multimedia',
};

const flagged = (v: string | undefined) => Boolean(v && v.trim() && v.trim() !== '0');

function barcodeOf(raw: string | undefined): string | null {
  const code = (raw ?? '').trim().toUpperCase();
  if (!code) return null;
  if (!/^[A-Z0-9][A-Z0-9-]{0,29}$/.test(code)) reject(MarcRejectionReason.INVALID_BARCODE, `barcode "${code.slice(0, 40)}" is not 1 to 30 letters, digits and hyphens`);
  return code;
}

function dateOf(raw: string | undefined): string | null {
  const v = (raw ?? '').trim();
  if (!v) return null;
  const d = new Date(`${v}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
    reject(MarcRejectionReason.INVALID_HOLDING, `acquisition date "${v.slice(0, 20)}" is not a date (YYYY-MM-DD)`);
  }
  return v;
}

/** Rupiah: "85000", "85000.00" (Koha's decimals) or "Rp 85.000" (Indonesian thousands). */
function priceOf(raw: string | undefined): number {
  const v = (raw ?? '').trim();
  if (!v) return 0;
  const price = /^\d+(\.\d{1,2})?$/.test(v) ? Math.round(Number(v)) : Number(v.replace(/,\d{1,2}$/, '').replace(/\D/g, ''));
  if (!v.replace(/\D/g, '') || !Number.isSafeInteger(price) || price > 1_000_000_000)
    reject(MarcRejectionReason.INVALID_HOLDING, `price "${v.slice(0, 20)}" is not an amount of rupiah`);
  return price;
}

function statusOf(withdrawn?: string, lost?: string, damaged?: string, notForLoan?: string): ItemStatus {
  if (flagged(withdrawn)) return ItemStatus.WITHDRAWN;
  if (flagged(lost)) return ItemStatus.MISSING;
  if (flagged(damaged)) return ItemStatus.REPAIR;
  if (flagged(notForLoan)) return ItemStatus.NOT_FOR_LOAN;
  return ItemStatus.AVAILABLE;
}

function location(raw: string | undefined, collectionType: CollectionType): string {
  return within(clean(raw) || DEFAULT_LOCATION[collectionType], 100, 'shelving location');
}

/** Koha 952: $p barcode, $c shelving location, $8 collection code, $d acquired, $g/$v price, $o call number, $0 withdrawn, $1 lost, $4 damaged, $7 not for loan. */
function holdingFrom952(f: MarcField, fieldIndex: number): MarcHolding {
  const collectionType = collectionTypeOf(sub(f, '8'));
  return {
    fieldIndex,
    barcode: barcodeOf(sub(f, 'p')),
    location: location(sub(f, 'c'), collectionType),
    collectionType,
    status: statusOf(sub(f, '0'), sub(f, '1'), sub(f, '4'), sub(f, '7')),
    acquiredOn: dateOf(sub(f, 'd')),
    price: priceOf(sub(f, 'g') ?? sub(f, 'v')),
    callNumber: clean(sub(f, 'o')) || null,
  };
}

/** MARC 852 (SLiMS-style exports): $p barcode, $c shelving location (else $b sublocation), $h $i call number, $x note ignored. */
function holdingFrom852(f: MarcField, fieldIndex: number): MarcHolding {
  const collectionType = collectionTypeOf(sub(f, 'b'));
  const callNumber = [sub(f, 'h'), sub(f, 'i')].map(clean).filter(Boolean).join(' ');
  return {
    fieldIndex,
    barcode: barcodeOf(sub(f, 'p')),
    location: location(sub(f, 'c') ?? (collectionType === CollectionType.GENERAL ? sub(f, 'b') : undefined), collectionType),
    collectionType,
    status: ItemStatus.AVAILABLE,
    acquiredOn: null,
    price: 0,
    callNumber: callNumber || null,
  };
}

/** The catalogue fields and copies a MARC record describes; MarcRejection when it cannot be catalogued. */
export function fromMarc(record: MarcRecord, options: { nextYear: number }): MappedRecord {
  const controlNumber = control(record, '001')?.trim().slice(0, 50) || null;
  const titleField = fieldsOf(record, '245')[0];
  const title = within(clean(sub(titleField, 'a')), 300, 'title');
  if (!title) reject(MarcRejectionReason.MISSING_TITLE, 'the record has no title (245 $a)');
  const holdingsOf = (tag: string, read: (f: MarcField, i: number) => MarcHolding) => record.fields.flatMap((f, i) => (f[0] === tag && f.length > 2 ? [read(f, i)] : []));
  const holdings = [...holdingsOf('952', holdingFrom952), ...holdingsOf('852', holdingFrom852)];
  const barcodes = holdings.map((h) => h.barcode).filter((b): b is string => Boolean(b));
  const twice = barcodes.find((b, i) => barcodes.indexOf(b) !== i);
  if (twice) reject(MarcRejectionReason.DUPLICATE_BARCODE, `barcode ${twice} appears twice in the record`);

  const isbn = isbnFrom(record);
  const authors = authorsFrom(record);
  const subjects = subjectsFrom(record);
  const { publisher, publishedYear } = publicationFrom(record, options.nextYear);
  const local = fieldsOf(record, '090', '099')[0];
  const recordCallNumber = [sub(local, 'a'), sub(local, 'b')].map(clean).filter(Boolean).join(' ') || null;
  const ddc = ddcFrom(record, [recordCallNumber, ...holdings.map((h) => h.callNumber)]);
  const callNumber = recordCallNumber ?? holdings.find((h) => h.callNumber)?.callNumber ?? (ddc ? deriveCallNumber(ddc, authors, title) : null);
  if (callNumber) within(callNumber, 60, 'call number');
  return {
    controlNumber,
    fields: {
      title,
      subtitle: within(clean(sub(titleField, 'b')), 300, 'subtitle') || null,
      authors,
      publisher,
      publishedYear,
      // Full stops stay: 'Cet. 2.' is how editions are written, and what the catalogue keeps.
      edition:
        within(
          (sub(fieldsOf(record, '250')[0], 'a') ?? '')
            .replace(/\s*[/:;,=]\s*$/, '')
            .replace(/\s+/g, ' ')
            .trim(),
          100,
          'edition',
        ) || null,
      isbn,
      subjects,
      language: languageFrom(record),
      materialType: materialTypeFrom(record),
      ddc,
      callNumber,
    },
    holdings,
  };
}

// ---- catalogue → MARC ----------------------------------------------------------------------

/** Leader positions 06-07 (type of record, bibliographic level) for each material type. */
export const LEADER_TYPE: Record<MaterialType, string> = {
  [MaterialType.BOOK]: 'am',
  [MaterialType.SERIAL]: 'as',
  [MaterialType.AUDIOVISUAL]: 'gm',
  [MaterialType.MAP]: 'em',
  [MaterialType.EBOOK]: 'mm',
  [MaterialType.EJOURNAL]: 'ms',
  [MaterialType.THESIS]: 'am',
  [MaterialType.MANUSCRIPT]: 'tm',
};

/** 008: date entered (blank), single date (or 'n' unknown), year, place 'io ' (Indonesia), language, source 'd'. */
const fixedField = (record: BibliographicRecord) => `      ${record.publishedYear ? `s${record.publishedYear}` : 'nuuuu'}    io ${' '.repeat(17)}${record.language} d`;

export function holding(item: Item, record: BibliographicRecord): MarcField {
  const flags: [string, ItemStatus][] = [
    ['0', ItemStatus.WITHDRAWN],
    ['1', ItemStatus.MISSING],
    ['4', ItemStatus.REPAIR],
    ['7', ItemStatus.NOT_FOR_LOAN],
  ];
  return [
    '952',
    '  ',
    ...flags.flatMap(([code, status]) => (item.status === status ? [code, '1'] : [])),
    '8',
    item.collectionType,
    'a',
    item.libraryId,
    'b',
    item.atLibraryId ?? item.libraryId,
    'c',
    item.location,
    'd',
    item.acquiredOn,
    'g',
    String(item.price),
    ...(record.callNumber ? ['o', record.callNumber] : []),
    'p',
    item.barcode,
    'y',
    record.materialType,
  ];
}

/** A catalogue record as MARC 21, with the given copies as Koha 952 holdings. */
export function toMarc(record: BibliographicRecord, items: Item[]): MarcRecord {
  const [first, ...others] = record.authors;
  const fields: MarcField[] = [
    ['001', record.id],
    ['008', fixedField(record)],
  ];
  if (record.isbn) fields.push(['020', '  ', 'a', record.isbn]);
  fields.push(['041', '0 ', 'a', record.language]);
  if (record.ddc) fields.push(['082', '04', 'a', record.ddc, '2', '23']);
  if (record.callNumber) fields.push(['090', '  ', 'a', record.callNumber]);
  if (first) fields.push(['100', '0 ', 'a', first]);
  fields.push(['245', `${first ? '1' : '0'}0`, 'a', record.subtitle ? `${record.title} :` : record.title, ...(record.subtitle ? ['b', record.subtitle] : [])]);
  if (record.edition) fields.push(['250', '  ', 'a', record.edition]);
  const imprint = [...(record.publisher ? ['b', record.publisher] : []), ...(record.publishedYear ? ['c', String(record.publishedYear)] : [])];
  if (imprint.length) fields.push(['264', ' 1', ...imprint]);
  if (record.materialType === MaterialType.THESIS) fields.push(['502', '  ', 'a', 'Tesis']);
  for (const subject of record.subjects) fields.push(['650', ' 4', 'a', subject]);
  for (const name of others) fields.push(['700', '0 ', 'a', name]);
  for (const item of items) fields.push(holding(item, record));
  return newMarcRecord(`00000n${LEADER_TYPE[record.materialType]} a2200000 i 4500`, fields);
}
