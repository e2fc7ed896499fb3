import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { demoId } from '../shared/domain/demo';
import type { LibraryCalendar } from '../shared/domain/library-calendar';
import { setClock } from '../shared/platform/clock';
import { ItemStatus, Item } from '../subgraphs/collections/catalogue/item.entity';
import { FineEntry, FineKind } from '../subgraphs/collections/circulation/fine-entry.entity';
import { Loan } from '../subgraphs/collections/circulation/loan.entity';
import { overdueFine, renewedDueDate } from '../subgraphs/collections/circulation/rules';
import { MemberType } from '../subgraphs/collections/members/member.entity';
import { circulationViolations, newMember, newTitle, setToday } from './helpers/collections';
import { BACKENDS, codes, startFederation, type Federation } from './helpers/federation';

const CHECKOUT = `mutation ($barcode: String!, $memberId: ID!) { checkoutItem(barcode: $barcode, memberId: $memberId) { id dueOn deductGraceDays } }`;
const RETURN = `mutation ($barcode: String!) { returnItem(barcode: $barcode) { loan { id daysOverdue } fine { kind amount } item { status } } }`;
const RENEW = `mutation ($loanId: ID!) { renewLoan(loanId: $loanId) { id dueOn renewals } }`;
const LOST = `mutation ($loanId: ID!, $note: String) {
  declareLoanLost(loanId: $loanId, note: $note) { loan { id returnedAt lostAt } charge { id kind amount note recordedBy loan { id } } item { status } }
}`;
const DAMAGE = `mutation ($loanId: ID, $itemId: ID, $amount: Int!, $reason: String!) {
  chargeDamage(loanId: $loanId, itemId: $itemId, amount: $amount, reason: $reason) { id kind amount note loan { id } }
}`;
const WAIVE = `mutation ($fineEntryId: ID, $memberId: ID, $amount: Int, $reason: String!) {
  waiveCharge(fineEntryId: $fineEntryId, memberId: $memberId, amount: $amount, reason: $reason) { balance waiver { kind amount note recordedBy library { id } } }
}`;
const PAY = `mutation ($memberId: ID!, $amount: Int!) { payFine(memberId: $memberId, amount: $amount) { balance payment { kind amount receiptNumber } } }`;
const LEDGER = `query ($id: ID!) { member(id: $id) { fineBalance fines(first: 50) { edges { node { kind amount note receiptNumber recordedBy } } } } }`;

const KUPANG_LIKE: LibraryCalendar = { id: 'kupang', timezone: 'Asia/Makassar', closedWeekdays: [7], holidays: [] };

describe('fines and renewals (pure rules)', () => {
  it('charges only the open days beyond the grace days when the loan deducts them', () => {
    const terms = { dueOn: '2026-11-16', finePerDay: 500, graceDays: 2, fineCap: 85_000 };
    // 3 days late with 2 grace days: the old threshold charges all three, the deduction one.
    expect(overdueFine(KUPANG_LIKE, terms, '2026-11-19')).toEqual({ daysOverdue: 3, fine: 1500 });
    expect(overdueFine(KUPANG_LIKE, { ...terms, deductGraceDays: true }, '2026-11-19')).toEqual({ daysOverdue: 3, fine: 500 });
    expect(overdueFine(KUPANG_LIKE, { ...terms, deductGraceDays: true }, '2026-11-18')).toEqual({ daysOverdue: 2, fine: 0 });
  });

  it('renews from today, never to a date before the current due date', () => {
    expect(renewedDueDate(KUPANG_LIKE, '2026-11-16', '2026-11-10', 14)).toBe('2026-11-24');
    expect(renewedDueDate(KUPANG_LIKE, '2026-11-30', '2026-11-10', 7)).toBe('2026-11-30');
    expect(renewedDueDate(KUPANG_LIKE, '2026-11-16', '2026-11-20', 14)).toBe('2026-12-04');
  });
});

describe.each(BACKENDS)('charges, waivers, receipts and renewals (%s)', (backend) => {
  let fed: Federation;
  let db: DataSource;
  const tokens: Record<string, string> = {};
  const memberToken = (libraryId: string, memberId: string) => fed.token({ role: 'MEMBER', libraryId, memberId });
  const ok = (res: { errors?: unknown; data?: unknown }) => {
    expect(res.errors).toBeUndefined();
    return res.data as any;
  };
  const lend = async (libraryId = 'kupang', options: { price?: number; memberType?: MemberType } = {}) => {
    const { items } = await newTitle(db, { [libraryId]: 1 }, { price: options.price });
    const member = await newMember(db, libraryId, { memberType: options.memberType });
    const token = libraryId === 'kupang' ? tokens.kupang : await fed.token({ role: 'LIBRARIAN', libraryId, librarianId: demoId('librarian', libraryId, 1) });
    const loan = ok(await fed.query(CHECKOUT, { token, variables: { barcode: items[0].barcode, memberId: member.id } })).checkoutItem;
    return { copy: items[0], member, loan };
  };
  const ledger = async (memberId: string) => ok(await fed.query(LEDGER, { token: tokens.kupang, variables: { id: memberId } })).member;

  beforeAll(async () => {
    fed = await startFederation(backend);
    db = fed.subgraphs.collections.db;
    tokens.kupang = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 1) });
    tokens.kupang2 = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 2) });
    tokens.baubau = await fed.token({ role: 'LIBRARIAN', libraryId: 'baubau', librarianId: demoId('librarian', 'baubau', 1) });
    tokens.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    tokens.baubauAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    tokens.admin = await fed.token({ role: 'ADMIN' });
    tokens.government = await fed.token({ role: 'GOVERNMENT' });
  });
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
  });
  beforeEach(() => setToday('2026-11-02'));

  describe('Mutation.declareLoanLost', () => {
    it("closes the loan, makes the copy LOST and charges its price plus the rule's processing fee", async () => {
      const { copy, member, loan } = await lend('kupang', { price: 85_000 });
      setToday('2026-11-20');
      const lost = ok(await fed.query(LOST, { token: tokens.kupang, variables: { loanId: loan.id, note: 'hilang saat banjir' } })).declareLoanLost;
      expect(lost.item.status).toBe('LOST');
      expect(lost.loan.lostAt).toBe(new Date('2026-11-20T02:00:00.000Z').toISOString());
      expect(lost.loan.returnedAt).toBe(lost.loan.lostAt);
      expect(lost.charge).toMatchObject({ kind: 'LOST', amount: 95_000, loan: { id: loan.id }, recordedBy: `LIBRARIAN ${demoId('librarian', 'kupang', 1)}` });
      expect(lost.charge.note).toContain('hilang saat banjir');
      // no overdue fine on top of the replacement, and nothing to return any more
      expect((await ledger(member.id)).fineBalance).toBe(95_000);
      expect(codes(await fed.query(RETURN, { token: tokens.kupang, variables: { barcode: copy.barcode } }))).toEqual(['CONFLICT']);
      expect(codes(await fed.query(LOST, { token: tokens.kupang, variables: { loanId: loan.id } }))).toEqual(['CONFLICT']);
      expect(codes(await fed.query(RENEW, { token: tokens.kupang, variables: { loanId: loan.id } }))).toEqual(['CONFLICT']);
      expect(await circulationViolations(db)).toEqual([]);
    });

    it("charges the rule's replacement price for a copy without a price of its own", async () => {
      const { loan } = await lend('kupang', { price: 0 });
      const lost = ok(await fed.query(LOST, { token: tokens.kupang, variables: { loanId: loan.id } })).declareLoanLost;
      expect(lost.charge.amount).toBe(100_000 + 10_000);
    });

    it("refuses the borrower, another library's desk, GOVERNMENT and PUBLIC; NOT_FOUND for an unknown loan", async () => {
      const { member, loan } = await lend('kupang');
      const vars = { loanId: loan.id };
      expect(codes(await fed.query(LOST, { token: await memberToken('kupang', member.id), variables: vars }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(LOST, { token: tokens.baubau, variables: vars }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(LOST, { token: tokens.baubauAdmin, variables: vars }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(LOST, { token: tokens.government, variables: vars }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(LOST, { variables: vars }))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await fed.query(LOST, { token: tokens.kupang, variables: { loanId: randomUUID() } }))).toEqual(['NOT_FOUND']);
      expect(await db.getRepository(FineEntry).countBy({ memberId: member.id })).toBe(0);
      expect((await db.getRepository(Loan).findOneByOrFail({ id: loan.id })).returnedAt).toBeNull();
    });

    it('lets exactly one of a lost-declaration and a return racing on the same loan win; the other is CONFLICT', async () => {
      const winners: string[] = [];
      for (let round = 0; round < 6; round++) {
        const { copy, member, loan } = await lend('kupang');
        setToday('2026-11-20');
        const declare = () => fed.query(LOST, { token: tokens.kupang, variables: { loanId: loan.id } });
        const giveBack = () => fed.query(RETURN, { token: tokens.kupang2, variables: { barcode: copy.barcode } });
        const [lost, back] = round % 2 ? await Promise.all([giveBack(), declare()]).then(([b, l]) => [l, b]) : await Promise.all([declare(), giveBack()]);
        expect([lost.errors ? 'CONFLICT' : 'ok', back.errors ? 'CONFLICT' : 'ok'].sort()).toEqual(['CONFLICT', 'ok']);
        expect(codes(lost.errors ? lost : back)).toEqual(['CONFLICT']);
        const kinds = (await db.getRepository(FineEntry).findBy({ memberId: member.id })).map((f) => f.kind);
        const stored = await db.getRepository(Item).findOneByOrFail({ id: copy.id });
        if (lost.errors) {
          winners.push('return');
          expect(stored.status).toBe(ItemStatus.AVAILABLE);
          expect(kinds).toEqual([FineKind.OVERDUE]);
        } else {
          winners.push('lost');
          expect(stored.status).toBe(ItemStatus.LOST);
          expect(kinds).toEqual([FineKind.LOST]);
        }
        setToday('2026-11-02');
      }
      expect(winners).toHaveLength(6);
      expect(await circulationViolations(db)).toEqual([]);
    });
  });

  describe('Mutation.chargeDamage', () => {
    it('charges the borrower of the loan, or of the copy’s latest loan, once per loan', async () => {
      const { copy, member, loan } = await lend('kupang');
      const damage = ok(await fed.query(DAMAGE, { token: tokens.kupang, variables: { loanId: loan.id, amount: 20_000, reason: 'sampul sobek' } })).chargeDamage;
      expect(damage).toMatchObject({ kind: 'DAMAGE', amount: 20_000, loan: { id: loan.id } });
      expect(damage.note).toContain('sampul sobek');
      expect(codes(await fed.query(DAMAGE, { token: tokens.kupang, variables: { loanId: loan.id, amount: 5_000, reason: 'lagi' } }))).toEqual(['CONFLICT']);

      ok(await fed.query(RETURN, { token: tokens.kupang, variables: { barcode: copy.barcode } }));
      setToday('2026-11-03');
      const next = await newMember(db, 'kupang');
      const second = ok(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: copy.barcode, memberId: next.id } })).checkoutItem;
      ok(await fed.query(RETURN, { token: tokens.kupang, variables: { barcode: copy.barcode } }));
      const byCopy = ok(await fed.query(DAMAGE, { token: tokens.kupang, variables: { itemId: copy.id, amount: 7_500, reason: 'halaman basah' } })).chargeDamage;
      expect(byCopy.loan.id).toBe(second.id);
      expect((await ledger(next.id)).fineBalance).toBe(7_500);
      expect((await ledger(member.id)).fineBalance).toBe(20_000);
    });

    it("refuses the borrower, another library's desk and PUBLIC; bad amounts and a missing target are BAD_USER_INPUT", async () => {
      const { copy, member, loan } = await lend('kupang');
      const vars = { loanId: loan.id, amount: 10_000, reason: 'rusak' };
      expect(codes(await fed.query(DAMAGE, { token: await memberToken('kupang', member.id), variables: vars }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(DAMAGE, { token: tokens.baubau, variables: vars }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(DAMAGE, { token: tokens.baubau, variables: { itemId: copy.id, amount: 10_000, reason: 'rusak' } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(DAMAGE, { variables: vars }))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await fed.query(DAMAGE, { token: tokens.kupang, variables: { ...vars, amount: 0 } }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await fed.query(DAMAGE, { token: tokens.kupang, variables: { ...vars, reason: '' } }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await fed.query(DAMAGE, { token: tokens.kupang, variables: { amount: 10_000, reason: 'rusak' } }))).toEqual(['BAD_USER_INPUT']);
      expect(await db.getRepository(FineEntry).countBy({ memberId: member.id })).toBe(0);
    });
  });

  describe('Mutation.waiveCharge', () => {
    it('records who waived and why; a LIBRARIAN waives up to the configured amount, above it only LIBRARY_ADMIN and ADMIN', async () => {
      const { member, loan } = await lend('kupang', { price: 85_000 });
      const charge = ok(await fed.query(LOST, { token: tokens.kupang, variables: { loanId: loan.id } })).declareLoanLost.charge;
      // the whole charge (95,000) is above WAIVER_LIBRARIAN_MAX (50,000 by default)
      expect(codes(await fed.query(WAIVE, { token: tokens.kupang, variables: { fineEntryId: charge.id, reason: 'ditemukan' } }))).toEqual(['FORBIDDEN']);
      const small = ok(await fed.query(WAIVE, { token: tokens.kupang, variables: { memberId: member.id, amount: 20_000, reason: 'keringanan pelajar' } })).waiveCharge;
      expect(small).toEqual({
        balance: 75_000,
        waiver: { kind: 'WAIVER', amount: -20_000, note: 'keringanan pelajar', recordedBy: `LIBRARIAN ${demoId('librarian', 'kupang', 1)}`, library: { id: 'kupang' } },
      });
      const part = ok(
        await fed.query(WAIVE, { token: tokens.kupangAdmin, variables: { fineEntryId: charge.id, amount: 60_000, reason: 'buku ditemukan rusak ringan' } }),
      ).waiveCharge;
      expect(part.balance).toBe(15_000);
      expect(part.waiver.recordedBy).toMatch(/^LIBRARY_ADMIN /);
      // the rest of the charge, but never more than is still owed
      expect(ok(await fed.query(WAIVE, { token: tokens.admin, variables: { fineEntryId: charge.id, reason: 'dihapus' } })).waiveCharge.balance).toBe(0);
      expect(codes(await fed.query(WAIVE, { token: tokens.kupangAdmin, variables: { memberId: member.id, amount: 1, reason: 'lagi' } }))).toEqual(['CONFLICT']);
      const lines = (await ledger(member.id)).fines.edges.map((e: any) => [e.node.kind, e.node.amount]);
      expect(lines).toEqual([
        ['LOST', 95_000],
        ['WAIVER', -20_000],
        ['WAIVER', -60_000],
        ['WAIVER', -15_000],
      ]);
    });

    it("refuses the member, another library's staff and admin, GOVERNMENT and PUBLIC; more than is owed is BAD_USER_INPUT", async () => {
      const { member, loan } = await lend('kupang');
      ok(await fed.query(DAMAGE, { token: tokens.kupang, variables: { loanId: loan.id, amount: 10_000, reason: 'rusak' } }));
      const vars = { memberId: member.id, amount: 5_000, reason: 'maaf' };
      expect(codes(await fed.query(WAIVE, { token: await memberToken('kupang', member.id), variables: vars }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(WAIVE, { token: tokens.baubau, variables: vars }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(WAIVE, { token: tokens.baubauAdmin, variables: vars }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(WAIVE, { token: tokens.government, variables: vars }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(WAIVE, { variables: vars }))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await fed.query(WAIVE, { token: tokens.kupang, variables: { ...vars, amount: 10_001 } }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await fed.query(WAIVE, { token: tokens.kupang, variables: { ...vars, reason: '' } }))).toEqual(['BAD_USER_INPUT']);
      expect((await ledger(member.id)).fineBalance).toBe(10_000);
    });
  });

  describe('Mutation.payFine receipts', () => {
    const owing = async (amount: number) => {
      const { loan, member } = await lend('kupang');
      ok(await fed.query(DAMAGE, { token: tokens.kupang, variables: { loanId: loan.id, amount, reason: 'rusak' } }));
      return member;
    };
    const number = (receipt: string) => Number(/^KPG-2026-(\d{6})$/.exec(receipt)![1]);

    it("numbers every payment from the library's series, readable on the member's own ledger", async () => {
      const member = await owing(9_000);
      const first = ok(await fed.query(PAY, { token: tokens.kupang, variables: { memberId: member.id, amount: 4_000 } })).payFine;
      const second = ok(await fed.query(PAY, { token: tokens.kupang, variables: { memberId: member.id, amount: 5_000 } })).payFine;
      expect(first.payment.receiptNumber).toMatch(/^KPG-2026-\d{6}$/);
      expect(number(second.payment.receiptNumber)).toBe(number(first.payment.receiptNumber) + 1);
      const own = ok(await fed.query(LEDGER, { token: await memberToken('kupang', member.id), variables: { id: member.id } })).member;
      expect(own.fines.edges.map((e: any) => e.node.receiptNumber)).toEqual([null, first.payment.receiptNumber, second.payment.receiptNumber]);
      const other = await newMember(db, 'kupang');
      expect(codes(await fed.query(LEDGER, { token: await memberToken('kupang', other.id), variables: { id: member.id } }))).toEqual(['FORBIDDEN']);
    });

    it('gives two desks paying at the same moment two consecutive numbers', async () => {
      const members = await Promise.all([owing(3_000), owing(3_000), owing(3_000), owing(3_000)]);
      const desks = [tokens.kupang, tokens.kupang2, tokens.kupangAdmin, tokens.kupang];
      const paid = await Promise.all(members.map((m, i) => fed.query(PAY, { token: desks[i], variables: { memberId: m.id, amount: 3_000 } })));
      const numbers = paid.map((res) => number(ok(res).payFine.payment.receiptNumber)).sort((a, b) => a - b);
      expect(new Set(numbers).size).toBe(4);
      expect(numbers[3] - numbers[0]).toBe(3);
    });
  });

  describe('grace days deducted', () => {
    it('charges a loan under a deducting rule only for the days beyond the grace period', async () => {
      const SET = `mutation ($input: LoanRuleInput!) { setLoanRule(input: $input) { id deductGraceDays } }`;
      const input = {
        libraryId: 'kupang',
        memberType: 'SENIOR',
        loanDays: 14,
        maxLoans: 5,
        maxRenewals: 2,
        finePerDay: 500,
        graceDays: 2,
        maxHolds: 5,
        holdShelfDays: 7,
        maxUnpaidFines: 10000,
        deductGraceDays: true,
      };
      expect(codes(await fed.query(SET, { token: tokens.kupang, variables: { input } }))).toEqual(['FORBIDDEN']);
      expect(ok(await fed.query(SET, { token: tokens.kupangAdmin, variables: { input } })).setLoanRule.deductGraceDays).toBe(true);
      const { copy, loan } = await lend('kupang', { memberType: MemberType.SENIOR });
      expect(loan).toMatchObject({ dueOn: '2026-11-16', deductGraceDays: true });
      setToday('2026-11-19');
      const back = ok(await fed.query(RETURN, { token: tokens.kupang, variables: { barcode: copy.barcode } })).returnItem;
      expect(back.loan.daysOverdue).toBe(3);
      expect(back.fine).toEqual({ kind: 'OVERDUE', amount: 500 });
    });
  });

  describe('Mutation.renewLoan', () => {
    it('counts the new period from today, and a second renewal the same day changes nothing', async () => {
      const { member, loan } = await lend('kupang');
      const token = await memberToken('kupang', member.id);
      setToday('2026-11-10');
      expect(ok(await fed.query(RENEW, { token, variables: { loanId: loan.id } })).renewLoan).toEqual({ id: loan.id, dueOn: '2026-11-24', renewals: 1 });
      expect(ok(await fed.query(RENEW, { token: tokens.kupang, variables: { loanId: loan.id } })).renewLoan).toEqual({ id: loan.id, dueOn: '2026-11-24', renewals: 1 });
      expect((await db.getRepository(Loan).findOneByOrFail({ id: loan.id })).renewals).toBe(1);
      setToday('2026-11-12');
      expect(ok(await fed.query(RENEW, { token, variables: { loanId: loan.id } })).renewLoan).toEqual({ id: loan.id, dueOn: '2026-11-26', renewals: 2 });
      expect(codes(await fed.query(RENEW, { token: tokens.baubau, variables: { loanId: loan.id } }))).toEqual(['FORBIDDEN']);
    });

    it('counts two renewals sent at the same moment once, answering both with the same loan', async () => {
      const { member, loan } = await lend('kupang');
      const token = await memberToken('kupang', member.id);
      setToday('2026-11-10');
      const both = await Promise.all([fed.query(RENEW, { token, variables: { loanId: loan.id } }), fed.query(RENEW, { token: tokens.kupang, variables: { loanId: loan.id } })]);
      expect(both.map((res) => ok(res).renewLoan)).toEqual([
        { id: loan.id, dueOn: '2026-11-24', renewals: 1 },
        { id: loan.id, dueOn: '2026-11-24', renewals: 1 },
      ]);
      expect((await db.getRepository(Loan).findOneByOrFail({ id: loan.id })).renewals).toBe(1);
    });
  });
});
