import { In, type DataSource, type EntityManager } from 'typeorm';
import { deny, requireRole, requireStaffOf, type Identity } from '../../../shared/platform/auth';
import { isMysql, isUniqueViolation, transaction } from '../../../shared/platform/database';
import { BadUserInputError, NotFoundError, StateConflict } from '../../../shared/platform/errors';
import type { LibraryCalendar } from '../../../shared/domain/library-calendar';
import { normaliseIsbn } from '../catalogue/catalogue.service';
import { actorOf, libraryToday } from '../conflict';
import { now } from '../../../shared/platform/clock';
import { newId } from '../ids';
import { pickupLibraries, transactionWithCalendars } from '../circulation/calendars';
import { routeCopy } from '../circulation/circulation.service';
import { AcquisitionBudget } from './acquisition-budget.entity';
import { AcquisitionOrder, AcquisitionOrderLine, AcquisitionOrderStatus } from './acquisition-order.entity';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { HoldStatus, Hold } from '../circulation/hold.entity';
import { CollectionType, Item, ItemStatus } from '../catalogue/item.entity';
import { Member, MemberStatus } from '../members/member.entity';
import { PurchaseSuggestion, PurchaseSuggestionStatus } from './purchase-suggestion.entity';
import { prefixOf, takeBarcodes } from '../catalogue/barcodes';
import { wholeSeconds } from '../../../shared/platform/time';
import { Idempotency } from '../../../shared/platform/idempotency';

/**
 * Acquisitions: purchase suggestions, a budget per library and year, orders committed against it,
 * and receipt, which catalogues the copies.
 *
 * The budget is never overspent. An order's cost is committed by one UPDATE of the budget's row
 * `… SET committed = committed + cost WHERE id = ? AND committed + cost <= amount`, whose affected
 * row count is checked: the database evaluates the condition on the row as it stands when the
 * statement gets it (InnoDB row lock; SQLite runs one transaction at a time), so of many orders
 * placed at once exactly those that fit are accepted, and `committed` is always their sum. The
 * amount is lowered the same way (`WHERE committed <= new amount`); a cancellation releases the
 * cost. Orders are charged to the budget of the year they are placed in, in the library's zone.
 *
 * Receiving an order is one transaction: the order turns RECEIVED (guarded on ORDERED, so it is
 * received once), its cost is spent, each copy gets the next barcode of the library's series and
 * is catalogued AVAILABLE with acquiredOn = the receipt date and price = the unit price — or goes
 * straight to the first member waiting for the title, as addItem does — and the suggestions the
 * lines answer turn RECEIVED. Any failure leaves nothing behind.
 *
 * Who: a MEMBER suggests for their own library and sees their own suggestions; the library's
 * LIBRARIAN and LIBRARY_ADMIN decide on suggestions and place, receive and cancel orders; its
 * LIBRARY_ADMIN sets the budget; ADMIN does all; GOVERNMENT reads budget totals and spend only.
 */

export interface AcquisitionDeps {
  db: DataSource;
  calendars: { get(libraryId: string): Promise<LibraryCalendar> };
}

export const STAFF_AND_ADMIN = ['LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN'] as const;
export const MAX_BUDGET = 1_000_000_000_000; // a trillion rupiah: far above any city library's
export const MAX_UNIT_PRICE = 50_000_000;

/** A row as it stands now, not as the transaction's snapshot saw it (MySQL: a locking read). */
async function current<T>(tx: EntityManager, sql: string, params: unknown[]): Promise<T | undefined> {
  const rows: T[] = await tx.query(isMysql(tx) ? `${sql} FOR UPDATE` : sql, params);
  return rows[0];
}

const rupiah = (n: number) => `Rp ${n.toLocaleString('id-ID')}`;

// ---- budgets --------------------------------------------------------------------------------

export async function setAcquisitionBudget(deps: AcquisitionDeps, identity: Identity, input: { libraryId: string; year: number; amount: number }): Promise<AcquisitionBudget> {
  requireStaffOf(identity, input.libraryId, ['LIBRARY_ADMIN']);
  const { today } = await libraryToday(deps.calendars, input.libraryId);
  const thisYear = Number(today.slice(0, 4));
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > thisYear + 1) {
    throw new BadUserInputError('year', `year must be from 2000 to ${thisYear + 1}`);
  }
  const actor = actorOf(identity);
  const attempt = () =>
    transaction(deps.db, async (tx) => {
      const repo = tx.getRepository(AcquisitionBudget);
      const existing = await repo.findOneBy({ libraryId: input.libraryId, year: input.year });
      if (!existing) {
        const budget = repo.create({
          id: newId(),
          libraryId: input.libraryId,
          year: input.year,
          amount: input.amount,
          committed: 0,
          spent: 0,
          orderCount: 0,
          updatedAt: wholeSeconds(now()),
          setBy: actor.sub,
        });
        await repo.insert({ ...budget });
        return budget.id;
      }
      const changed = await tx
        .createQueryBuilder()
        .update(AcquisitionBudget)
        .set({ amount: input.amount, updatedAt: wholeSeconds(now()), setBy: actor.sub })
        .where('id = :id AND committed <= :amount', { id: existing.id, amount: input.amount })
        .execute();
      if (!changed.affected) {
        const row = await current<{ committed: string | number }>(tx, 'SELECT committed FROM acquisition_budget WHERE id = ?', [existing.id]);
        throw new StateConflict('BUDGET_BELOW_COMMITTED', `${rupiah(Number(row?.committed))} is already committed on ${input.year}'s budget: it cannot be set lower`, {
          committed: Number(row?.committed),
        });
      }
      return existing.id;
    });
  let id: string;
  try {
    id = await attempt();
  } catch (err) {
    // Two admins creating the same year's budget at once: the second one updates it.
    if (!isUniqueViolation(err)) throw err;
    id = await attempt();
  }
  return deps.db.getRepository(AcquisitionBudget).findOneByOrFail({ id });
}

// ---- suggestions --------------------------------------------------------------------------

export interface SuggestionInput {
  libraryId?: string | null;
  title: string;
  authors: string[];
  isbn?: string | null;
  publisher?: string | null;
  publishedYear?: number | null;
  recordId?: string | null;
  note?: string | null;
}

export async function suggestPurchase(deps: AcquisitionDeps, identity: Identity, input: SuggestionInput, idempotencyKey?: string | null): Promise<PurchaseSuggestion> {
  requireRole(identity, ['MEMBER', ...STAFF_AND_ADMIN]);
  let libraryId: string;
  if (identity.role === 'ADMIN') {
    if (!input.libraryId) throw new BadUserInputError('libraryId', 'libraryId is needed: which library should buy it?');
    libraryId = input.libraryId;
  } else {
    libraryId = input.libraryId ?? identity.libraryId!;
    if (libraryId !== identity.libraryId) deny(identity, identity.role === 'MEMBER' ? 'Members suggest purchases to their own library' : 'You may act only for your own library');
  }
  const once = Idempotency.ofRow(deps.db, identity, PurchaseSuggestion, { key: idempotencyKey, operation: 'suggestPurchase', args: input });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const title = input.title.trim();
  if (!title) throw new BadUserInputError('title', 'title must not be empty');
  const isbn = input.isbn ? normaliseIsbn(input.isbn) : null;
  const { today } = await libraryToday(deps.calendars, libraryId);
  if (input.recordId && !(await deps.db.getRepository(BibliographicRecord).existsBy({ id: input.recordId }))) {
    throw new BadUserInputError('recordId', `There is no catalogue record ${input.recordId}`);
  }
  if (identity.role === 'MEMBER') {
    const member = await deps.db.getRepository(Member).findOneBy({ id: identity.memberId! });
    if (!member || member.libraryId !== libraryId) deny(identity, 'This library card is not known here');
    if (member.status !== MemberStatus.ACTIVE || member.expiresOn < today) {
      throw new StateConflict('CARD_NOT_VALID', `The card of member ${member.cardNumber} is not valid`);
    }
  }
  const actor = actorOf(identity);
  const suggestion = deps.db.getRepository(PurchaseSuggestion).create({
    id: newId(),
    libraryId,
    memberId: identity.role === 'MEMBER' ? identity.memberId! : null,
    suggestedBy: actor.sub,
    suggestedByRole: actor.role,
    suggestedByLibrarianId: actor.librarianId,
    title,
    authors: input.authors.map((a) => a.trim()).filter(Boolean),
    isbn,
    publisher: input.publisher?.trim() || null,
    publishedYear: input.publishedYear ?? null,
    note: input.note?.trim() || null,
    recordId: input.recordId ?? null,
    status: PurchaseSuggestionStatus.OPEN,
    orderId: null,
    decisionNote: null,
    decidedAt: null,
    createdAt: wholeSeconds(now()),
  });
  return once.transaction(async (tx) => {
    await tx.getRepository(PurchaseSuggestion).insert({ ...suggestion });
    return suggestion;
  });
}

export async function rejectPurchaseSuggestion(deps: AcquisitionDeps, identity: Identity, id: string, reason: string): Promise<PurchaseSuggestion> {
  requireRole(identity, STAFF_AND_ADMIN);
  const note = reason.trim(); // 3 to 300 characters: ReasonArgs
  return transaction(deps.db, async (tx) => {
    const suggestion = await tx.getRepository(PurchaseSuggestion).findOneBy({ id });
    if (!suggestion) throw new NotFoundError('PurchaseSuggestion', id);
    requireStaffOf(identity, suggestion.libraryId);
    const set = { status: PurchaseSuggestionStatus.REJECTED, decisionNote: note, decidedAt: wholeSeconds(now()) };
    const changed = await tx.createQueryBuilder().update(PurchaseSuggestion).set(set).where('id = :id AND status = :open', { id, open: PurchaseSuggestionStatus.OPEN }).execute();
    if (!changed.affected) throw new StateConflict('SUGGESTION_NOT_OPEN', `This suggestion is ${suggestion.status.toLowerCase()} already`);
    return Object.assign(suggestion, set);
  });
}

// ---- orders -------------------------------------------------------------------------------

export interface OrderLineInput {
  recordId: string;
  copies: number;
  unitPrice: number;
  location?: string | null;
  collectionType?: CollectionType | null;
  suggestionId?: string | null;
}

export interface OrderInput {
  libraryId: string;
  vendor: string;
  budgetLine: string;
  note?: string | null;
  lines: OrderLineInput[];
}

/** The order's cost. Each line's own bounds (1 to 100 lines, copies, unit price, location) are AcquisitionOrderInput's rules. */
function checkLines(lines: OrderLineInput[]): number {
  const cost = lines.reduce((sum, l) => sum + l.copies * l.unitPrice, 0);
  const suggestions = lines.map((l) => l.suggestionId).filter(Boolean);
  if (new Set(suggestions).size !== suggestions.length) throw new BadUserInputError('lines', 'A suggestion is answered by one line only');
  return cost;
}

export async function placeAcquisitionOrder(deps: AcquisitionDeps, identity: Identity, input: OrderInput, idempotencyKey?: string | null): Promise<AcquisitionOrder> {
  requireStaffOf(identity, input.libraryId);
  const once = Idempotency.ofRow(deps.db, identity, AcquisitionOrder, { key: idempotencyKey, operation: 'placeAcquisitionOrder', args: input });
  // Before the checks: the retry of an order that went through must not commit its cost twice.
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const vendor = input.vendor.trim(); // not blank: AcquisitionOrderInput
  const budgetLine = input.budgetLine.trim();
  const cost = checkLines(input.lines);
  const { today } = await libraryToday(deps.calendars, input.libraryId);
  const year = Number(today.slice(0, 4));

  const recordIds = [...new Set(input.lines.map((l) => l.recordId))];
  const known = new Set((await deps.db.getRepository(BibliographicRecord).findBy({ id: In(recordIds) })).map((r) => r.id));
  input.lines.forEach((l, i) => {
    if (!known.has(l.recordId)) throw new BadUserInputError(`lines.${i}.recordId`, `There is no catalogue record ${l.recordId}: catalogue the title first`);
  });
  const suggestionIds = input.lines.map((l) => l.suggestionId).filter((s): s is string => Boolean(s));
  const suggestions = new Map((suggestionIds.length ? await deps.db.getRepository(PurchaseSuggestion).findBy({ id: In(suggestionIds) }) : []).map((s) => [s.id, s]));
  input.lines.forEach((l, i) => {
    if (l.suggestionId && suggestions.get(l.suggestionId)?.libraryId !== input.libraryId) {
      throw new BadUserInputError(`lines.${i}.suggestionId`, `There is no suggestion ${l.suggestionId} for ${input.libraryId}`);
    }
  });

  const actor = actorOf(identity);
  return once.transaction(async (tx) => {
    const budget = await tx.getRepository(AcquisitionBudget).findOneBy({ libraryId: input.libraryId, year });
    if (!budget) throw new StateConflict('NO_BUDGET', `${input.libraryId} has no acquisition budget for ${year}: its LIBRARY_ADMIN sets one first`);
    const committed = await tx
      .createQueryBuilder()
      .update(AcquisitionBudget)
      .set({ committed: () => 'committed + :cost', orderCount: () => 'orderCount + 1' })
      .where('id = :id AND committed + :cost <= amount', { id: budget.id, cost })
      .execute();
    const row = await current<{ amount: string | number; committed: string | number; orderCount: number }>(
      tx,
      'SELECT amount, committed, orderCount FROM acquisition_budget WHERE id = ?',
      [budget.id],
    );
    if (!committed.affected) {
      const remaining = Number(row!.amount) - Number(row!.committed);
      throw new StateConflict('BUDGET_EXCEEDED', `This order costs ${rupiah(cost)}; ${rupiah(remaining)} of ${year}'s budget is left`, { cost, remaining });
    }
    const order = tx.getRepository(AcquisitionOrder).create({
      id: newId(),
      number: `${await prefixOf(tx, input.libraryId)}/${year}/${String(row!.orderCount).padStart(4, '0')}`,
      libraryId: input.libraryId,
      year,
      orderedOn: today,
      vendor,
      budgetLine,
      cost,
      status: AcquisitionOrderStatus.ORDERED,
      note: input.note?.trim() || null,
      receivedOn: null,
      cancelledAt: null,
      cancelReason: null,
      createdAt: wholeSeconds(now()),
      orderedBy: actor.sub,
      orderedByLibrarianId: actor.librarianId,
      receivedBy: null,
    });
    await tx.getRepository(AcquisitionOrder).insert({ ...order });
    const lines = input.lines.map((l, i) =>
      tx.getRepository(AcquisitionOrderLine).create({
        id: newId(),
        orderId: order.id,
        lineNo: i + 1,
        recordId: l.recordId,
        copies: l.copies,
        unitPrice: l.unitPrice,
        location: l.location?.trim() || 'Rak Umum',
        collectionType: l.collectionType ?? CollectionType.GENERAL,
        suggestionId: l.suggestionId ?? null,
      }),
    );
    await tx.getRepository(AcquisitionOrderLine).insert(lines.map((l) => ({ ...l })));
    for (const line of lines.filter((l) => l.suggestionId)) {
      const changed = await tx
        .createQueryBuilder()
        .update(PurchaseSuggestion)
        .set({ status: PurchaseSuggestionStatus.ORDERED, orderId: order.id, recordId: line.recordId, decidedAt: wholeSeconds(now()) })
        .where('id = :id AND status = :open', { id: line.suggestionId, open: PurchaseSuggestionStatus.OPEN })
        .execute();
      if (!changed.affected) throw new StateConflict('SUGGESTION_NOT_OPEN', `Suggestion ${line.suggestionId} is no longer open`);
    }
    return order;
  });
}

async function findOrder(tx: EntityManager, identity: Identity, id: string): Promise<AcquisitionOrder> {
  const order = await tx.getRepository(AcquisitionOrder).findOneBy({ id });
  if (!order) throw new NotFoundError('AcquisitionOrder', id);
  requireStaffOf(identity, order.libraryId);
  return order;
}

async function closeOrder(tx: EntityManager, order: AcquisitionOrder, set: Partial<AcquisitionOrder>): Promise<void> {
  const changed = await tx
    .createQueryBuilder()
    .update(AcquisitionOrder)
    .set(set)
    .where('id = :id AND status = :ordered', { id: order.id, ordered: AcquisitionOrderStatus.ORDERED })
    .execute();
  if (!changed.affected) {
    const now = await current<{ status: string }>(tx, 'SELECT status FROM acquisition_order WHERE id = ?', [order.id]);
    throw new StateConflict('ORDER_NOT_OPEN', `Order ${order.number} is ${String(now?.status ?? order.status).toLowerCase()} already`);
  }
}

export interface Receipt {
  order: AcquisitionOrder;
  items: Item[];
}

export async function receiveAcquisitionOrder(deps: AcquisitionDeps, identity: Identity, id: string, receivedOn?: string | null): Promise<Receipt> {
  requireRole(identity, STAFF_AND_ADMIN);
  const order = await findOrder(deps.db.manager, identity, id);
  const { today } = await libraryToday(deps.calendars, order.libraryId);
  const day = receivedOn ?? today;
  if (day > today) throw new BadUserInputError('receivedOn', `receivedOn must not be after today (${today})`);
  if (day < order.orderedOn) throw new BadUserInputError('receivedOn', `receivedOn must not be before the order (${order.orderedOn})`);
  const actor = actorOf(identity);
  // The calendars the titles' waiting holds need, read before the transaction (no network call inside it).
  const titles = await deps.db.getRepository(AcquisitionOrderLine).find({ where: { orderId: order.id }, select: { id: true, recordId: true } });
  const pickups = await pickupLibraries(deps.db, [...new Set(titles.map((l) => l.recordId))]);
  return transactionWithCalendars(deps, [order.libraryId, ...pickups], async (tx, calendars) => {
    await closeOrder(tx, order, { status: AcquisitionOrderStatus.RECEIVED, receivedOn: day, receivedBy: actor.sub });
    await tx
      .createQueryBuilder()
      .update(AcquisitionBudget)
      .set({ spent: () => 'spent + :cost' })
      .where('libraryId = :libraryId AND year = :year', { libraryId: order.libraryId, year: order.year, cost: order.cost })
      .execute();
    const lines = await tx.getRepository(AcquisitionOrderLine).find({ where: { orderId: order.id }, order: { lineNo: 'ASC' } });
    const barcodes = await takeBarcodes(
      tx,
      order.libraryId,
      lines.reduce((s, l) => s + l.copies, 0),
    );
    const items: Item[] = [];
    for (const line of lines) {
      for (let c = 0; c < line.copies; c++) {
        items.push(
          tx.getRepository(Item).create({
            id: newId(),
            barcode: barcodes[items.length],
            recordId: line.recordId,
            libraryId: order.libraryId,
            location: line.location,
            collectionType: line.collectionType,
            status: ItemStatus.AVAILABLE,
            atLibraryId: null,
            acquiredOn: day,
            price: line.unitPrice,
            acquisitionLineId: line.id,
          }),
        );
      }
    }
    for (let i = 0; i < items.length; i += 200) await tx.getRepository(Item).insert(items.slice(i, i + 200).map((item) => ({ ...item })));
    // A title members wait for: its new copies serve the queue first, as addItem's do.
    const wanted = await tx
      .getRepository(Hold)
      .createQueryBuilder('h')
      .select('DISTINCT h.recordId', 'recordId')
      .where('h.recordId IN (:...ids) AND h.status = :waiting', { ids: [...new Set(lines.map((l) => l.recordId))], waiting: HoldStatus.WAITING })
      .getRawMany<{ recordId: string }>();
    const waitedFor = new Set(wanted.map((w) => w.recordId));
    for (const item of items.filter((i) => waitedFor.has(i.recordId))) await routeCopy(tx, calendars, item, ItemStatus.AVAILABLE, item.libraryId);
    await tx
      .createQueryBuilder()
      .update(PurchaseSuggestion)
      .set({ status: PurchaseSuggestionStatus.RECEIVED })
      .where('orderId = :orderId AND status = :ordered', { orderId: order.id, ordered: PurchaseSuggestionStatus.ORDERED })
      .execute();
    return { order: Object.assign(order, { status: AcquisitionOrderStatus.RECEIVED, receivedOn: day, receivedBy: actor.sub }), items };
  });
}

export async function cancelAcquisitionOrder(deps: AcquisitionDeps, identity: Identity, id: string, reason: string): Promise<AcquisitionOrder> {
  requireRole(identity, STAFF_AND_ADMIN);
  const note = reason.trim(); // 3 to 300 characters: ReasonArgs
  return transaction(deps.db, async (tx) => {
    const order = await findOrder(tx, identity, id);
    const set = { status: AcquisitionOrderStatus.CANCELLED, cancelledAt: wholeSeconds(now()), cancelReason: note };
    await closeOrder(tx, order, set);
    await tx
      .createQueryBuilder()
      .update(AcquisitionBudget)
      .set({ committed: () => 'committed - :cost' })
      .where('libraryId = :libraryId AND year = :year', { libraryId: order.libraryId, year: order.year, cost: order.cost })
      .execute();
    // Its suggestions wait for another order.
    await tx
      .createQueryBuilder()
      .update(PurchaseSuggestion)
      .set({ status: PurchaseSuggestionStatus.OPEN, orderId: null, decidedAt: null })
      .where('orderId = :orderId AND status = :ordered', { orderId: order.id, ordered: PurchaseSuggestionStatus.ORDERED })
      .execute();
    return Object.assign(order, set);
  });
}
