import { MaterialType } from '../catalogue/bibliographic-record.entity';
import { CollectionType, ItemStatus } from '../catalogue/item.entity';
import { MemberStatus, MemberType } from '../members/member.entity';
import { collectionTypeOf, DEFAULT_LOCATION, fromMarc, LEADER_TYPE, type CatalogueFields } from '../marc/mapping';
import { newMarcRecord, type MarcField, type MarcRecord } from '../marc/marcjs';
import { MarcRejection, MarcRejectionReason } from '../marc/rejection';
import type { SlimsBiblio, SlimsCollType, SlimsGmd, SlimsItem, SlimsItemStatus, SlimsLocation, SlimsMember, SlimsMemberType, SlimsReference } from './source';

/**
 * SLiMS 9 rows → our rows. Pure functions: the service (slims.service.ts) reads, matches and
 * writes. A SLiMS value with no place of its own here goes to the nearest one and is reported
 * (APPROXIMATED); a row that cannot be brought over at all is reported and skipped (SKIPPED).
 *
 * A biblio is turned into the MARC record SLiMS itself would export (245 title, 100/700 authors,
 * 650 topics, 084 class, 090 call number …) and catalogued by the MARC import's mapping
 * (marc/mapping.ts fromMarc): one set of rules for ISBNs, Dewey classes, inverted names, years
 * and lengths. That MARC record is kept as the record's source, so that what the catalogue has no
 * field for (statement of responsibility, place, collation, series, notes) is exported again.
 */

export enum SlimsAction {
  /** The row was not brought over. */
  SKIPPED = 'SKIPPED',
  /** The row came over, but a value went to the nearest place we have (or nowhere): see the message. */
  APPROXIMATED = 'APPROXIMATED',
}

export enum SlimsReason {
  MISSING_TITLE = 'MISSING_TITLE',
  FIELD_TOO_LONG = 'FIELD_TOO_LONG',
  TITLE_SHORTENED = 'TITLE_SHORTENED',
  INVALID_ISBN = 'INVALID_ISBN',
  YEAR_NOT_READ = 'YEAR_NOT_READ',
  CLASS_NOT_DEWEY = 'CLASS_NOT_DEWEY',
  LANGUAGE_UNKNOWN = 'LANGUAGE_UNKNOWN',
  MATCHED_EXISTING = 'MATCHED_EXISTING',
  BIBLIO_MISSING = 'BIBLIO_MISSING',
  BARCODE_ASSIGNED = 'BARCODE_ASSIGNED',
  DUPLICATE_BARCODE = 'DUPLICATE_BARCODE',
  ITEM_STATUS_APPROXIMATED = 'ITEM_STATUS_APPROXIMATED',
  COLLECTION_TYPE_APPROXIMATED = 'COLLECTION_TYPE_APPROXIMATED',
  PRICE_CURRENCY = 'PRICE_CURRENCY',
  MEMBER_TYPE_APPROXIMATED = 'MEMBER_TYPE_APPROXIMATED',
  DUPLICATE_CARD_NUMBER = 'DUPLICATE_CARD_NUMBER',
  VALUE_SHORTENED = 'VALUE_SHORTENED',
  EXPIRY_DATE_MISSING = 'EXPIRY_DATE_MISSING',
  PENDING_MEMBER = 'PENDING_MEMBER',
  ITEM_MISSING = 'ITEM_MISSING',
  MEMBER_MISSING = 'MEMBER_MISSING',
  ITEM_ALREADY_ON_LOAN = 'ITEM_ALREADY_ON_LOAN',
  RETURN_DATE_MISSING = 'RETURN_DATE_MISSING',
  DUPLICATE_HOLD = 'DUPLICATE_HOLD',
  ZERO_AMOUNT = 'ZERO_AMOUNT',
  FINE_KIND_APPROXIMATED = 'FINE_KIND_APPROXIMATED',
  RULE_SCOPE_TAKEN = 'RULE_SCOPE_TAKEN',
  RULE_COLLECTION_TYPE_IGNORED = 'RULE_COLLECTION_TYPE_IGNORED',
  VISIT_DAY_COUNTED = 'VISIT_DAY_COUNTED',
  HOLIDAY_EXISTS = 'HOLIDAY_EXISTS',
  HOLIDAY_UNREADABLE = 'HOLIDAY_UNREADABLE',
}

export interface SlimsNote {
  action: SlimsAction;
  reason: SlimsReason;
  message: string;
}

export const skipped = (reason: SlimsReason, message: string): SlimsNote => ({ action: SlimsAction.SKIPPED, reason, message });
export const approximated = (reason: SlimsReason, message: string): SlimsNote => ({ action: SlimsAction.APPROXIMATED, reason, message });

const text = (v: string | null | undefined) => (v ?? '').replace(/\s+/g, ' ').trim();

// ---- biblio ----------------------------------------------------------------------------------

/** SLiMS keeps ISO 639-1 codes ('id', 'en'); the catalogue ISO 639-2 ('ind', 'eng'). */
const LANGUAGES: Record<string, string> = {
  id: 'ind',
  in: 'ind',
  en: 'eng',
  jv: 'jav',
  su: 'sun',
  ms: 'may',
  ar: 'ara',
  zh: 'chi',
  ja: 'jpn',
  ko: 'kor',
  nl: 'dut',
  fr: 'fre',
  de: 'ger',
  es: 'spa',
  pt: 'por',
  ru: 'rus',
  hi: 'hin',
  th: 'tha',
  tl: 'tgl',
  la: 'lat',
};

export function languageOf(code: string | null): string | null {
  const c = text(code).toLowerCase();
  if (!c) return 'und';
  if (/^[a-z]{3}$/.test(c)) return c;
  return LANGUAGES[c.slice(0, 2)] ?? null;
}

/** The material type a GMD (general material designation) names, by its code or name. */
export function materialTypeOf(gmd: SlimsGmd | undefined): MaterialType {
  const name = `${gmd?.gmd_code ?? ''} ${gmd?.gmd_name ?? ''}`.toLowerCase();
  if (/thesis|tesis|skripsi|disert/.test(name)) return MaterialType.THESIS;
  if (/e-?book|electronic|elektronik|digital/.test(name)) return MaterialType.EBOOK;
  if (/serial|majalah|jurnal|journal|surat kabar|newspaper|magazine/.test(name)) return MaterialType.SERIAL;
  if (/\bmap\b|peta|globe|atlas/.test(name)) return MaterialType.MAP;
  if (/manuscript|naskah/.test(name)) return MaterialType.MANUSCRIPT;
  if (/video|sound|audio|film|cd|dvd|kaset|cassette|multimedia|software|slide|microform|picture|kit|game|realia|chart|diorama|art|flash card|model|transparenc|motion/.test(name)) {
    return MaterialType.AUDIOVISUAL;
  }
  return MaterialType.BOOK;
}

const TITLE_MAX = 300;

/** The MARC record SLiMS's own export would write for a biblio (control number: biblio_id). */
export function biblioToMarc(b: SlimsBiblio, ref: SlimsReference): MarcRecord {
  const materialType = materialTypeOf(b.gmd_id === null ? undefined : ref.gmds.get(b.gmd_id));
  const fields: MarcField[] = [['001', String(b.biblio_id)]];
  const isbn = text(b.isbn_issn);
  if (isbn) fields.push(/^\d{4}-?\d{3}[\dX]$/i.test(isbn) ? ['022', '  ', 'a', isbn] : ['020', '  ', 'a', isbn]);
  const language = languageOf(b.language_id);
  if (language) fields.push(['041', '0 ', 'a', language]);
  if (text(b.classification)) fields.push(['084', '  ', 'a', text(b.classification)]);
  if (text(b.call_number)) fields.push(['090', '  ', 'a', text(b.call_number)]);
  const kinds = { p: '00', o: '10', c: '11' } as const;
  b.authors.forEach((a, i) => {
    const kind = kinds[a.authority_type ?? 'p'] ?? '00';
    const inverted = kind === '00' && a.author_name.includes(',');
    fields.push([`${i === 0 ? '1' : '7'}${kind}`, `${inverted ? '1' : '0'} `, 'a', text(a.author_name)]);
  });
  // SLiMS keeps "Title : subtitle" in one column; MARC (and the catalogue) keep them apart.
  const [head, ...rest] = text(b.title).split(/\s+:\s+/);
  const title: string[] = ['245', `${b.authors.length ? '1' : '0'}0`, 'a', head.slice(0, TITLE_MAX)];
  if (rest.length) title.push('b', rest.join(' : '));
  if (text(b.sor)) title.push('c', text(b.sor));
  fields.push(title);
  if (text(b.edition)) fields.push(['250', '  ', 'a', text(b.edition)]);
  const imprint = [
    ...(text(b.place_name) ? ['a', text(b.place_name)] : []),
    ...(text(b.publisher_name) ? ['b', text(b.publisher_name)] : []),
    ...(text(b.publish_year) ? ['c', text(b.publish_year)] : []),
  ];
  if (imprint.length) fields.push(['264', ' 1', ...imprint]);
  if (text(b.collation)) fields.push(['300', '  ', 'a', text(b.collation)]);
  if (text(b.series_title)) fields.push(['490', '0 ', 'a', text(b.series_title)]);
  if (text(b.notes)) fields.push(['500', '  ', 'a', text(b.notes)]);
  if (materialType === MaterialType.THESIS) fields.push(['502', '  ', 'a', 'Tesis']);
  for (const t of b.topics) fields.push([t.topic_type === 'g' ? '651' : '650', ' 4', 'a', text(t.topic)]);
  return newMarcRecord(`00000n${LEADER_TYPE[materialType]} a2200000 i 4500`, fields);
}

export type MappedBiblio = { ok: true; fields: CatalogueFields; marc: MarcRecord; notes: SlimsNote[] } | { ok: false; note: SlimsNote };

/** A biblio as a catalogue record, or why it cannot be one. */
export function mapBiblio(b: SlimsBiblio, ref: SlimsReference, nextYear: number): MappedBiblio {
  if (!text(b.title)) return { ok: false, note: skipped(SlimsReason.MISSING_TITLE, 'the biblio has no title') };
  const marc = biblioToMarc(b, ref);
  let fields: CatalogueFields;
  try {
    fields = fromMarc(marc, { nextYear }).fields;
  } catch (err) {
    if (err instanceof MarcRejection)
      return { ok: false, note: skipped(err.reason === MarcRejectionReason.MISSING_TITLE ? SlimsReason.MISSING_TITLE : SlimsReason.FIELD_TOO_LONG, err.message) };
    throw err;
  }
  fields.materialType = materialTypeOf(b.gmd_id === null ? undefined : ref.gmds.get(b.gmd_id));
  const notes: SlimsNote[] = [];
  const titleHead = text(b.title).split(/\s+:\s+/)[0];
  if (titleHead.length > TITLE_MAX)
    notes.push(approximated(SlimsReason.TITLE_SHORTENED, `the title is longer than ${TITLE_MAX} characters; the first ${TITLE_MAX} are catalogued, the whole in the MARC source`));
  const isbn = text(b.isbn_issn);
  if (isbn && !fields.isbn && !/^\d{4}-?\d{3}[\dX]$/i.test(isbn))
    notes.push(approximated(SlimsReason.INVALID_ISBN, `"${isbn}" is not a valid ISBN: catalogued without one (kept in the MARC source)`));
  if (isbn && /^\d{4}-?\d{3}[\dX]$/i.test(isbn)) notes.push(approximated(SlimsReason.INVALID_ISBN, `ISSN ${isbn} has no field in the catalogue (kept in the MARC source, 022)`));
  if (text(b.publish_year) && fields.publishedYear === null)
    notes.push(approximated(SlimsReason.YEAR_NOT_READ, `publish_year "${text(b.publish_year)}" is not a year from 1450 to next year: catalogued without one`));
  if (text(b.classification) && !fields.ddc)
    notes.push(approximated(SlimsReason.CLASS_NOT_DEWEY, `classification "${text(b.classification)}" is not a Dewey class: catalogued without one`));
  if (languageOf(b.language_id) === null) {
    fields.language = 'und';
    notes.push(approximated(SlimsReason.LANGUAGE_UNKNOWN, `language "${text(b.language_id)}" is not known: catalogued as 'und'`));
  }
  return { ok: true, fields, marc, notes };
}

// ---- item ------------------------------------------------------------------------------------

const BARCODE = /^[A-Za-z0-9][A-Za-z0-9-]{0,29}$/;

/** The item's barcode as printed, or null when there is none we can keep (the desk could not scan it in). */
export const keptBarcode = (code: string | null): string | null => (code && BARCODE.test(code.trim()) ? code.trim() : null);

/** SLiMS's shipped statuses; others by their no_loan flag and name. '0' (or none) is on the shelf. */
export function itemStatusOf(id: string | null, statuses: Map<string, SlimsItemStatus>): { status: ItemStatus; note?: SlimsNote } {
  const code = text(id);
  if (!code || code === '0') return { status: ItemStatus.AVAILABLE };
  if (code === 'R') return { status: ItemStatus.REPAIR };
  if (code === 'NL') return { status: ItemStatus.NOT_FOR_LOAN };
  if (code === 'MIS') return { status: ItemStatus.MISSING };
  const s = statuses.get(code);
  const name = (s?.item_status_name ?? code).toLowerCase();
  if (/withdraw|weed|hapus|dihapus|discard/.test(name)) return { status: ItemStatus.WITHDRAWN };
  if (/lost|hilang|missing/.test(name)) return { status: ItemStatus.MISSING };
  if (/repair|rusak|perbaik|damage|bind|jilid/.test(name)) return { status: ItemStatus.REPAIR };
  const status = !s || s.no_loan ? ItemStatus.NOT_FOR_LOAN : ItemStatus.AVAILABLE;
  return { status, note: approximated(SlimsReason.ITEM_STATUS_APPROXIMATED, `item status "${s?.item_status_name ?? code}" has no equivalent: the copy is ${status}`) };
}

/** A collection type by its name (mapping of the MARC import, plus SLiMS's shipped ones); null when only approximated to GENERAL. */
export function collectionTypeOfSlims(c: SlimsCollType | undefined): { type: CollectionType; exact: boolean } {
  const name = text(c?.coll_type_name);
  if (!name) return { type: CollectionType.GENERAL, exact: true };
  const type = collectionTypeOf(name);
  if (type !== CollectionType.GENERAL) return { type, exact: true };
  return { type, exact: /^(umum|general|sirkulasi|circulation|textbook|buku teks|fiction|fiksi|non ?fiksi|non-?fiction)$/i.test(name) };
}

export function itemLocation(item: Pick<SlimsItem, 'site' | 'location_id'>, locations: Map<string, SlimsLocation>, type: CollectionType): string {
  const site = text(item.site);
  const named = text(item.location_id ? locations.get(item.location_id)?.location_name : null);
  return (site || named || DEFAULT_LOCATION[type]).slice(0, 100);
}

// ---- member ----------------------------------------------------------------------------------

export function memberTypeOf(t: SlimsMemberType | undefined): { type: MemberType; exact: boolean } {
  const name = text(t?.member_type_name).toLowerCase();
  if (/anak|child|kid|junior/.test(name)) return { type: MemberType.CHILD, exact: true };
  if (/pelajar|siswa|mahasiswa|student|sekolah|school|murid|taruna/.test(name)) return { type: MemberType.STUDENT, exact: true };
  if (/lansia|senior|pensiun|elder/.test(name)) return { type: MemberType.SENIOR, exact: true };
  if (/instansi|lembaga|institusi|institution|organi[sz]a|komunitas|perusahaan|company/.test(name)) return { type: MemberType.INSTITUTION, exact: true };
  return { type: MemberType.ADULT, exact: /umum|dewasa|adult|public|masyarakat|warga/.test(name) };
}

export function memberStatusOf(m: Pick<SlimsMember, 'is_pending'>, expiresOn: string, today: string): MemberStatus {
  if (m.is_pending) return MemberStatus.SUSPENDED;
  return expiresOn < today ? MemberStatus.EXPIRED : MemberStatus.ACTIVE;
}

/** A value cut to a column's length, with a note when it was longer. */
export function fit(value: string, max: number, what: string, notes: SlimsNote[]): string {
  if (value.length <= max) return value;
  notes.push(approximated(SlimsReason.VALUE_SHORTENED, `${what} is longer than ${max} characters: cut`));
  return value.slice(0, max);
}

// ---- holidays --------------------------------------------------------------------------------

const WEEKDAYS: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/** ISO weekday of SLiMS's holiday_dayname ('Mon' … 'Sun'), or null. */
export const weekdayOf = (dayname: string): number | null => WEEKDAYS[text(dayname).slice(0, 3).toLowerCase()] ?? null;
