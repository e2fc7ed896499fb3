import type { EntityManager } from 'typeorm';
import { deny, requireStaffOf, type Identity } from '../../../shared/platform/auth';
import { isUniqueViolation, transaction } from '../../../shared/platform/database';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/platform/errors';
import { now } from '../../../shared/platform/clock';
import { requireDeskRole, requireLoanAccess, requireMemberAccess } from '../access';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { Item, ItemStatus } from '../catalogue/item.entity';
import { newId } from '../ids';
import { Member } from '../members/member.entity';
import { findMember, recordedBy, ruleFor, rupiah, type CirculationDeps } from './circulation.service';
import { FineEntry, FineKind } from './fine-entry.entity';
import { Loan } from './loan.entity';
import { fineBalance, guardedUpdate, lockRows } from './store';
import { Idempotency } from '../../../shared/platform/idempotency';

/**
 * Charges beyond the overdue fine, and waivers: a copy declared lost, damage to a copy, a charge
 * let off. Each is one ledger line (fine-entry.entity.ts), added in one transaction after the
 * member's row is locked, like payments. Who may: the desk (LIBRARIAN, LIBRARY_ADMIN) of the
 * lending library for a loan's charges and of the member's library for waivers, and ADMIN;
 * waivers above `waiverLibrarianMax` (WAIVER_LIBRARIAN_MAX) only LIBRARY_ADMIN and ADMIN.
 */

/** The charge kinds a waiver may let off. */
const CHARGES = [FineKind.OVERDUE, FineKind.LOST, FineKind.DAMAGE];

export interface LostLoan {
  loan: Loan;
  charge: FineEntry;
  item: Item;
}

/**
 * A copy on loan declared lost (the lending library's desk, ADMIN): the loan closes — returnedAt
 * and lostAt are both the moment of the declaration, so it no longer counts as out anywhere — the
 * copy becomes LOST, and the borrower is charged its replacement price (the copy's price, else the
 * rule's lostReplacementPrice) plus the rule's lostProcessingFee. No overdue fine is added: the
 * replacement covers the copy. The loan is closed by the same guarded UPDATE a return uses, so of a
 * declaration and a return at the same moment exactly one wins and the other is CONFLICT.
 */
export async function declareLoanLost(
  deps: CirculationDeps,
  identity: Identity,
  input: { loanId: string; note?: string | null },
  idempotencyKey?: string | null,
): Promise<LostLoan> {
  requireDeskRole(identity);
  const once = new Idempotency(deps.db, identity, {
    key: idempotencyKey,
    operation: 'declareLoanLost',
    args: { ...input, note: input.note ?? null },
    idOf: ({ charge }: LostLoan) => charge.id,
    replay: async (id) => {
      const charge = await deps.db.getRepository(FineEntry).findOneBy({ id });
      if (!charge) return null;
      const loan = await deps.db.getRepository(Loan).findOneByOrFail({ id: charge.loanId! });
      requireLoanAccess(identity, loan);
      return { loan, charge, item: await deps.db.getRepository(Item).findOneByOrFail({ id: loan.itemId }) };
    },
  });
  // Before the checks: the retry of a declaration that went through finds the loan closed already.
  const earlier = await once.earlier();
  if (earlier) return earlier;
  return once.transaction(async (tx) => {
    const found = await tx.getRepository(Loan).findOneBy({ id: input.loanId });
    if (!found) throw new NotFoundError('Loan', input.loanId);
    requireLoanAccess(identity, found);
    if (found.returnedAt) throw new ConflictError(found.lostAt ? 'This copy was declared lost already' : 'This loan has been returned');
    const at = now();
    if (!(await guardedUpdate(tx, Loan, { returnedAt: at, lostAt: at }, 'id = :id AND returnedAt IS NULL', { id: found.id }))) {
      throw new ConflictError('This loan was returned or declared lost at this moment');
    }
    // The loan first, then the member, in the order a return takes them (its fine's foreign key).
    await lockRows(tx, 'member', [found.memberId]);
    const loan = await tx.getRepository(Loan).findOneByOrFail({ id: found.id });
    const item = await tx.getRepository(Item).findOneByOrFail({ id: loan.itemId });
    if (!(await guardedUpdate(tx, Item, { status: ItemStatus.LOST }, 'id = :id AND status = :onLoan', { id: item.id, onLoan: ItemStatus.ON_LOAN }))) {
      throw new ConflictError(`Copy ${item.barcode} is ${item.status}, not on loan`);
    }
    item.status = ItemStatus.LOST;
    const member = await tx.getRepository(Member).findOneByOrFail({ id: loan.memberId });
    const record = await tx.getRepository(BibliographicRecord).findOneByOrFail({ id: item.recordId });
    const rule = await ruleFor(tx, loan.libraryId, member, record);
    const price = item.price > 0 ? item.price : (rule.lostReplacementPrice ?? 100_000);
    const fee = rule.lostProcessingFee ?? 10_000;
    const note = input.note?.trim();
    const charge = tx.getRepository(FineEntry).create({
      id: newId(),
      memberId: loan.memberId,
      libraryId: loan.libraryId,
      loanId: loan.id,
      kind: FineKind.LOST,
      amount: price + fee,
      note: `${item.barcode} lost: replacement ${rupiah(price)} + processing ${rupiah(fee)}${note ? ` — ${note}` : ''}`.slice(0, 200),
      createdAt: at,
      receiptNumber: null,
      itemId: item.id,
      chargeId: null,
      recordedBy: recordedBy(identity),
    });
    await insertCharge(tx, charge, 'This loan has been charged for a lost copy already');
    return { loan, charge, item };
  });
}

async function insertCharge(tx: EntityManager, entry: FineEntry, duplicate: string): Promise<void> {
  try {
    await tx.getRepository(FineEntry).insert(entry);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(duplicate);
    throw err;
  }
}

/**
 * Damage to a copy, charged to the borrower of the loan named, or of the copy's latest loan (the
 * lending library's desk, ADMIN). One DAMAGE charge per loan: a second is CONFLICT (waive and
 * charge again to change the amount).
 */
export async function chargeDamage(
  deps: CirculationDeps,
  identity: Identity,
  input: { itemId?: string | null; loanId?: string | null; amount: number; reason: string },
  idempotencyKey?: string | null,
): Promise<FineEntry> {
  requireDeskRole(identity);
  const once = new Idempotency(deps.db, identity, {
    key: idempotencyKey,
    operation: 'chargeDamage',
    args: { itemId: input.itemId ?? null, loanId: input.loanId ?? null, amount: input.amount, reason: input.reason },
    idOf: (charge: FineEntry) => charge.id,
    replay: async (id) => {
      const charge = await deps.db.getRepository(FineEntry).findOneBy({ id });
      if (charge) requireStaffOf(identity, charge.libraryId);
      return charge;
    },
  });
  // Before the checks: the retry of a charge that went through finds the loan charged already.
  const earlier = await once.earlier();
  if (earlier) return earlier;
  if (!input.itemId === !input.loanId) throw new BadUserInputError('loanId', 'Give either loanId or itemId');
  return once.transaction(async (tx) => {
    let loan: Loan | null;
    if (input.loanId) {
      loan = await tx.getRepository(Loan).findOneBy({ id: input.loanId });
      if (!loan) throw new NotFoundError('Loan', input.loanId);
    } else {
      const item = await tx.getRepository(Item).findOneBy({ id: input.itemId! });
      if (!item) throw new NotFoundError('Item', input.itemId!);
      if (identity.role !== 'ADMIN' && identity.libraryId !== item.libraryId) deny(identity, `Copy ${item.barcode} belongs to ${item.libraryId}`);
      loan = await tx.getRepository(Loan).findOne({ where: { itemId: item.id }, order: { checkedOutAt: 'DESC', id: 'DESC' } });
      if (!loan) throw new ConflictError(`Copy ${item.barcode} has never been lent: there is nobody to charge`);
    }
    requireLoanAccess(identity, loan);
    await lockRows(tx, 'member', [loan.memberId]);
    const item = await tx.getRepository(Item).findOneByOrFail({ id: loan.itemId });
    const charge = tx.getRepository(FineEntry).create({
      id: newId(),
      memberId: loan.memberId,
      libraryId: loan.libraryId,
      loanId: loan.id,
      kind: FineKind.DAMAGE,
      amount: input.amount,
      note: `${item.barcode} damaged: ${input.reason.trim()}`.slice(0, 200),
      createdAt: now(),
      receiptNumber: null,
      itemId: item.id,
      chargeId: null,
      recordedBy: recordedBy(identity),
    });
    await insertCharge(tx, charge, 'This loan has been charged for damage already');
    return charge;
  });
}

/**
 * Lets off a charge (all that is left of it, or `amount` of it) or `amount` of a member's balance
 * (staff of the member's library, ADMIN), never more than the member owes. The waiver is a
 * negative WAIVER line that keeps the reason and who granted it. Above `waiverLibrarianMax`
 * rupiah, a LIBRARIAN is refused: only LIBRARY_ADMIN and ADMIN.
 */
export async function waiveCharge(
  deps: CirculationDeps & { waiverLibrarianMax: number },
  identity: Identity,
  input: { fineEntryId?: string | null; memberId?: string | null; amount?: number | null; reason: string },
): Promise<{ waiver: FineEntry; balance: number }> {
  requireDeskRole(identity);
  if (!input.fineEntryId === !input.memberId) throw new BadUserInputError('fineEntryId', 'Give either fineEntryId or memberId');
  if (input.memberId && !input.amount) throw new BadUserInputError('amount', 'amount is required to waive part of a balance');
  const reason = input.reason.trim();
  if (!reason) throw new BadUserInputError('reason', 'reason must be 1 to 200 characters');
  return transaction(deps.db, async (tx) => {
    let charge: FineEntry | null = null;
    let memberId = input.memberId ?? null;
    if (input.fineEntryId) {
      charge = await tx.getRepository(FineEntry).findOneBy({ id: input.fineEntryId });
      if (!charge) throw new NotFoundError('FineEntry', input.fineEntryId);
      memberId = charge.memberId;
    }
    await lockRows(tx, 'member', [memberId!]);
    const member = await findMember(tx, memberId!);
    requireMemberAccess(identity, member);
    let amount = input.amount ?? 0;
    let left = Infinity;
    if (charge) {
      if (!CHARGES.includes(charge.kind)) throw new BadUserInputError('fineEntryId', `A ${charge.kind} line is not a charge`);
      const waived = await tx.getRepository(FineEntry).sum('amount', { chargeId: charge.id, kind: FineKind.WAIVER });
      left = charge.amount + Number(waived ?? 0);
      if (left <= 0) throw new ConflictError('This charge has been waived already');
      if (amount > left) throw new BadUserInputError('amount', `amount is more than the ${rupiah(left)} left of this charge`);
    }
    const balance = await fineBalance(tx, member.id);
    if (balance <= 0) throw new ConflictError(`Member ${member.cardNumber} owes nothing`);
    // A whole charge: what is left of it, but never more than the member still owes (part may be paid).
    if (!amount) amount = Math.min(balance, left);
    if (amount > deps.waiverLibrarianMax && identity.role === 'LIBRARIAN') {
      deny(identity, `Waivers above ${rupiah(deps.waiverLibrarianMax)} are for the library's admin`);
    }
    if (amount > balance) throw new BadUserInputError('amount', `amount is more than the ${rupiah(balance)} member ${member.cardNumber} owes`);
    const waiver = tx.getRepository(FineEntry).create({
      id: newId(),
      memberId: member.id,
      libraryId: identity.role === 'ADMIN' ? member.libraryId : identity.libraryId!,
      loanId: null,
      kind: FineKind.WAIVER,
      amount: -amount,
      note: reason.slice(0, 200),
      createdAt: now(),
      receiptNumber: null,
      itemId: null,
      chargeId: charge?.id ?? null,
      recordedBy: recordedBy(identity),
    });
    await tx.getRepository(FineEntry).insert(waiver);
    return { waiver, balance: balance - amount };
  });
}
