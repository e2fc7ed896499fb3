import type { DataSource } from 'typeorm';
import { demoId } from '../shared/domain/demo';
import { setClock } from '../shared/platform/clock';
import { addDays } from '../shared/platform/time';
import { Item, ItemStatus } from '../subgraphs/collections/catalogue/item.entity';
import { Hold, HoldStatus } from '../subgraphs/collections/circulation/hold.entity';
import { Loan } from '../subgraphs/collections/circulation/loan.entity';
import { Member, MemberType } from '../subgraphs/collections/members/member.entity';
import { circulationViolations, newMember, newTitle, setToday } from './helpers/collections';
import { BACKENDS, codes, startFederation, type Federation, type GraphQLResponse } from './helpers/federation';

const CHECKOUT_BY_CARD = `mutation ($barcode: String!, $cardNumber: String) {
  checkoutItem(barcode: $barcode, cardNumber: $cardNumber) { id dueOn member { id } item { barcode status } }
}`;
const CHECKOUT = `mutation ($barcode: String!, $memberId: ID, $cardNumber: String) { checkoutItem(barcode: $barcode, memberId: $memberId, cardNumber: $cardNumber) { id } }`;
const RETURN = `mutation ($barcode: String!) { returnItem(barcode: $barcode) { loan { id returnedAt } item { barcode status } } }`;
const PLACE = `mutation ($recordId: ID!, $memberId: ID!, $pickup: ID!) { placeHold(recordId: $recordId, memberId: $memberId, pickupLibraryId: $pickup) { id status item { id } } }`;
const PULL = `mutation ($holdId: ID!, $barcode: String!) {
  pullHold(holdId: $holdId, barcode: $barcode) { hold { id status pickupBy } item { barcode status currentLibrary { id } } sendTo { id } }
}`;
const SCAN_PULL = `mutation ($barcode: String!) { pullHold(barcode: $barcode) { hold { id status } item { status } } }`;
const PULL_LIST = `query ($libraryId: ID!, $first: Int, $after: String) {
  pullList(libraryId: $libraryId, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id pickupHere hold { id status pickupLibrary { id } record { id } } copies { barcode status } } }
  }
}`;
const LOANS = `query ($libraryId: ID!, $due: LoanDue, $memberType: MemberType, $sort: DeskLoanSort, $first: Int, $after: String) {
  deskLoans(libraryId: $libraryId, due: $due, memberType: $memberType, sort: $sort, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id dueOn checkedOutAt daysOverdue library { id } member { id memberType } } }
  }
}`;
const SHELF = `query ($libraryId: ID!, $expiringBy: Date) {
  holdShelf(libraryId: $libraryId, expiringBy: $expiringBy, first: 100) { totalCount edges { node { id status pickupBy item { barcode status } } } }
}`;
const OVERDUE = `query ($libraryId: ID!, $format: DeskDocumentFormat!) { overdueList(libraryId: $libraryId, format: $format) { contentType filename body rows } }`;
const ACTIVE = `query ($libraryId: ID!, $from: Date, $to: Date, $limit: Int) {
  mostActiveMembers(libraryId: $libraryId, from: $from, to: $to, limit: $limit) { from to entries { loans member { id name } } }
}`;
const BORROWED = `query ($libraryId: ID!, $from: Date, $to: Date, $limit: Int) {
  mostBorrowedTitles(libraryId: $libraryId, from: $from, to: $to, limit: $limit) { from to entries { loans borrowers record { id title } } }
}`;

const TODAY = '2026-11-02';

describe.each(BACKENDS)('the front desk (%s)', (backend) => {
  let fed: Federation;
  let db: DataSource;
  const tokens: Record<string, string> = {};
  const ok = (res: GraphQLResponse) => {
    expect(res.errors).toBeUndefined();
    return res.data;
  };
  const item = (barcode: string) => db.getRepository(Item).findOneByOrFail({ barcode });
  const hold = (id: string) => db.getRepository(Hold).findOneByOrFail({ id });
  /** Every node of a connection, page by page. */
  const everyNode = async (query: string, token: string, variables: Record<string, unknown>, field: string) => {
    const nodes: any[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const conn: any = ok(await fed.query(query, { token, variables: { ...variables, first: 100, after } }))[field];
      nodes.push(...conn.edges.map((e: any) => e.node));
      if (!conn.pageInfo.hasNextPage) return { nodes, totalCount: conn.totalCount };
      after = conn.pageInfo.endCursor;
    }
    throw new Error('too many pages');
  };
  /** The refusals every desk list and the pull make: [who, token key, code]. */
  const REFUSED = [
    ['PUBLIC', null, 'UNAUTHENTICATED'],
    ['a MEMBER of the library', 'member', 'FORBIDDEN'],
    ['a PARTNER', 'partner', 'FORBIDDEN'],
    ['GOVERNMENT', 'government', 'FORBIDDEN'],
    ["another library's librarian", 'baubau', 'FORBIDDEN'],
  ] as const;

  beforeAll(async () => {
    fed = await startFederation(backend);
    db = fed.subgraphs.collections.db;
    tokens.kupang = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 1) });
    tokens.kupang2 = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 2) });
    tokens.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    tokens.baubau = await fed.token({ role: 'LIBRARIAN', libraryId: 'baubau', librarianId: demoId('librarian', 'baubau', 1) });
    tokens.member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 5) });
    tokens.partner = await fed.token({ role: 'PARTNER', partnerId: demoId('partner', 'kupang', 0) });
    tokens.government = await fed.token({ role: 'GOVERNMENT' });
    tokens.admin = await fed.token({ role: 'ADMIN' });
  });
  beforeEach(() => setToday(TODAY));
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
  });

  describe('checkout and return as scanned', () => {
    it('lends a copy to the holder of a card number and takes it back by its barcode, both as the scanner sends them', async () => {
      const { items } = await newTitle(db, { kupang: 1 });
      const member = await newMember(db, 'kupang');
      const scannedCard = ` ${member.cardNumber.toLowerCase()}\r\n`;
      const scannedCopy = `${items[0].barcode.toLowerCase()}\n`;
      const loan = ok(await fed.query(CHECKOUT_BY_CARD, { token: tokens.kupang, variables: { barcode: scannedCopy, cardNumber: scannedCard } })).checkoutItem;
      expect(loan).toMatchObject({ member: { id: member.id }, item: { barcode: items[0].barcode, status: 'ON_LOAN' }, dueOn: '2026-11-16' });
      const back = ok(await fed.query(RETURN, { token: tokens.kupang, variables: { barcode: ` ${items[0].barcode.toLowerCase()} ` } })).returnItem;
      expect(back).toMatchObject({ loan: { id: loan.id }, item: { status: 'AVAILABLE' } });
      expect(back.loan.returnedAt).not.toBeNull();
    });

    it('asks for exactly one of memberId and cardNumber, and answers NOT_FOUND for a card nobody holds, lending nothing', async () => {
      const { items } = await newTitle(db, { kupang: 1 });
      const member = await newMember(db, 'kupang');
      const both = await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: items[0].barcode, memberId: member.id, cardNumber: member.cardNumber } });
      expect(codes(both)).toEqual(['BAD_USER_INPUT']);
      expect(both.errors![0].extensions!.field).toBe('cardNumber');
      const neither = await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: items[0].barcode } });
      expect(codes(neither)).toEqual(['BAD_USER_INPUT']);
      expect(neither.errors![0].extensions!.field).toBe('memberId');
      expect(codes(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: items[0].barcode, cardNumber: 'NOBODY.0000' } }))).toEqual(['NOT_FOUND']);
      expect(await db.getRepository(Loan).countBy({ itemId: items[0].id })).toBe(0);
      expect((await item(items[0].barcode)).status).toBe(ItemStatus.AVAILABLE);
    });

    it("refuses another library's member by card, another library's copy, and callers who run no desk", async () => {
      const { items } = await newTitle(db, { kupang: 1 });
      const baubauCopy = (await newTitle(db, { baubau: 1 })).items[0];
      const member = await newMember(db, 'kupang');
      const byCard = (token: string | undefined, barcode: string) => fed.query(CHECKOUT, { token, variables: { barcode, cardNumber: member.cardNumber } });
      expect(codes(await byCard(tokens.baubau, baubauCopy.barcode))).toEqual(['FORBIDDEN']);
      expect(codes(await byCard(tokens.kupang, baubauCopy.barcode))).toEqual(['FORBIDDEN']);
      expect(codes(await byCard(tokens.member, items[0].barcode))).toEqual(['FORBIDDEN']);
      expect(codes(await byCard(tokens.government, items[0].barcode))).toEqual(['FORBIDDEN']);
      expect(codes(await byCard(undefined, items[0].barcode))).toEqual(['UNAUTHENTICATED']);
      expect(await db.getRepository(Loan).countBy({ memberId: member.id })).toBe(0);
    });
  });

  describe('Query.deskLoans', () => {
    it("lists the library's current loans, overdue or due today, by member type, in the order asked, page by page", async () => {
      const { items } = await newTitle(db, { kupang: 4 });
      const adult = await newMember(db, 'kupang');
      const child = await newMember(db, 'kupang', { memberType: MemberType.CHILD });
      const lend = async (barcode: string, memberId: string) => ok(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode, memberId } })).checkoutItem.id;
      const late = await lend(items[0].barcode, adult.id);
      const dueToday = await lend(items[1].barcode, child.id);
      const later = await lend(items[2].barcode, child.id);
      const returned = await lend(items[3].barcode, adult.id);
      ok(await fed.query(RETURN, { token: tokens.kupang, variables: { barcode: items[3].barcode } }));
      setToday('2026-11-20');
      await db.getRepository(Loan).update({ id: late }, { dueOn: '2026-11-16' });
      await db.getRepository(Loan).update({ id: dueToday }, { dueOn: '2026-11-20' });
      await db.getRepository(Loan).update({ id: later }, { dueOn: '2026-11-27' });

      const all = await everyNode(LOANS, tokens.kupang, { libraryId: 'kupang' }, 'deskLoans');
      const ids = all.nodes.map((n) => n.id);
      expect(ids).toEqual(expect.arrayContaining([late, dueToday, later]));
      expect(ids).not.toContain(returned);
      expect(all.totalCount).toBe(ids.length);
      expect(all.nodes.every((n) => n.library.id === 'kupang')).toBe(true);
      expect(all.nodes.map((n) => n.dueOn)).toEqual([...all.nodes.map((n) => n.dueOn)].sort());

      const overdue = await everyNode(LOANS, tokens.kupang, { libraryId: 'kupang', due: 'OVERDUE' }, 'deskLoans');
      expect(overdue.nodes.map((n) => n.id)).toContain(late);
      expect(overdue.nodes.map((n) => n.id)).not.toContain(dueToday);
      expect(overdue.nodes.every((n) => n.dueOn < '2026-11-20' && n.daysOverdue > 0)).toBe(true);

      const today = await everyNode(LOANS, tokens.kupang, { libraryId: 'kupang', due: 'DUE_TODAY' }, 'deskLoans');
      expect(today.nodes.map((n) => n.id)).toContain(dueToday);
      expect(today.nodes.every((n) => n.dueOn === '2026-11-20')).toBe(true);

      const children = await everyNode(LOANS, tokens.kupang, { libraryId: 'kupang', memberType: 'CHILD', sort: 'CHECKED_OUT_AT' }, 'deskLoans');
      expect(children.nodes.map((n) => n.id)).toEqual(expect.arrayContaining([dueToday, later]));
      expect(children.nodes.every((n) => n.member.memberType === 'CHILD')).toBe(true);
      expect(children.nodes.map((n) => n.checkedOutAt)).toEqual([...children.nodes.map((n) => n.checkedOutAt)].sort());

      const childToday = ok(await fed.query(LOANS, { token: tokens.kupangAdmin, variables: { libraryId: 'kupang', due: 'DUE_TODAY', memberType: 'CHILD' } })).deskLoans;
      expect(childToday.edges.map((e: any) => e.node.id)).toContain(dueToday);
      expect(childToday.edges.map((e: any) => e.node.id)).not.toContain(late);

      // two pages of two: no loan twice, none skipped
      const first = ok(await fed.query(LOANS, { token: tokens.admin, variables: { libraryId: 'kupang', first: 2 } })).deskLoans;
      const second = ok(await fed.query(LOANS, { token: tokens.admin, variables: { libraryId: 'kupang', first: 2, after: first.pageInfo.endCursor } })).deskLoans;
      expect([...first.edges, ...second.edges].map((e: any) => e.node.id)).toEqual(ids.slice(0, 4));
    });

    it.each(REFUSED)("refuses %s a library's loans", async (_who, key, code) => {
      const res = await fed.query(LOANS, { token: key ? tokens[key] : undefined, variables: { libraryId: 'kupang' } });
      expect(codes(res)).toEqual([code]);
      expect(res.data?.deskLoans ?? null).toBeNull();
    });

    it('answers BAD_USER_INPUT for a page too large', async () => {
      const res = await fed.query(LOANS, { token: tokens.kupang, variables: { libraryId: 'kupang', first: 1000 } });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe('first');
    });
  });

  describe('Query.overdueList', () => {
    it('writes the overdue loans of members with neither e-mail nor phone as CSV and as a page to print', async () => {
      const { items, record } = await newTitle(db, { kupang: 3 }, { title: 'Laut, "Garam" dan Kita' });
      const unreachable = await newMember(db, 'kupang');
      await db.getRepository(Member).update({ id: unreachable.id }, { email: '', phone: '', name: 'Ama <Lado> & Co', address: 'Jl. Timor Raya 3, Kupang' });
      const phoneOnly = await newMember(db, 'kupang');
      await db.getRepository(Member).update({ id: phoneOnly.id }, { email: '' });
      const lend = async (barcode: string, memberId: string) => ok(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode, memberId } })).checkoutItem.id;
      const lateLoan = await lend(items[0].barcode, unreachable.id);
      const notYet = await lend(items[1].barcode, unreachable.id);
      const reachable = await lend(items[2].barcode, phoneOnly.id);
      setToday('2026-11-20');
      await db.getRepository(Loan).update({ id: lateLoan }, { dueOn: '2026-11-16' });
      await db.getRepository(Loan).update({ id: reachable }, { dueOn: '2026-11-16' });
      await db.getRepository(Loan).update({ id: notYet }, { dueOn: '2026-11-25' });

      const csv = ok(await fed.query(OVERDUE, { token: tokens.kupang, variables: { libraryId: 'kupang', format: 'CSV' } })).overdueList;
      expect(csv).toMatchObject({ contentType: 'text/csv; charset=utf-8; header=present', filename: 'overdue-kupang-2026-11-20.csv' });
      const lines = csv.body.trimEnd().split('\r\n');
      expect(lines[0]).toBe('cardNumber,name,guardianName,address,memberType,barcode,title,callNumber,checkedOutOn,dueOn,daysOverdue,accruedFine');
      expect(csv.rows).toBe(lines.length - 1);
      const mine = lines.filter((l: string) => l.startsWith(`${unreachable.cardNumber},`));
      // 17–20 November, one grace day, no Sunday: four days late, charged 4 × Rp 500
      expect(mine).toEqual([
        `${unreachable.cardNumber},Ama <Lado> & Co,,"Jl. Timor Raya 3, Kupang",ADULT,${items[0].barcode},"Laut, ""Garam"" dan Kita",020 UJI j,2026-11-02,2026-11-16,4,2000`,
      ]);
      expect(lines.some((l: string) => l.startsWith(`${phoneOnly.cardNumber},`))).toBe(false);
      expect(csv.body).not.toContain(items[1].barcode);

      const page = ok(await fed.query(OVERDUE, { token: tokens.kupangAdmin, variables: { libraryId: 'kupang', format: 'HTML' } })).overdueList;
      expect(page).toMatchObject({ contentType: 'text/html; charset=utf-8', filename: 'overdue-kupang-2026-11-20.html', rows: csv.rows });
      expect(page.body).toMatch(/^<!DOCTYPE html>/);
      expect(page.body).toContain('Ama &lt;Lado&gt; &amp; Co');
      expect(page.body).not.toContain('<Lado>');
      expect(page.body).toContain(items[0].barcode);
      expect(page.body).toContain(record.title.replace(/"/g, '&quot;'));
      expect(page.body).not.toContain(phoneOnly.cardNumber);
    });

    it.each(REFUSED)('refuses %s the overdue list', async (_who, key, code) => {
      const res = await fed.query(OVERDUE, { token: key ? tokens[key] : undefined, variables: { libraryId: 'kupang', format: 'CSV' } });
      expect(codes(res)).toEqual([code]);
      expect(res.data?.overdueList ?? null).toBeNull();
    });
  });

  describe('the pull list and Mutation.pullHold', () => {
    afterEach(async () => {
      // Every circulation invariant holds after each pull (a hold placed while a copy is on a
      // shelf waits until it is pulled, so no invariant says otherwise).
      expect(await circulationViolations(db)).toEqual([]);
    });

    it('leaves the copy on the shelf when a hold is placed; the pull puts it on the hold shelf here', async () => {
      const { record, items } = await newTitle(db, { kupang: 1 });
      const member = await newMember(db, 'kupang');
      const placed = ok(await fed.query(PLACE, { token: tokens.kupang, variables: { recordId: record.id, memberId: member.id, pickup: 'kupang' } })).placeHold;
      expect(placed).toMatchObject({ status: 'WAITING', item: null });
      expect((await item(items[0].barcode)).status).toBe(ItemStatus.AVAILABLE);

      const list = await everyNode(PULL_LIST, tokens.kupang, { libraryId: 'kupang' }, 'pullList');
      expect(list.nodes.find((n) => n.id === placed.id)).toEqual({
        id: placed.id,
        pickupHere: true,
        hold: { id: placed.id, status: 'WAITING', pickupLibrary: { id: 'kupang' }, record: { id: record.id } },
        copies: [{ barcode: items[0].barcode, status: 'AVAILABLE' }],
      });
      expect((await everyNode(PULL_LIST, tokens.baubau, { libraryId: 'baubau' }, 'pullList')).nodes.map((n) => n.id)).not.toContain(placed.id);

      const pulled = ok(await fed.query(PULL, { token: tokens.kupang, variables: { holdId: placed.id, barcode: ` ${items[0].barcode.toLowerCase()}\n` } })).pullHold;
      expect(pulled).toMatchObject({
        hold: { id: placed.id, status: 'READY', pickupBy: '2026-11-09' },
        item: { status: 'ON_HOLD_SHELF', currentLibrary: { id: 'kupang' } },
        sendTo: null,
      });
      expect((await everyNode(PULL_LIST, tokens.kupang, { libraryId: 'kupang' }, 'pullList')).nodes.map((n) => n.id)).not.toContain(placed.id);
      const again = await fed.query(PULL, { token: tokens.kupang, variables: { holdId: placed.id, barcode: items[0].barcode } });
      expect(codes(again)).toEqual(['CONFLICT']);
    });

    it('lists a hold to be picked up elsewhere on the list of the library that has the copy; IN_TRANSIT begins at the pull', async () => {
      const { record, items } = await newTitle(db, { kupang: 1 });
      const member = await newMember(db, 'baubau');
      const placed = ok(await fed.query(PLACE, { token: tokens.baubau, variables: { recordId: record.id, memberId: member.id, pickup: 'baubau' } })).placeHold;
      expect(placed.status).toBe('WAITING');
      expect(await hold(placed.id)).toMatchObject({ status: HoldStatus.WAITING, itemId: null });

      const slip = (await everyNode(PULL_LIST, tokens.kupang, { libraryId: 'kupang' }, 'pullList')).nodes.find((n) => n.id === placed.id);
      expect(slip).toMatchObject({ pickupHere: false, copies: [{ barcode: items[0].barcode }] });
      // the copy's library pulls it, but the member is Baubau's: Kupang's desk does not see who asked
      const named = await fed.query(`query { pullList(libraryId: "kupang", first: 100) { edges { node { id hold { member { name } } } } } }`, { token: tokens.kupang });
      expect(codes(named)).toContain('FORBIDDEN');
      expect(named.data.pullList.edges.find((e: any) => e.node.id === placed.id).node.hold.member).toBeNull();

      expect(codes(await fed.query(PULL, { token: tokens.baubau, variables: { holdId: placed.id, barcode: items[0].barcode } }))).toEqual(['FORBIDDEN']);
      const pulled = ok(await fed.query(PULL, { token: tokens.kupang, variables: { holdId: placed.id, barcode: items[0].barcode } })).pullHold;
      expect(pulled).toMatchObject({ hold: { status: 'IN_TRANSIT', pickupBy: null }, item: { status: 'IN_TRANSIT', currentLibrary: { id: 'baubau' } }, sendTo: { id: 'baubau' } });
      const arrived = ok(await fed.query(`mutation { receiveItem(barcode: "${items[0].barcode}") { hold { id status } item { status } } }`, { token: tokens.baubau })).receiveItem;
      expect(arrived).toEqual({ hold: { id: placed.id, status: 'READY' }, item: { status: 'ON_HOLD_SHELF' } });
    });

    it('keeps the queue: only as many holds as there are copies on the shelf are listed, and a later hold cannot jump it', async () => {
      const { record, items } = await newTitle(db, { kupang: 1 });
      const [first, second] = [await newMember(db, 'kupang'), await newMember(db, 'kupang')];
      const h1 = ok(await fed.query(PLACE, { token: tokens.kupang, variables: { recordId: record.id, memberId: first.id, pickup: 'kupang' } })).placeHold;
      const h2 = ok(await fed.query(PLACE, { token: tokens.kupang, variables: { recordId: record.id, memberId: second.id, pickup: 'kupang' } })).placeHold;
      const listed = (await everyNode(PULL_LIST, tokens.kupang, { libraryId: 'kupang' }, 'pullList')).nodes.map((n) => n.id);
      expect(listed).toContain(h1.id);
      expect(listed).not.toContain(h2.id);
      expect(codes(await fed.query(PULL, { token: tokens.kupang, variables: { holdId: h2.id, barcode: items[0].barcode } }))).toEqual(['CONFLICT']);
      expect(await hold(h2.id)).toMatchObject({ status: HoldStatus.WAITING, itemId: null });
      expect((await item(items[0].barcode)).status).toBe(ItemStatus.AVAILABLE);

      const other = await newTitle(db, { kupang: 1 });
      const wrong = await fed.query(PULL, { token: tokens.kupang, variables: { holdId: h1.id, barcode: other.items[0].barcode } });
      expect(codes(wrong)).toEqual(['BAD_USER_INPUT']);
      expect(wrong.errors![0].extensions!.field).toBe('barcode');
      expect(codes(await fed.query(PULL, { token: tokens.kupang, variables: { holdId: '00000000-0000-4000-8000-000000000000', barcode: items[0].barcode } }))).toEqual([
        'NOT_FOUND',
      ]);
      const nobody = await fed.query(SCAN_PULL, { token: tokens.kupang, variables: { barcode: other.items[0].barcode } });
      expect(codes(nobody)).toEqual(['CONFLICT']);
      // the scan alone serves the first hold of the queue
      const scanned = ok(await fed.query(SCAN_PULL, { token: tokens.kupang, variables: { barcode: items[0].barcode } })).pullHold;
      expect(scanned).toMatchObject({ hold: { id: h1.id, status: 'READY' }, item: { status: 'ON_HOLD_SHELF' } });
      expect(await hold(h2.id)).toMatchObject({ status: HoldStatus.WAITING, itemId: null });
    });

    it.each(REFUSED)('refuses %s the pull list and the pull', async (_who, key, code) => {
      const { record, items } = await newTitle(db, { kupang: 1 });
      const member = await newMember(db, 'kupang');
      const placed = ok(await fed.query(PLACE, { token: tokens.kupang, variables: { recordId: record.id, memberId: member.id, pickup: 'kupang' } })).placeHold;
      const token = key ? tokens[key] : undefined;
      const list = await fed.query(PULL_LIST, { token, variables: { libraryId: 'kupang' } });
      expect(codes(list)).toEqual([code]);
      expect(list.data?.pullList ?? null).toBeNull();
      expect(codes(await fed.query(PULL, { token, variables: { holdId: placed.id, barcode: items[0].barcode } }))).toEqual([code]);
      expect(await hold(placed.id)).toMatchObject({ status: HoldStatus.WAITING, itemId: null });
      expect((await item(items[0].barcode)).status).toBe(ItemStatus.AVAILABLE);
    });

    it('lets exactly one of two librarians pulling the same hold at once succeed; the other gets CONFLICT', async () => {
      for (let round = 0; round < 4; round++) {
        const { record, items } = await newTitle(db, { kupang: 2 });
        const member = await newMember(db, 'kupang');
        const placed = ok(await fed.query(PLACE, { token: tokens.kupang, variables: { recordId: record.id, memberId: member.id, pickup: 'kupang' } })).placeHold;
        // even rounds: each librarian fetched a different copy; odd rounds: both scan the same one
        const barcodes = round % 2 ? [items[0].barcode, items[0].barcode] : [items[0].barcode, items[1].barcode];
        const results = await Promise.all([
          fed.query(PULL, { token: tokens.kupang, variables: { holdId: placed.id, barcode: barcodes[0] } }),
          fed.query(PULL, { token: tokens.kupang2, variables: { holdId: placed.id, barcode: barcodes[1] } }),
        ]);
        const won = results.filter((r) => !r.errors);
        expect(won).toHaveLength(1);
        expect(results.filter((r) => r.errors).map((r) => codes(r))).toEqual([['CONFLICT']]);
        const stored = await hold(placed.id);
        expect(stored).toMatchObject({ status: HoldStatus.READY, itemId: (await item(won[0].data.pullHold.item.barcode)).id });
        const statuses = (await db.getRepository(Item).findBy({ recordId: record.id })).map((i) => i.status).sort();
        expect(statuses).toEqual([ItemStatus.AVAILABLE, ItemStatus.ON_HOLD_SHELF]);
      }
    });
  });

  describe('Query.holdShelf', () => {
    it('lists the copies on the hold shelf, the soonest last pickup day first, and those expiring by a day', async () => {
      const early = await newTitle(db, { baubau: 1 });
      const late = await newTitle(db, { baubau: 1 });
      const [m1, m2] = [await newMember(db, 'baubau'), await newMember(db, 'baubau')];
      const pullFor = async (title: { record: { id: string }; items: { barcode: string }[] }, memberId: string) => {
        const placed = ok(await fed.query(PLACE, { token: tokens.baubau, variables: { recordId: title.record.id, memberId, pickup: 'baubau' } })).placeHold;
        return ok(await fed.query(PULL, { token: tokens.baubau, variables: { holdId: placed.id, barcode: title.items[0].barcode } })).pullHold.hold;
      };
      setToday('2026-12-01');
      const a = await pullFor(early, m1.id);
      setToday('2026-12-03');
      const b = await pullFor(late, m2.id);
      expect(a.pickupBy < b.pickupBy).toBe(true);

      const shelf = ok(await fed.query(SHELF, { token: tokens.baubau, variables: { libraryId: 'baubau' } })).holdShelf;
      const nodes = shelf.edges.map((e: any) => e.node);
      expect(nodes.every((n: any) => n.status === 'READY' && n.item.status === 'ON_HOLD_SHELF')).toBe(true);
      expect(nodes.map((n: any) => n.pickupBy)).toEqual([...nodes.map((n: any) => n.pickupBy)].sort());
      const ids = nodes.map((n: any) => n.id);
      expect(ids.indexOf(a.id)).toBeLessThan(ids.indexOf(b.id));
      expect(shelf.totalCount).toBe(nodes.length);

      const expiring = ok(await fed.query(SHELF, { token: tokens.baubau, variables: { libraryId: 'baubau', expiringBy: a.pickupBy } })).holdShelf;
      const expiringIds = expiring.edges.map((e: any) => e.node.id);
      expect(expiringIds).toContain(a.id);
      expect(expiringIds).not.toContain(b.id);
      expect(expiring.edges.every((e: any) => e.node.pickupBy <= a.pickupBy)).toBe(true);
    });

    it.each(REFUSED)("refuses %s a library's hold shelf", async (_who, key, code) => {
      const res = await fed.query(SHELF, { token: key ? tokens[key] : undefined, variables: { libraryId: 'kupang' } });
      expect(codes(res)).toEqual([code]);
      expect(res.data?.holdShelf ?? null).toBeNull();
    });
  });

  describe('most active members and most borrowed titles', () => {
    const DAY = '2027-03-10';
    let titles: { record: { id: string; title: string }; items: { barcode: string }[] }[];
    let keen: Member;
    let casual: Member;
    let visitor: Member;

    beforeAll(async () => {
      setToday(DAY);
      titles = [await newTitle(db, { kupang: 2 }), await newTitle(db, { kupang: 1 }), await newTitle(db, { kupang: 1 })];
      [keen, casual] = [await newMember(db, 'kupang'), await newMember(db, 'kupang')];
      visitor = await newMember(db, 'baubau');
      const lend = async (barcode: string, memberId: string, token = tokens.kupang) => ok(await fed.query(CHECKOUT, { token, variables: { barcode, memberId } }));
      await lend(titles[0].items[0].barcode, keen.id);
      await lend(titles[1].items[0].barcode, keen.id);
      await lend(titles[2].items[0].barcode, keen.id);
      await lend(titles[0].items[1].barcode, casual.id);
      // ADMIN lent a Kupang copy to a Baubau member: Kupang's ranking leaves them out
      await fed.query(RETURN, { token: tokens.kupang, variables: { barcode: titles[2].items[0].barcode } });
      await lend(titles[2].items[0].barcode, visitor.id, tokens.admin);
    });

    it("ranks the library's own members by checkouts here in the period, most first, with their names for the library's staff", async () => {
      setToday(DAY);
      const ranking = ok(await fed.query(ACTIVE, { token: tokens.kupang, variables: { libraryId: 'kupang', from: DAY, to: DAY } })).mostActiveMembers;
      expect(ranking).toEqual({
        from: DAY,
        to: DAY,
        entries: [
          { loans: 3, member: { id: keen.id, name: keen.name } },
          { loans: 1, member: { id: casual.id, name: casual.name } },
        ],
      });
      const top = ok(await fed.query(ACTIVE, { token: tokens.admin, variables: { libraryId: 'kupang', from: DAY, to: DAY, limit: 1 } })).mostActiveMembers;
      expect(top.entries).toEqual([{ loans: 3, member: { id: keen.id, name: keen.name } }]);
      const before = ok(await fed.query(ACTIVE, { token: tokens.kupang, variables: { libraryId: 'kupang', from: addDays(DAY, -3), to: addDays(DAY, -1) } })).mostActiveMembers;
      expect(before.entries.map((e: any) => e.member.id)).not.toContain(keen.id);
    });

    it('ranks the titles the library lent most in the period, with how many members borrowed them', async () => {
      setToday(DAY);
      const ranking = ok(await fed.query(BORROWED, { token: tokens.kupangAdmin, variables: { libraryId: 'kupang', from: DAY, to: DAY } })).mostBorrowedTitles;
      // two titles lent twice (to two members each), then the one lent once
      expect(ranking.entries.slice(0, 2)).toEqual(
        expect.arrayContaining([
          { loans: 2, borrowers: 2, record: { id: titles[0].record.id, title: titles[0].record.title } },
          { loans: 2, borrowers: 2, record: { id: titles[2].record.id, title: titles[2].record.title } },
        ]),
      );
      expect(ranking.entries.slice(2)).toEqual([{ loans: 1, borrowers: 1, record: { id: titles[1].record.id, title: titles[1].record.title } }]);
    });

    it("takes the last 30 days of the library's today when no period is given", async () => {
      setToday(addDays(DAY, 29));
      const active = ok(await fed.query(ACTIVE, { token: tokens.kupang, variables: { libraryId: 'kupang' } })).mostActiveMembers;
      expect(active).toMatchObject({ from: DAY, to: addDays(DAY, 29) });
      expect(active.entries[0]).toEqual({ loans: 3, member: { id: keen.id, name: keen.name } });
      setToday(addDays(DAY, 30));
      const borrowed = ok(await fed.query(BORROWED, { token: tokens.kupang, variables: { libraryId: 'kupang' } })).mostBorrowedTitles;
      expect(borrowed).toMatchObject({ from: addDays(DAY, 1), to: addDays(DAY, 30) });
      expect(borrowed.entries).toEqual([]);
    });

    it('answers BAD_USER_INPUT for a limit out of range and a period that ends before it starts', async () => {
      const limit = await fed.query(ACTIVE, { token: tokens.kupang, variables: { libraryId: 'kupang', limit: 0 } });
      expect(codes(limit)).toEqual(['BAD_USER_INPUT']);
      expect(limit.errors![0].extensions!.field).toBe('limit');
      const backwards = await fed.query(BORROWED, { token: tokens.kupang, variables: { libraryId: 'kupang', from: DAY, to: addDays(DAY, -1) } });
      expect(codes(backwards)).toEqual(['BAD_USER_INPUT']);
      expect(backwards.errors![0].extensions!.field).toBe('to');
    });

    it.each(REFUSED)('refuses %s both rankings', async (_who, key, code) => {
      const token = key ? tokens[key] : undefined;
      for (const query of [ACTIVE, BORROWED]) {
        const res = await fed.query(query, { token, variables: { libraryId: 'kupang' } });
        expect(codes(res)).toEqual([code]);
      }
    });
  });
});
