import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { demoId } from '../shared/domain/demo';
import { nextOpenDay, type LibraryCalendar } from '../shared/domain/library-calendar';
import { addDays } from '../shared/platform/time';
import { dueDate, overdueFine, pickRule, renewedDueDate } from '../subgraphs/collections/circulation/rules';
import pino from 'pino';
import { startHoldExpiry } from '../subgraphs/collections/circulation/jobs';
import { expireHolds } from '../subgraphs/collections/circulation/circulation.service';
import { setClock } from '../shared/platform/clock';
import { MaterialType } from '../subgraphs/collections/catalogue/bibliographic-record.entity';
import { FineEntry, FineKind } from '../subgraphs/collections/circulation/fine-entry.entity';
import { Hold, HoldStatus } from '../subgraphs/collections/circulation/hold.entity';
import { Item, ItemStatus } from '../subgraphs/collections/catalogue/item.entity';
import { Loan } from '../subgraphs/collections/circulation/loan.entity';
import { LoanRule } from '../subgraphs/collections/circulation/loan-rule.entity';
import { MemberStatus, MemberType } from '../subgraphs/collections/members/member.entity';
import { demoLoanRules } from '../subgraphs/collections/demo/circulation';
import { newMember, newTitle, setToday } from './helpers/collections';
import { BACKENDS, codes, startFederation, type Federation } from './helpers/federation';

const CHECKOUT = `mutation ($barcode: String!, $memberId: ID!) {
  checkoutItem(barcode: $barcode, memberId: $memberId) { id dueOn renewals finePerDay graceDays fineCap library { id } item { status currentLibrary { id } } member { id } }
}`;
const RETURN = `mutation ($barcode: String!) {
  returnItem(barcode: $barcode) {
    loan { id returnedAt daysOverdue accruedFine }
    fine { kind amount note loan { id } }
    item { status currentLibrary { id } }
    hold { id status pickupBy pickupLibrary { id } }
    sendTo { id }
  }
}`;
const RECEIVE = `mutation ($barcode: String!) { receiveItem(barcode: $barcode) { item { status currentLibrary { id } } hold { id status pickupBy } sendTo { id } } }`;
const RENEW = `mutation ($loanId: ID!) { renewLoan(loanId: $loanId) { id dueOn renewals } }`;
const PLACE = `mutation ($recordId: ID!, $memberId: ID!, $pickup: ID!, $notNeededAfter: Date) {
  placeHold(recordId: $recordId, memberId: $memberId, pickupLibraryId: $pickup, notNeededAfter: $notNeededAfter) {
    id status queuePosition pickupBy notNeededAfter pickupLibrary { id } item { barcode status } record { id }
  }
}`;
const CANCEL = `mutation ($holdId: ID!) { cancelHold(holdId: $holdId) { id status closedAt } }`;
const PULL = `mutation ($holdId: ID!, $barcode: String!) { pullHold(holdId: $holdId, barcode: $barcode) { hold { id status pickupBy } item { barcode status currentLibrary { id } } sendTo { id } } }`;
const PAY = `mutation ($memberId: ID!, $amount: Int!) { payFine(memberId: $memberId, amount: $amount) { balance payment { kind amount library { id } } } }`;
const MEMBER_CIRCULATION = `query ($id: ID!) {
  member(id: $id) {
    fineBalance
    fines(first: 50) { totalCount edges { node { kind amount note } } }
    holds(first: 50, openOnly: true) { totalCount edges { node { id status queuePosition record { id } } } }
  }
}`;

/** A calendar with Sundays closed and Christmas, for the pure rule tests. */
const KUPANG_LIKE: LibraryCalendar = {
  id: 'kupang',
  timezone: 'Asia/Makassar',
  closedWeekdays: [7],
  holidays: [{ date: '2026-12-25', name: 'Hari Raya Natal' }],
};

describe('loan rules (pure)', () => {
  const rules = demoLoanRules('kupang');

  it('picks the most specific rule: member type and material type, member type, material type, default', () => {
    const pick = (m: MemberType, t: MaterialType) => pickRule(rules, m, t)!;
    expect(pick(MemberType.CHILD, MaterialType.AUDIOVISUAL)).toMatchObject({ memberType: 'CHILD', materialType: 'AUDIOVISUAL' });
    expect(pick(MemberType.CHILD, MaterialType.BOOK)).toMatchObject({ memberType: 'CHILD', materialType: null });
    expect(pick(MemberType.ADULT, MaterialType.SERIAL)).toMatchObject({ memberType: null, materialType: 'SERIAL' });
    // member type outranks material type
    expect(pick(MemberType.INSTITUTION, MaterialType.SERIAL)).toMatchObject({ memberType: 'INSTITUTION', materialType: null });
    expect(pick(MemberType.ADULT, MaterialType.BOOK)).toMatchObject({ memberType: null, materialType: null });
    expect(pickRule([], MemberType.ADULT, MaterialType.BOOK)).toBeNull();
  });

  it('moves a due date off closed weekdays and holidays', () => {
    expect(dueDate(KUPANG_LIKE, '2026-11-02', 14)).toBe('2026-11-16');
    expect(dueDate(KUPANG_LIKE, '2026-11-01', 14)).toBe('2026-11-16'); // a Sunday → Monday
    expect(dueDate(KUPANG_LIKE, '2026-12-11', 14)).toBe('2026-12-26'); // Christmas → Saturday
    expect(dueDate({ ...KUPANG_LIKE, closedWeekdays: [6, 7] }, '2026-12-11', 14)).toBe('2026-12-28');
  });

  it('renews from today, never to a date before the current due date', () => {
    // Renewals count from today (not from the due date); the details are in collections-charges.test.ts.
    expect(renewedDueDate(KUPANG_LIKE, '2026-11-16', '2026-11-10', 14)).toBe('2026-11-24');
    expect(renewedDueDate(KUPANG_LIKE, '2026-11-16', '2026-11-20', 14)).toBe('2026-12-04');
  });

  it('charges open days past the due date beyond the grace days, capped, and nothing within grace', () => {
    const terms = { dueOn: '2026-11-16', finePerDay: 500, graceDays: 1, fineCap: 85_000 };
    expect(overdueFine(KUPANG_LIKE, terms, '2026-11-16')).toEqual({ daysOverdue: 0, fine: 0 });
    expect(overdueFine(KUPANG_LIKE, terms, '2026-11-17')).toEqual({ daysOverdue: 1, fine: 0 });
    // 17–24 November: eight days, Sunday the 22nd closed → seven charged
    expect(overdueFine(KUPANG_LIKE, terms, '2026-11-24')).toEqual({ daysOverdue: 8, fine: 3500 });
    expect(overdueFine(KUPANG_LIKE, { ...terms, fineCap: 2000 }, '2026-11-24').fine).toBe(2000);
  });
});

describe.each(BACKENDS)('circulation (%s)', (backend) => {
  let fed: Federation;
  let db: DataSource;
  const tokens: Record<string, string> = {};
  const desk = (libraryId: string) => fed.token({ role: 'LIBRARIAN', libraryId, librarianId: demoId('librarian', libraryId, 1) });
  const memberToken = (libraryId: string, memberId: string) => fed.token({ role: 'MEMBER', libraryId, memberId });
  const ok = <T = any>(res: { errors?: unknown; data?: T }) => {
    expect(res.errors).toBeUndefined();
    return res.data as any;
  };
  const item = (barcode: string) => db.getRepository(Item).findOneByOrFail({ barcode });

  beforeAll(async () => {
    fed = await startFederation(backend);
    db = fed.subgraphs.collections.db;
    tokens.kupang = await desk('kupang');
    tokens.baubau = await desk('baubau');
    tokens.siantar = await desk('pematang-siantar');
    tokens.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    tokens.admin = await fed.token({ role: 'ADMIN' });
    tokens.government = await fed.token({ role: 'GOVERNMENT' });
    tokens.partner = await fed.token({ role: 'PARTNER', partnerId: demoId('partner', 'kupang', 0) });
  });
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
  });
  beforeEach(() => setToday('2026-11-02'));

  describe('loan rules', () => {
    it("publishes each library's rules, default first, to anyone", async () => {
      const res = await fed.query('{ library(id: "kupang") { loanRules { memberType materialType loanDays maxLoans finePerDay graceDays fineCap maxHolds } } }');
      const rules = ok(res).library.loanRules;
      expect(rules.length).toBe(demoLoanRules('kupang').length);
      expect(rules[0]).toMatchObject({ memberType: null, materialType: null, loanDays: 14, finePerDay: 500, graceDays: 1, fineCap: null });
      expect(rules[rules.length - 1]).toMatchObject({ memberType: 'CHILD', materialType: 'AUDIOVISUAL' });
    });

    it('answers which rule applies, most specific first', async () => {
      const res = await fed.query(`{ library(id: "pasuruan") {
        a: loanRuleFor(memberType: CHILD, materialType: AUDIOVISUAL) { memberType materialType loanDays }
        b: loanRuleFor(memberType: INSTITUTION, materialType: SERIAL) { memberType materialType loanDays }
        c: loanRuleFor(memberType: ADULT, materialType: MAP) { memberType materialType loanDays }
      } }`);
      const lib = ok(res).library;
      expect(lib.a).toEqual({ memberType: 'CHILD', materialType: 'AUDIOVISUAL', loanDays: 7 });
      expect(lib.b).toEqual({ memberType: 'INSTITUTION', materialType: null, loanDays: 60 });
      expect(lib.c).toEqual({ memberType: null, materialType: 'MAP', loanDays: 7 });
    });

    it('lets a LIBRARY_ADMIN set a rule for their library, replacing the one for the same combination', async () => {
      const SET = `mutation ($input: LoanRuleInput!) { setLoanRule(input: $input) { id memberType materialType loanDays fineCap library { id } } }`;
      const input = {
        libraryId: 'kupang',
        memberType: 'SENIOR',
        materialType: 'MAP',
        loanDays: 10,
        maxLoans: 1,
        maxRenewals: 0,
        finePerDay: 250,
        graceDays: 0,
        maxHolds: 1,
        holdShelfDays: 5,
        maxUnpaidFines: 5000,
      };
      const first = ok(await fed.query(SET, { token: tokens.kupangAdmin, variables: { input } })).setLoanRule;
      expect(first).toMatchObject({ memberType: 'SENIOR', materialType: 'MAP', loanDays: 10, fineCap: null, library: { id: 'kupang' } });
      const second = ok(await fed.query(SET, { token: tokens.kupangAdmin, variables: { input: { ...input, loanDays: 12, fineCap: 20000 } } })).setLoanRule;
      expect(second).toMatchObject({ id: first.id, loanDays: 12, fineCap: 20000 });
      expect(await db.getRepository(LoanRule).countBy({ libraryId: 'kupang' })).toBe(demoLoanRules('kupang').length + 1);

      const DELETE = 'mutation ($id: ID!) { deleteLoanRule(id: $id) }';
      expect(codes(await fed.query(DELETE, { token: tokens.kupang, variables: { id: first.id } }))).toEqual(['FORBIDDEN']);
      expect(ok(await fed.query(DELETE, { token: tokens.kupangAdmin, variables: { id: first.id } })).deleteLoanRule).toBe(first.id);
      const fallback = demoId('loan-rule', 'kupang', 'any', 'any');
      expect(codes(await fed.query(DELETE, { token: tokens.admin, variables: { id: fallback } }))).toEqual(['CONFLICT']);

      // "any" comes back as null, also right after the insert
      const anyMember = ok(
        await fed.query(SET, { token: tokens.admin, variables: { input: { ...input, memberType: null, materialType: 'THESIS', libraryId: 'baubau' } } }),
      ).setLoanRule;
      expect(anyMember).toMatchObject({ memberType: null, materialType: 'THESIS', library: { id: 'baubau' } });
    });

    it('refuses rules from a LIBRARIAN, another library’s admin and PUBLIC, and bad terms with BAD_USER_INPUT', async () => {
      const SET = `mutation ($input: LoanRuleInput!) { setLoanRule(input: $input) { id } }`;
      const input = { libraryId: 'kupang', loanDays: 14, maxLoans: 5, maxRenewals: 2, finePerDay: 500, graceDays: 1, maxHolds: 5, holdShelfDays: 7, maxUnpaidFines: 10000 };
      expect(codes(await fed.query(SET, { token: tokens.kupang, variables: { input } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(SET, { token: await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' }), variables: { input } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(SET, { token: tokens.government, variables: { input } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(SET, { variables: { input } }))).toEqual(['UNAUTHENTICATED']);
      const bad = await fed.query(SET, { token: tokens.admin, variables: { input: { ...input, loanDays: 0 } } });
      expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
      expect(bad.errors![0].extensions!.field).toBe('loanDays');
      const nowhere = await fed.query(SET, { token: tokens.admin, variables: { input: { ...input, libraryId: 'atlantis' } } });
      expect(codes(nowhere)).toEqual(['BAD_USER_INPUT']);
      expect(nowhere.errors![0].extensions!.field).toBe('libraryId');
    });
  });

  describe('checkoutItem', () => {
    it("lends a copy for the rule's period, due on an open day, keeping the rule's fine terms", async () => {
      setToday('2026-12-11'); // Friday: 14 days on is Christmas
      const { items } = await newTitle(db, { kupang: 1 }, { price: 95_000 });
      const member = await newMember(db, 'kupang');
      const loan = ok(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: items[0].barcode.toLowerCase(), memberId: member.id } })).checkoutItem;
      expect(loan).toMatchObject({
        dueOn: '2026-12-26',
        renewals: 0,
        finePerDay: 500,
        graceDays: 1,
        fineCap: 95_000,
        library: { id: 'kupang' },
        item: { status: 'ON_LOAN', currentLibrary: { id: 'kupang' } },
        member: { id: member.id },
      });
      const calendar = await fed.subgraphs.collections.calendar.get('kupang');
      expect(loan.dueOn).toBe(nextOpenDay(calendar, '2026-12-25'));
    });

    it('uses the lending library’s own calendar: Pematang Siantar is closed at weekends', async () => {
      setToday('2026-12-11', '10:00', 'Asia/Jakarta');
      const { items } = await newTitle(db, { 'pematang-siantar': 1 });
      const member = await newMember(db, 'pematang-siantar');
      const loan = ok(await fed.query(CHECKOUT, { token: tokens.siantar, variables: { barcode: items[0].barcode, memberId: member.id } })).checkoutItem;
      expect(loan.dueOn).toBe('2026-12-28');
      expect(loan.finePerDay).toBe(1000);
    });

    it('gives a school (INSTITUTION) a term and a child the children’s limit of three', async () => {
      const { items } = await newTitle(db, { kupang: 5 });
      const school = await newMember(db, 'kupang', { memberType: MemberType.INSTITUTION });
      const termLoan = ok(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: items[0].barcode, memberId: school.id } })).checkoutItem;
      expect(termLoan.dueOn).toBe(dueDate(await fed.subgraphs.collections.calendar.get('kupang'), '2026-11-02', 60));
      expect(termLoan.finePerDay).toBe(0);

      const child = await newMember(db, 'kupang', { memberType: MemberType.CHILD });
      for (const copy of items.slice(1, 4)) {
        ok(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: copy.barcode, memberId: child.id } }));
      }
      const fourth = await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: items[4].barcode, memberId: child.id } });
      expect(codes(fourth)).toEqual(['CONFLICT']);
      expect((await item(items[4].barcode)).status).toBe(ItemStatus.AVAILABLE);
    });

    it('refuses a copy that is out, not for loan or a manuscript the rules do not lend, with CONFLICT', async () => {
      const member = await newMember(db, 'kupang');
      const other = await newMember(db, 'kupang');
      const { items } = await newTitle(db, { kupang: 1 });
      ok(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: items[0].barcode, memberId: member.id } }));
      expect(codes(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: items[0].barcode, memberId: other.id } }))).toEqual(['CONFLICT']);
      const reference = await newTitle(db, { kupang: 1 }, { status: ItemStatus.NOT_FOR_LOAN });
      expect(codes(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: reference.items[0].barcode, memberId: other.id } }))).toEqual(['CONFLICT']);
      const manuscript = await newTitle(db, { kupang: 1 }, { materialType: MaterialType.MANUSCRIPT });
      expect(codes(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: manuscript.items[0].barcode, memberId: other.id } }))).toEqual(['CONFLICT']);
    });

    it('refuses a suspended or expired card, and a member whose unpaid fines exceed the threshold, with CONFLICT', async () => {
      const { items } = await newTitle(db, { kupang: 1 });
      const suspended = await newMember(db, 'kupang', { status: MemberStatus.SUSPENDED });
      const expired = await newMember(db, 'kupang', { expiresOn: '2026-10-31' });
      const owing = await newMember(db, 'kupang');
      await db.getRepository(FineEntry).insert({
        id: randomUUID(),
        memberId: owing.id,
        libraryId: 'kupang',
        loanId: null,
        kind: FineKind.OVERDUE,
        amount: 10_500,
        note: 'uji',
        createdAt: new Date(),
      });
      for (const m of [suspended, expired, owing]) {
        expect(codes(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: items[0].barcode, memberId: m.id } }))).toEqual(['CONFLICT']);
      }
      // paying down to the threshold lifts the block
      ok(await fed.query(PAY, { token: tokens.kupang, variables: { memberId: owing.id, amount: 500 } }));
      ok(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: items[0].barcode, memberId: owing.id } }));
    });

    it('answers NOT_FOUND for an unknown barcode or member', async () => {
      const member = await newMember(db, 'kupang');
      const res = await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: 'KPG-999999', memberId: member.id } });
      expect(codes(res)).toEqual(['NOT_FOUND']);
      const { items } = await newTitle(db, { kupang: 1 });
      expect(codes(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: items[0].barcode, memberId: randomUUID() } }))).toEqual(['NOT_FOUND']);
    });

    it.each([
      ['PUBLIC', null, 'UNAUTHENTICATED'],
      ['a MEMBER (even for themself)', 'member', 'FORBIDDEN'],
      ['GOVERNMENT', 'government', 'FORBIDDEN'],
      ['a PARTNER', 'partner', 'FORBIDDEN'],
      ["another library's LIBRARIAN (for a Kupang member)", 'baubau', 'FORBIDDEN'],
    ])('refuses %s', async (_who, token, code) => {
      const { items } = await newTitle(db, { kupang: 1 });
      const member = await newMember(db, 'kupang');
      const t = token === 'member' ? await memberToken('kupang', member.id) : token ? tokens[token] : undefined;
      expect(codes(await fed.query(CHECKOUT, { token: t, variables: { barcode: items[0].barcode, memberId: member.id } }))).toEqual([code]);
      expect((await item(items[0].barcode)).status).toBe(ItemStatus.AVAILABLE);
      expect(await db.getRepository(Loan).countBy({ itemId: items[0].id })).toBe(0);
    });

    it("refuses a librarian lending another library's copy to their own member", async () => {
      const { items } = await newTitle(db, { baubau: 1 });
      const member = await newMember(db, 'kupang');
      expect(codes(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: items[0].barcode, memberId: member.id } }))).toEqual(['FORBIDDEN']);
    });
  });

  describe('returnItem', () => {
    const lend = async (libraryId: string, options: { price?: number; memberType?: MemberType } = {}) => {
      const { record, items } = await newTitle(db, { [libraryId]: 1 }, { price: options.price });
      const member = await newMember(db, libraryId, { memberType: options.memberType });
      const loan = ok(await fed.query(CHECKOUT, { token: await desk(libraryId), variables: { barcode: items[0].barcode, memberId: member.id } })).checkoutItem;
      return { record, copy: items[0], member, loan };
    };

    it('takes a copy back on time: no fine, back on the shelf', async () => {
      const { copy, loan } = await lend('kupang');
      setToday('2026-11-16');
      const back = ok(await fed.query(RETURN, { token: tokens.kupang, variables: { barcode: copy.barcode } })).returnItem;
      expect(back).toMatchObject({ loan: { id: loan.id, daysOverdue: 0, accruedFine: 0 }, fine: null, item: { status: 'AVAILABLE' }, hold: null, sendTo: null });
      expect(back.loan.returnedAt).toBe(new Date('2026-11-16T02:00:00.000Z').toISOString());
    });

    it('charges open days past the due date into the ledger: none within the grace day, none on Sunday', async () => {
      const { copy, member, loan } = await lend('kupang');
      expect(loan.dueOn).toBe('2026-11-16');
      setToday('2026-11-24');
      const accrued = await fed.query(`{ member(id: "${member.id}") { loans(first: 5) { edges { node { daysOverdue accruedFine } } } } }`, { token: tokens.kupang });
      expect(ok(accrued).member.loans.edges[0].node).toEqual({ daysOverdue: 8, accruedFine: 3500 });
      const back = ok(await fed.query(RETURN, { token: tokens.kupang, variables: { barcode: copy.barcode } })).returnItem;
      expect(back.loan.daysOverdue).toBe(8);
      expect(back.fine).toMatchObject({ kind: 'OVERDUE', amount: 3500, loan: { id: loan.id } });
      expect(back.fine.note).toContain('8 days late');
      const mine = ok(await fed.query(MEMBER_CIRCULATION, { token: await memberToken('kupang', member.id), variables: { id: member.id } })).member;
      expect(mine.fineBalance).toBe(3500);
      expect(mine.fines.edges.map((e: any) => e.node.amount)).toEqual([3500]);

      setToday('2026-11-02');
      const graced = await lend('kupang');
      setToday('2026-11-17');
      const onGrace = ok(await fed.query(RETURN, { token: tokens.kupang, variables: { barcode: graced.copy.barcode } })).returnItem;
      expect(onGrace.loan.daysOverdue).toBe(1);
      expect(onGrace.fine).toBeNull();
    });

    it('never charges more than the replacement price', async () => {
      const { copy } = await lend('kupang', { price: 2000 });
      setToday('2026-12-20');
      const back = ok(await fed.query(RETURN, { token: tokens.kupang, variables: { barcode: copy.barcode } })).returnItem;
      expect(back.fine.amount).toBe(2000);
    });

    it('refuses a MEMBER, another library and PUBLIC; a copy not on loan is a CONFLICT', async () => {
      const { copy, member } = await lend('kupang');
      expect(codes(await fed.query(RETURN, { token: await memberToken('kupang', member.id), variables: { barcode: copy.barcode } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(RETURN, { token: tokens.baubau, variables: { barcode: copy.barcode } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(RETURN, { variables: { barcode: copy.barcode } }))).toEqual(['UNAUTHENTICATED']);
      ok(await fed.query(RETURN, { token: tokens.kupang, variables: { barcode: copy.barcode } }));
      expect(codes(await fed.query(RETURN, { token: tokens.kupang, variables: { barcode: copy.barcode } }))).toEqual(['CONFLICT']);
      expect(await db.getRepository(Loan).countBy({ itemId: copy.id })).toBe(1);
    });
  });

  describe('renewLoan', () => {
    it('lets the borrower renew from today, up to the rule’s renewals', async () => {
      const { items } = await newTitle(db, { kupang: 1 });
      const member = await newMember(db, 'kupang');
      const loan = ok(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: items[0].barcode, memberId: member.id } })).checkoutItem;
      const token = await memberToken('kupang', member.id);
      setToday('2026-11-10');
      expect(ok(await fed.query(RENEW, { token, variables: { loanId: loan.id } })).renewLoan).toEqual({ id: loan.id, dueOn: '2026-11-24', renewals: 1 });
      // the lending library's desk may renew too (on another day: a second renewal the same day changes nothing)
      setToday('2026-11-11');
      expect(ok(await fed.query(RENEW, { token: tokens.kupang, variables: { loanId: loan.id } })).renewLoan).toMatchObject({ dueOn: '2026-11-25', renewals: 2 });
      setToday('2026-11-12');
      expect(codes(await fed.query(RENEW, { token, variables: { loanId: loan.id } }))).toEqual(['CONFLICT']);
      expect((await db.getRepository(Loan).findOneByOrFail({ id: loan.id })).renewals).toBe(2);
    });

    it("refuses another member, another library's staff, GOVERNMENT and PUBLIC; NOT_FOUND for an unknown loan", async () => {
      const { items } = await newTitle(db, { kupang: 1 });
      const member = await newMember(db, 'kupang');
      const other = await newMember(db, 'kupang');
      const loan = ok(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: items[0].barcode, memberId: member.id } })).checkoutItem;
      expect(codes(await fed.query(RENEW, { token: await memberToken('kupang', other.id), variables: { loanId: loan.id } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(RENEW, { token: tokens.baubau, variables: { loanId: loan.id } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(RENEW, { token: tokens.government, variables: { loanId: loan.id } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(RENEW, { variables: { loanId: loan.id } }))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await fed.query(RENEW, { token: tokens.kupang, variables: { loanId: randomUUID() } }))).toEqual(['NOT_FOUND']);
      expect((await db.getRepository(Loan).findOneByOrFail({ id: loan.id })).renewals).toBe(0);
    });
  });

  describe('holds and transit between libraries', () => {
    it('queues holds, serves them in order across libraries, and refuses renewals while someone waits', async () => {
      const { record, items } = await newTitle(db, { kupang: 1 });
      const [copy] = items;
      const a = await newMember(db, 'kupang');
      const b = await newMember(db, 'kupang');
      const c = await newMember(db, 'baubau');
      const loan = ok(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: copy.barcode, memberId: a.id } })).checkoutItem;

      const holdB = ok(await fed.query(PLACE, { token: await memberToken('kupang', b.id), variables: { recordId: record.id, memberId: b.id, pickup: 'kupang' } })).placeHold;
      expect(holdB).toMatchObject({ status: 'WAITING', queuePosition: 1, pickupLibrary: { id: 'kupang' }, item: null });
      // a Baubau member asks for the Kupang title, to be picked up in Baubau
      const holdC = ok(await fed.query(PLACE, { token: await memberToken('baubau', c.id), variables: { recordId: record.id, memberId: c.id, pickup: 'baubau' } })).placeHold;
      expect(holdC).toMatchObject({ status: 'WAITING', queuePosition: 2 });
      expect(ok(await fed.query(`{ bibliographicRecord(id: "${record.id}") { holdQueueLength } }`)).bibliographicRecord.holdQueueLength).toBe(2);

      expect(codes(await fed.query(RENEW, { token: await memberToken('kupang', a.id), variables: { loanId: loan.id } }))).toEqual(['CONFLICT']);

      // A returns: the copy goes on Kupang's hold shelf for B, for the rule's seven days
      setToday('2026-11-05');
      const back = ok(await fed.query(RETURN, { token: tokens.kupang, variables: { barcode: copy.barcode } })).returnItem;
      const calendar = await fed.subgraphs.collections.calendar.get('kupang');
      expect(back).toMatchObject({ item: { status: 'ON_HOLD_SHELF' }, hold: { id: holdB.id, status: 'READY', pickupBy: dueDate(calendar, '2026-11-05', 7) }, sendTo: null });
      expect(ok(await fed.query(MEMBER_CIRCULATION, { token: tokens.baubau, variables: { id: c.id } })).member.holds.edges[0].node.queuePosition).toBe(1);

      // only B may take it from the hold shelf
      expect(codes(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: copy.barcode, memberId: a.id } }))).toEqual(['CONFLICT']);
      ok(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: copy.barcode, memberId: b.id } }));
      expect((await db.getRepository(Hold).findOneByOrFail({ id: holdB.id })).status).toBe(HoldStatus.FULFILLED);

      // B returns: C waits in Baubau, so the copy travels
      const toBaubau = ok(await fed.query(RETURN, { token: tokens.kupang, variables: { barcode: copy.barcode } })).returnItem;
      expect(toBaubau).toMatchObject({ item: { status: 'IN_TRANSIT', currentLibrary: { id: 'baubau' } }, hold: { id: holdC.id, status: 'IN_TRANSIT' }, sendTo: { id: 'baubau' } });
      expect(codes(await fed.query(RECEIVE, { token: tokens.kupang, variables: { barcode: copy.barcode } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(CHECKOUT, { token: tokens.baubau, variables: { barcode: copy.barcode, memberId: c.id } }))).toEqual(['CONFLICT']);

      setToday('2026-11-09');
      const arrived = ok(await fed.query(RECEIVE, { token: tokens.baubau, variables: { barcode: copy.barcode } })).receiveItem;
      expect(arrived).toMatchObject({ item: { status: 'ON_HOLD_SHELF', currentLibrary: { id: 'baubau' } }, hold: { id: holdC.id, status: 'READY' }, sendTo: null });
      const cLoan = ok(await fed.query(CHECKOUT, { token: tokens.baubau, variables: { barcode: copy.barcode, memberId: c.id } })).checkoutItem;
      expect(cLoan).toMatchObject({ library: { id: 'baubau' }, finePerDay: 500, item: { status: 'ON_LOAN', currentLibrary: { id: 'baubau' } } });

      // C returns in Baubau: nobody waits, the copy goes home to Kupang
      const home = ok(await fed.query(RETURN, { token: tokens.baubau, variables: { barcode: copy.barcode } })).returnItem;
      expect(home).toMatchObject({ item: { status: 'IN_TRANSIT', currentLibrary: { id: 'kupang' } }, hold: null, sendTo: { id: 'kupang' } });
      const shelved = ok(await fed.query(RECEIVE, { token: tokens.kupang, variables: { barcode: copy.barcode } })).receiveItem;
      expect(shelved).toMatchObject({ item: { status: 'AVAILABLE', currentLibrary: { id: 'kupang' } }, hold: null, sendTo: null });
    });

    it('leaves a free copy on its shelf when a hold is placed: the hold waits until a librarian pulls the copy, here or from another library', async () => {
      const here = await newTitle(db, { kupang: 1 });
      const member = await newMember(db, 'kupang');
      const token = await memberToken('kupang', member.id);
      const waiting = ok(await fed.query(PLACE, { token, variables: { recordId: here.record.id, memberId: member.id, pickup: 'kupang' } })).placeHold;
      expect(waiting).toMatchObject({ status: 'WAITING', queuePosition: 1, item: null, pickupBy: null });
      expect((await item(here.items[0].barcode)).status).toBe(ItemStatus.AVAILABLE);
      const ready = ok(await fed.query(PULL, { token: tokens.kupang, variables: { holdId: waiting.id, barcode: here.items[0].barcode } })).pullHold;
      expect(ready).toMatchObject({ hold: { id: waiting.id, status: 'READY' }, item: { barcode: here.items[0].barcode, status: 'ON_HOLD_SHELF' }, sendTo: null });
      expect(ready.hold.pickupBy >= '2026-11-09').toBe(true);

      const far = await newTitle(db, { 'pematang-siantar': 1, baubau: 1 });
      const placed = ok(await fed.query(PLACE, { token, variables: { recordId: far.record.id, memberId: member.id, pickup: 'kupang' } })).placeHold;
      expect(placed).toMatchObject({ status: 'WAITING', item: null });
      expect((await Promise.all(far.items.map((i) => item(i.barcode)))).map((i) => i.status)).toEqual([ItemStatus.AVAILABLE, ItemStatus.AVAILABLE]);
      const baubauCopy = far.items.find((i) => i.libraryId === 'baubau')!;
      const pulled = ok(await fed.query(PULL, { token: tokens.baubau, variables: { holdId: placed.id, barcode: baubauCopy.barcode } })).pullHold;
      expect(pulled).toMatchObject({ hold: { status: 'IN_TRANSIT' }, item: { status: 'IN_TRANSIT', currentLibrary: { id: 'kupang' } }, sendTo: { id: 'kupang' } });
      const sent = await item(baubauCopy.barcode);
      expect(sent.atLibraryId).toBe('kupang');
      const holdsHere = ok(await fed.query('{ library(id: "kupang") { holds(first: 100, status: [IN_TRANSIT]) { edges { node { id } } } } }', { token: tokens.kupang }));
      expect(holdsHere.library.holds.edges.map((e: any) => e.node.id)).toContain(placed.id);
    });

    it('refuses a second hold on the same title, a title already out to the member, and holds past the limit', async () => {
      const { record, items } = await newTitle(db, { kupang: 1 });
      const borrower = await newMember(db, 'kupang');
      const member = await newMember(db, 'kupang', { memberType: MemberType.CHILD }); // three holds at most
      ok(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: items[0].barcode, memberId: borrower.id } }));
      const token = await memberToken('kupang', member.id);
      ok(await fed.query(PLACE, { token, variables: { recordId: record.id, memberId: member.id, pickup: 'kupang' } }));
      expect(codes(await fed.query(PLACE, { token, variables: { recordId: record.id, memberId: member.id, pickup: 'baubau' } }))).toEqual(['CONFLICT']);
      expect(
        codes(await fed.query(PLACE, { token: await memberToken('kupang', borrower.id), variables: { recordId: record.id, memberId: borrower.id, pickup: 'kupang' } })),
      ).toEqual(['CONFLICT']);
      for (let k = 0; k < 2; k++) {
        const more = await newTitle(db, { kupang: 1 });
        ok(await fed.query(PLACE, { token, variables: { recordId: more.record.id, memberId: member.id, pickup: 'kupang' } }));
      }
      const fourth = await newTitle(db, { kupang: 1 });
      expect(codes(await fed.query(PLACE, { token, variables: { recordId: fourth.record.id, memberId: member.id, pickup: 'kupang' } }))).toEqual(['CONFLICT']);
      const none = await newTitle(db, { kupang: 1 }, { status: ItemStatus.NOT_FOR_LOAN });
      const other = await newMember(db, 'kupang');
      expect(codes(await fed.query(PLACE, { token: tokens.kupang, variables: { recordId: none.record.id, memberId: other.id, pickup: 'kupang' } }))).toEqual(['CONFLICT']);
    });

    it('refuses a hold for someone else, by another library’s staff, from GOVERNMENT or PUBLIC; an unknown pickup library is BAD_USER_INPUT', async () => {
      const { record } = await newTitle(db, { kupang: 1 });
      const member = await newMember(db, 'kupang');
      const other = await newMember(db, 'kupang');
      const vars = { recordId: record.id, memberId: member.id, pickup: 'kupang' };
      expect(codes(await fed.query(PLACE, { token: await memberToken('kupang', other.id), variables: vars }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(PLACE, { token: tokens.baubau, variables: vars }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(PLACE, { token: tokens.government, variables: vars }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(PLACE, { variables: vars }))).toEqual(['UNAUTHENTICATED']);
      const bad = await fed.query(PLACE, { token: tokens.kupang, variables: { ...vars, pickup: 'atlantis' } });
      expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
      expect(bad.errors![0].extensions!.field).toBe('pickupLibraryId');
      expect(codes(await fed.query(PLACE, { token: tokens.kupang, variables: { ...vars, recordId: randomUUID() } }))).toEqual(['NOT_FOUND']);
      expect(await db.getRepository(Hold).countBy({ recordId: record.id })).toBe(0);
    });

    it('cancels a hold: the queue closes up, and a copy on the hold shelf goes to the next member', async () => {
      const { record, items } = await newTitle(db, { kupang: 1 });
      const [first, second, third] = [await newMember(db, 'kupang'), await newMember(db, 'kupang'), await newMember(db, 'kupang')];
      const place = async (m: { id: string }) =>
        ok(await fed.query(PLACE, { token: await memberToken('kupang', m.id), variables: { recordId: record.id, memberId: m.id, pickup: 'kupang' } })).placeHold;
      const h1 = await place(first);
      expect(h1.status).toBe('WAITING');
      expect(ok(await fed.query(PULL, { token: tokens.kupang, variables: { holdId: h1.id, barcode: items[0].barcode } })).pullHold.hold.status).toBe('READY');
      const h2 = await place(second);
      const h3 = await place(third);
      expect([h2.queuePosition, h3.queuePosition]).toEqual([1, 2]);

      expect(codes(await fed.query(CANCEL, { token: await memberToken('kupang', third.id), variables: { holdId: h2.id } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(CANCEL, { token: tokens.baubau, variables: { holdId: h2.id } }))).toEqual(['FORBIDDEN']);
      ok(await fed.query(CANCEL, { token: await memberToken('kupang', first.id), variables: { holdId: h1.id } }));
      // the shelf copy moved on to the second hold; the third is now first in the queue
      const h2Now = await db.getRepository(Hold).findOneByOrFail({ id: h2.id });
      expect(h2Now).toMatchObject({ status: HoldStatus.READY, itemId: items[0].id });
      const thirdView = ok(await fed.query(MEMBER_CIRCULATION, { token: tokens.kupang, variables: { id: third.id } })).member;
      expect(thirdView.holds.edges[0].node).toMatchObject({ id: h3.id, queuePosition: 1 });
      expect(codes(await fed.query(CANCEL, { token: tokens.kupang, variables: { holdId: h1.id } }))).toEqual(['CONFLICT']);
    });

    it('expires holds past their day and copies left on the hold shelf', async () => {
      const shelf = await newTitle(db, { baubau: 1 });
      const out = await newTitle(db, { baubau: 1 });
      const [m1, m2, m3] = [await newMember(db, 'baubau'), await newMember(db, 'baubau'), await newMember(db, 'baubau')];
      const token = (m: { id: string }) => memberToken('baubau', m.id);
      const ready = ok(await fed.query(PLACE, { token: await token(m1), variables: { recordId: shelf.record.id, memberId: m1.id, pickup: 'baubau' } })).placeHold;
      const next = ok(await fed.query(PLACE, { token: await token(m2), variables: { recordId: shelf.record.id, memberId: m2.id, pickup: 'baubau' } })).placeHold;
      ready.pickupBy = ok(await fed.query(PULL, { token: tokens.baubau, variables: { holdId: ready.id, barcode: shelf.items[0].barcode } })).pullHold.hold.pickupBy;
      ok(await fed.query(CHECKOUT, { token: tokens.baubau, variables: { barcode: out.items[0].barcode, memberId: m3.id } }));
      const shortLived = ok(
        await fed.query(PLACE, { token: await token(m1), variables: { recordId: out.record.id, memberId: m1.id, pickup: 'baubau', notNeededAfter: '2026-11-06' } }),
      ).placeHold;
      expect(shortLived).toMatchObject({ status: 'WAITING', notNeededAfter: '2026-11-06' });

      const deps = { db, calendars: fed.subgraphs.collections.calendar };
      expect(await expireHolds(deps, 'baubau')).toBe(0);
      setToday(addDays(ready.pickupBy, 1));
      expect(codes(await fed.query('mutation { expireHolds(libraryId: "baubau") }', { token: tokens.kupang }))).toEqual(['FORBIDDEN']);
      expect(ok(await fed.query('mutation { expireHolds(libraryId: "baubau") }', { token: tokens.baubau })).expireHolds).toBeGreaterThanOrEqual(2);
      expect((await db.getRepository(Hold).findOneByOrFail({ id: ready.id })).status).toBe(HoldStatus.EXPIRED);
      expect((await db.getRepository(Hold).findOneByOrFail({ id: shortLived.id })).status).toBe(HoldStatus.EXPIRED);
      expect(await db.getRepository(Hold).findOneByOrFail({ id: next.id })).toMatchObject({ status: HoldStatus.READY, itemId: shelf.items[0].id });
      expect((await item(shelf.items[0].barcode)).status).toBe(ItemStatus.ON_HOLD_SHELF);
    });
  });

  describe('fines', () => {
    const owe = async (amount: number) => {
      const member = await newMember(db, 'kupang');
      await db.getRepository(FineEntry).insert({
        id: randomUUID(),
        memberId: member.id,
        libraryId: 'kupang',
        loanId: null,
        kind: FineKind.OVERDUE,
        amount,
        note: 'uji',
        createdAt: new Date('2026-11-01T00:00:00Z'),
      });
      return member;
    };

    it('takes payments at the desk, at most what is owed', async () => {
      const member = await owe(7500);
      const paid = ok(await fed.query(PAY, { token: tokens.kupang, variables: { memberId: member.id, amount: 5000 } })).payFine;
      expect(paid).toEqual({ balance: 2500, payment: { kind: 'PAYMENT', amount: -5000, library: { id: 'kupang' } } });
      const over = await fed.query(PAY, { token: tokens.kupang, variables: { memberId: member.id, amount: 3000 } });
      expect(codes(over)).toEqual(['BAD_USER_INPUT']);
      expect(over.errors![0].extensions!.field).toBe('amount');
      expect(codes(await fed.query(PAY, { token: tokens.kupang, variables: { memberId: member.id, amount: 0 } }))).toEqual(['BAD_USER_INPUT']);
      ok(await fed.query(PAY, { token: tokens.kupang, variables: { memberId: member.id, amount: 2500 } }));
      expect(codes(await fed.query(PAY, { token: tokens.kupang, variables: { memberId: member.id, amount: 100 } }))).toEqual(['CONFLICT']);
      const view = ok(await fed.query(MEMBER_CIRCULATION, { token: await memberToken('kupang', member.id), variables: { id: member.id } })).member;
      expect(view.fineBalance).toBe(0);
      expect(view.fines.edges.map((e: any) => [e.node.kind, e.node.amount])).toEqual([
        ['OVERDUE', 7500],
        ['PAYMENT', -5000],
        ['PAYMENT', -2500],
      ]);
    });

    it("refuses a payment from the member, another library's desk, GOVERNMENT and PUBLIC; fines are only the member's and their library's", async () => {
      const member = await owe(3000);
      const vars = { memberId: member.id, amount: 1000 };
      expect(codes(await fed.query(PAY, { token: await memberToken('kupang', member.id), variables: vars }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(PAY, { token: tokens.baubau, variables: vars }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(PAY, { token: tokens.government, variables: vars }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(PAY, { variables: vars }))).toEqual(['UNAUTHENTICATED']);
      const other = await newMember(db, 'kupang');
      expect(codes(await fed.query(MEMBER_CIRCULATION, { token: await memberToken('kupang', other.id), variables: { id: member.id } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(MEMBER_CIRCULATION, { token: tokens.baubau, variables: { id: member.id } }))[0]).toBe('FORBIDDEN');
      expect(await db.getRepository(FineEntry).countBy({ memberId: member.id })).toBe(1);
    });
  });
  describe('copies', () => {
    const ADD = `mutation ($input: AddItemInput!) { addItem(input: $input) { item { id barcode status collectionType library { id } } hold { id status } sendTo { id } } }`;
    const SET = `mutation ($barcode: String!, $status: ItemStatus!) { setItemStatus(barcode: $barcode, status: $status) { item { status } hold { id status } } }`;
    const copy = (recordId: string, barcode: string, extra: Record<string, unknown> = {}) => ({
      recordId,
      libraryId: 'kupang',
      barcode,
      location: 'Rak Umum',
      acquiredOn: '2026-10-01',
      price: 75000,
      ...extra,
    });

    it("adds a copy to the library's holdings, and a copy of a title members wait for serves the queue", async () => {
      const { record, items } = await newTitle(db, { kupang: 1 });
      const added = ok(
        await fed.query(ADD, { token: tokens.kupang, variables: { input: copy(record.id, `KPG-N${items[0].barcode.slice(2)}`, { collectionType: 'LOCAL' }) } }),
      ).addItem;
      expect(added.item).toMatchObject({ status: 'AVAILABLE', collectionType: 'LOCAL', library: { id: 'kupang' } });
      expect(codes(await fed.query(ADD, { token: tokens.kupang, variables: { input: copy(record.id, added.item.barcode) } }))).toEqual(['CONFLICT']);

      const borrower = await newMember(db, 'kupang');
      const waiting = await newMember(db, 'kupang');
      for (const c of [items[0].barcode, added.item.barcode]) ok(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: c, memberId: borrower.id } }));
      const hold = ok(await fed.query(PLACE, { token: tokens.kupang, variables: { recordId: record.id, memberId: waiting.id, pickup: 'kupang' } })).placeHold;
      expect(hold.status).toBe('WAITING');
      const third = ok(await fed.query(ADD, { token: tokens.kupang, variables: { input: copy(record.id, `KPG-M${items[0].barcode.slice(2)}`) } })).addItem;
      expect(third).toMatchObject({ item: { status: 'ON_HOLD_SHELF' }, hold: { id: hold.id, status: 'READY' }, sendTo: null });
    });

    it('moves a copy between shelf states, and one back from repair serves the queue first', async () => {
      const { record, items } = await newTitle(db, { kupang: 1 }, { status: ItemStatus.REPAIR });
      const member = await newMember(db, 'kupang');
      const hold = ok(await fed.query(PLACE, { token: tokens.kupang, variables: { recordId: record.id, memberId: member.id, pickup: 'kupang' } })).placeHold;
      expect(hold.status).toBe('WAITING');
      expect(codes(await fed.query(SET, { token: tokens.baubau, variables: { barcode: items[0].barcode, status: 'AVAILABLE' } }))).toEqual(['FORBIDDEN']);
      const repaired = ok(await fed.query(SET, { token: tokens.kupang, variables: { barcode: items[0].barcode, status: 'AVAILABLE' } })).setItemStatus;
      expect(repaired).toEqual({ item: { status: 'ON_HOLD_SHELF' }, hold: { id: hold.id, status: 'READY' } });
      expect(codes(await fed.query(SET, { token: tokens.kupang, variables: { barcode: items[0].barcode, status: 'MISSING' } }))).toEqual(['CONFLICT']);
      const bad = await fed.query(SET, { token: tokens.kupang, variables: { barcode: items[0].barcode, status: 'ON_LOAN' } });
      expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
      expect(bad.errors![0].extensions!.field).toBe('status');
      const other = await newTitle(db, { kupang: 1 });
      expect(ok(await fed.query(SET, { token: tokens.kupang, variables: { barcode: other.items[0].barcode, status: 'WITHDRAWN' } })).setItemStatus.item.status).toBe('WITHDRAWN');
    });

    it("refuses copies from PUBLIC, a MEMBER, GOVERNMENT and another library's staff; NOT_FOUND for an unknown title", async () => {
      const { record } = await newTitle(db, { kupang: 1 });
      const member = await newMember(db, 'kupang');
      const input = copy(record.id, `KPG-X${record.id.slice(0, 6)}`);
      expect(codes(await fed.query(ADD, { variables: { input } }))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await fed.query(ADD, { token: await memberToken('kupang', member.id), variables: { input } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(ADD, { token: tokens.government, variables: { input } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(ADD, { token: tokens.baubau, variables: { input } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(ADD, { token: tokens.kupang, variables: { input: { ...input, recordId: randomUUID() } } }))).toEqual(['NOT_FOUND']);
      const bad = await fed.query(ADD, { token: tokens.kupang, variables: { input: { ...input, barcode: 'KPG 1' } } });
      expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
      expect(bad.errors![0].extensions!.field).toBe('barcode');
      expect(await db.getRepository(Item).countBy({ recordId: record.id })).toBe(1);
    });
  });

  describe('who may not', () => {
    const HOLDS = '{ library(id: "kupang") { id holds(first: 5) { totalCount } } }';

    it.each([
      ['PUBLIC', null, 'UNAUTHENTICATED'],
      ['a MEMBER', 'member', 'FORBIDDEN'],
      ['GOVERNMENT', 'government', 'FORBIDDEN'],
      ['a PARTNER', 'partner', 'FORBIDDEN'],
      ["another library's staff", 'baubau', 'FORBIDDEN'],
    ])("refuses %s a library's holds, receipts, cancellations and hold expiry", async (_who, token, code) => {
      const t = token === 'member' ? await memberToken('kupang', demoId('member', 'kupang', 5)) : token ? tokens[token] : undefined;
      const holds = await fed.query(HOLDS, { token: t });
      expect(codes(holds)).toEqual([code]);
      expect(holds.data.library).toEqual({ id: 'kupang', holds: null });

      const { record, items } = await newTitle(db, { baubau: 1 });
      const member = await newMember(db, 'kupang');
      const hold = ok(await fed.query(PLACE, { token: tokens.kupang, variables: { recordId: record.id, memberId: member.id, pickup: 'kupang' } })).placeHold;
      ok(await fed.query(PULL, { token: tokens.baubau, variables: { holdId: hold.id, barcode: items[0].barcode } }));
      expect(codes(await fed.query(RECEIVE, { token: t, variables: { barcode: items[0].barcode } }))).toEqual([code]);
      expect(codes(await fed.query(CANCEL, { token: t, variables: { holdId: hold.id } }))).toEqual([code]);
      expect(codes(await fed.query('mutation { expireHolds(libraryId: "kupang") }', { token: t }))).toEqual([code]);
      expect(await db.getRepository(Hold).findOneByOrFail({ id: hold.id })).toMatchObject({ status: HoldStatus.IN_TRANSIT });
    });
  });

  describe('the hold expiry job', () => {
    it('runs in the background of the service and stops before the database closes', async () => {
      const { record, items } = await newTitle(db, { pasuruan: 1 });
      const member = await newMember(db, 'pasuruan');
      const hold = ok(
        await fed.query(PLACE, { token: await memberToken('pasuruan', member.id), variables: { recordId: record.id, memberId: member.id, pickup: 'pasuruan' } }),
      ).placeHold;
      expect(hold.status).toBe('WAITING');
      const pasuruanDesk = await desk('pasuruan');
      const pulled = ok(await fed.query(PULL, { token: pasuruanDesk, variables: { holdId: hold.id, barcode: items[0].barcode } })).pullHold;
      expect(pulled.hold.status).toBe('READY');
      setToday(addDays(pulled.hold.pickupBy, 1), '10:00', 'Asia/Jakarta');
      const stop = startHoldExpiry({ db, calendars: fed.subgraphs.collections.calendar }, pino({ level: 'silent' }), 25);
      for (let i = 0; i < 100 && (await db.getRepository(Hold).findOneByOrFail({ id: hold.id })).status !== HoldStatus.EXPIRED; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      await stop();
      expect((await db.getRepository(Hold).findOneByOrFail({ id: hold.id })).status).toBe(HoldStatus.EXPIRED);
      expect((await item(items[0].barcode)).status).toBe(ItemStatus.AVAILABLE);
    });
  });
});
