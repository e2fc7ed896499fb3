import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { deny, type Identity } from '../../../shared/platform/auth';
import { now } from '../../../shared/platform/clock';
import { isUniqueViolation, transaction } from '../../../shared/platform/database';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/platform/errors';
import { requireLibraryAccess } from '../access';
import { AcquisitionOrderLine } from '../acquisitions/acquisition-order.entity';
import { PurchaseSuggestion } from '../acquisitions/purchase-suggestion.entity';
import { SHELF_STATUSES, normaliseBarcode } from '../circulation/circulation.service';
import { Hold, HoldStatus, OPEN_HOLD_STATUSES } from '../circulation/hold.entity';
import { lockRows } from '../circulation/store';
import { DigitalResource } from '../digital/digital-resource.entity';
import { MarcSourceRecord } from '../marc/marc-source.entity';
import { SlimsImportMap, SlimsKind } from '../slims/slims-import-map.entity';
import { authorisedForms } from './authority.service';
import { AUTHOR_SEPARATOR, BibliographicRecord } from './bibliographic-record.entity';
import { deriveCallNumber } from './call-number';
import { normaliseIsbn } from './catalogue.service';
import { Item, ItemStatus } from './item.entity';
import type { CopySelection, MoveItemsInput, UpdateBibliographicRecordInput, UpdateItemInput } from './maintenance.inputs';

/**
 * Catalogue maintenance: editing and withdrawing records and copies, moving copies between
 * records, merging duplicate records.
 *
 * Who may (the callers' roles are checked by the resolvers' @Authorized: LIBRARIAN, LIBRARY_ADMIN,
 * ADMIN; the rest here):
 * - a record is shared by the union catalogue: any library's cataloguer may edit it (as any may
 *   add one);
 * - copies are their library's: only its staff (and ADMIN) edit, withdraw or move them;
 * - withdrawing a record withdraws the caller's library's copies of it (ADMIN: every library's, or
 *   one library's);
 * - merging a duplicate into a survivor moves everything of the duplicate, so a librarian may
 *   merge only a duplicate whose copies are all their own library's; one another library holds
 *   copies of needs ADMIN (the librarian can still move their own copies with moveItems).
 */

type Deps = { db: DataSource };

const tidy = (s: string) => s.trim().replace(/\s+/g, ' ');

/** Copies are their library's records: the collections scoping rule (access.ts) decides, per holding library. */
export function requireCopiesOf(identity: Identity, items: Item[]): void {
  for (const libraryId of new Set(items.map((i) => i.libraryId))) requireLibraryAccess(identity, libraryId, 'RECORDS');
}

/** Both lists are stored joined in a 1000-character column (as addBibliographicRecord checks). */
function checkListLength(field: 'authors' | 'subjects', list: string[]): void {
  if (list.join(AUTHOR_SEPARATOR).length > 1000) throw new BadUserInputError(field, `the ${field} together must not exceed 1000 characters`);
}

/** A required field given as null. */
function required<T>(field: string, value: T | null | undefined): T | undefined {
  if (value === null) throw new BadUserInputError(field, `${field} cannot be removed`);
  return value;
}

/**
 * Edits a record (any library's cataloguer, ADMIN). Authors and subjects are saved in their
 * authorised forms (authority.service.ts). An ISBN another record has is a CONFLICT. The search
 * index follows (SQLite: the FTS triggers; MySQL: InnoDB FULLTEXT). One UPDATE.
 */
export async function updateBibliographicRecord({ db }: Deps, id: string, input: UpdateBibliographicRecordInput): Promise<BibliographicRecord> {
  const title = required('title', input.title);
  const publisher = required('publisher', input.publisher);
  const publishedYear = required('publishedYear', input.publishedYear);
  const language = required('language', input.language);
  const materialType = required('materialType', input.materialType);
  const ddc = required('ddc', input.ddc);
  const authorsIn = required('authors', input.authors);
  const isbn = input.isbn === undefined ? undefined : input.isbn?.trim() ? normaliseIsbn(input.isbn) : null;
  try {
    return await transaction(db, async (tx) => {
      await lockRows(tx, 'bibliographic_record', [id]);
      const record = await tx.getRepository(BibliographicRecord).findOneBy({ id });
      if (!record) throw new NotFoundError('BibliographicRecord', id);
      const changes: Partial<BibliographicRecord> = {};
      if (title !== undefined) changes.title = tidy(title);
      if (input.subtitle !== undefined) changes.subtitle = input.subtitle?.trim() || null;
      if (authorsIn !== undefined) {
        changes.authors = [...new Set(await authorisedForms(tx, 'NAME', authorsIn.map(tidy)))];
        checkListLength('authors', changes.authors);
      }
      if (publisher !== undefined) changes.publisher = publisher.trim();
      if (publishedYear !== undefined) changes.publishedYear = publishedYear;
      if (input.edition !== undefined) changes.edition = input.edition?.trim() || null;
      if (isbn !== undefined) {
        const holder = isbn ? await tx.getRepository(BibliographicRecord).findOneBy({ isbn }) : null;
        if (holder && holder.id !== id) throw new ConflictError(`ISBN ${isbn} is already in the catalogue`);
        changes.isbn = isbn;
      }
      if (input.subjects !== undefined) {
        changes.subjects = [...new Set(await authorisedForms(tx, 'SUBJECT', (input.subjects ?? []).map(tidy)))];
        checkListLength('subjects', changes.subjects);
      }
      if (language !== undefined) changes.language = language;
      if (materialType !== undefined) changes.materialType = materialType;
      if (ddc !== undefined) changes.ddc = ddc.trim();
      if (input.callNumber !== undefined) {
        const merged = { ...record, ...changes };
        if (input.callNumber?.trim()) changes.callNumber = input.callNumber.trim();
        else if (merged.ddc) changes.callNumber = deriveCallNumber(merged.ddc, merged.authors, merged.title);
        else throw new BadUserInputError('callNumber', 'callNumber can only be derived from a class: give ddc as well');
      }
      if (Object.keys(changes).length) await tx.getRepository(BibliographicRecord).update({ id }, changes);
      return Object.assign(record, changes);
    });
  } catch (err) {
    if (isbn && isUniqueViolation(err)) throw new ConflictError(`ISBN ${isbn} is already in the catalogue`);
    throw err;
  }
}

/** Edits a copy's shelf location or collection (its library's staff, ADMIN). */
export async function updateItem({ db }: Deps, identity: Identity, id: string, input: UpdateItemInput): Promise<Item> {
  const location = required('location', input.location);
  const collectionType = required('collectionType', input.collectionType);
  return transaction(db, async (tx) => {
    const item = await tx.getRepository(Item).findOneBy({ id });
    if (!item) throw new NotFoundError('Item', id);
    requireCopiesOf(identity, [item]);
    const changes: Partial<Item> = {};
    if (location !== undefined) changes.location = tidy(location);
    if (collectionType !== undefined) changes.collectionType = collectionType;
    if (Object.keys(changes).length) await tx.getRepository(Item).update({ id }, changes);
    return Object.assign(item, changes);
  });
}

/**
 * Withdraws every copy of a record held by a library: the caller's own (ADMIN: `libraryId`, or
 * every library when omitted). Withdrawn copies keep their loans and history and leave the
 * public availability; a copy lent, on a hold shelf or in transit is a CONFLICT and nothing is
 * withdrawn. A record none of whose copies remains is reported deleted by OAI-PMH. Answers the
 * number of copies withdrawn (0 when all were withdrawn already).
 */
export async function withdrawBibliographicRecord({ db }: Deps, identity: Identity, id: string, libraryId: string | null | undefined): Promise<number> {
  if (identity.role !== 'ADMIN') libraryId ??= identity.libraryId!;
  if (libraryId) requireLibraryAccess(identity, libraryId, 'RECORDS');
  return transaction(db, async (tx) => {
    await lockRows(tx, 'bibliographic_record', [id]);
    if (!(await tx.getRepository(BibliographicRecord).existsBy({ id }))) throw new NotFoundError('BibliographicRecord', id);
    const copies = await tx.getRepository(Item).find({ where: { recordId: id, ...(libraryId ? { libraryId } : {}) }, order: { barcode: 'ASC' } });
    if (!copies.length) throw new ConflictError(libraryId ? `${libraryId} holds no copy of this record` : 'No library holds a copy of this record');
    await lockRows(
      tx,
      'item',
      copies.map((c) => c.id),
    );
    const busy = copies.filter((c) => !SHELF_STATUSES.includes(c.status));
    if (busy.length) throw new ConflictError(`Copies ${busy.map((c) => `${c.barcode} (${c.status})`).join(', ')} are in circulation: check them in or cancel their holds first`);
    const ids = copies.filter((c) => c.status !== ItemStatus.WITHDRAWN).map((c) => c.id);
    if (!ids.length) return 0;
    // Guarded: a copy lent at this moment (its status no longer a shelf status) fails the whole withdrawal.
    const result = await tx
      .createQueryBuilder()
      .update(Item)
      .set({ status: ItemStatus.WITHDRAWN })
      .where('id IN (:...ids) AND status IN (:...shelf)', { ids, shelf: SHELF_STATUSES })
      .execute();
    if ((result.affected ?? ids.length) !== ids.length) throw new ConflictError('A copy was lent or set aside at this moment; try again');
    return ids.length;
  });
}

/** The copies chosen by id and/or barcode, each once, in barcode order; NOT_FOUND for one that is not there. */
export async function selectCopies(tx: EntityManager | DataSource, selection: CopySelection): Promise<Item[]> {
  const ids = [...new Set(selection.itemIds ?? [])];
  const barcodes = [...new Set((selection.barcodes ?? []).map((b) => normaliseBarcode(b)))];
  if (!ids.length && !barcodes.length) throw new BadUserInputError('copies', 'Give at least one copy id or barcode');
  if (ids.length + barcodes.length > 200) throw new BadUserInputError('copies', 'At most 200 copies at a time');
  const byId = ids.length ? await tx.getRepository(Item).findBy({ id: In(ids) }) : [];
  const missingId = ids.find((id) => !byId.some((i) => i.id === id));
  if (missingId) throw new NotFoundError('Item', missingId);
  const byBarcode = barcodes.length ? await tx.getRepository(Item).findBy({ barcode: In(barcodes) }) : [];
  const missingBarcode = barcodes.find((b) => !byBarcode.some((i) => i.barcode === b));
  if (missingBarcode) throw new NotFoundError('Item', missingBarcode);
  const all = new Map([...byId, ...byBarcode].map((i) => [i.id, i]));
  return [...all.values()].sort((a, b) => a.barcode.localeCompare(b.barcode));
}

/**
 * Moves copies to another record (their library's staff, ADMIN): a copy catalogued under the
 * wrong title or edition. Their loans go with them (loans point at the copy). A copy on a hold
 * shelf or in transit serves a hold of its old record: CONFLICT, nothing moved.
 */
export async function moveItems({ db }: Deps, identity: Identity, input: MoveItemsInput): Promise<Item[]> {
  return transaction(db, async (tx) => {
    await lockRows(tx, 'bibliographic_record', [input.toRecordId]);
    if (!(await tx.getRepository(BibliographicRecord).existsBy({ id: input.toRecordId }))) throw new NotFoundError('BibliographicRecord', input.toRecordId);
    const items = await selectCopies(tx, { itemIds: input.itemIds });
    requireCopiesOf(identity, items);
    await lockRows(
      tx,
      'item',
      items.map((i) => i.id),
    );
    const same = items.find((i) => i.recordId === input.toRecordId);
    if (same) throw new BadUserInputError('toRecordId', `Copy ${same.barcode} already belongs to this record`);
    const serving = items.find((i) => i.status === ItemStatus.ON_HOLD_SHELF || i.status === ItemStatus.IN_TRANSIT);
    if (serving) throw new ConflictError(`Copy ${serving.barcode} is ${serving.status} for a hold on its record: check it out or cancel the hold first`);
    await tx.getRepository(Item).update({ id: In(items.map((i) => i.id)) }, { recordId: input.toRecordId });
    return items.map((i) => Object.assign(i, { recordId: input.toRecordId }));
  });
}

const HOLD_PROGRESS: Record<string, number> = { [HoldStatus.READY]: 2, [HoldStatus.IN_TRANSIT]: 1, [HoldStatus.WAITING]: 0 };

/** The duplicate's holds join the survivor's queue after its last one, in their order; a member with an open hold on both keeps the one further on. */
async function moveHolds(tx: EntityManager, survivorId: string, duplicateId: string): Promise<void> {
  const holds = tx.getRepository(Hold);
  const moving = await holds.find({ where: { recordId: duplicateId }, order: { position: 'ASC' } });
  if (!moving.length) return;
  const staying = await holds.find({ where: { recordId: survivorId, status: In(OPEN_HOLD_STATUSES) } });
  const openBy = new Map(staying.map((h) => [h.memberId, h]));
  const closedAt = now();
  const cancel = (h: Hold) => holds.update({ id: h.id }, { status: HoldStatus.CANCELLED, activeMemberId: null, closedAt });
  for (const hold of moving) {
    const other = hold.activeMemberId ? openBy.get(hold.activeMemberId) : undefined;
    if (!other) continue;
    if (HOLD_PROGRESS[hold.status] > HOLD_PROGRESS[other.status]) await cancel(other);
    else {
      await cancel(hold);
      Object.assign(hold, { status: HoldStatus.CANCELLED, activeMemberId: null, closedAt });
    }
  }
  const [{ last }] = await tx.query<{ last: number | string | null }[]>('SELECT MAX(position) AS last FROM hold WHERE recordId = ?', [survivorId]);
  let position = Number(last ?? 0);
  for (const hold of moving) await holds.update({ id: hold.id }, { recordId: survivorId, position: ++position });
}

/**
 * The duplicate's MARC sources join the survivor's, before them: the survivor's latest source stays
 * the one its export starts from (when it has none, the duplicate's latest becomes it). A source
 * the survivor has already (same content) is dropped.
 */
async function moveMarcSources(tx: EntityManager, survivorId: string, duplicateId: string): Promise<void> {
  const repo = tx.getRepository(MarcSourceRecord);
  const kept = await repo.find({ where: { recordId: survivorId }, select: ['id', 'contentHash', 'revision'] });
  const hashes = new Set(kept.map((s) => s.contentHash));
  const moving = await repo.find({ where: { recordId: duplicateId }, select: ['id', 'contentHash', 'revision'], order: { revision: 'ASC' } });
  const moved = moving.filter((s) => !hashes.has(s.contentHash));
  for (const source of moving.filter((s) => hashes.has(s.contentHash))) await repo.delete({ id: source.id });
  if (!moved.length) return;
  if (kept.length) await repo.increment({ recordId: survivorId }, 'revision', moved.length);
  for (const [k, source] of moved.entries()) await repo.update({ id: source.id }, { recordId: survivorId, revision: k + 1 });
}

/** Fields the survivor lacks, taken from the duplicate. */
function completedFrom(survivor: BibliographicRecord, duplicate: BibliographicRecord): Partial<BibliographicRecord> {
  const changes: Partial<BibliographicRecord> = {};
  for (const field of ['subtitle', 'publisher', 'publishedYear', 'edition', 'isbn', 'ddc', 'callNumber'] as const) {
    if (survivor[field] == null && duplicate[field] != null) Object.assign(changes, { [field]: duplicate[field] });
  }
  if (!survivor.authors.length && duplicate.authors.length) changes.authors = duplicate.authors;
  const subjects = [...new Set([...survivor.subjects, ...duplicate.subjects])].slice(0, 20);
  if (subjects.length > survivor.subjects.length && subjects.join(AUTHOR_SEPARATOR).length <= 1000) changes.subjects = subjects;
  return changes;
}

/**
 * Merges a duplicate record into the survivor, in one transaction: copies (with their loans),
 * holds (queued after the survivor's), MARC sources, order lines, purchase suggestions, digital
 * resources and the SLiMS import map move to the survivor, which takes the fields it lacked; the
 * duplicate is deleted. Its id then reads as gone (NOT_FOUND); OAI-PMH reports it deleted at its
 * next refresh. A librarian may merge only a duplicate whose copies are all their library's.
 */
export async function mergeBibliographicRecords({ db }: Deps, identity: Identity, survivorId: string, duplicateId: string): Promise<BibliographicRecord> {
  if (survivorId === duplicateId) throw new BadUserInputError('duplicateId', 'A record cannot be merged into itself');
  return transaction(db, async (tx) => {
    await lockRows(tx, 'bibliographic_record', [survivorId, duplicateId]);
    const records = tx.getRepository(BibliographicRecord);
    const survivor = await records.findOneBy({ id: survivorId });
    if (!survivor) throw new NotFoundError('BibliographicRecord', survivorId);
    const duplicate = await records.findOneBy({ id: duplicateId });
    if (!duplicate) throw new NotFoundError('BibliographicRecord', duplicateId);
    if (identity.role !== 'ADMIN') {
      const others = await tx
        .getRepository(Item)
        .createQueryBuilder('i')
        .select('DISTINCT i.libraryId', 'libraryId')
        .where('i.recordId = :duplicateId AND i.libraryId <> :own', { duplicateId, own: identity.libraryId })
        .getRawMany<{ libraryId: string }>();
      if (others.length) {
        deny(identity, `${others.map((o) => o.libraryId).join(', ')} also hold copies of this record: merging it needs ADMIN (move your own copies with moveItems)`);
      }
    }

    await tx.getRepository(Item).update({ recordId: duplicateId }, { recordId: survivorId });
    await moveHolds(tx, survivorId, duplicateId);
    await moveMarcSources(tx, survivorId, duplicateId);
    await tx.getRepository(AcquisitionOrderLine).update({ recordId: duplicateId }, { recordId: survivorId });
    await tx.getRepository(PurchaseSuggestion).update({ recordId: duplicateId }, { recordId: survivorId });
    await tx.getRepository(DigitalResource).update({ recordId: duplicateId }, { recordId: survivorId });
    await tx.getRepository(SlimsImportMap).update({ kind: SlimsKind.BIBLIO, targetId: duplicateId }, { targetId: survivorId });

    const changes = completedFrom(survivor, duplicate);
    await records.delete({ id: duplicateId });
    if (Object.keys(changes).length) await records.update({ id: survivorId }, changes);
    return Object.assign(survivor, changes);
  });
}
