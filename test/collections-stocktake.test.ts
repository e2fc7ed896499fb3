import type { DataSource } from 'typeorm';
import { demoId } from '../shared/domain/demo';
import { setClock } from '../shared/platform/clock';
import { Item, ItemStatus } from '../subgraphs/collections/catalogue/item.entity';
import { StockTake, StockTakeScan, StockTakeStatus } from '../subgraphs/collections/stocktake/stock-take.entity';
import { newTitle, setToday } from './helpers/collections';
import { BACKENDS, codes, startFederation, type Federation, type GraphQLResponse } from './helpers/federation';

const STOCK_TAKE = 'id status location openedAt openedBy openedByRole openedByLibrarian { id } closedAt library { id }';
const COUNTS = 'scanned expected wrongLibrary wrongLocation onLoanScanned unknownBarcodes withdrawn foundMissing notSeen notSeenOnLoan';
const OPEN = `mutation ($input: OpenStockTakeInput!) { openStockTake(input: $input) { ${STOCK_TAKE} counts { ${COUNTS} } } }`;
const SCAN = `mutation ($id: ID!, $barcode: String!) { scanStockTakeBarcode(stockTakeId: $id, barcode: $barcode) { id barcode outcome scannedAt item { id location status } } }`;
const CLOSE = `mutation ($id: ID!) { closeStockTake(id: $id) { ${STOCK_TAKE} } }`;
const MARK = `mutation ($id: ID!, $confirm: Boolean!) { markStockTakeMissing(id: $id, confirm: $confirm) }`;
const LIST = 'totalCount pageInfo { hasNextPage endCursor } edges { node { barcode outcome scannedAt item { id status } } }';
const REPORT = `query ($id: ID!, $first: Int, $after: String) {
  stockTake(id: $id) { ${STOCK_TAKE} report {
    counts { ${COUNTS} }
    notSeen(first: $first, after: $after) { ${LIST} }
    onLoan { ${LIST} }
    wrongPlace { ${LIST} }
    unknownBarcodes { ${LIST} }
  } }
}`;
const LIBRARY_STOCK_TAKES = `query ($id: ID!) { library(id: $id) { id stockTakes(first: 50) { totalCount edges { node { id status location counts { scanned } } } } } }`;

const barcodesOf = (res: GraphQLResponse, list: string): string[] => res.data.stockTake.report[list].edges.map((e: { node: { barcode: string } }) => e.node.barcode);

describe.each(BACKENDS)('stock-taking (%s)', (backend) => {
  let fed: Federation;
  let db: DataSource;
  const tokens: Record<string, string> = {};
  const librarian = demoId('librarian', 'kupang', 3);

  /** The shelf of kupang the afternoon counts: the smallest one with a copy on loan and a few on the shelf. */
  let shelf: string;
  let onShelf: Item[];
  let onLoan: Item[];
  let elsewhere: Item;
  let otherLibrary: Item;

  const open = (token: string | undefined, input: Record<string, unknown>) => fed.query(OPEN, { token, variables: { input } });
  const scan = (token: string | undefined, id: string, barcode: string) => fed.query(SCAN, { token, variables: { id, barcode } });
  /** The OPEN stock-take of the second shelf (opened here unless a test opened it already). */
  const openElsewhere = async (): Promise<string> => {
    const found = await db.getRepository(StockTake).findOneBy({ libraryId: 'kupang', location: elsewhere.location, status: StockTakeStatus.OPEN });
    if (found) return found.id;
    const res = await open(tokens.admin, { libraryId: 'kupang', location: elsewhere.location });
    return res.data.openStockTake.id as string;
  };
  const scans = (stockTakeId: string) => db.getRepository(StockTakeScan).countBy({ stockTakeId });

  beforeAll(async () => {
    fed = await startFederation(backend);
    db = fed.subgraphs.collections.db;
    tokens.librarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: librarian });
    tokens.libraryAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    tokens.pasuruan = await fed.token({ role: 'LIBRARIAN', libraryId: 'pasuruan', librarianId: demoId('librarian', 'pasuruan', 0) });
    tokens.member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 5) });
    tokens.government = await fed.token({ role: 'GOVERNMENT' });
    tokens.partner = await fed.token({ role: 'PARTNER', partnerId: demoId('partner', 'kupang', 0) });
    tokens.admin = await fed.token({ role: 'ADMIN' });

    const items = await db.getRepository(Item).findBy({ libraryId: 'kupang' });
    const byShelf = new Map<string, Item[]>();
    for (const item of items) byShelf.set(item.location, [...(byShelf.get(item.location) ?? []), item]);
    const candidates = [...byShelf.entries()]
      .filter(([, copies]) => copies.some((c) => c.status === ItemStatus.ON_LOAN) && copies.filter((c) => c.status === ItemStatus.AVAILABLE).length >= 5)
      .sort((a, b) => a[1].length - b[1].length);
    expect(candidates.length).toBeGreaterThanOrEqual(2);
    [shelf] = candidates[0];
    onShelf = byShelf.get(shelf)!.filter((c) => c.status === ItemStatus.AVAILABLE);
    onLoan = byShelf.get(shelf)!.filter((c) => c.status === ItemStatus.ON_LOAN);
    elsewhere = candidates[1][1].find((c) => c.status === ItemStatus.AVAILABLE)!;
    otherLibrary = (await db.getRepository(Item).findOneBy({ libraryId: 'pasuruan', status: ItemStatus.AVAILABLE }))!;
  });
  beforeEach(() => setToday('2026-11-02'));
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
  });

  it("counts a shelf the way a librarian's afternoon goes: open, scan, close, read the report, mark the unseen copies missing", async () => {
    const opened = await open(tokens.librarian, { libraryId: 'kupang', location: shelf });
    expect(opened.errors).toBeUndefined();
    const stockTake = opened.data.openStockTake;
    expect(stockTake).toMatchObject({
      status: 'OPEN',
      location: shelf,
      openedByRole: 'LIBRARIAN',
      openedByLibrarian: { id: librarian },
      closedAt: null,
      library: { id: 'kupang' },
    });
    expect(stockTake.counts.scanned).toBe(0);

    // Most of the shelf is there; the last two copies are not.
    const seen = onShelf.slice(0, -2);
    const unseen = onShelf.slice(-2);
    for (const copy of seen) {
      const res = await scan(tokens.librarian, stockTake.id, copy.barcode);
      expect(res.errors).toBeUndefined();
      expect(res.data.scanStockTakeBarcode).toMatchObject({ barcode: copy.barcode, outcome: 'EXPECTED', item: { id: copy.id, location: shelf } });
    }
    // One copy scanned twice (the second time typed in lower case) is one sighting, with the same answer.
    const first = await scan(tokens.librarian, stockTake.id, seen[0].barcode);
    const again = await scan(tokens.libraryAdmin, stockTake.id, ` ${seen[0].barcode.toLowerCase()} `);
    expect(first.errors).toBeUndefined();
    expect(again.errors).toBeUndefined();
    expect(first.data.scanStockTakeBarcode).toMatchObject({ barcode: seen[0].barcode, outcome: 'EXPECTED' });
    expect(again.data.scanStockTakeBarcode).toEqual(first.data.scanStockTakeBarcode);

    const fromAnotherShelf = await scan(tokens.librarian, stockTake.id, elsewhere.barcode);
    expect(fromAnotherShelf.data.scanStockTakeBarcode).toMatchObject({ outcome: 'WRONG_LOCATION', item: { location: elsewhere.location } });
    const fromPasuruan = await scan(tokens.librarian, stockTake.id, otherLibrary.barcode);
    expect(fromPasuruan.data.scanStockTakeBarcode.outcome).toBe('WRONG_LIBRARY');
    const lent = await scan(tokens.librarian, stockTake.id, onLoan[0].barcode);
    expect(lent.data.scanStockTakeBarcode).toMatchObject({ outcome: 'ON_LOAN', item: { status: 'ON_LOAN' } });
    const unknown = await scan(tokens.librarian, stockTake.id, 'XYZ-999999');
    expect(unknown.data.scanStockTakeBarcode).toMatchObject({ barcode: 'XYZ-999999', outcome: 'UNKNOWN_BARCODE', item: null });
    expect(await scans(stockTake.id)).toBe(seen.length + 4);

    // Nothing to report and nothing to mark while the count goes on.
    const during = await fed.query(REPORT, { token: tokens.librarian, variables: { id: stockTake.id } });
    expect(during.data.stockTake).toMatchObject({ status: 'OPEN', report: null });
    const tooEarly = await fed.query(MARK, { token: tokens.librarian, variables: { id: stockTake.id, confirm: true } });
    expect(codes(tooEarly)).toEqual(['CONFLICT']);
    expect(tooEarly.errors![0].extensions!.reason).toBe('STOCKTAKE_OPEN');

    const closed = await fed.query(CLOSE, { token: tokens.librarian, variables: { id: stockTake.id } });
    expect(closed.errors).toBeUndefined();
    expect(closed.data.closeStockTake).toMatchObject({ status: 'CLOSED', closedAt: expect.any(String) });
    const closedTwice = await fed.query(CLOSE, { token: tokens.librarian, variables: { id: stockTake.id } });
    expect(closedTwice.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'STOCKTAKE_CLOSED' });
    const late = await scan(tokens.librarian, stockTake.id, unseen[0].barcode);
    expect(late.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'STOCKTAKE_CLOSED' });

    // The report: in scope and not seen are the two missing copies and whatever else of the shelf
    // is neither on loan nor gone; the copies on loan are listed apart.
    const shelfNow = await db.getRepository(Item).findBy({ libraryId: 'kupang', location: shelf });
    const seenIds = new Set([...seen, onLoan[0]].map((c) => c.id));
    const expectedNotSeen = shelfNow
      .filter((c) => !seenIds.has(c.id) && ![ItemStatus.ON_LOAN, ItemStatus.WITHDRAWN, ItemStatus.MISSING].includes(c.status))
      .map((c) => c.barcode)
      .sort();
    const expectedOnLoan = onLoan
      .slice(1)
      .map((c) => c.barcode)
      .sort();
    expect(expectedNotSeen).toEqual(expect.arrayContaining(unseen.map((c) => c.barcode)));

    const report = await fed.query(REPORT, { token: tokens.librarian, variables: { id: stockTake.id, first: 100 } });
    expect(report.errors).toBeUndefined();
    expect(report.data.stockTake.report.counts).toEqual({
      scanned: seen.length + 4,
      expected: seen.length,
      wrongLibrary: 1,
      wrongLocation: 1,
      onLoanScanned: 1,
      unknownBarcodes: 1,
      withdrawn: 0,
      foundMissing: 0,
      notSeen: expectedNotSeen.length,
      notSeenOnLoan: expectedOnLoan.length,
    });
    expect(barcodesOf(report, 'notSeen')).toEqual(expectedNotSeen);
    expect(
      report.data.stockTake.report.notSeen.edges.every((e: { node: { scannedAt: unknown; outcome: string } }) => e.node.scannedAt === null && e.node.outcome === 'NOT_SEEN'),
    ).toBe(true);
    expect(barcodesOf(report, 'onLoan')).toEqual(expectedOnLoan);
    expect(barcodesOf(report, 'wrongPlace').sort()).toEqual([elsewhere.barcode, otherLibrary.barcode].sort());
    expect(barcodesOf(report, 'unknownBarcodes')).toEqual(['XYZ-999999']);

    // The not-seen list pages by barcode.
    const page1 = await fed.query(REPORT, { token: tokens.librarian, variables: { id: stockTake.id, first: 1 } });
    expect(barcodesOf(page1, 'notSeen')).toEqual([expectedNotSeen[0]]);
    expect(page1.data.stockTake.report.notSeen).toMatchObject({ totalCount: expectedNotSeen.length, pageInfo: { hasNextPage: true } });
    const page2 = await fed.query(REPORT, { token: tokens.librarian, variables: { id: stockTake.id, first: 1, after: page1.data.stockTake.report.notSeen.pageInfo.endCursor } });
    expect(barcodesOf(page2, 'notSeen')).toEqual([expectedNotSeen[1]]);

    // Marking missing is a separate, confirmed act.
    const unconfirmed = await fed.query(MARK, { token: tokens.librarian, variables: { id: stockTake.id, confirm: false } });
    expect(unconfirmed.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'confirm' });
    expect(await db.getRepository(Item).countBy({ libraryId: 'kupang', location: shelf, status: ItemStatus.MISSING })).toBe(
      shelfNow.filter((c) => c.status === ItemStatus.MISSING).length,
    );
    const marked = await fed.query(MARK, { token: tokens.librarian, variables: { id: stockTake.id, confirm: true } });
    expect(marked.errors).toBeUndefined();
    expect(marked.data.markStockTakeMissing).toBe(expectedNotSeen.length);
    const markedAgain = await fed.query(MARK, { token: tokens.libraryAdmin, variables: { id: stockTake.id, confirm: true } });
    expect(markedAgain.data.markStockTakeMissing).toBe(expectedNotSeen.length);

    const after = await fed.query(REPORT, { token: tokens.librarian, variables: { id: stockTake.id, first: 100 } });
    expect(after.data.stockTake.report.notSeen.edges.map((e: { node: { item: { status: string } } }) => e.node.item.status)).toEqual(expectedNotSeen.map(() => 'MISSING'));
    expect(after.data.stockTake.report.onLoan.edges.map((e: { node: { item: { status: string } } }) => e.node.item.status)).toEqual(expectedOnLoan.map(() => 'ON_LOAN'));
    const stillThere = await db.getRepository(Item).findBy({ libraryId: 'kupang', location: shelf, status: ItemStatus.AVAILABLE });
    expect(stillThere.map((c) => c.barcode).sort()).toEqual(seen.map((c) => c.barcode).sort());

    const listed = await fed.query(LIBRARY_STOCK_TAKES, { token: tokens.libraryAdmin, variables: { id: 'kupang' } });
    expect(listed.data.library.stockTakes.edges.map((e: { node: { id: string } }) => e.node)).toContainEqual({
      id: stockTake.id,
      status: 'CLOSED',
      location: shelf,
      counts: { scanned: seen.length + 4 },
    });
  });

  describe('at the same time', () => {
    it('lets one of two desks opening the same shelf at once win; the other gets CONFLICT (STOCKTAKE_ALREADY_OPEN)', async () => {
      const results = await Promise.all(
        Array.from({ length: 4 }, (_, i) => open(i % 2 ? tokens.libraryAdmin : tokens.librarian, { libraryId: 'kupang', location: elsewhere.location })),
      );
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(results.filter((r) => r.errors).map((r) => r.errors![0].extensions!.reason)).toEqual(Array(3).fill('STOCKTAKE_ALREADY_OPEN'));
      expect(await db.getRepository(StockTake).countBy({ libraryId: 'kupang', location: elsewhere.location, status: StockTakeStatus.OPEN })).toBe(1);
      // Another shelf, or the whole library, can be counted meanwhile.
      const whole = await open(tokens.admin, { libraryId: 'kupang' });
      expect(whole.errors).toBeUndefined();
      expect(whole.data.openStockTake.location).toBeNull();
      await fed.query(CLOSE, { token: tokens.admin, variables: { id: whole.data.openStockTake.id } });
    });

    it('records one row when the same barcode is scanned from several devices at once, and answers each the same', async () => {
      const stockTake = await openElsewhere();
      const results = await Promise.all(Array.from({ length: 6 }, () => scan(tokens.librarian, stockTake, elsewhere.barcode)));
      expect(results.map((r) => r.errors)).toEqual(Array(6).fill(undefined));
      expect(new Set(results.map((r) => r.data.scanStockTakeBarcode.id)).size).toBe(1);
      expect(results.map((r) => r.data.scanStockTakeBarcode.outcome)).toEqual(Array(6).fill('EXPECTED'));
      expect(await db.getRepository(StockTakeScan).countBy({ stockTakeId: stockTake, barcode: elsewhere.barcode })).toBe(1);
    });
    it('lets a scan racing the close either count or be refused: no scan is lost between them', async () => {
      const opened = await open(tokens.admin, { libraryId: 'kupang' });
      const stockTake = opened.data.openStockTake.id;
      const barcodes = onShelf.slice(0, 8).map((c) => c.barcode);
      const [closed, ...scanned] = await Promise.all([
        fed.query(CLOSE, { token: tokens.admin, variables: { id: stockTake } }),
        ...barcodes.map((barcode) => scan(tokens.librarian, stockTake, barcode)),
      ]);
      expect(closed.errors).toBeUndefined();
      const counted = barcodes.filter((_, i) => !scanned[i].errors);
      const refused = barcodes.filter((_, i) => scanned[i].errors);
      expect(scanned.filter((r) => r.errors).map((r) => r.errors![0].extensions!.reason)).toEqual(refused.map(() => 'STOCKTAKE_CLOSED'));
      const rows = await db.getRepository(StockTakeScan).findBy({ stockTakeId: stockTake });
      const outcome = new Map(rows.map((r) => [r.barcode, r.outcome]));
      for (const barcode of counted) expect([barcode, outcome.get(barcode)]).toEqual([barcode, 'EXPECTED']);
      // A refused scan's copy is in the report as not seen (it was AVAILABLE, now MISSING from the afternoon, or still there).
      for (const barcode of refused) expect([barcode, ['NOT_SEEN', undefined].includes(outcome.get(barcode))]).toEqual([barcode, true]);
      expect(rows.filter((r) => r.scannedAt !== null)).toHaveLength(counted.length);
    });
  });

  describe('what a scan says', () => {
    it('answers WITHDRAWN for a withdrawn copy and MISSING for a copy marked missing that turns up', async () => {
      const stockTake = await openElsewhere();
      const withdrawn = await newTitle(db, { kupang: 1 }, { status: ItemStatus.WITHDRAWN });
      const lost = await newTitle(db, { kupang: 1 }, { status: ItemStatus.MISSING });
      expect((await scan(tokens.librarian, stockTake, withdrawn.items[0].barcode)).data.scanStockTakeBarcode).toMatchObject({
        outcome: 'WITHDRAWN',
        item: { status: 'WITHDRAWN' },
      });
      expect((await scan(tokens.librarian, stockTake, lost.items[0].barcode)).data.scanStockTakeBarcode).toMatchObject({ outcome: 'MISSING', item: { status: 'MISSING' } });
    });
  });

  describe('who may', () => {
    it.each([
      ['a member', 'member', 'FORBIDDEN'],
      ['a partner', 'partner', 'FORBIDDEN'],
      ['the government', 'government', 'FORBIDDEN'],
      ['a librarian of another library', 'pasuruan', 'FORBIDDEN'],
      ['a caller without a token', undefined, 'UNAUTHENTICATED'],
    ])('refuses %s opening a stock-take of kupang, and writes nothing', async (_who, token, code) => {
      const before = await db.getRepository(StockTake).count();
      const res = await open(token ? tokens[token] : undefined, { libraryId: 'kupang', location: onShelf[0].location });
      expect(codes(res)).toEqual([code]);
      expect(await db.getRepository(StockTake).count()).toBe(before);
    });

    it.each([
      ['a member', 'member', 'FORBIDDEN'],
      ['a partner', 'partner', 'FORBIDDEN'],
      ['the government', 'government', 'FORBIDDEN'],
      ['a librarian of another library', 'pasuruan', 'FORBIDDEN'],
      ['a caller without a token', undefined, 'UNAUTHENTICATED'],
    ])("refuses %s scanning into, closing, marking or reading kupang's stock-take", async (_who, token, code) => {
      const stockTake = await openElsewhere();
      const before = await scans(stockTake);
      const t = token ? tokens[token] : undefined;
      expect(codes(await scan(t, stockTake, onShelf[0].barcode))).toEqual([code]);
      expect(codes(await fed.query(CLOSE, { token: t, variables: { id: stockTake } }))).toEqual([code]);
      expect(codes(await fed.query(MARK, { token: t, variables: { id: stockTake, confirm: true } }))).toEqual([code]);
      const read = await fed.query(REPORT, { token: t, variables: { id: stockTake } });
      expect(codes(read)).toEqual([code]);
      expect(read.data?.stockTake ?? null).toBeNull();
      const list = await fed.query(LIBRARY_STOCK_TAKES, { token: t, variables: { id: 'kupang' } });
      expect(codes(list)).toEqual([code]);
      expect(list.data.library.stockTakes).toBeNull();
      expect(await scans(stockTake)).toBe(before);
      expect((await db.getRepository(StockTake).findOneByOrFail({ id: stockTake })).status).toBe('OPEN');
    });

    it("lets kupang's library admin and ADMIN read kupang's stock-takes, with their counts", async () => {
      const stockTake = await openElsewhere();
      for (const token of [tokens.libraryAdmin, tokens.admin]) {
        const listed = await fed.query(LIBRARY_STOCK_TAKES, { token, variables: { id: 'kupang' } });
        expect(listed.errors).toBeUndefined();
        expect(listed.data.library.stockTakes.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(stockTake);
        const read = await fed.query(REPORT, { token, variables: { id: stockTake } });
        expect(read.errors).toBeUndefined();
        expect(read.data.stockTake).toMatchObject({ id: stockTake, status: 'OPEN', location: elsewhere.location, report: null });
      }
    });
  });

  describe('bad input', () => {
    it.each([
      ['an empty location', { libraryId: 'kupang', location: '   ' }, 'location'],
      ['a location no copy has', { libraryId: 'kupang', location: 'Gudang Belakang' }, 'location'],
      ['an unknown library', { libraryId: 'atlantis', location: 'Rak Umum' }, 'libraryId'],
    ])('refuses to open a stock-take with %s, naming the field, and writes nothing', async (_what, input, field) => {
      const before = await db.getRepository(StockTake).count();
      const res = await open(tokens.admin, input);
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await db.getRepository(StockTake).count()).toBe(before);
    });

    it('refuses a barcode that cannot be one with BAD_USER_INPUT on barcode, and an unknown stock-take with NOT_FOUND', async () => {
      const stockTake = await openElsewhere();
      const before = await scans(stockTake);
      for (const barcode of ['', 'KPG 000001; DROP', 'X'.repeat(31)]) {
        const res = await scan(tokens.librarian, stockTake, barcode);
        expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'barcode' });
      }
      expect(await scans(stockTake)).toBe(before);
      expect(codes(await scan(tokens.librarian, '00000000-0000-7000-8000-000000000000', onShelf[0].barcode))).toEqual(['NOT_FOUND']);
    });
  });
});
