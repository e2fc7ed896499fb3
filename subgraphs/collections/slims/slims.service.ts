import type { DataSource, EntityManager } from 'typeorm';
import { requireStaffOf, type Identity } from '../../../shared/platform/auth';
import { insertMany, rawDate, transaction } from '../../../shared/platform/database';
import { now } from '../../../shared/platform/clock';
import type { LibraryCalendar } from '../../../shared/domain/library-calendar';
import type { Logger } from '../../../shared/platform/logger';
import { addDays, daysBetween, todayIn, zonedToUtc } from '../../../shared/platform/time';
import { takeBarcodes } from '../catalogue/barcodes';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { Item, ItemStatus } from '../catalogue/item.entity';
import { pickupLibraries, transactionWithCalendars } from '../circulation/calendars';
import { routeCopy } from '../circulation/circulation.service';
import { FineEntry, FineKind } from '../circulation/fine-entry.entity';
import { Hold, HoldStatus } from '../circulation/hold.entity';
import { Loan } from '../circulation/loan.entity';
import { LoanRule } from '../circulation/loan-rule.entity';
import { aggregateDaily } from '../indicators/aggregates.job';
import { newId } from '../ids';
import { MarcSourceRecord } from '../marc/marc-source.entity';
import { contentHash, matchKey } from '../marc/matching';
import { foldName } from '../members/fold-name';
import { Member } from '../members/member.entity';
import { VisitCount, VisitSource } from '../visits/visit-count.entity';
import {
  approximated,
  collectionTypeOfSlims,
  fit,
  itemLocation,
  itemStatusOf,
  keptBarcode,
  mapBiblio,
  materialTypeOf,
  memberStatusOf,
  memberTypeOf,
  skipped,
  SlimsAction,
  SlimsReason,
  weekdayOf,
  type SlimsNote,
} from './mapping';
import { SlimsImportMap, SlimsKind } from './slims-import-map.entity';
import type { SlimsReference, SlimsSource, SlimsTable } from './source';

/**
 * Moving a SLiMS 9 library in: its catalogue, copies, members, loans (open and past), holds,
 * fines, loan rules and visitor counts, into one library here (npm run import:slims).
 *
 * Each table is read in batches by primary key; each batch is written in one transaction with
 * multi-row INSERTs (insertMany), together with the rows of slims_import_map that say what each
 * SLiMS row became. A second import of the same database finds every row in that map and adds
 * nothing; an import that stopped half way goes on where it stopped. Biblios are matched to
 * titles already catalogued (by ISBN-13, else by the MARC import's key of title, first author and
 * year), so that a union catalogue does not get a title twice.
 *
 * What cannot be brought over is reported row by row (table, row, SLiMS id, reason) and skipped;
 * what has no place of its own here goes to the nearest one and is reported too (APPROXIMATED).
 * Columns with no place at all (addresses, inventory codes, passwords …) are listed with how
 * many rows had a value (notCarried). SLiMS member passwords (mpasswd, pin) are never read:
 * members set a PIN at the desk.
 *
 * Holidays belong to staff-development: this service only maps them (summary.holidays); the
 * command writes them through staff-development's database.
 */

export interface SlimsImportDeps {
  db: DataSource;
  calendars: { get(libraryId: string): Promise<LibraryCalendar> };
  log?: Logger;
}

export interface SlimsImportRequest {
  libraryId: string;
  source: SlimsSource;
  /** LIBRARIAN or LIBRARY_ADMIN of the library, or ADMIN (the command acts as ADMIN). */
  actor: Identity;
  /** Rows per batch (and per transaction); 1,000 by default. */
  batchSize?: number;
  /** Called after each batch with (SLiMS rows done, rows in all). */
  onProgress?: (done: number, total: number) => void;
}

export interface SlimsReportRow {
  table: string;
  /** The row's position in its table, in primary-key order (1 = first). */
  row: number;
  slimsId: string;
  action: SlimsAction;
  reason: SlimsReason;
  message: string;
}

export interface SlimsSectionCount {
  /** Rows read from SLiMS. */
  read: number;
  /** Rows that became new rows here. */
  imported: number;
  /** Rows matched to what was already here (a title catalogued before). */
  matched: number;
  /** Rows imported by an earlier run (nothing written). */
  alreadyImported: number;
  skipped: number;
  /** Time spent on the section, reading and writing. */
  ms: number;
}

export type SlimsSection = 'memberTypes' | 'loanRules' | 'biblios' | 'items' | 'members' | 'loans' | 'reserves' | 'fines' | 'visitDays' | 'holidays';

export interface SlimsHolidayOut {
  slimsId: string;
  date: string;
  name: string;
}

export interface SlimsImportSummary {
  libraryId: string;
  sections: Record<SlimsSection, SlimsSectionCount>;
  report: SlimsReportRow[];
  notCarried: { table: string; column: string; rows: number; reason: string }[];
  /** For staff-development (the command writes them): dated closed days and weekly closed days. */
  holidays: { dated: SlimsHolidayOut[]; weekly: { slimsId: string; weekday: number }[] };
  elapsedMs: number;
}

/** Columns with no place here, and why; listed with the number of rows that had a value. */
const NOT_CARRIED: { table: SlimsTable; column: string; reason: string }[] = [
  { table: 'member', column: 'mpasswd', reason: 'passwords are not carried over: members set a PIN at the desk' },
  { table: 'member', column: 'pin', reason: 'passwords are not carried over: members set a PIN at the desk' },
  { table: 'member', column: 'member_address', reason: 'personal data the member record does not keep' },
  { table: 'member', column: 'member_mail_address', reason: 'personal data the member record does not keep' },
  { table: 'member', column: 'postal_code', reason: 'personal data the member record does not keep' },
  { table: 'member', column: 'birth_date', reason: 'personal data the member record does not keep' },
  { table: 'member', column: 'inst_name', reason: 'personal data the member record does not keep' },
  { table: 'member', column: 'member_fax', reason: 'personal data the member record does not keep' },
  { table: 'member', column: 'member_notes', reason: 'no notes field on members' },
  { table: 'member', column: 'member_image', reason: 'photos are not carried over' },
  { table: 'item', column: 'inventory_code', reason: 'no inventory number on copies' },
  { table: 'item', column: 'call_number', reason: "copies have no call number of their own: the title's is used" },
  { table: 'item', column: 'supplier_id', reason: 'acquisitions history is not carried over' },
  { table: 'item', column: 'order_no', reason: 'acquisitions history is not carried over' },
  { table: 'item', column: 'invoice', reason: 'acquisitions history is not carried over' },
  { table: 'reserve', column: 'item_code', reason: 'holds are per title here: the first copy that comes free serves them' },
  { table: 'visitor_count', column: 'member_id', reason: 'visits are counted per day, not per visitor (personal data)' },
  { table: 'visitor_count', column: 'institution', reason: 'visits are counted per day, not per visitor' },
  { table: 'biblio', column: 'image', reason: 'cover images are not carried over' },
  { table: 'biblio', column: 'file_att', reason: 'attached files are not carried over' },
];

/** Rows of a raw query, typed. */
const select = <T>(m: DataSource | EntityManager, sql: string, params: unknown[]): Promise<T[]> => m.query<T[]>(sql, params);
/** `?, ?, …` for a list. */
const marks = (list: unknown[]) => list.map(() => '?').join(',');

const blank = (): SlimsSectionCount => ({ read: 0, imported: 0, matched: 0, alreadyImported: 0, skipped: 0, ms: 0 });

const OVERDUE_FINE = /terlambat|overdue|late|keterlambatan/i;

/** Imports a SLiMS 9 database into one library; see above. */
export async function importSlims(deps: SlimsImportDeps, request: SlimsImportRequest): Promise<SlimsImportSummary> {
  const started = Date.now();
  const { libraryId, source } = request;
  requireStaffOf(request.actor, libraryId);
  const { db } = deps;
  const batch = request.batchSize ?? 1000;
  const zone = (await deps.calendars.get(libraryId)).timezone;
  const today = todayIn(zone, now());
  // SLiMS keeps dates only: an instant is noon of that day in the library's zone (memoised: thousands of loans share a day).
  const noons = new Map<string, Date>();
  const noon = (date: string) => {
    let at = noons.get(date);
    if (!at) noons.set(date, (at = zonedToUtc(date, '12:00', zone)));
    return new Date(at);
  };
  const importedAt = now();

  const ref: SlimsReference = await source.reference();
  const sections = Object.fromEntries(
    (['memberTypes', 'loanRules', 'biblios', 'items', 'members', 'loans', 'reserves', 'fines', 'visitDays', 'holidays'] as SlimsSection[]).map((s) => [s, blank()]),
  ) as Record<SlimsSection, SlimsSectionCount>;
  const report: SlimsReportRow[] = [];
  const note = (table: string, row: number, slimsId: string | number, n: SlimsNote) => report.push({ table, row, slimsId: String(slimsId), ...n });

  const [biblios, items, members, loans, reserves, fines, visitDays] = await Promise.all([
    source.count('biblio'),
    source.count('item'),
    source.count('member'),
    source.count('loan'),
    source.count('reserve'),
    source.count('fines'),
    source.visitDayCount(),
  ]);
  const total = ref.memberTypes.size + ref.loanRules.size + biblios + items + members + loans + reserves + fines + visitDays + ref.holidays.length;
  let lapStarted = Date.now();
  const lap = (section: SlimsSection) => {
    sections[section].ms = Date.now() - lapStarted;
    lapStarted = Date.now();
  };
  let done = 0;
  const progress = (n: number) => {
    done += n;
    request.onProgress?.(done, total);
  };

  // What earlier runs imported, per kind: SLiMS id → our id.
  const known = new Map<SlimsKind, Map<string, string>>(Object.values(SlimsKind).map((k) => [k, new Map()]));
  for (const r of await select<{ kind: SlimsKind; slimsId: string; targetId: string }>(db, 'SELECT kind, slimsId, targetId FROM slims_import_map WHERE libraryId = ?', [
    libraryId,
  ])) {
    known.get(r.kind)?.set(r.slimsId, r.targetId);
  }
  const mapRows: SlimsImportMap[] = [];
  const remember = (kind: SlimsKind, slimsId: string | number, targetId: string) => {
    known.get(kind)!.set(String(slimsId), targetId);
    mapRows.push({ libraryId, kind, slimsId: String(slimsId), targetId, importedAt });
  };
  /** Writes a batch and the map rows it made, in one transaction. */
  const write = async (work: (tx: EntityManager) => Promise<void>) => {
    await transaction(db, async (tx) => {
      await work(tx);
      await insertMany(tx, SlimsImportMap, mapRows);
    });
    mapRows.length = 0;
  };
  const isKnown = (kind: SlimsKind, slimsId: string | number) => known.get(kind)!.has(String(slimsId));
  const target = (kind: SlimsKind, slimsId: string | number | null) => (slimsId === null ? undefined : known.get(kind)!.get(String(slimsId)));

  // ---- loan rules: each member type's terms, then mst_loan_rules ------------------------------
  {
    const existing = await db.getRepository(LoanRule).findBy({ libraryId });
    const scopes = new Set(existing.map((r) => `${r.memberType ?? ''}|${r.materialType ?? ''}`));
    const fallback = existing.find((r) => r.memberType === null && r.materialType === null);
    const rules: LoanRule[] = [];
    const add = (section: SlimsSection, table: string, row: number, kind: SlimsKind, slimsId: number, rule: Omit<LoanRule, 'id' | 'libraryId'>) => {
      sections[section].read += 1;
      if (isKnown(kind, slimsId)) return void (sections[section].alreadyImported += 1);
      const scope = `${rule.memberType ?? ''}|${rule.materialType ?? ''}`;
      if (scopes.has(scope)) {
        sections[section].skipped += 1;
        return note(
          table,
          row,
          slimsId,
          skipped(
            SlimsReason.RULE_SCOPE_TAKEN,
            `the library already has terms for ${rule.memberType ?? 'any member type'} and ${rule.materialType ?? 'any material'}: those are kept`,
          ),
        );
      }
      scopes.add(scope);
      const id = newId();
      rules.push({ id, libraryId, ...rule });
      remember(kind, slimsId, id);
      sections[section].imported += 1;
    };
    let row = 0;
    for (const t of ref.memberTypes.values()) {
      row += 1;
      const type = memberTypeOf(t);
      if (!type.exact)
        note('mst_member_type', row, t.member_type_id, approximated(SlimsReason.MEMBER_TYPE_APPROXIMATED, `member type "${t.member_type_name}" is taken as ${type.type}`));
      add('memberTypes', 'mst_member_type', row, SlimsKind.MEMBER_TYPE, t.member_type_id, {
        memberType: type.type,
        materialType: null,
        loanDays: Math.max(1, t.loan_periode),
        maxLoans: Math.max(0, t.loan_limit),
        maxRenewals: Math.max(0, t.reborrow_limit),
        finePerDay: Math.max(0, t.fine_each_day),
        graceDays: Math.max(0, t.grace_periode ?? 0),
        fineCap: null,
        maxHolds: t.enable_reserve ? Math.max(0, t.reserve_limit) : 0,
        holdShelfDays: fallback?.holdShelfDays ?? 7,
        maxUnpaidFines: fallback?.maxUnpaidFines ?? 10_000,
      });
    }
    row = 0;
    for (const r of ref.loanRules.values()) {
      row += 1;
      const t = ref.memberTypes.get(r.member_type_id);
      if (r.coll_type_id) {
        note(
          'mst_loan_rules',
          row,
          r.loan_rules_id,
          approximated(SlimsReason.RULE_COLLECTION_TYPE_IGNORED, 'loan rules here are per member and material type: the collection type of this rule is not kept'),
        );
      }
      add('loanRules', 'mst_loan_rules', row, SlimsKind.LOAN_RULE, r.loan_rules_id, {
        memberType: memberTypeOf(t).type,
        materialType: r.gmd_id ? materialTypeOf(ref.gmds.get(r.gmd_id)) : null,
        loanDays: Math.max(1, r.loan_periode ?? t?.loan_periode ?? 7),
        maxLoans: Math.max(0, r.loan_limit ?? t?.loan_limit ?? 2),
        maxRenewals: Math.max(0, r.reborrow_limit ?? t?.reborrow_limit ?? 0),
        finePerDay: Math.max(0, r.fine_each_day ?? t?.fine_each_day ?? 0),
        graceDays: Math.max(0, r.grace_periode ?? t?.grace_periode ?? 0),
        fineCap: null,
        maxHolds: t?.enable_reserve ? Math.max(0, t.reserve_limit) : 0,
        holdShelfDays: fallback?.holdShelfDays ?? 7,
        maxUnpaidFines: fallback?.maxUnpaidFines ?? 10_000,
      });
    }
    await write((tx) => insertMany(tx, LoanRule, rules));
    progress(ref.memberTypes.size + ref.loanRules.size);
  }

  lap('loanRules');
  // ---- biblios -------------------------------------------------------------------------------
  const nextYear = Number(today.slice(0, 4)) + 1;
  let position = 0;
  for (let after = 0; ;) {
    const rows = await source.biblios(after, batch, ref);
    if (!rows.length) break;
    after = rows[rows.length - 1].biblio_id;
    const records: BibliographicRecord[] = [];
    const sources: Omit<MarcSourceRecord, never>[] = [];
    const matchedSources: { recordId: string; hash: string; row: Omit<MarcSourceRecord, 'revision'> }[] = [];
    const fresh = rows
      .map((b) => ({ b, position: ++position }))
      .filter(({ b }) => {
        sections.biblios.read += 1;
        if (!isKnown(SlimsKind.BIBLIO, b.biblio_id)) return true;
        sections.biblios.alreadyImported += 1;
        return false;
      })
      .map(({ b, position }) => ({ b, position, mapped: mapBiblio(b, ref, nextYear) }));
    const mappedOk = fresh.flatMap((f) => (f.mapped.ok ? [{ ...f, mapped: f.mapped, key: matchKey(f.mapped.fields) }] : []));
    const isbns = [...new Set(mappedOk.map((f) => f.mapped.fields.isbn).filter((i): i is string => Boolean(i)))];
    const keys = [...new Set(mappedOk.filter((f) => !/\|\|$/.test(f.key)).map((f) => f.key))];
    const byIsbn = new Map<string, string>();
    const byKey = new Map<string, string>();
    if (isbns.length)
      for (const r of await select<{ id: string; isbn: string }>(db, `SELECT id, isbn FROM bibliographic_record WHERE isbn IN (${marks(isbns)})`, isbns)) byIsbn.set(r.isbn, r.id);
    if (keys.length) {
      for (const r of await select<{ recordId: string; matchKey: string }>(db, `SELECT recordId, matchKey FROM marc_source_record WHERE matchKey IN (${marks(keys)})`, keys))
        byKey.set(r.matchKey, r.recordId);
    }
    for (const f of fresh) {
      if (!f.mapped.ok) {
        sections.biblios.skipped += 1;
        note('biblio', f.position, f.b.biblio_id, f.mapped.note);
        continue;
      }
      const { fields, marc, notes } = f.mapped;
      for (const n of notes) note('biblio', f.position, f.b.biblio_id, n);
      const key = matchKey(fields);
      const existing = (fields.isbn && byIsbn.get(fields.isbn)) || (!/\|\|$/.test(key) && byKey.get(key)) || undefined;
      const hash = contentHash(marc);
      const sourceRow = {
        id: newId(),
        libraryId,
        controlNumber: String(f.b.biblio_id),
        controlSource: '',
        matchKey: key,
        contentHash: hash,
        marc: JSON.stringify({ leader: marc.leader, fields: marc.fields }),
        mapped: JSON.stringify(fields),
      };
      if (existing) {
        sections.biblios.matched += 1;
        note(
          'biblio',
          f.position,
          f.b.biblio_id,
          approximated(
            SlimsReason.MATCHED_EXISTING,
            `the same title is already catalogued (${fields.isbn ? `ISBN ${fields.isbn}` : 'title, first author and year'}): its copies join it`,
          ),
        );
        matchedSources.push({ recordId: existing, hash, row: { ...sourceRow, recordId: existing } });
        remember(SlimsKind.BIBLIO, f.b.biblio_id, existing);
        continue;
      }
      const id = newId();
      records.push({ id, ...fields });
      sources.push({ ...sourceRow, recordId: id, revision: 1 });
      if (fields.isbn) byIsbn.set(fields.isbn, id);
      byKey.set(key, id);
      remember(SlimsKind.BIBLIO, f.b.biblio_id, id);
      sections.biblios.imported += 1;
    }
    await write(async (tx) => {
      await insertMany(tx, BibliographicRecord, records);
      // A matched title keeps the SLiMS record as a new revision of its source (unless the same content is there).
      const ids = [...new Set(matchedSources.map((m) => m.recordId))];
      const revisions = new Map<string, { max: number; hashes: Set<string> }>();
      for (const id of ids) revisions.set(id, { max: 0, hashes: new Set() });
      if (ids.length) {
        for (const r of await select<{ recordId: string; revision: number; contentHash: string }>(
          tx,
          `SELECT recordId, revision, contentHash FROM marc_source_record WHERE recordId IN (${marks(ids)})`,
          ids,
        )) {
          const rev = revisions.get(r.recordId)!;
          rev.max = Math.max(rev.max, Number(r.revision));
          rev.hashes.add(r.contentHash);
        }
      }
      for (const m of matchedSources) {
        const rev = revisions.get(m.recordId)!;
        if (rev.hashes.has(m.hash)) continue;
        rev.hashes.add(m.hash);
        rev.max += 1;
        sources.push({ ...m.row, revision: rev.max });
      }
      await insertMany(tx, MarcSourceRecord, sources);
    });
    progress(rows.length);
  }

  lap('biblios');
  // ---- items ---------------------------------------------------------------------------------
  const reportedCollTypes = new Set<number>();
  position = 0;
  for (let after = 0; ;) {
    const rows = await source.items(after, batch);
    if (!rows.length) break;
    after = rows[rows.length - 1].item_id;
    const fresh: { item: Item; needsBarcode: boolean; position: number; slimsId: number }[] = [];
    const codes = rows.map((r) => keptBarcode(r.item_code)).filter((c): c is string => Boolean(c));
    const taken = new Set<string>();
    if (codes.length)
      for (const r of await select<{ barcode: string }>(db, `SELECT barcode FROM item WHERE barcode IN (${marks(codes)})`, codes)) taken.add(String(r.barcode).toUpperCase());
    for (const r of rows) {
      const row = ++position;
      sections.items.read += 1;
      if (isKnown(SlimsKind.ITEM, r.item_id)) {
        sections.items.alreadyImported += 1;
        continue;
      }
      const recordId = target(SlimsKind.BIBLIO, r.biblio_id);
      if (!recordId) {
        sections.items.skipped += 1;
        note(
          'item',
          row,
          r.item_id,
          skipped(
            SlimsReason.BIBLIO_MISSING,
            r.biblio_exists ? `biblio ${r.biblio_id} was not imported (see its row)` : `biblio ${r.biblio_id ?? '(none)'} does not exist in SLiMS`,
          ),
        );
        continue;
      }
      const barcode = keptBarcode(r.item_code);
      if (barcode && taken.has(barcode.toUpperCase())) {
        sections.items.skipped += 1;
        note('item', row, r.item_id, skipped(SlimsReason.DUPLICATE_BARCODE, `barcode ${barcode} is already on another copy here`));
        continue;
      }
      if (!barcode) {
        note(
          'item',
          row,
          r.item_id,
          approximated(
            SlimsReason.BARCODE_ASSIGNED,
            r.item_code?.trim()
              ? `item_code "${r.item_code}" is not 1 to 30 letters, digits and hyphens: the copy gets the next barcode of the library's series`
              : "no item_code: the copy gets the next barcode of the library's series",
          ),
        );
      }
      const coll = r.coll_type_id === null ? undefined : ref.collTypes.get(r.coll_type_id);
      const collType = collectionTypeOfSlims(coll);
      if (!collType.exact && coll && !reportedCollTypes.has(coll.coll_type_id)) {
        reportedCollTypes.add(coll.coll_type_id);
        note(
          'mst_coll_type',
          coll.coll_type_id,
          coll.coll_type_id,
          approximated(SlimsReason.COLLECTION_TYPE_APPROXIMATED, `collection type "${coll.coll_type_name}" is taken as ${collType.type}`),
        );
      }
      const status = itemStatusOf(r.item_status_id, ref.itemStatuses);
      if (status.note) note('item', row, r.item_id, status.note);
      if (r.price_currency && !/^(rp\.?|rupiah|idr)$/i.test(r.price_currency.trim()) && r.price) {
        note('item', row, r.item_id, approximated(SlimsReason.PRICE_CURRENCY, `price ${r.price} ${r.price_currency} is kept as rupiah`));
      }
      const acquired = r.received_date ?? r.order_date ?? r.input_date ?? today;
      const item: Item = {
        id: newId(),
        barcode: barcode ?? '',
        recordId,
        libraryId,
        location: itemLocation(r, ref.locations, collType.type),
        collectionType: collType.type,
        status: status.status,
        atLibraryId: null,
        acquiredOn: acquired > today ? today : acquired,
        price: Math.max(0, Math.min(r.price ?? 0, 2_000_000_000)),
        acquisitionLineId: null,
      };
      if (barcode) taken.add(barcode.toUpperCase());
      fresh.push({ item, needsBarcode: !barcode, position: row, slimsId: r.item_id });
    }
    await write(async (tx) => {
      const series = await takeBarcodes(tx, libraryId, fresh.filter((f) => f.needsBarcode).length);
      for (const f of fresh) {
        if (f.needsBarcode) f.item.barcode = series.shift()!;
        remember(SlimsKind.ITEM, f.slimsId, f.item.id);
      }
      sections.items.imported += fresh.length;
      await insertMany(
        tx,
        Item,
        fresh.map((f) => f.item),
      );
    });
    progress(rows.length);
  }

  lap('items');
  // ---- members -------------------------------------------------------------------------------
  position = 0;
  for (let after = ''; ;) {
    const rows = await source.members(after, batch);
    if (!rows.length) break;
    after = rows[rows.length - 1].member_id;
    const cards = rows.map((r) => r.member_id.trim()).filter(Boolean);
    const taken = new Set<string>();
    if (cards.length)
      for (const r of await select<{ cardNumber: string }>(db, `SELECT cardNumber FROM member WHERE cardNumber IN (${marks(cards)})`, cards))
        taken.add(String(r.cardNumber).toUpperCase());
    const fresh: Member[] = [];
    for (const r of rows) {
      const row = ++position;
      sections.members.read += 1;
      if (isKnown(SlimsKind.MEMBER, r.member_id)) {
        sections.members.alreadyImported += 1;
        continue;
      }
      const card = r.member_id.trim();
      if (taken.has(card.toUpperCase())) {
        sections.members.skipped += 1;
        note('member', row, r.member_id, skipped(SlimsReason.DUPLICATE_CARD_NUMBER, `card number ${card} is already another member's here`));
        continue;
      }
      taken.add(card.toUpperCase());
      const notes: SlimsNote[] = [];
      const t = r.member_type_id === null ? undefined : ref.memberTypes.get(r.member_type_id);
      const type = memberTypeOf(t);
      const joinedOn = r.member_since_date ?? r.register_date ?? r.input_date ?? today;
      let expiresOn = r.expire_date;
      if (!expiresOn) {
        expiresOn = addDays(joinedOn, t?.member_periode ?? 365);
        notes.push(approximated(SlimsReason.EXPIRY_DATE_MISSING, `no expire_date: the card is taken to run ${t?.member_periode ?? 365} days from ${joinedOn}, to ${expiresOn}`));
      }
      if (r.is_pending) notes.push(approximated(SlimsReason.PENDING_MEMBER, 'the membership was pending approval in SLiMS: the card is SUSPENDED until the desk approves it'));
      const member: Member = {
        id: newId(),
        cardNumber: card,
        name: fit(r.member_name.trim() || card, 150, 'member_name', notes),
        foldedName: foldName(r.member_name.trim() || card),
        email: fit((r.member_email ?? '').trim(), 200, 'member_email', notes),
        phone: fit((r.member_phone ?? '').trim(), 20, 'member_phone', notes),
        memberType: type.type,
        libraryId,
        partnerId: null,
        joinedOn: joinedOn > expiresOn ? expiresOn : joinedOn,
        expiresOn,
        status: memberStatusOf(r, expiresOn, today),
      };
      for (const n of notes) note('member', row, r.member_id, n);
      fresh.push(member);
      remember(SlimsKind.MEMBER, r.member_id, member.id);
    }
    sections.members.imported += fresh.length;
    await write((tx) => insertMany(tx, Member, fresh));
    progress(rows.length);
  }

  lap('members');
  // ---- loans ---------------------------------------------------------------------------------
  position = 0;
  for (let after = 0; ;) {
    const rows = await source.loans(after, batch);
    if (!rows.length) break;
    after = rows[rows.length - 1].loan_id;
    const itemIds = [...new Set(rows.map((r) => target(SlimsKind.ITEM, r.item_id)).filter((i): i is string => Boolean(i)))];
    const ours = new Map<string, { status: ItemStatus; price: number }>();
    if (itemIds.length) {
      for (const r of await select<{ id: string; status: ItemStatus; price: number }>(db, `SELECT id, status, price FROM item WHERE id IN (${marks(itemIds)})`, itemIds))
        ours.set(r.id, { status: r.status, price: Number(r.price) });
    }
    const fresh: Loan[] = [];
    const lent: string[] = [];
    for (const r of rows) {
      const row = ++position;
      sections.loans.read += 1;
      if (isKnown(SlimsKind.LOAN, r.loan_id)) {
        sections.loans.alreadyImported += 1;
        continue;
      }
      const skip = (reason: SlimsReason, message: string) => {
        sections.loans.skipped += 1;
        note('loan', row, r.loan_id, skipped(reason, message));
      };
      const itemId = target(SlimsKind.ITEM, r.item_id);
      const memberId = r.member_id === null ? undefined : target(SlimsKind.MEMBER, r.member_id);
      if (!itemId) {
        skip(SlimsReason.ITEM_MISSING, r.item_id === null ? `no copy has item_code ${r.item_code ?? '(none)'}` : `copy ${r.item_code} was not imported (see its row)`);
        continue;
      }
      if (!memberId) {
        skip(SlimsReason.MEMBER_MISSING, `member ${r.member_id ?? '(none)'} was not imported or does not exist`);
        continue;
      }
      if (!r.loan_date || !r.due_date) {
        skip(SlimsReason.RETURN_DATE_MISSING, 'the loan has no loan_date or due_date');
        continue;
      }
      const item = ours.get(itemId)!;
      const open = !r.is_return;
      if (open && item.status === ItemStatus.ON_LOAN) {
        skip(SlimsReason.ITEM_ALREADY_ON_LOAN, `copy ${r.item_code} is already out on another open loan`);
        continue;
      }
      let returnedOn: string | null = null;
      if (!open) {
        returnedOn = r.return_date;
        if (!returnedOn) {
          returnedOn = r.due_date < today ? r.due_date : today;
          note('loan', row, r.loan_id, approximated(SlimsReason.RETURN_DATE_MISSING, `returned without a return_date: taken as returned on ${returnedOn}`));
        }
      }
      const rule = ref.loanRules.get(r.loan_rules_id);
      const type = r.member_type_id === null ? undefined : ref.memberTypes.get(r.member_type_id);
      if (open) {
        item.status = ItemStatus.ON_LOAN;
        lent.push(itemId);
      }
      const loan: Loan = {
        id: newId(),
        itemId,
        memberId,
        libraryId,
        checkedOutAt: noon(r.loan_date),
        dueOn: r.due_date,
        returnedAt: returnedOn ? noon(returnedOn) : null,
        renewals: Math.max(0, r.renewed),
        finePerDay: Math.max(0, rule?.fine_each_day ?? type?.fine_each_day ?? 0),
        graceDays: Math.max(0, rule?.grace_periode ?? type?.grace_periode ?? 0),
        fineCap: item.price,
        daysOverdue: returnedOn && returnedOn > r.due_date ? daysBetween(r.due_date, returnedOn) : 0,
      };
      fresh.push(loan);
      remember(SlimsKind.LOAN, r.loan_id, loan.id);
    }
    sections.loans.imported += fresh.length;
    await write(async (tx) => {
      await insertMany(tx, Loan, fresh);
      for (let i = 0; i < lent.length; i += 500) {
        const ids = lent.slice(i, i + 500);
        await tx.query(`UPDATE item SET status = 'ON_LOAN', atLibraryId = NULL WHERE id IN (${marks(ids)})`, ids);
      }
    });
    progress(rows.length);
  }

  lap('loans');
  // ---- reserves → holds ----------------------------------------------------------------------
  const waitingTitles = new Set<string>();
  position = 0;
  for (let after = 0; ;) {
    const rows = await source.reserves(after, batch);
    if (!rows.length) break;
    after = rows[rows.length - 1].reserve_id;
    const recordIds = [...new Set(rows.map((r) => target(SlimsKind.BIBLIO, r.biblio_id)).filter((i): i is string => Boolean(i)))];
    const nextPosition = new Map<string, number>();
    const open = new Set<string>();
    if (recordIds.length) {
      const list = marks(recordIds);
      for (const r of await select<{ recordId: string; last: number }>(
        db,
        `SELECT recordId, MAX(position) AS last FROM hold WHERE recordId IN (${list}) GROUP BY recordId`,
        recordIds,
      ))
        nextPosition.set(r.recordId, Number(r.last));
      for (const r of await select<{ recordId: string; activeMemberId: string }>(
        db,
        `SELECT recordId, activeMemberId FROM hold WHERE recordId IN (${list}) AND activeMemberId IS NOT NULL`,
        recordIds,
      ))
        open.add(`${r.recordId}|${r.activeMemberId}`);
    }
    const fresh: Hold[] = [];
    for (const r of rows) {
      const row = ++position;
      sections.reserves.read += 1;
      if (isKnown(SlimsKind.RESERVE, r.reserve_id)) {
        sections.reserves.alreadyImported += 1;
        continue;
      }
      const skip = (reason: SlimsReason, message: string) => {
        sections.reserves.skipped += 1;
        note('reserve', row, r.reserve_id, skipped(reason, message));
      };
      const recordId = target(SlimsKind.BIBLIO, r.biblio_id);
      const memberId = target(SlimsKind.MEMBER, r.member_id);
      if (!recordId) {
        skip(SlimsReason.BIBLIO_MISSING, `biblio ${r.biblio_id} was not imported or does not exist`);
        continue;
      }
      if (!memberId) {
        skip(SlimsReason.MEMBER_MISSING, `member ${r.member_id} was not imported or does not exist`);
        continue;
      }
      if (open.has(`${recordId}|${memberId}`)) {
        skip(SlimsReason.DUPLICATE_HOLD, 'the member already waits for this title (holds are per title here)');
        continue;
      }
      open.add(`${recordId}|${memberId}`);
      const positionInQueue = (nextPosition.get(recordId) ?? 0) + 1;
      nextPosition.set(recordId, positionInQueue);
      const [date, time] = r.reserve_date.split(' ');
      const hold: Hold = {
        id: newId(),
        recordId,
        memberId,
        pickupLibraryId: libraryId,
        status: HoldStatus.WAITING,
        position: positionInQueue,
        activeMemberId: memberId,
        itemId: null,
        placedAt: zonedToUtc(date, (time ?? '12:00').slice(0, 5), zone),
        notNeededAfter: null,
        pickupBy: null,
        closedAt: null,
      };
      fresh.push(hold);
      waitingTitles.add(recordId);
      remember(SlimsKind.RESERVE, r.reserve_id, hold.id);
    }
    sections.reserves.imported += fresh.length;
    await write((tx) => insertMany(tx, Hold, fresh));
    progress(rows.length);
  }
  // A title members wait for with a copy on the shelf: the copy goes to the first of them, as a return would.
  for (const recordId of waitingTitles) {
    const onShelf = await db.getRepository(Item).find({ where: { recordId, libraryId, status: ItemStatus.AVAILABLE }, order: { barcode: 'ASC' } });
    for (const item of onShelf) {
      const libraries = [libraryId, ...(await pickupLibraries(db, [recordId]))];
      const routed = await transactionWithCalendars(deps, libraries, (tx, calendars) => routeCopy(tx, calendars, item, ItemStatus.AVAILABLE, libraryId));
      if (!routed.hold) break;
    }
  }

  lap('reserves');
  // ---- fines ---------------------------------------------------------------------------------
  position = 0;
  for (let after = 0; ;) {
    const rows = await source.fines(after, batch);
    if (!rows.length) break;
    after = rows[rows.length - 1].fines_id;
    const fresh: FineEntry[] = [];
    // SLiMS does not link a fine to its loan; its description names the copy ("… eksemplar B00001"):
    // the returned loan of that copy by that member on the fine's day (else the last before it) is the one.
    const lastWord = (d: string | null) => /([A-Za-z0-9-]{2,30})\W*$/.exec(d ?? '')?.[1] ?? '';
    const candidates = await source.returnedLoansOf([
      ...new Set(
        rows
          .filter((r) => r.debet)
          .map((r) => lastWord(r.description))
          .filter(Boolean),
      ),
    ]);
    const linked = new Set<string>();
    const loanIds = candidates.map((c) => target(SlimsKind.LOAN, c.loan_id)).filter((i): i is string => Boolean(i));
    if (loanIds.length) {
      for (const r of await select<{ loanId: string }>(db, `SELECT loanId FROM fine_entry WHERE kind = 'OVERDUE' AND loanId IN (${marks(loanIds)})`, loanIds)) linked.add(r.loanId);
    }
    const loanOf = (r: (typeof rows)[number]): string | null => {
      const code = lastWord(r.description).toUpperCase();
      const mine = candidates.filter((c) => c.item_code.toUpperCase() === code && c.member_id === r.member_id && c.return_date && c.return_date <= r.fines_date);
      const pick = mine.find((c) => c.return_date === r.fines_date) ?? mine[mine.length - 1];
      const loanId = pick ? target(SlimsKind.LOAN, pick.loan_id) : undefined;
      if (!loanId || linked.has(loanId)) return null;
      linked.add(loanId);
      return loanId;
    };
    for (const r of rows) {
      const row = ++position;
      sections.fines.read += 1;
      if (isKnown(SlimsKind.FINE, r.fines_id) || isKnown(SlimsKind.FINE_PAYMENT, r.fines_id)) {
        sections.fines.alreadyImported += 1;
        continue;
      }
      const memberId = target(SlimsKind.MEMBER, r.member_id);
      const debet = Math.max(0, r.debet ?? 0);
      const credit = Math.max(0, r.credit ?? 0);
      if (!memberId) {
        sections.fines.skipped += 1;
        note('fines', row, r.fines_id, skipped(SlimsReason.MEMBER_MISSING, `member ${r.member_id} was not imported or does not exist`));
        continue;
      }
      if (!debet && !credit) {
        sections.fines.skipped += 1;
        note('fines', row, r.fines_id, skipped(SlimsReason.ZERO_AMOUNT, 'neither debet nor credit: nothing to carry'));
        continue;
      }
      const notes: SlimsNote[] = [];
      const description = fit((r.description ?? '').trim(), 200, 'description', notes) || null;
      if (debet && description && !OVERDUE_FINE.test(description)) {
        notes.push(approximated(SlimsReason.FINE_KIND_APPROXIMATED, `"${description.slice(0, 60)}" is kept as an overdue charge (the ledger knows overdue charges and payments)`));
      }
      for (const n of notes) note('fines', row, r.fines_id, n);
      const createdAt = noon(r.fines_date ?? today);
      if (debet) {
        const id = newId();
        fresh.push({ id, memberId, libraryId, loanId: loanOf(r), kind: FineKind.OVERDUE, amount: debet, note: description, createdAt });
        remember(SlimsKind.FINE, r.fines_id, id);
      }
      if (credit) {
        const id = newId();
        fresh.push({ id, memberId, libraryId, loanId: null, kind: FineKind.PAYMENT, amount: -credit, note: description, createdAt });
        remember(SlimsKind.FINE_PAYMENT, r.fines_id, id);
      }
      sections.fines.imported += 1;
    }
    await write((tx) => insertMany(tx, FineEntry, fresh));
    progress(rows.length);
  }

  lap('fines');
  // ---- visitor counts, per day ---------------------------------------------------------------
  {
    const days = await source.visitDays();
    const counted = new Set<string>();
    for (const r of await select<{ visitDate: string | Date }>(db, 'SELECT visitDate FROM visit_count WHERE libraryId = ?', [libraryId])) {
      counted.add(rawDate(r.visitDate));
    }
    const fresh: VisitCount[] = [];
    days.forEach((d, i) => {
      sections.visitDays.read += 1;
      if (isKnown(SlimsKind.VISIT_DAY, d.day)) return void (sections.visitDays.alreadyImported += 1);
      if (counted.has(d.day)) {
        sections.visitDays.skipped += 1;
        return note(
          'visitor_count',
          i + 1,
          d.day,
          skipped(SlimsReason.VISIT_DAY_COUNTED, `the library already has a visitor count for ${d.day}: it is kept (correct it at the desk if SLiMS's ${d.visits} is right)`),
        );
      }
      const visit: VisitCount = {
        id: newId(),
        libraryId,
        visitDate: d.day,
        source: VisitSource.MANUAL,
        count: Number(d.visits),
        enteredCount: Number(d.visits),
        correctionCount: 0,
        recordedAt: importedAt,
        recordedBy: 'import:slims',
        recordedByRole: request.actor.role,
        recordedByLibrarianId: null,
      };
      fresh.push(visit);
      remember(SlimsKind.VISIT_DAY, d.day, visit.id);
    });
    sections.visitDays.imported += fresh.length;
    await write((tx) => insertMany(tx, VisitCount, fresh));
    progress(days.length);
  }

  lap('visitDays');
  // ---- holidays (written by the command, in staff-development) ----------------------------------
  const dated: SlimsHolidayOut[] = [];
  const weekly: { slimsId: string; weekday: number }[] = [];
  ref.holidays.forEach((h, i) => {
    sections.holidays.read += 1;
    if (h.holiday_date) return void dated.push({ slimsId: String(h.holiday_id), date: h.holiday_date, name: (h.description ?? '').trim().slice(0, 150) || 'Libur' });
    const weekday = weekdayOf(h.holiday_dayname);
    if (weekday) return void weekly.push({ slimsId: String(h.holiday_id), weekday });
    sections.holidays.skipped += 1;
    note('holiday', i + 1, h.holiday_id, skipped(SlimsReason.HOLIDAY_UNREADABLE, `neither a date nor a weekday ("${h.holiday_dayname}")`));
  });
  progress(ref.holidays.length);
  lap('holidays');

  // Past loans, returns and fines count in the indicators: rebuild the library's daily aggregates.
  await aggregateDaily({ db, calendars: deps.calendars }, { full: true, libraries: [libraryId] });

  const notCarried: SlimsImportSummary['notCarried'] = [];
  for (const c of NOT_CARRIED) {
    const rows = await source.filled(c.table, c.column);
    if (rows) notCarried.push({ ...c, rows });
  }
  return { libraryId, sections, report, notCarried, holidays: { dated, weekly }, elapsedMs: Date.now() - started };
}
