import { demoId } from '../shared/domain/demo';
import { setClock } from '../shared/platform/clock';
import { addDays } from '../shared/platform/time';
import { circulationViolations, setToday } from './helpers/collections';
import { BACKENDS, startFederation, type Federation, type GraphQLResponse } from './helpers/federation';

/**
 * A full day at the Kupang city library (issue #14), through the gateway alone: the library
 * opens, three people get a card at the desk, twenty books go out by card number and barcode as
 * scanned (some come back the same day), a reader brings back an overdue book, a member places a
 * hold that the librarian pulls onto the hold shelf and the member picks up, the local collection
 * shelf is counted, and at closing the day's figures agree with what happened. Every act is a
 * GraphQL request with the token of whoever does it; the database is read once, at the end, for
 * the circulation invariants.
 */

/** A Monday: Kupang closes on Sundays only, and it is no holiday. */
const DAY = '2026-11-02';
const KUPANG = 'kupang';
/** The shelf counted in the afternoon. */
const SHELF = 'Koleksi Lokal';

const OPEN_TODAY = `query ($id: ID!, $day: Date!) {
  library(id: $id) { name closedWeekdays holidays(from: $day, to: $day) { date name } }
}`;
const ITEMS = `query ($id: ID!, $after: String) {
  library(id: $id) {
    items(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { barcode location status record { id title materialType holdQueueLength } } }
    }
  }
}`;
const MEMBERS = `query ($id: ID!, $after: String) {
  library(id: $id) { members(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { cardNumber } } } }
}`;
const DESK_LOANS = `query ($libraryId: ID!, $due: LoanDue, $sort: DeskLoanSort, $after: String) {
  deskLoans(libraryId: $libraryId, due: $due, sort: $sort, first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id checkedOutAt dueOn accruedFine member { id cardNumber } item { barcode record { holdQueueLength } } } }
  }
}`;
const DESK_COUNTS = `query ($libraryId: ID!) {
  out: deskLoans(libraryId: $libraryId, first: 1) { totalCount }
  overdue: deskLoans(libraryId: $libraryId, due: OVERDUE, first: 1) { totalCount }
  dueToday: deskLoans(libraryId: $libraryId, due: DUE_TODAY, first: 1) { totalCount }
  pullList(libraryId: $libraryId, first: 1) { totalCount }
  holdShelf(libraryId: $libraryId, first: 1) { totalCount }
  overdueList(libraryId: $libraryId, format: CSV) { rows }
}`;
const FIGURES = `query ($id: ID!, $day: Date!) {
  library(id: $id) { collectionIndicators(from: $day, to: $day) { loans returns holdsPlaced activeMembers finesCharged visits } }
}`;
const LOAN_RULE = `query ($id: ID!, $memberType: MemberType!) { library(id: $id) { loanRuleFor(memberType: $memberType, materialType: BOOK) { loanDays maxLoans } } }`;
const REGISTER = `mutation ($input: RegisterMemberInput!) {
  registerMember(input: $input) { id cardNumber name memberType status joinedOn expiresOn library { id } }
}`;
const CHECKOUT = `mutation ($barcode: String!, $cardNumber: String!) {
  checkoutItem(barcode: $barcode, cardNumber: $cardNumber) { id dueOn member { id cardNumber } item { barcode status } }
}`;
const RETURN = `mutation ($barcode: String!) {
  returnItem(barcode: $barcode) { loan { id returnedAt } fine { kind amount } item { barcode status } hold { id } sendTo { id } }
}`;
const PLACE_HOLD = `mutation ($recordId: ID!, $memberId: ID!, $pickup: ID!) {
  placeHold(recordId: $recordId, memberId: $memberId, pickupLibraryId: $pickup) { id status queuePosition item { barcode } }
}`;
const PULL_LIST = `query ($libraryId: ID!) {
  pullList(libraryId: $libraryId, first: 100) { totalCount edges { node { pickupHere hold { id status member { id } record { id } } copies { barcode } } } }
}`;
const PULL = `mutation ($barcode: String!, $holdId: ID!) {
  pullHold(barcode: $barcode, holdId: $holdId) { hold { id status pickupBy } item { barcode status } sendTo { id } }
}`;
const HOLD_SHELF = `query ($libraryId: ID!) {
  holdShelf(libraryId: $libraryId, first: 100) { totalCount edges { node { id status pickupBy member { id cardNumber } item { barcode status } } } }
}`;
const ITEM = `query ($libraryId: ID!, $barcode: String!) { itemByBarcode(libraryId: $libraryId, barcode: $barcode) { barcode status location } }`;
const VISITS = `query ($id: ID!, $day: Date!) { library(id: $id) { visits(from: $day, to: $day) { date count source } } }`;
const MY_HOLDS = `query ($id: ID!) { member(id: $id) { holds(first: 10) { edges { node { id status item { barcode } } } } } }`;
const MY_LOANS = `query ($id: ID!) { member(id: $id) { loans(first: 100) { edges { node { returnedAt dueOn item { barcode } } } } } }`;
const OPEN_STOCKTAKE = `mutation ($input: OpenStockTakeInput!) { openStockTake(input: $input) { id status location counts { scanned } } }`;
const SCAN = `mutation ($id: ID!, $barcode: String!) { scanStockTakeBarcode(stockTakeId: $id, barcode: $barcode) { barcode outcome } }`;
const CLOSE_STOCKTAKE = `mutation ($id: ID!) { closeStockTake(id: $id) { status closedAt } }`;
const STOCKTAKE_REPORT = `query ($id: ID!) {
  stockTake(id: $id) {
    status
    report {
      counts { scanned expected wrongLibrary wrongLocation onLoanScanned unknownBarcodes notSeen notSeenOnLoan }
      notSeen(first: 100) { totalCount edges { node { barcode } } }
      onLoan(first: 100) { totalCount edges { node { barcode } } }
      wrongPlace(first: 100) { edges { node { barcode outcome } } }
    }
  }
}`;
const RECORD_VISITS = `mutation ($input: RecordVisitsInput!) { recordVisits(input: $input) { date count source } }`;
const BUSIEST = `query ($libraryId: ID!, $day: Date!) {
  mostActiveMembers(libraryId: $libraryId, from: $day, to: $day, limit: 100) { entries { loans member { id } } }
  mostBorrowedTitles(libraryId: $libraryId, from: $day, to: $day, limit: 100) { entries { loans borrowers record { id } } }
}`;

interface Copy {
  barcode: string;
  location: string;
  status: string;
  record: { id: string; title: string; materialType: string; holdQueueLength: number };
}
type Who = 'yohana' | 'marthen' | 'kristo';
interface Card {
  id: string;
  cardNumber: string;
  memberType: string;
  token: string;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar day. */
const isoWeekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() || 7;

describe.each(BACKENDS)('a full day at the Kupang city library, through the API alone (%s)', (backend) => {
  let fed: Federation;
  const tokens: Record<string, string> = {};
  const cards = {} as Record<Who, Card>;
  /** What the desk read at opening, to compare the closing figures with. */
  const morning: Record<string, any> = {};
  /** The copies the day uses, chosen at opening from what is on the shelves. */
  const copies: Record<string, Copy[]> = {};
  /** Every checkout of the day: who borrowed which copy, and whether it has come back. */
  const lent: { who: Who; barcode: string; recordId: string; returned: boolean }[] = [];
  let overdueReturn: { barcode: string; fine: number };
  let hold: { id: string; recordId: string; barcode: string };

  const ok = <T = any>(res: GraphQLResponse<T>): T => {
    expect(res.errors).toBeUndefined();
    return res.data as T;
  };
  /** A request from the librarian at the Kupang desk. */
  const desk = async (query: string, variables: Record<string, unknown> = {}) => ok(await fed.query(query, { token: tokens.desk, variables }));
  /** Every node of a connection, page by page. */
  const everyNode = async (query: string, token: string, variables: Record<string, unknown>, connection: (data: any) => any) => {
    const nodes: any[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const conn = connection(ok(await fed.query(query, { token, variables: { ...variables, after } })));
      nodes.push(...conn.edges.map((e: any) => e.node));
      if (!conn.pageInfo.hasNextPage) return nodes;
      after = conn.pageInfo.endCursor;
    }
    throw new Error('too many pages');
  };
  const shelves = async (): Promise<Copy[]> => everyNode(ITEMS, tokens.desk, { id: KUPANG }, (d) => d.library.items);
  /** Lends a copy as the scanner reads it: the card number, then the barcode with the scanner's line end. */
  const lend = async (who: Who, copy: Copy) => {
    const loan = (await desk(CHECKOUT, { barcode: `${copy.barcode.toLowerCase()}\r\n`, cardNumber: ` ${cards[who].cardNumber}` })).checkoutItem;
    expect(loan).toMatchObject({ member: { id: cards[who].id }, item: { barcode: copy.barcode, status: 'ON_LOAN' }, dueOn: morning.dueOn[cards[who].memberType] });
    lent.push({ who, barcode: copy.barcode, recordId: copy.record.id, returned: false });
  };
  const takeBack = async (barcode: string) => {
    const back = (await desk(RETURN, { barcode: ` ${barcode}` })).returnItem;
    expect(back).toMatchObject({ item: { barcode, status: 'AVAILABLE' }, fine: null, hold: null, sendTo: null });
    expect(back.loan.returnedAt).not.toBeNull();
    lent.find((l) => l.barcode === barcode && !l.returned)!.returned = true;
  };
  const stillOut = () => lent.filter((l) => !l.returned);

  beforeAll(async () => {
    setToday(DAY, '07:30');
    fed = await startFederation(backend);
    tokens.desk = await fed.token({ role: 'LIBRARIAN', libraryId: KUPANG, librarianId: demoId('librarian', KUPANG, 1) });
    tokens.head = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: KUPANG });
  });
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
  });

  it('07:30 — the calendar says the library opens today: not a closed weekday, no holiday', async () => {
    const { library } = ok(await fed.query(OPEN_TODAY, { variables: { id: KUPANG, day: DAY } }));
    expect(library.closedWeekdays).not.toContain(isoWeekday(DAY));
    expect(library.holidays).toEqual([]);
    morning.closedWeekdays = library.closedWeekdays;
  });

  it('07:45 — the desk reads the morning: the loans out, none due today, the pull list and the hold shelf, no figures for today yet', async () => {
    setToday(DAY, '07:45');
    Object.assign(morning, await desk(DESK_COUNTS, { libraryId: KUPANG }));
    expect(morning.dueToday.totalCount).toBe(0);
    expect(morning.out.totalCount).toBeGreaterThan(morning.overdue.totalCount);
    const { library } = ok(await fed.query(FIGURES, { token: tokens.head, variables: { id: KUPANG, day: DAY } }));
    expect(library.collectionIndicators).toMatchObject({ loans: 0, returns: 0, holdsPlaced: 0, activeMembers: 0, finesCharged: 0, visits: null });
    expect((await desk(VISITS, { id: KUPANG, day: DAY })).library.visits).toEqual([]); // the gate counter is read at closing

    // The books the day will lend, one title each, from the shelves as they stand this morning.
    const onShelf = (await shelves()).filter((c) => c.status === 'AVAILABLE' && c.record.materialType === 'BOOK' && c.record.holdQueueLength === 0);
    const taken = new Set<string>();
    const pick = (location: string, n: number) => {
      const chosen: Copy[] = [];
      for (const c of onShelf) {
        if (chosen.length === n) break;
        if (c.location !== location || taken.has(c.record.id)) continue;
        taken.add(c.record.id);
        chosen.push(c);
      }
      expect(chosen).toHaveLength(n);
      return chosen;
    };
    copies.local = pick(SHELF, 2); // one stays out over the stock-take, one is back on the shelf by then
    copies.general = pick('Rak Umum', 12);
    copies.children = pick('Ruang Anak', 6);
    copies.forHold = pick('Rak Umum', 1);
    copies.misplaced = pick('Ruang Anak', 1); // found on the local collection shelf in the afternoon

    // The loan period of each card type, on books: the due date every checkout of the day shows.
    morning.dueOn = {};
    for (const memberType of ['ADULT', 'STUDENT', 'CHILD']) {
      const { loanRuleFor } = (await desk(LOAN_RULE, { id: KUPANG, memberType })).library;
      morning.dueOn[memberType] = addDays(DAY, loanRuleFor.loanDays);
      expect(morning.closedWeekdays).not.toContain(isoWeekday(morning.dueOn[memberType])); // an open day: no moving past a closed one
    }
  });

  it("08:15 — registers three people at the desk, each card the next number of the library's 2026 series", async () => {
    setToday(DAY, '08:15');
    const series = (await everyNode(MEMBERS, tokens.desk, { id: KUPANG }, (d) => d.library.members))
      .map((m) => m.cardNumber as string)
      .filter((n) => n.startsWith('5371.2026.'))
      .map((n) => Number(n.slice('5371.2026.'.length)));
    const highest = Math.max(0, ...series);
    const people: [Who, Record<string, unknown>][] = [
      [
        'yohana',
        { memberType: 'ADULT', name: 'Yohana Ndun', email: 'yohana.ndun@example.com', phone: '+62 812 3456 7890', address: 'Jl. El Tari 1, Kupang', birthDate: '1990-04-01' },
      ],
      ['marthen', { memberType: 'STUDENT', name: 'Marthen Bessie', phone: '+62 813 1111 2222', address: 'Jl. Adisucipto, Penfui', birthDate: '2006-09-12' }],
      ['kristo', { memberType: 'CHILD', name: 'Kristo Ndun', guardianName: 'Yohana Ndun', address: 'Jl. El Tari 1, Kupang', birthDate: '2017-02-20' }],
    ];
    for (const [i, [who, input]] of people.entries()) {
      const member = (await desk(REGISTER, { input: { libraryId: KUPANG, ...input } })).registerMember;
      expect(member).toMatchObject({
        cardNumber: `5371.2026.${String(highest + i + 1).padStart(5, '0')}`,
        name: input.name,
        memberType: input.memberType,
        status: 'ACTIVE',
        joinedOn: DAY,
        expiresOn: input.memberType === 'ADULT' ? '2029-11-02' : '2027-11-02',
        library: { id: KUPANG },
      });
      cards[who] = { ...member, token: await fed.token({ role: 'MEMBER', libraryId: KUPANG, memberId: member.id }) };
    }
  });

  it('09:00 — the morning loans: twelve books by card number and barcode as scanned, each due on its loan rule’s day', async () => {
    setToday(DAY, '09:00');
    for (const copy of [...copies.local, copies.general[0]]) await lend('yohana', copy);
    for (const copy of copies.general.slice(1, 7)) await lend('marthen', copy);
    setToday(DAY, '09:40');
    for (const copy of copies.children.slice(0, 3)) await lend('kristo', copy);
    expect(lent).toHaveLength(12);

    const { out, dueToday } = await desk(DESK_COUNTS, { libraryId: KUPANG });
    expect(out.totalCount).toBe(morning.out.totalCount + 12);
    expect(dueToday.totalCount).toBe(0);
  });

  it('10:30 — a reader brings back an overdue book: the return charges the fine the desk showed for it', async () => {
    setToday(DAY, '10:30');
    const overdue = await everyNode(DESK_LOANS, tokens.desk, { libraryId: KUPANG, due: 'OVERDUE' }, (d) => d.deskLoans);
    expect(overdue).toHaveLength(morning.overdue.totalCount);
    const late = overdue.find((l) => l.accruedFine > 0 && l.item.record.holdQueueLength === 0);
    expect(late).toBeDefined();
    const back = (await desk(RETURN, { barcode: late.item.barcode })).returnItem;
    expect(back).toMatchObject({ loan: { id: late.id }, fine: { kind: 'OVERDUE', amount: late.accruedFine }, item: { status: 'AVAILABLE' }, hold: null });
    overdueReturn = { barcode: late.item.barcode, fine: late.accruedFine };
  });

  it('11:00 — books borrowed this morning come back the same day; the current loans list shows what is still out', async () => {
    setToday(DAY, '11:00');
    await takeBack(copies.local[1].barcode);
    for (const copy of copies.general.slice(1, 5)) await takeBack(copy.barcode);
    for (const copy of copies.children.slice(0, 3)) await takeBack(copy.barcode);
    expect(lent.filter((l) => l.returned)).toHaveLength(8);

    const current = await everyNode(DESK_LOANS, tokens.desk, { libraryId: KUPANG, sort: 'CHECKED_OUT_AT' }, (d) => d.deskLoans);
    expect(current).toHaveLength(morning.out.totalCount - 1 + stillOut().length);
    const today = current.filter((l) => l.checkedOutAt >= new Date(`${DAY}T00:00:00+08:00`).toISOString());
    expect(today.map((l) => l.item.barcode).sort()).toEqual(
      stillOut()
        .map((l) => l.barcode)
        .sort(),
    );
    expect(today.map((l) => l.member.cardNumber).sort()).toEqual(
      stillOut()
        .map((l) => cards[l.who].cardNumber)
        .sort(),
    );
    expect(current.map((l) => l.item.barcode)).not.toContain(overdueReturn.barcode);

    // Yohana, at home, sees the same in her own account.
    const mine = ok(await fed.query(MY_LOANS, { token: cards.yohana.token, variables: { id: cards.yohana.id } })).member.loans.edges.map((e: any) => e.node);
    expect(mine.filter((l: any) => l.returnedAt === null).map((l: any) => l.item.barcode)).toEqual(expect.arrayContaining([copies.local[0].barcode, copies.general[0].barcode]));
    expect(mine).toHaveLength(3);
  });

  it('12:00 — Yohana places a hold herself on a title whose copy stands on the shelf: it waits, and the copy stays where it is', async () => {
    setToday(DAY, '12:00');
    const [copy] = copies.forHold;
    const placed = ok(await fed.query(PLACE_HOLD, { token: cards.yohana.token, variables: { recordId: copy.record.id, memberId: cards.yohana.id, pickup: KUPANG } })).placeHold;
    expect(placed).toMatchObject({ status: 'WAITING', queuePosition: 1, item: null });
    expect((await desk(ITEM, { libraryId: KUPANG, barcode: copy.barcode })).itemByBarcode).toEqual({ barcode: copy.barcode, status: 'AVAILABLE', location: copy.location });
    hold = { id: placed.id, recordId: copy.record.id, barcode: copy.barcode };
  });

  it('12:05 — the pull list shows the hold with the copy to fetch; the librarian pulls it onto the hold shelf', async () => {
    setToday(DAY, '12:05');
    const { pullList } = await desk(PULL_LIST, { libraryId: KUPANG });
    expect(pullList.totalCount).toBe(morning.pullList.totalCount + 1);
    const slip = pullList.edges.map((e: any) => e.node).find((s: any) => s.hold.id === hold.id);
    expect(slip).toMatchObject({ pickupHere: true, hold: { status: 'WAITING', member: { id: cards.yohana.id }, record: { id: hold.recordId } } });
    expect(slip.copies.map((c: any) => c.barcode)).toContain(hold.barcode);

    const pulled = (await desk(PULL, { barcode: hold.barcode, holdId: hold.id })).pullHold;
    expect(pulled).toMatchObject({ hold: { id: hold.id, status: 'READY' }, item: { barcode: hold.barcode, status: 'ON_HOLD_SHELF' }, sendTo: null });
    expect(pulled.hold.pickupBy > DAY).toBe(true);

    const { holdShelf } = await desk(HOLD_SHELF, { libraryId: KUPANG });
    expect(holdShelf.totalCount).toBe(morning.holdShelf.totalCount + 1);
    expect(holdShelf.edges.map((e: any) => e.node).find((h: any) => h.id === hold.id)).toMatchObject({
      status: 'READY',
      pickupBy: pulled.hold.pickupBy,
      member: { cardNumber: cards.yohana.cardNumber },
      item: { barcode: hold.barcode, status: 'ON_HOLD_SHELF' },
    });
    expect((await desk(PULL_LIST, { libraryId: KUPANG })).pullList.totalCount).toBe(morning.pullList.totalCount);
    const mine = ok(await fed.query(MY_HOLDS, { token: cards.yohana.token, variables: { id: cards.yohana.id } })).member.holds.edges;
    expect(mine.map((e: any) => e.node)).toEqual([{ id: hold.id, status: 'READY', item: { barcode: hold.barcode } }]);
  });

  it('14:00 — Yohana picks the held copy up: lent to her card, the hold fulfilled, the hold shelf as in the morning', async () => {
    setToday(DAY, '14:00');
    await lend('yohana', copies.forHold[0]);
    const mine = ok(await fed.query(MY_HOLDS, { token: cards.yohana.token, variables: { id: cards.yohana.id } })).member.holds.edges;
    expect(mine.map((e: any) => e.node.status)).toEqual(['FULFILLED']);
    expect((await desk(HOLD_SHELF, { libraryId: KUPANG })).holdShelf.totalCount).toBe(morning.holdShelf.totalCount);
  });

  it('14:30 — the afternoon loans bring the books lent at the desk today to twenty', async () => {
    setToday(DAY, '14:30');
    await lend('yohana', copies.general[7]);
    for (const copy of copies.general.slice(8, 12)) await lend('marthen', copy);
    for (const copy of copies.children.slice(3, 6)) await lend('kristo', copy);
    const atTheDesk = lent.filter((l) => l.barcode !== hold.barcode);
    expect(atTheDesk).toHaveLength(20);
    expect(new Set(atTheDesk.map((l) => l.barcode)).size).toBe(20);

    const current = await everyNode(DESK_LOANS, tokens.desk, { libraryId: KUPANG, sort: 'CHECKED_OUT_AT' }, (d) => d.deskLoans);
    const lentToday = current.filter((l) => l.checkedOutAt >= new Date(`${DAY}T00:00:00+08:00`).toISOString());
    expect(lentToday.map((l) => l.item.barcode)).toEqual(stillOut().map((l) => l.barcode)); // in checkout order
  });

  it(`15:30 — a stock-take of the "${SHELF}" shelf: each copy on it scanned, one misplaced, one not found; the report says what was not seen and what is on loan`, async () => {
    setToday(DAY, '15:30');
    const opened = (await desk(OPEN_STOCKTAKE, { input: { libraryId: KUPANG, location: SHELF } })).openStockTake;
    expect(opened).toMatchObject({ status: 'OPEN', location: SHELF, counts: { scanned: 0 } });

    const shelf = (await shelves()).filter((c) => c.location === SHELF);
    const standing = shelf.filter((c) => c.status === 'AVAILABLE');
    expect(standing.map((c) => c.barcode)).toContain(copies.local[1].barcode); // returned this morning
    const lost = standing.find((c) => c.barcode !== copies.local[1].barcode)!; // fallen behind the shelf: nobody scans it
    const scanned = standing.filter((c) => c !== lost);
    setToday(DAY, '15:45');
    for (const copy of scanned) expect((await desk(SCAN, { id: opened.id, barcode: ` ${copy.barcode.toLowerCase()}` })).scanStockTakeBarcode.outcome).toBe('EXPECTED');
    const misplaced = copies.misplaced[0].barcode;
    expect((await desk(SCAN, { id: opened.id, barcode: misplaced })).scanStockTakeBarcode).toEqual({ barcode: misplaced, outcome: 'WRONG_LOCATION' });

    setToday(DAY, '16:15');
    expect((await desk(CLOSE_STOCKTAKE, { id: opened.id })).closeStockTake.status).toBe('CLOSED');
    const { stockTake } = await desk(STOCKTAKE_REPORT, { id: opened.id });
    const onLoan = shelf.filter((c) => c.status === 'ON_LOAN').map((c) => c.barcode);
    const notSeen = shelf.filter((c) => !['ON_LOAN', 'AVAILABLE', 'WITHDRAWN', 'MISSING'].includes(c.status)).map((c) => c.barcode); // in repair and the like
    notSeen.push(lost.barcode);
    expect(onLoan).toContain(copies.local[0].barcode); // lent to Yohana this morning
    expect(stockTake.report.counts).toEqual({
      scanned: scanned.length + 1,
      expected: scanned.length,
      wrongLibrary: 0,
      wrongLocation: 1,
      onLoanScanned: 0,
      unknownBarcodes: 0,
      notSeen: notSeen.length,
      notSeenOnLoan: onLoan.length,
    });
    expect(stockTake.report.notSeen.edges.map((e: any) => e.node.barcode).sort()).toEqual(notSeen.sort());
    expect(stockTake.report.onLoan.edges.map((e: any) => e.node.barcode).sort()).toEqual(onLoan.sort());
    expect(stockTake.report.wrongPlace.edges.map((e: any) => e.node)).toEqual([{ barcode: misplaced, outcome: 'WRONG_LOCATION' }]);
  });

  it('17:00 — closing: the gate counter’s visitors are entered, and the day’s figures agree with what happened', async () => {
    setToday(DAY, '17:00');
    const visitors = 187; // read off the gate counter
    expect((await desk(RECORD_VISITS, { input: { libraryId: KUPANG, date: DAY, count: visitors, source: 'GATE_COUNTER' } })).recordVisits).toEqual({
      date: DAY,
      count: visitors,
      source: 'GATE_COUNTER',
    });

    expect((await desk(VISITS, { id: KUPANG, day: DAY })).library.visits).toEqual([{ date: DAY, count: visitors, source: 'GATE_COUNTER' }]);

    const checkouts = lent.length; // twenty at the desk and the hold picked up
    const returns = lent.filter((l) => l.returned).length + 1; // and the overdue book
    expect([checkouts, returns]).toEqual([21, 9]);
    const { library } = ok(await fed.query(FIGURES, { token: tokens.head, variables: { id: KUPANG, day: DAY } }));
    expect(library.collectionIndicators).toEqual({ loans: checkouts, returns, holdsPlaced: 1, activeMembers: 3, finesCharged: overdueReturn.fine, visits: visitors });

    const busiest = ok(await fed.query(BUSIEST, { token: tokens.head, variables: { libraryId: KUPANG, day: DAY } }));
    const perMember = (who: Who) => lent.filter((l) => l.who === who).length;
    expect(busiest.mostActiveMembers.entries).toEqual([
      { loans: perMember('marthen'), member: { id: cards.marthen.id } },
      { loans: perMember('kristo'), member: { id: cards.kristo.id } },
      { loans: perMember('yohana'), member: { id: cards.yohana.id } },
    ]);
    expect(busiest.mostBorrowedTitles.entries.map((e: any) => e.record.id).sort()).toEqual(lent.map((l) => l.recordId).sort());
    expect(busiest.mostBorrowedTitles.entries.every((e: any) => e.loans === 1 && e.borrowers === 1)).toBe(true);

    const evening = await desk(DESK_COUNTS, { libraryId: KUPANG });
    expect(evening).toEqual({
      out: { totalCount: morning.out.totalCount - 1 + stillOut().length },
      overdue: { totalCount: morning.overdue.totalCount - 1 },
      dueToday: { totalCount: 0 },
      pullList: { totalCount: morning.pullList.totalCount },
      holdShelf: { totalCount: morning.holdShelf.totalCount },
      overdueList: { rows: morning.overdueList.rows },
    });
  });

  it('after closing, the database agrees: every copy out has exactly one open loan, every held copy one hold', async () => {
    expect(await circulationViolations(fed.subgraphs.collections.db)).toEqual([]);
  });
});
