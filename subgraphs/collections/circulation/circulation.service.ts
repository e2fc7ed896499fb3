import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { deny, requireRole, requireStaffOf, type Identity } from '../../../shared/platform/auth';
import { AppError, BadUserInputError, ConflictError, NotFoundError } from '../../../shared/platform/errors';
import type { LibraryCalendar } from '../../../shared/domain/library-calendar';
import type { ServiceClientConfig } from '../../../shared/platform/service-client';
import { daysBetween, libraryToday, todayAt } from '../../../shared/platform/time';
import { requireDeskRole, requireHoldAccess, requireLoanAccess } from '../access';
import { now } from '../../../shared/platform/clock';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { FineEntry, FineKind } from './fine-entry.entity';
import { Hold, HoldStatus, OPEN_HOLD_STATUSES } from './hold.entity';
import { Item, ItemStatus } from '../catalogue/item.entity';
import { Loan } from './loan.entity';
import { LoanRule } from './loan-rule.entity';
import type { CollectionsLoaders } from '../loaders';
import { Member, MemberStatus } from '../members/member.entity';
import { cardStatus } from '../members/card';
import { requireInstitutionCardLinked } from '../members/member.service';
import { newId } from '../ids';
import { dueDate, fineCapFor, overdueFine, pickRule, pickupByDate, renewedDueDate } from './rules';
import { fineBalance, guardedUpdate, lockRows, nextReceiptNumber } from './store';
import { isUniqueViolation } from '../../../shared/platform/database';
import { librariesAroundCopy, pickupLibraries, transactionWithCalendars, type CalendarSource, type ReadCalendars } from './calendars';
import { Idempotency } from '../../../shared/platform/idempotency';

/**
 * Circulation: checkout, return, renewal, holds, transit between libraries, fines. Each
 * operation is one transaction (shared transaction(), retried on deadlock) whose state changes are guarded UPDATEs,
 * so that concurrent desks never lend a copy twice, lose a hold or charge a fine twice. The
 * calendars a transaction needs are read before it opens (calendars.ts `transactionWithCalendars`):
 * no call to staff-development is made while a transaction is open.
 *
 * Who may: a desk (LIBRARIAN, LIBRARY_ADMIN) works for its own library's members and for the
 * copies that are at its library; ADMIN anywhere; a MEMBER renews their own loans and places and
 * cancels their own holds. Refusals come before state checks, state conflicts are CONFLICT.
 */

export interface CirculationDeps {
  db: DataSource;
  /** The opening calendars (staff-development, cached): due dates skip closed days. Read before a transaction, never inside one. */
  calendars: CalendarSource;
}

/** Where a copy physically is now, or is travelling to. */
export const currentLibraryOf = (item: Pick<Item, 'libraryId' | 'atLibraryId'>): string => item.atLibraryId ?? item.libraryId;

/** Barcodes are printed in capitals; a scanner or a hand may send them otherwise. */
export function normaliseBarcode(barcode: string): string {
  const code = barcode.trim().toUpperCase();
  if (!code || code.length > 30) throw new BadUserInputError('barcode', 'barcode must be 1 to 30 characters');
  return code;
}

export const rupiah = (n: number) => `Rp ${n.toLocaleString('id-ID')}`;

/** Who entered a ledger line: the role and the librarian (or the token's subject), for the audit trail. */
export const recordedBy = (identity: Identity): string => `${identity.role} ${identity.librarianId ?? identity.sub}`.slice(0, 80);

async function findItem(tx: EntityManager, barcode: string): Promise<Item> {
  const item = await tx.getRepository(Item).findOneBy({ barcode });
  if (!item) throw new NotFoundError('Item', barcode);
  return item;
}

export async function findMember(tx: EntityManager, id: string): Promise<Member> {
  const member = await tx.getRepository(Member).findOneBy({ id });
  if (!member) throw new NotFoundError('Member', id);
  return member;
}

/** The rule the library applies to this member type and material type; CONFLICT when it has none. */
export async function ruleFor(tx: EntityManager, libraryId: string, member: Pick<Member, 'memberType'>, record: Pick<BibliographicRecord, 'materialType'>): Promise<LoanRule> {
  const rules = await tx.getRepository(LoanRule).findBy({ libraryId });
  const rule = pickRule(rules, member.memberType, record.materialType);
  if (!rule) throw new ConflictError(`Library ${libraryId} has no loan rule for ${member.memberType} members and ${record.materialType}`);
  return rule;
}

/** A library's calendar and today there, read outside any transaction (inside one: ReadCalendars `of`). */
export async function calendarToday(deps: Pick<CirculationDeps, 'calendars'>, libraryId: string): Promise<{ calendar: LibraryCalendar; today: string }> {
  const calendar = await deps.calendars.get(libraryId);
  return { calendar, today: todayAt(calendar) };
}

/** The card as it reads today (members/card.ts `cardStatus`, the one place it is computed) must be ACTIVE. */
export function requireCardValid(member: Member, today: string): void {
  const status = cardStatus(member, today);
  if (status === MemberStatus.EXPIRED) throw new ConflictError(`The card of member ${member.cardNumber} expired on ${member.expiresOn}`);
  if (status !== MemberStatus.ACTIVE) throw new ConflictError(`The card of member ${member.cardNumber} is ${status.toLowerCase()}`);
}

async function requireUnderFineThreshold(tx: EntityManager, member: Member, rule: LoanRule): Promise<void> {
  const balance = await fineBalance(tx, member.id);
  if (balance > rule.maxUnpaidFines) {
    throw new ConflictError(`Member ${member.cardNumber} has ${rupiah(balance)} of unpaid fines, more than the ${rupiah(rule.maxUnpaidFines)} allowed`);
  }
}

// ---- routing a copy that has come free ------------------------------------------------------

/** Days a copy waits on `libraryId`'s hold shelf for this hold: the rule's holdShelfDays for the member and the title (7 with no rule). */
async function holdShelfDays(tx: EntityManager, libraryId: string, hold: Pick<Hold, 'memberId' | 'recordId'>): Promise<number> {
  const member = await tx.getRepository(Member).findOneByOrFail({ id: hold.memberId });
  const record = await tx.getRepository(BibliographicRecord).findOneByOrFail({ id: hold.recordId });
  const rules = await tx.getRepository(LoanRule).findBy({ libraryId });
  return pickRule(rules, member.memberType, record.materialType)?.holdShelfDays ?? 7;
}

export interface Routing {
  item: Item;
  /** The hold the copy now serves (READY on this hold shelf, or IN_TRANSIT to its pickup library). */
  hold: Hold | null;
  /** Where the desk must send the copy; null: it stays here (shelf or hold shelf). */
  sendTo: string | null;
}

/**
 * A copy has come free at `desk` (returned, received, or released by a hold): it goes to the
 * first open hold in the title's queue — onto this desk's hold shelf when the hold is to be
 * picked up here, else IN_TRANSIT to the pickup library — or back to its shelf, or IN_TRANSIT
 * home when it belongs to another library. Holds whose member no longer needs the title expire
 * on the way. The item update is guarded on the status the caller saw.
 */
export async function routeCopy(tx: EntityManager, calendars: ReadCalendars, item: Item, from: ItemStatus, desk: string): Promise<Routing> {
  const holds = await tx.getRepository(Hold).find({
    where: { recordId: item.recordId, status: HoldStatus.WAITING },
    order: { position: 'ASC' },
  });
  const setItem = async (set: Partial<Item>) => {
    const changed = await guardedUpdate(tx, Item, set, 'id = :id AND status = :from', { id: item.id, from });
    if (!changed) throw new ConflictError(`Copy ${item.barcode} was changed by another desk at this moment; try again`);
    Object.assign(item, set);
  };

  for (const hold of holds) {
    const { calendar, today } = calendars.of(hold.pickupLibraryId);
    if (hold.notNeededAfter && hold.notNeededAfter < today) {
      await guardedUpdate(tx, Hold, { status: HoldStatus.EXPIRED, activeMemberId: null, closedAt: now() }, 'id = :id AND status = :waiting', {
        id: hold.id,
        waiting: HoldStatus.WAITING,
      });
      continue;
    }
    if (hold.pickupLibraryId === desk) {
      const set = { status: HoldStatus.READY, itemId: item.id, pickupBy: pickupByDate(calendar, today, await holdShelfDays(tx, desk, hold)) };
      if (!(await guardedUpdate(tx, Hold, set, 'id = :id AND status = :waiting', { id: hold.id, waiting: HoldStatus.WAITING }))) continue;
      await setItem({ status: ItemStatus.ON_HOLD_SHELF, atLibraryId: desk === item.libraryId ? null : desk });
      return { item, hold: Object.assign(hold, set), sendTo: null };
    }
    const set = { status: HoldStatus.IN_TRANSIT, itemId: item.id };
    if (!(await guardedUpdate(tx, Hold, set, 'id = :id AND status = :waiting', { id: hold.id, waiting: HoldStatus.WAITING }))) continue;
    await setItem({ status: ItemStatus.IN_TRANSIT, atLibraryId: hold.pickupLibraryId });
    return { item, hold: Object.assign(hold, set), sendTo: hold.pickupLibraryId };
  }

  if (desk === item.libraryId) {
    await setItem({ status: ItemStatus.AVAILABLE, atLibraryId: null });
    return { item, hold: null, sendTo: null };
  }
  await setItem({ status: ItemStatus.IN_TRANSIT, atLibraryId: item.libraryId });
  return { item, hold: null, sendTo: item.libraryId };
}

// ---- checkout -------------------------------------------------------------------------------

/**
 * Lends a copy: the member's card is valid, they are under the rule's loan limit and fine
 * threshold, and the copy is AVAILABLE or waits on the hold shelf for them. The desk is the
 * caller's library; its rule and calendar give the due date (read before the transaction: an
 * ADMIN's desk, the copy's library, is read when the transaction finds it).
 */
export async function checkoutItem(deps: CirculationDeps, identity: Identity, barcodeInput: string, memberId: string, once?: Idempotency<Loan>): Promise<Loan> {
  requireDeskRole(identity);
  const barcode = normaliseBarcode(barcodeInput);
  return transactionWithCalendars(
    deps,
    [identity.libraryId],
    async (tx, calendars) => {
      // The member's lock first: their loans and balance are then read as of the previous checkout.
      await lockRows(tx, 'member', [memberId]);
      const member = await findMember(tx, memberId);
      const item = await findItem(tx, barcode);
      const here = currentLibraryOf(item);
      const desk = identity.role === 'ADMIN' ? here : identity.libraryId!;
      if (identity.role !== 'ADMIN') {
        if (member.libraryId !== desk) deny(identity, "You may lend only to your own library's members");
        if (here !== desk) deny(identity, `Copy ${barcode} is at ${here}: only that library may lend it`);
      }
      const { calendar, today } = calendars.of(desk);
      requireCardValid(member, today);

      let hold: Hold | null = null;
      if (item.status === ItemStatus.ON_HOLD_SHELF) {
        hold = await tx.getRepository(Hold).findOneBy({ itemId: item.id, status: HoldStatus.READY });
        if (!hold || hold.memberId !== member.id) throw new ConflictError(`Copy ${barcode} waits on the hold shelf for another member`);
      } else if (item.status !== ItemStatus.AVAILABLE) {
        throw new ConflictError(`Copy ${barcode} is ${item.status}, not available for loan`);
      }

      const record = await tx.getRepository(BibliographicRecord).findOneByOrFail({ id: item.recordId });
      const rule = await ruleFor(tx, desk, member, record);
      if (rule.maxLoans === 0) throw new ConflictError(`${desk} does not lend ${record.materialType} to ${member.memberType} members`);
      const open = await tx.getRepository(Loan).countBy({ memberId: member.id, returnedAt: IsNull() });
      if (open >= rule.maxLoans) throw new ConflictError(`Member ${member.cardNumber} already has ${open} copies out, the most this rule allows`);
      await requireUnderFineThreshold(tx, member, rule);

      const changed = await guardedUpdate(tx, Item, { status: ItemStatus.ON_LOAN, atLibraryId: desk === item.libraryId ? null : desk }, 'id = :id AND status = :from', {
        id: item.id,
        from: item.status,
      });
      if (!changed) throw new ConflictError(`Copy ${barcode} was just lent or set aside by another desk`);
      const closed = { status: HoldStatus.FULFILLED, activeMemberId: null, closedAt: now() };
      if (hold) {
        if (!(await guardedUpdate(tx, Hold, closed, 'id = :id AND status = :ready', { id: hold.id, ready: HoldStatus.READY }))) {
          throw new ConflictError(`The hold on copy ${barcode} changed at this moment; try again`);
        }
      } else {
        // Borrowing a copy off the shelf fulfils the member's own place in the queue for the title.
        await guardedUpdate(tx, Hold, closed, 'recordId = :recordId AND activeMemberId = :memberId AND status = :waiting', {
          recordId: record.id,
          memberId: member.id,
          waiting: HoldStatus.WAITING,
        });
      }

      const loan = tx.getRepository(Loan).create({
        id: newId(),
        itemId: item.id,
        memberId: member.id,
        libraryId: desk,
        checkedOutAt: now(),
        dueOn: dueDate(calendar, today, rule.loanDays),
        returnedAt: null,
        renewals: 0,
        finePerDay: rule.finePerDay,
        graceDays: rule.graceDays,
        deductGraceDays: rule.deductGraceDays ?? false,
        fineCap: fineCapFor(rule, item.price),
        daysOverdue: 0,
        lostAt: null,
        lastRenewedOn: null,
      });
      await tx.getRepository(Loan).insert(loan);
      return loan;
    },
    once,
  );
}

/** Who borrows: the member's id, or the number on their card as the desk's scanner reads it (exactly one of the two). */
export interface Borrower {
  memberId?: string | null;
  cardNumber?: string | null;
}

/**
 * The borrower's member id: `memberId` as given, or the holder of `cardNumber` (trimmed, in
 * capitals, as memberByCard reads it; NOT_FOUND for a number nobody holds, a replaced one too).
 * Which library the member belongs to is checked by the checkout itself, as for an id.
 */
async function borrowerId(db: DataSource, { memberId, cardNumber }: Borrower): Promise<string> {
  if ((memberId == null) === (cardNumber == null)) throw new BadUserInputError(memberId == null ? 'memberId' : 'cardNumber', 'Give either memberId or cardNumber, not both');
  if (memberId != null) return memberId;
  const card = cardNumber!.trim().toUpperCase();
  if (!card || card.length > 20) throw new BadUserInputError('cardNumber', 'cardNumber must be 1 to 20 characters');
  const member = await db.getRepository(Member).findOne({ where: { cardNumber: card }, select: { id: true } });
  if (!member) throw new NotFoundError('Card', card);
  return member.id;
}

/**
 * The desk's checkout: callers who never run a desk are refused first; the borrower is named by
 * id or by card number (`borrowerId`); an institution card's
 * partner must still work with the library (partnerships, asked before the transaction:
 * members/member.service.ts `requireInstitutionCardLinked`); then `checkoutItem`.
 */
export async function checkoutAtDesk(
  deps: CirculationDeps & { config: ServiceClientConfig; loaders: Pick<CollectionsLoaders, 'memberById'> },
  identity: Identity,
  barcode: string,
  borrower: Borrower,
  idempotencyKey?: string | null,
): Promise<Loan> {
  requireDeskRole(identity);
  const once = new Idempotency(deps.db, identity, {
    key: idempotencyKey,
    operation: 'checkoutItem',
    args: { barcode, memberId: borrower.memberId ?? null, cardNumber: borrower.cardNumber ?? null },
    idOf: (loan: Loan) => loan.id,
    replay: async (id) => {
      const loan = await deps.db.getRepository(Loan).findOneBy({ id });
      if (loan) requireStaffOf(identity, loan.libraryId);
      return loan;
    },
  });
  // Before the checks: the retry of a checkout that went through finds the copy lent already.
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const memberId = await borrowerId(deps.db, borrower);
  await requireInstitutionCardLinked(deps.config, identity, await deps.loaders.memberById.load(memberId));
  return checkoutItem({ db: deps.db, calendars: deps.calendars }, identity, barcode, memberId, once);
}

// ---- return ---------------------------------------------------------------------------------

export interface ItemReturn extends Routing {
  loan: Loan;
  fine: FineEntry | null;
}

/**
 * Takes a copy back at the caller's desk (the lending library, or the copy's own library): closes
 * the loan, charges the overdue fine into the ledger, and routes the copy (next hold, shelf, or
 * home). The loan is closed by a guarded UPDATE first and re-read under its lock, so a renewal
 * racing the return is either wholly before it (the fine counts from the new due date) or refused.
 */
export async function returnItem(deps: CirculationDeps, identity: Identity, barcodeInput: string): Promise<ItemReturn> {
  requireDeskRole(identity);
  const barcode = normaliseBarcode(barcodeInput);
  const libraries = [identity.libraryId, ...(await librariesAroundCopy(deps.db, barcode))];
  return transactionWithCalendars(deps, libraries, async (tx, calendars) => {
    const item = await findItem(tx, barcode);
    const here = currentLibraryOf(item);
    const desk = identity.role === 'ADMIN' ? here : identity.libraryId!;
    if (identity.role !== 'ADMIN' && desk !== here && desk !== item.libraryId) {
      deny(identity, `Copy ${barcode} belongs to ${item.libraryId} and is out from ${here}: only they take it back`);
    }
    if (item.status !== ItemStatus.ON_LOAN) throw new ConflictError(`Copy ${barcode} is ${item.status}, not on loan`);
    const open = await tx.getRepository(Loan).findOneBy({ itemId: item.id, returnedAt: IsNull() });
    if (!open) throw new ConflictError(`Copy ${barcode} has no open loan`);
    const returnedAt = now();
    if (!(await guardedUpdate(tx, Loan, { returnedAt }, 'id = :id AND returnedAt IS NULL', { id: open.id }))) {
      throw new ConflictError(`Copy ${barcode} was returned at this moment by another desk`);
    }
    await lockRows(tx, 'loan', [open.id]);
    const loan = await tx.getRepository(Loan).findOneByOrFail({ id: open.id });

    const { calendar, today } = calendars.of(loan.libraryId);
    const { daysOverdue, fine } = overdueFine(calendar, loan, today);
    if (daysOverdue > 0) {
      await guardedUpdate(tx, Loan, { daysOverdue }, 'id = :id', { id: loan.id });
      loan.daysOverdue = daysOverdue;
    }
    let entry: FineEntry | null = null;
    if (fine > 0) {
      entry = tx.getRepository(FineEntry).create({
        id: newId(),
        memberId: loan.memberId,
        libraryId: loan.libraryId,
        loanId: loan.id,
        kind: FineKind.OVERDUE,
        amount: fine,
        note: `${barcode} returned ${daysOverdue} day${daysOverdue === 1 ? '' : 's'} late (due ${loan.dueOn})`,
        createdAt: returnedAt,
      });
      try {
        await tx.getRepository(FineEntry).insert(entry);
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError(`The loan of ${barcode} has already been charged`);
        throw err;
      }
    }
    const routing = await routeCopy(tx, calendars, item, ItemStatus.ON_LOAN, desk);
    return { ...routing, loan, fine: entry };
  });
}

// ---- transit --------------------------------------------------------------------------------

/**
 * A copy IN_TRANSIT arrives at the library it was sent to: onto the hold shelf for the hold it
 * travels for (READY, pick up by …), else routed as a returned copy would be.
 */
export async function receiveItem(deps: CirculationDeps, identity: Identity, barcodeInput: string): Promise<Routing> {
  requireDeskRole(identity);
  const barcode = normaliseBarcode(barcodeInput);
  return transactionWithCalendars(deps, await librariesAroundCopy(deps.db, barcode), async (tx, calendars) => {
    const item = await findItem(tx, barcode);
    const destination = currentLibraryOf(item);
    if (identity.role !== 'ADMIN' && identity.libraryId !== destination) {
      deny(identity, `Copy ${barcode} is on its way to ${destination}: only that library receives it`);
    }
    if (item.status !== ItemStatus.IN_TRANSIT) throw new ConflictError(`Copy ${barcode} is ${item.status}, not in transit`);
    await lockRows(tx, 'item', [item.id]);
    const hold = await tx.getRepository(Hold).findOneBy({ itemId: item.id, status: HoldStatus.IN_TRANSIT });
    if (hold && hold.pickupLibraryId === destination) {
      const { calendar, today } = calendars.of(destination);
      const set = { status: HoldStatus.READY, pickupBy: pickupByDate(calendar, today, await holdShelfDays(tx, destination, hold)) };
      if (!(await guardedUpdate(tx, Hold, set, 'id = :id AND status = :transit', { id: hold.id, transit: HoldStatus.IN_TRANSIT }))) {
        throw new ConflictError(`The hold copy ${barcode} travels for changed at this moment; try again`);
      }
      const itemSet = { status: ItemStatus.ON_HOLD_SHELF, atLibraryId: destination === item.libraryId ? null : destination };
      if (!(await guardedUpdate(tx, Item, itemSet, 'id = :id AND status = :transit', { id: item.id, transit: ItemStatus.IN_TRANSIT }))) {
        throw new ConflictError(`Copy ${barcode} was received at this moment by another desk`);
      }
      return { item: Object.assign(item, itemSet), hold: Object.assign(hold, set), sendTo: null };
    }
    return routeCopy(tx, calendars, item, ItemStatus.IN_TRANSIT, destination);
  });
}

// ---- renewal --------------------------------------------------------------------------------

/**
 * One more loan period, from today (never giving a due date earlier than the loan has): for the
 * borrower, the lending library's staff and ADMIN, within the rule's renewals, while nobody waits
 * for the title and the member's card is valid and their fines under the threshold. A second
 * renewal on the same day (the library's date) changes nothing and answers the loan as it is: a
 * double click or a member and a desk renewing the same morning count once.
 */
export async function renewLoan(deps: CirculationDeps, identity: Identity, loanId: string): Promise<Loan> {
  requireRole(identity, ['MEMBER', 'LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN']);
  const lentBy = await deps.db.getRepository(Loan).findOne({ where: { id: loanId }, select: { id: true, libraryId: true } });
  return transactionWithCalendars(deps, [lentBy?.libraryId], async (tx, calendars) => {
    // Locked before any read (MySQL): a renewal committed a moment ago is then seen, and answered as is.
    await lockRows(tx, 'loan', [loanId]);
    const loan = await tx.getRepository(Loan).findOneBy({ id: loanId });
    if (!loan) throw new NotFoundError('Loan', loanId);
    requireLoanAccess(identity, loan);
    if (loan.returnedAt) throw new ConflictError(loan.lostAt ? 'This loan was closed: its copy was declared lost' : 'This loan has been returned');
    const { calendar, today } = calendars.of(loan.libraryId);
    if (loan.lastRenewedOn === today) return loan;
    const member = await tx.getRepository(Member).findOneByOrFail({ id: loan.memberId });
    const item = await tx.getRepository(Item).findOneByOrFail({ id: loan.itemId });
    const record = await tx.getRepository(BibliographicRecord).findOneByOrFail({ id: item.recordId });
    requireCardValid(member, today);
    const rule = await ruleFor(tx, loan.libraryId, member, record);
    if (loan.renewals >= rule.maxRenewals) {
      throw new ConflictError(`This loan has been renewed ${loan.renewals} time${loan.renewals === 1 ? '' : 's'}, the most the rule allows`);
    }
    const waiting = await tx
      .getRepository(Hold)
      .createQueryBuilder('h')
      .where('h.recordId = :recordId AND h.status = :waiting', { recordId: record.id, waiting: HoldStatus.WAITING })
      .andWhere('(h.notNeededAfter IS NULL OR h.notNeededAfter >= :today)', { today })
      .getCount();
    if (waiting > 0) throw new ConflictError(`${waiting} member${waiting === 1 ? ' waits' : 's wait'} for this title: it cannot be renewed`);
    await requireUnderFineThreshold(tx, member, rule);

    const dueOn = renewedDueDate(calendar, loan.dueOn, today, rule.loanDays);
    const set = { dueOn, renewals: loan.renewals + 1, lastRenewedOn: today };
    const changed = await guardedUpdate(tx, Loan, set, 'id = :id AND returnedAt IS NULL AND renewals = :renewals', {
      id: loan.id,
      renewals: loan.renewals,
    });
    if (!changed) {
      // The same renewal committed by another request at this moment counts as this one.
      const current = await tx.getRepository(Loan).findOneByOrFail({ id: loan.id });
      if (!current.returnedAt && current.lastRenewedOn === today) return current;
      throw new ConflictError('This loan was returned or renewed at this moment');
    }
    return Object.assign(loan, set);
  });
}

// ---- holds ----------------------------------------------------------------------------------

/**
 * Places a hold on a title, at the end of its queue: the member themself, staff of their home
 * library, ADMIN. The member's card is valid, they are under the rule's hold limit, do not have
 * the title out or on hold already, and some copy of it can be lent. The hold WAITS even when a
 * copy is on a shelf: no copy moves until a librarian pulls one for it (`pullHold`, from the desk's
 * pull list), so IN_TRANSIT and READY begin at the pull, never at the placing.
 *
 * Concurrency: the member's and the record's rows are locked first, so the hold count and the
 * next queue number are read after any hold committed before; the unique indexes (record,
 * position) and (record, open member) refuse whatever would still slip through.
 */
export async function placeHold(
  deps: CirculationDeps,
  identity: Identity,
  input: { recordId: string; memberId: string; pickupLibraryId: string; notNeededAfter?: string | null },
  idempotencyKey?: string | null,
): Promise<Hold> {
  requireRole(identity, ['MEMBER', 'LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN']);
  if (identity.role === 'MEMBER' && identity.memberId !== input.memberId) deny(identity, 'Members place holds for themselves');
  const once = new Idempotency(deps.db, identity, {
    key: idempotencyKey,
    operation: 'placeHold',
    args: { ...input, notNeededAfter: input.notNeededAfter ?? null },
    // The transaction answers the hold's id; the hold is read after it, for a retry too.
    idOf: (holdId: string) => holdId,
    replay: async (id) => {
      const hold = await deps.db.getRepository(Hold).findOneBy({ id });
      if (hold) requireHoldAccess(identity, hold, await deps.db.getRepository(Member).findOneByOrFail({ id: hold.memberId }));
      return hold && id;
    },
  });
  // Before the checks: the retry of a hold that was placed finds the member on the queue already.
  const earlier = await once.earlier();
  if (earlier) return deps.db.getRepository(Hold).findOneByOrFail({ id: earlier });
  let pickup: LibraryCalendar;
  try {
    pickup = await deps.calendars.get(input.pickupLibraryId);
  } catch (err) {
    if (err instanceof AppError && err.extensions.code === 'NOT_FOUND') throw new BadUserInputError('pickupLibraryId', `There is no library ${input.pickupLibraryId}`);
    throw err;
  }
  const today = todayAt(pickup);
  if (input.notNeededAfter && input.notNeededAfter < today) throw new BadUserInputError('notNeededAfter', 'notNeededAfter must not be in the past');

  const hold = await once.transaction(async (tx) => {
    await lockRows(tx, 'member', [input.memberId]);
    await lockRows(tx, 'bibliographic_record', [input.recordId]);
    const member = await findMember(tx, input.memberId);
    if (identity.role === 'LIBRARIAN' || identity.role === 'LIBRARY_ADMIN') {
      if (member.libraryId !== identity.libraryId) deny(identity, "You may place holds only for your own library's members");
    }
    const record = await tx.getRepository(BibliographicRecord).findOneBy({ id: input.recordId });
    if (!record) throw new NotFoundError('BibliographicRecord', input.recordId);
    requireCardValid(member, today);
    const rule = await ruleFor(tx, member.libraryId, member, record);
    if (rule.maxLoans === 0) throw new ConflictError(`${member.libraryId} does not lend ${record.materialType} to ${member.memberType} members`);

    const lendable = await tx.getRepository(Item).countBy({
      recordId: record.id,
      // In repair counts: it comes back; missing, reference and withdrawn copies do not.
      status: In([ItemStatus.AVAILABLE, ItemStatus.ON_LOAN, ItemStatus.ON_HOLD_SHELF, ItemStatus.IN_TRANSIT, ItemStatus.REPAIR]),
    });
    if (lendable === 0) throw new ConflictError('No copy of this title can be lent');
    const hasIt = await tx
      .getRepository(Loan)
      .createQueryBuilder('l')
      .innerJoin(Item, 'i', 'i.id = l.itemId')
      .where('l.memberId = :memberId AND l.returnedAt IS NULL AND i.recordId = :recordId', { memberId: member.id, recordId: record.id })
      .getCount();
    if (hasIt) throw new ConflictError(`Member ${member.cardNumber} has this title out already`);
    if (await tx.getRepository(Hold).existsBy({ recordId: record.id, activeMemberId: member.id })) {
      throw new ConflictError(`Member ${member.cardNumber} already has a hold on this title`);
    }
    const openHolds = await tx.getRepository(Hold).countBy({ memberId: member.id, status: In(OPEN_HOLD_STATUSES) });
    if (openHolds >= rule.maxHolds) throw new ConflictError(`Member ${member.cardNumber} already has ${openHolds} holds, the most this rule allows`);

    const last: { last: string | number | null } | undefined = await tx
      .getRepository(Hold)
      .createQueryBuilder('h')
      .select('MAX(h.position)', 'last')
      .where('h.recordId = :recordId', { recordId: record.id })
      .getRawOne();
    const hold = tx.getRepository(Hold).create({
      id: newId(),
      recordId: record.id,
      memberId: member.id,
      pickupLibraryId: input.pickupLibraryId,
      status: HoldStatus.WAITING,
      position: Number(last?.last ?? 0) + 1,
      activeMemberId: member.id,
      itemId: null,
      placedAt: now(),
      notNeededAfter: input.notNeededAfter ?? null,
      pickupBy: null,
      closedAt: null,
    });
    try {
      await tx.getRepository(Hold).insert(hold);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('Another hold on this title was placed at this moment; try again');
      throw err;
    }

    // A copy on a shelf stays there: it is set aside only when a librarian pulls it (pullHold, the desk's pull list).
    return hold.id;
  });
  return deps.db.getRepository(Hold).findOneByOrFail({ id: hold });
}

/**
 * Cancels an open hold: the member, staff of their library or of the pickup library, ADMIN. A
 * copy waiting on the hold shelf for it goes to the next hold or back; one in transit travels on
 * and is routed when received.
 */
export async function cancelHold(deps: CirculationDeps, identity: Identity, holdId: string): Promise<Hold> {
  requireRole(identity, ['MEMBER', 'LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN']);
  const known = await deps.db.getRepository(Hold).findOne({ where: { id: holdId }, select: { id: true, recordId: true, pickupLibraryId: true } });
  const libraries = known ? [known.pickupLibraryId, ...(await pickupLibraries(deps.db, [known.recordId]))] : [];
  return transactionWithCalendars(deps, libraries, async (tx, calendars) => {
    const hold = await tx.getRepository(Hold).findOneBy({ id: holdId });
    if (!hold) throw new NotFoundError('Hold', holdId);
    const member = await tx.getRepository(Member).findOneByOrFail({ id: hold.memberId });
    requireHoldAccess(identity, hold, member);
    if (!OPEN_HOLD_STATUSES.includes(hold.status)) throw new ConflictError(`This hold is ${hold.status.toLowerCase()} already`);
    if (hold.itemId) await lockRows(tx, 'item', [hold.itemId]);
    const set = { status: HoldStatus.CANCELLED, activeMemberId: null, closedAt: now() };
    if (!(await guardedUpdate(tx, Hold, set, 'id = :id AND status = :status', { id: hold.id, status: hold.status }))) {
      throw new ConflictError('This hold changed at this moment; try again');
    }
    if (hold.status === HoldStatus.READY && hold.itemId) {
      const item = await tx.getRepository(Item).findOneByOrFail({ id: hold.itemId });
      if (item.status === ItemStatus.ON_HOLD_SHELF) await routeCopy(tx, calendars, item, ItemStatus.ON_HOLD_SHELF, hold.pickupLibraryId);
    }
    return Object.assign(hold, set);
  });
}

/** A hold's place among the WAITING holds of its title still wanted on `today` (0 = first), read as the pull list reads it. */
export const EARLIER_WAITING_HOLDS =
  '(SELECT COUNT(*) FROM hold e WHERE e.recordId = h.recordId AND e.status = :waiting AND e.position < h.position AND (e.notNeededAfter IS NULL OR e.notNeededAfter >= :today))';

/** The copies of a hold's title on the shelves of `:library` (AVAILABLE at home). */
export const COPIES_ON_SHELF_HERE = '(SELECT COUNT(*) FROM item i WHERE i.recordId = h.recordId AND i.libraryId = :library AND i.status = :available AND i.atLibraryId IS NULL)';

/** The first WAITING hold of a title still wanted on `today`, in queue order; null when nobody waits. */
async function firstWaiting(tx: EntityManager, recordId: string, today: string): Promise<Hold | null> {
  return tx
    .getRepository(Hold)
    .createQueryBuilder('h')
    .where('h.recordId = :recordId AND h.status = :waiting', { recordId, waiting: HoldStatus.WAITING })
    .andWhere('(h.notNeededAfter IS NULL OR h.notNeededAfter >= :today)', { today })
    .orderBy('h.position', 'ASC')
    .getOne();
}

/**
 * A librarian pulls a copy off their library's shelf for a WAITING hold (the desk's pull list) and
 * scans it, naming the hold or letting the scan serve the first hold of the title's queue: the
 * hold is READY with the copy ON_HOLD_SHELF when it is to be picked up here, else both are
 * IN_TRANSIT to the pickup library (sendTo). This is where a hold first moves a copy.
 * Staff of the library where the copy is, ADMIN. The copy must be AVAILABLE, of the hold's title,
 * and the hold among the first of its queue that this library's shelf copies can serve (the pull
 * list's rule), still wanted today. Two desks pulling the same hold, or the same copy, at once:
 * the hold and the copy change by guarded UPDATEs, so exactly one succeeds and the other is
 * CONFLICT, with nothing written.
 */
export async function pullHold(deps: CirculationDeps, identity: Identity, holdId: string | null, barcodeInput: string): Promise<Routing> {
  requireDeskRole(identity);
  const barcode = normaliseBarcode(barcodeInput);
  const named = holdId ? await deps.db.getRepository(Hold).findOne({ where: { id: holdId }, select: { id: true, pickupLibraryId: true } }) : null;
  const libraries = [identity.libraryId, named?.pickupLibraryId, ...(await librariesAroundCopy(deps.db, barcode))];
  return transactionWithCalendars(deps, libraries, async (tx, calendars) => {
    const item = await findItem(tx, barcode);
    const here = currentLibraryOf(item);
    if (identity.role !== 'ADMIN' && identity.libraryId !== here) deny(identity, `Copy ${barcode} is at ${here}: only that library pulls it`);
    const hold = holdId ? await tx.getRepository(Hold).findOneBy({ id: holdId }) : await firstWaiting(tx, item.recordId, calendars.of(here).today);
    if (!hold) {
      if (holdId) throw new NotFoundError('Hold', holdId);
      throw new ConflictError(`Nobody waits for the title of copy ${barcode}`);
    }
    if (hold.recordId !== item.recordId) throw new BadUserInputError('barcode', `Copy ${barcode} is not a copy of the title this hold asks for`);
    if (hold.status !== HoldStatus.WAITING) {
      throw new ConflictError(
        hold.itemId && OPEN_HOLD_STATUSES.includes(hold.status) ? 'A copy has been pulled for this hold already' : `This hold is ${hold.status.toLowerCase()}`,
      );
    }
    if (item.status !== ItemStatus.AVAILABLE) throw new ConflictError(`Copy ${barcode} is ${item.status}, not on the shelf`);
    const { calendar, today } = calendars.of(hold.pickupLibraryId);
    if (hold.notNeededAfter && hold.notNeededAfter < today) throw new ConflictError(`This hold was not needed after ${hold.notNeededAfter}: it expires`);
    const queue: { ahead: string | number; copies: string | number } | undefined = await tx
      .getRepository(Hold)
      .createQueryBuilder('h')
      .select(EARLIER_WAITING_HOLDS, 'ahead')
      .addSelect(COPIES_ON_SHELF_HERE, 'copies')
      .where('h.id = :id', { id: hold.id, waiting: HoldStatus.WAITING, today, library: here, available: ItemStatus.AVAILABLE })
      .getRawOne();
    const ahead = Number(queue?.ahead ?? 0);
    if (ahead >= Number(queue?.copies ?? 0)) {
      throw new ConflictError(`${ahead} earlier hold${ahead === 1 ? ' waits' : 's wait'} for this title and ${here}'s copies go to them first`);
    }

    const pickupHere = hold.pickupLibraryId === here;
    const set = pickupHere
      ? { status: HoldStatus.READY, itemId: item.id, pickupBy: pickupByDate(calendar, today, await holdShelfDays(tx, here, hold)) }
      : { status: HoldStatus.IN_TRANSIT, itemId: item.id };
    if (!(await guardedUpdate(tx, Hold, set, 'id = :id AND status = :waiting', { id: hold.id, waiting: HoldStatus.WAITING }))) {
      throw new ConflictError('Another desk pulled a copy for this hold at this moment');
    }
    const itemSet = pickupHere
      ? { status: ItemStatus.ON_HOLD_SHELF, atLibraryId: here === item.libraryId ? null : here }
      : { status: ItemStatus.IN_TRANSIT, atLibraryId: hold.pickupLibraryId };
    if (!(await guardedUpdate(tx, Item, itemSet, 'id = :id AND status = :available', { id: item.id, available: ItemStatus.AVAILABLE }))) {
      throw new ConflictError(`Copy ${barcode} was lent or set aside by another desk at this moment`);
    }
    return { item: Object.assign(item, itemSet), hold: Object.assign(hold, set), sendTo: pickupHere ? null : hold.pickupLibraryId };
  });
}

/**
 * The hold expiry job: holds past their "not needed after" day expire, and so do copies left on
 * the hold shelf past their pickup day, which then go to the next hold or back. Runs hourly in
 * the service (index.ts `background`); tests and the `expireHolds` mutation call it directly.
 * Each hold is its own small transaction, guarded like the rest, so it never fights a desk.
 */
export async function expireHolds(deps: CirculationDeps, libraryId?: string): Promise<number> {
  const repo = deps.db.getRepository(Hold);
  const libraries = libraryId
    ? [libraryId]
    : (
        await repo
          .createQueryBuilder('h')
          .select('DISTINCT h.pickupLibraryId', 'id')
          .where('h.status IN (:...open)', { open: [HoldStatus.WAITING, HoldStatus.READY] })
          .getRawMany<{ id: string }>()
      ).map((r) => r.id);
  let expired = 0;
  for (const library of libraries) {
    const { today } = await calendarToday(deps, library);
    const due = await repo
      .createQueryBuilder('h')
      .where('h.pickupLibraryId = :library', { library })
      .andWhere('((h.status = :waiting AND h.notNeededAfter IS NOT NULL AND h.notNeededAfter < :today) OR (h.status = :ready AND h.pickupBy < :today))', {
        waiting: HoldStatus.WAITING,
        ready: HoldStatus.READY,
        today,
      })
      .orderBy('h.placedAt', 'ASC')
      .getMany();
    for (const hold of due) {
      const libraries = [hold.pickupLibraryId, ...(await pickupLibraries(deps.db, [hold.recordId]))];
      const done = await transactionWithCalendars(deps, libraries, async (tx, calendars) => {
        if (hold.itemId) await lockRows(tx, 'item', [hold.itemId]);
        const set = { status: HoldStatus.EXPIRED, activeMemberId: null, closedAt: now() };
        if (!(await guardedUpdate(tx, Hold, set, 'id = :id AND status = :status', { id: hold.id, status: hold.status }))) return false;
        if (hold.status === HoldStatus.READY && hold.itemId) {
          const item = await tx.getRepository(Item).findOneByOrFail({ id: hold.itemId });
          if (item.status === ItemStatus.ON_HOLD_SHELF) await routeCopy(tx, calendars, item, ItemStatus.ON_HOLD_SHELF, hold.pickupLibraryId);
        }
        return true;
      });
      if (done) expired += 1;
    }
  }
  return expired;
}

/**
 * Which pickups the expireHolds mutation may expire: staff their own library's (theirs when none
 * is named); ADMIN one library, or all (undefined).
 */
export function expiryScope(identity: Identity, libraryId: string | null): string | undefined {
  requireDeskRole(identity);
  if (identity.role === 'ADMIN') return libraryId ?? undefined;
  requireStaffOf(identity, libraryId ?? identity.libraryId!);
  return identity.libraryId!;
}

// ---- fines ----------------------------------------------------------------------------------

/**
 * Records money paid at the desk of the member's library (staff, ADMIN): at most what is owed,
 * with the next receipt number of the desk's library series (store.ts `nextReceiptNumber`).
 * The member's row is locked first, so two desks cannot both take the last rupiah.
 */
export async function payFine(
  deps: CirculationDeps,
  identity: Identity,
  input: { memberId: string; amount: number; note?: string | null },
  idempotencyKey?: string | null,
): Promise<{ payment: FineEntry; balance: number }> {
  requireDeskRole(identity); // note and amount: PayFineArgs
  const once = new Idempotency(deps.db, identity, {
    key: idempotencyKey,
    operation: 'payFine',
    args: { ...input, note: input.note ?? null },
    // The balance left is remembered with the payment: later charges must not change the retry's answer.
    idOf: ({ payment, balance }: { payment: FineEntry; balance: number }) => `${payment.id}:${balance}`,
    replay: async (id) => {
      const [paymentId, balance] = id.split(':');
      const payment = await deps.db.getRepository(FineEntry).findOneBy({ id: paymentId });
      if (payment) requireStaffOf(identity, payment.libraryId);
      return payment && { payment, balance: Number(balance) };
    },
  });
  // Before the checks: the retry of a payment of the whole balance finds nothing owed any more.
  const earlier = await once.earlier();
  if (earlier) return earlier;
  return transactionWithCalendars(
    deps,
    [identity.libraryId],
    async (tx, calendars) => {
      await lockRows(tx, 'member', [input.memberId]);
      const member = await findMember(tx, input.memberId);
      if (identity.role !== 'ADMIN' && member.libraryId !== identity.libraryId) deny(identity, "You may take payments only from your own library's members");
      const balance = await fineBalance(tx, member.id);
      if (balance <= 0) throw new ConflictError(`Member ${member.cardNumber} owes nothing`);
      if (input.amount > balance) throw new BadUserInputError('amount', `amount is more than the ${rupiah(balance)} member ${member.cardNumber} owes`);
      const libraryId = identity.role === 'ADMIN' ? member.libraryId : identity.libraryId!;
      const { today } = calendars.of(libraryId);
      const payment = tx.getRepository(FineEntry).create({
        id: newId(),
        memberId: member.id,
        libraryId,
        loanId: null,
        kind: FineKind.PAYMENT,
        amount: -input.amount,
        note: input.note?.trim() || null,
        createdAt: now(),
        receiptNumber: await nextReceiptNumber(tx, libraryId, Number(today.slice(0, 4))),
        itemId: null,
        chargeId: null,
        recordedBy: recordedBy(identity),
      });
      await tx.getRepository(FineEntry).insert(payment);
      return { payment, balance: balance - input.amount };
    },
    once,
  );
}

// ---- copies ---------------------------------------------------------------------------------

/** Statuses a desk sets by hand; the circulation ones (ON_LOAN, ON_HOLD_SHELF, IN_TRANSIT) come from circulation. */
export const SHELF_STATUSES = [ItemStatus.AVAILABLE, ItemStatus.MISSING, ItemStatus.REPAIR, ItemStatus.NOT_FOR_LOAN, ItemStatus.WITHDRAWN, ItemStatus.LOST];

/**
 * Moves a copy that is not in circulation between shelf states (found, repaired, withdrawn …):
 * the staff of its library, ADMIN. A copy made AVAILABLE serves the title's holds queue first.
 */
export async function setItemStatus(deps: CirculationDeps, identity: Identity, barcodeInput: string, status: ItemStatus): Promise<Routing> {
  requireDeskRole(identity);
  const barcode = normaliseBarcode(barcodeInput);
  if (!SHELF_STATUSES.includes(status)) {
    throw new BadUserInputError('status', `status must be one of ${SHELF_STATUSES.join(', ')}; circulation sets the others`);
  }
  const libraries = status === ItemStatus.AVAILABLE ? await librariesAroundCopy(deps.db, barcode) : [];
  return transactionWithCalendars(deps, libraries, async (tx, calendars) => {
    const item = await findItem(tx, barcode);
    if (identity.role !== 'ADMIN' && identity.libraryId !== item.libraryId) deny(identity, `Copy ${barcode} belongs to ${item.libraryId}`);
    if (!SHELF_STATUSES.includes(item.status)) throw new ConflictError(`Copy ${barcode} is ${item.status}: return it, receive it or cancel its hold first`);
    if (status === ItemStatus.AVAILABLE) return routeCopy(tx, calendars, item, item.status, item.libraryId);
    if (!(await guardedUpdate(tx, Item, { status }, 'id = :id AND status = :from', { id: item.id, from: item.status }))) {
      throw new ConflictError(`Copy ${barcode} was changed by another desk at this moment; try again`);
    }
    return { item: Object.assign(item, { status }), hold: null, sendTo: null };
  });
}

// ---- loans as read --------------------------------------------------------------------------

/** Days past the due date: so far while out (today in the lending library's zone), at the return once returned. */
export async function daysOverdueNow(deps: Pick<CirculationDeps, 'calendars'>, loan: Loan): Promise<number> {
  if (loan.returnedAt) return loan.daysOverdue;
  return Math.max(0, daysBetween(loan.dueOn, await libraryToday(deps.calendars, loan.libraryId)));
}

/** While out: the fine a return today would be charged (rupiah); 0 once returned (the charge is then in the ledger). */
export async function accruedFineNow(deps: Pick<CirculationDeps, 'calendars'>, loan: Loan): Promise<number> {
  if (loan.returnedAt) return 0;
  const calendar = await deps.calendars.get(loan.libraryId);
  return overdueFine(calendar, loan, todayAt(calendar)).fine;
}
