import { createHash } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { now } from '../../../shared/platform/clock';
import type { Config } from '../../../shared/platform/config';
import { insertMany, isUniqueViolation, persisted, rawInstant, transaction } from '../../../shared/platform/database';
import { BadUserInputError } from '../../../shared/platform/errors';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { Item, ItemStatus } from '../catalogue/item.entity';
import { exportRecord } from '../marc/export';
import { MarcSourceRecord } from '../marc/marc-source.entity';
import { Marc } from '../marc/marcjs';
import { dublinCore } from './dublin-core';
import { OaiRecordSet, OaiRecordState } from './oai-record-state.entity';
import { OaiMetadataFormat, type OaiRecord, type OaiRecordPage } from './oai.types';

/**
 * The catalogue as the OAI-PMH provider (gateway/oai/) disseminates it. Public: what the OPAC
 * shows (catalogue fields, copies) and nothing else — no member, loan or hold, no copy of a library
 * the directory does not list, no withdrawn copy.
 *
 * Datestamps and deletions: the catalogue keeps no change time and has no way yet to remove a
 * record (a merge will, or an operator may), so the provider keeps its own view of each record in
 * oai_record_state — a fingerprint of the record's public content and the instant that content
 * was first seen — and compares it with the catalogue at most every OAI_REFRESH_INTERVAL_MS
 * (`refreshOaiState`). A record whose catalogue fields, sets or MARC source changed gets a new
 * datestamp; a record that is no longer in the catalogue, or every copy of which is withdrawn,
 * becomes a tombstone (status "deleted", kept for good). Circulation (a copy lent, returned,
 * moved) is not a change of the record: it would re-send the whole catalogue to every harvester
 * every day.
 */

/** When each database was last compared (per process; several instances each compare, harmlessly). */
const lastRefresh = new WeakMap<DataSource, number>();
const refreshing = new WeakMap<DataSource, Promise<void>>();

/** Whole seconds, as OAI-PMH's finest granularity (YYYY-MM-DDThh:mm:ssZ) says them. */
const toSecond = (at: Date) => new Date(Math.floor(at.getTime() / 1000) * 1000);

const LIVE_FIELDS: (keyof BibliographicRecord)[] = [
  'title',
  'subtitle',
  'authors',
  'publisher',
  'publishedYear',
  'edition',
  'isbn',
  'subjects',
  'language',
  'materialType',
  'ddc',
  'callNumber',
];

/** Library ids by record id. */
type LibrariesOf = Map<string, Set<string>>;
const addTo = (map: LibrariesOf, recordId: string, libraryId: string) => {
  let set = map.get(recordId);
  if (!set) map.set(recordId, (set = new Set()));
  set.add(libraryId);
};

/**
 * Where each record is: the libraries holding a copy of it that is not withdrawn (`held`), the
 * libraries with any copy of it, withdrawn ones included (`stocked`), and the libraries that
 * imported it (`imported`). Two queries for the whole catalogue.
 */
async function whereabouts(db: DataSource): Promise<{ held: LibrariesOf; stocked: LibrariesOf; imported: LibrariesOf }> {
  const copies = await db
    .getRepository(Item)
    .createQueryBuilder('i')
    .select('i.recordId', 'recordId')
    .addSelect('i.libraryId', 'libraryId')
    .addSelect('CASE WHEN i.status = :withdrawn THEN 1 ELSE 0 END', 'withdrawn')
    .distinct(true)
    .setParameters({ withdrawn: ItemStatus.WITHDRAWN })
    .getRawMany<{ recordId: string; libraryId: string; withdrawn: number | string }>();
  const sources = await db
    .getRepository(MarcSourceRecord)
    .createQueryBuilder('s')
    .select('s.recordId', 'recordId')
    .addSelect('s.libraryId', 'libraryId')
    .distinct(true)
    .getRawMany<{ recordId: string; libraryId: string }>();
  const held: LibrariesOf = new Map();
  const stocked: LibrariesOf = new Map();
  const imported: LibrariesOf = new Map();
  for (const c of copies) {
    addTo(stocked, c.recordId, c.libraryId);
    if (!Number(c.withdrawn)) addTo(held, c.recordId, c.libraryId);
  }
  for (const s of sources) addTo(imported, s.recordId, s.libraryId);
  return { held, stocked, imported };
}

/** The fingerprint of a record withdrawn from every library. */
const WITHDRAWN = 'withdrawn';

/**
 * Compares the catalogue with the provider's last view of it and records what changed: new and
 * changed records get a datestamp of now; records gone from the catalogue, and records every copy
 * of which is withdrawn, a tombstone (a withdrawn record that gets a copy again comes back, with a
 * new datestamp). Reads the whole catalogue (four queries), writes only what changed.
 */
export async function refreshOaiState(db: DataSource): Promise<{ changed: number; deleted: number }> {
  // Raw rows (no entity hydration): the fingerprint only needs the stored values, compared with themselves.
  const records = await db
    .getRepository(BibliographicRecord)
    .createQueryBuilder('r')
    .select('r.id', 'id')
    .addSelect(LIVE_FIELDS.map((f) => `r.${f}`))
    .getRawMany<Record<string, unknown>>();
  const { held, stocked, imported } = await whereabouts(db);
  const revisions = new Map(
    (
      await db
        .getRepository(MarcSourceRecord)
        .createQueryBuilder('s')
        .select('s.recordId', 'recordId')
        .addSelect('MAX(s.revision)', 'revision')
        .groupBy('s.recordId')
        .getRawMany<{ recordId: string; revision: number }>()
    ).map((r) => [r.recordId, Number(r.revision)]),
  );
  const known = new Map((await db.getRepository(OaiRecordState).find({ select: ['recordId', 'fingerprint', 'deleted'] })).map((s) => [s.recordId, s]));

  const at = toSecond(now());
  const changed: { state: OaiRecordState; sets: string[] }[] = [];
  const present = new Set<string>();
  for (const record of records) {
    const id = String(record.id);
    present.add(id);
    const previous = known.get(id);
    if (stocked.has(id) && !held.has(id)) {
      // Withdrawn everywhere: a tombstone, in the sets of the libraries that had it.
      if (previous?.deleted && previous.fingerprint === WITHDRAWN) continue;
      const sets = new Set([...stocked.get(id)!, ...(imported.get(id) ?? [])]);
      changed.push({ state: { recordId: id, fingerprint: WITHDRAWN, datestamp: at, deleted: true }, sets: [...sets].sort() });
      continue;
    }
    const libraries = [...new Set([...(held.get(id) ?? []), ...(imported.get(id) ?? [])])].sort();
    const content = JSON.stringify([LIVE_FIELDS.map((f) => record[`r_${f}`] ?? null), libraries, revisions.get(id) ?? 0]);
    const fingerprint = createHash('sha256').update(content).digest('hex');
    if (previous && !previous.deleted && previous.fingerprint === fingerprint) continue;
    changed.push({ state: { recordId: id, fingerprint, datestamp: at, deleted: false }, sets: libraries });
  }
  const removed = [...known.values()].filter((s) => !s.deleted && !present.has(s.recordId)).map((s) => s.recordId);
  if (!changed.length && !removed.length) return { changed: 0, deleted: 0 };

  await transaction(db, async (tx) => {
    const ids = changed.map((c) => c.state.recordId);
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await tx.getRepository(OaiRecordState).delete({ recordId: In(chunk) });
      await tx.getRepository(OaiRecordSet).delete({ recordId: In(chunk) });
    }
    await insertMany(
      tx,
      OaiRecordState,
      changed.map((c) => c.state),
    );
    await insertMany(
      tx,
      OaiRecordSet,
      changed.flatMap((c) => c.sets.map((setSpec) => ({ setSpec, recordId: c.state.recordId }))),
    );
    // A tombstone keeps the sets the record was in, so that a set's harvesters learn of it too.
    for (let i = 0; i < removed.length; i += 500) {
      await tx.getRepository(OaiRecordState).update({ recordId: In(removed.slice(i, i + 500)) }, { deleted: true, fingerprint: '', datestamp: at });
    }
  });
  return { changed: changed.length, deleted: removed.length };
}

/** Runs `refreshOaiState` when the last run is older than OAI_REFRESH_INTERVAL_MS; concurrent callers share one run. */
export async function ensureFresh(db: DataSource, config: Pick<Config, 'oai'>): Promise<void> {
  const last = lastRefresh.get(db);
  if (last !== undefined && Date.now() - last < config.oai.refreshIntervalMs) return;
  let run = refreshing.get(db);
  if (!run) {
    run = refreshOaiState(db)
      .catch((err: unknown) => {
        // Another instance recorded the same change at the same moment: its view stands.
        if (!isUniqueViolation(err)) throw err;
      })
      .then(() => void lastRefresh.set(db, Date.now()))
      .finally(() => refreshing.delete(db));
    refreshing.set(db, run);
  }
  await run;
}

/** A position in the (datestamp, record id) order: `<ISO instant>|<record id>`. */
function parseAfter(after: string): { datestamp: Date; recordId: string } {
  const at = after.indexOf('|');
  const datestamp = new Date(after.slice(0, at));
  const recordId = after.slice(at + 1);
  if (at < 1 || Number.isNaN(datestamp.getTime()) || !recordId) throw new BadUserInputError('after', 'after is not a position this list gave');
  return { datestamp, recordId };
}

export interface OaiListRequest {
  set?: string | null;
  from?: Date | null;
  until?: Date | null;
  after?: string | null;
  first: number;
  format?: OaiMetadataFormat | null;
  count: boolean;
}

/**
 * One page of records in (datestamp, id) order, after a position: one keyset query for the page
 * (plus one count when asked), then the metadata of the whole page in three queries (records,
 * copies, MARC sources) — never one per record. `listed`: the libraries the directory lists; a set
 * of another library is empty, and another library's copies and set memberships are not shown.
 */
export async function oaiRecordPage(db: DataSource, listed: ReadonlySet<string>, request: OaiListRequest, pageSize: number): Promise<OaiRecordPage> {
  const first = Math.min(Math.max(1, request.first), pageSize);
  if (request.set && !listed.has(request.set)) return { records: [], completeListSize: request.count ? 0 : null, nextAfter: null };
  const query = () => {
    const q = db.getRepository(OaiRecordState).createQueryBuilder('s');
    if (request.set) q.innerJoin(OaiRecordSet, 'm', 'm.recordId = s.recordId AND m.setSpec = :set', { set: request.set });
    if (request.from) q.andWhere('s.datestamp >= :from', { from: persisted(db, OaiRecordState, 'datestamp', toSecond(request.from)) });
    if (request.until) q.andWhere('s.datestamp <= :until', { until: persisted(db, OaiRecordState, 'datestamp', toSecond(request.until)) });
    return q;
  };
  const page = query();
  if (request.after) {
    const { datestamp, recordId } = parseAfter(request.after);
    page.andWhere('(s.datestamp > :d OR (s.datestamp = :d AND s.recordId > :id))', { d: persisted(db, OaiRecordState, 'datestamp', datestamp), id: recordId });
  }
  const rows = await page
    .select(['s.recordId AS recordId', 's.datestamp AS datestamp', 's.deleted AS deleted'])
    .orderBy('s.datestamp', 'ASC')
    .addOrderBy('s.recordId', 'ASC')
    .limit(first + 1)
    .getRawMany<{ recordId: string; datestamp: Date | string; deleted: number | boolean }>();
  const completeListSize = request.count ? await query().getCount() : null;
  const more = rows.length > first;
  const states = rows.slice(0, first).map((r) => ({ recordId: r.recordId, datestamp: rawInstant(r.datestamp), deleted: !!Number(r.deleted) }));
  const records = await oaiRecords(db, listed, states, request.format ?? null, request.set ?? null);
  const last = states[states.length - 1];
  return { records, completeListSize, nextAfter: more && last ? `${last.datestamp.toISOString()}|${last.recordId}` : null };
}

/** One record (a tombstone included) by id; null when the provider never knew it. */
export async function oaiRecordById(db: DataSource, listed: ReadonlySet<string>, recordId: string, format: OaiMetadataFormat | null): Promise<OaiRecord | null> {
  const state = await db.getRepository(OaiRecordState).findOneBy({ recordId });
  if (!state) return null;
  const [record] = await oaiRecords(db, listed, [state], format, null);
  return record;
}

/** The datestamp of the oldest record (tombstones included); null for an empty catalogue. */
export async function earliestDatestamp(db: DataSource): Promise<Date | null> {
  const row = await db.getRepository(OaiRecordState).createQueryBuilder('s').select('MIN(s.datestamp)', 'earliest').getRawOne<{ earliest: Date | string | null }>();
  return row?.earliest ? rawInstant(row.earliest) : null;
}

/** Headers and, with a format, metadata of the given records, in the order given: four queries for the whole page. */
async function oaiRecords(
  db: DataSource,
  listed: ReadonlySet<string>,
  states: Pick<OaiRecordState, 'recordId' | 'datestamp' | 'deleted'>[],
  format: OaiMetadataFormat | null,
  set: string | null,
): Promise<OaiRecord[]> {
  if (!states.length) return [];
  const ids = states.map((s) => s.recordId);
  const setRows = await db.getRepository(OaiRecordSet).find({ where: { recordId: In(ids) }, order: { setSpec: 'ASC' } });
  const setsOf = new Map<string, string[]>();
  for (const row of setRows) if (listed.has(row.setSpec)) setsOf.set(row.recordId, [...(setsOf.get(row.recordId) ?? []), row.setSpec]);

  const live = states.filter((s) => !s.deleted).map((s) => s.recordId);
  const metadata = new Map<string, string>();
  if (format && live.length) {
    const records = await db.getRepository(BibliographicRecord).findBy({ id: In(live) });
    // The copies the public sees: of a listed library (only the set's library in a set), not withdrawn.
    const items = (await db.getRepository(Item).find({ where: { recordId: In(live), ...(set ? { libraryId: set } : {}) }, order: { libraryId: 'ASC', barcode: 'ASC' } })).filter(
      (i) => listed.has(i.libraryId) && i.status !== ItemStatus.WITHDRAWN,
    );
    const copiesOf = new Map<string, Item[]>();
    for (const item of items) copiesOf.set(item.recordId, [...(copiesOf.get(item.recordId) ?? []), item]);
    const sources = new Map<string, MarcSourceRecord>();
    if (format === OaiMetadataFormat.MARCXML) {
      // The latest source the set's library imported, else the latest of any library (as the MARC export chooses).
      for (const s of await db.getRepository(MarcSourceRecord).find({ where: { recordId: In(live) }, order: { revision: 'ASC' } })) {
        if (!sources.has(s.recordId) || sources.get(s.recordId)!.libraryId !== set || s.libraryId === set) sources.set(s.recordId, s);
      }
    }
    const at = now();
    for (const record of records) {
      const copies = copiesOf.get(record.id) ?? [];
      metadata.set(record.id, format === OaiMetadataFormat.MARCXML ? marcxmlRecord(exportRecord(record, copies, sources.get(record.id) ?? null, at)) : dublinCore(record, copies));
    }
  }
  return states.map((s) => ({
    id: s.recordId,
    datestamp: s.datestamp,
    deleted: s.deleted,
    sets: setsOf.get(s.recordId) ?? [],
    // A record removed between the page query and this read has no metadata: reported as it was last seen, without it.
    metadata: s.deleted ? null : (metadata.get(s.recordId) ?? null),
  }));
}

const MARC_RECORD_OPEN =
  '<record xmlns="http://www.loc.gov/MARC21/slim" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.loc.gov/MARC21/slim http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd">';

/** One MARCXML `<record>` in the MARC 21 slim namespace (the export's records take it from their `<collection>`). */
function marcxmlRecord(record: Parameters<typeof Marc.format>[0]): string {
  return Marc.format(record, 'marcxml')
    .trim()
    .replace(/^<record>/, MARC_RECORD_OPEN);
}
