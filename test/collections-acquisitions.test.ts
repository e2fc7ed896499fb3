import type { DataSource } from 'typeorm';
import { DEMO_LIBRARIES, demoId } from '../shared/domain/demo';
import * as circulationService from '../subgraphs/collections/circulation/circulation.service';
import { setClock } from '../shared/platform/clock';
import { demoOrderId } from '../subgraphs/collections/demo/acquisitions';
import { AcquisitionBudget } from '../subgraphs/collections/acquisitions/acquisition-budget.entity';
import { AcquisitionOrder, AcquisitionOrderLine } from '../subgraphs/collections/acquisitions/acquisition-order.entity';
import { BarcodeSeries } from '../subgraphs/collections/catalogue/barcode-series.entity';
import { Hold } from '../subgraphs/collections/circulation/hold.entity';
import { Item } from '../subgraphs/collections/catalogue/item.entity';
import { PurchaseSuggestion } from '../subgraphs/collections/acquisitions/purchase-suggestion.entity';
import { MemberStatus } from '../subgraphs/collections/members/member.entity';
import { circulationViolations, newMember, newTitle, setToday } from './helpers/collections';
import { BACKENDS, codes, startFederation, type Federation, type GraphQLResponse } from './helpers/federation';

const BUDGET = `mutation ($libraryId: ID!, $year: Int!, $amount: SafeInt!) {
  setAcquisitionBudget(libraryId: $libraryId, year: $year, amount: $amount) { year amount committed spent remaining outstanding library { id } }
}`;
const READ_BUDGET = `query ($id: ID!, $year: Int!) {
  library(id: $id) { id acquisitionBudget(year: $year) { year amount committed spent remaining outstanding orders byLine { budgetLine committed spent } } }
}`;
const ORDER = `mutation ($input: AcquisitionOrderInput!) {
  placeAcquisitionOrder(input: $input) { id number year orderedOn vendor budgetLine cost status orderedBy orderedByLibrarian { id } lines { lineNo copies unitPrice cost record { id } suggestion { id status } } }
}`;
const RECEIVE = `mutation ($id: ID!, $on: Date) {
  receiveAcquisitionOrder(id: $id, receivedOn: $on) { order { status receivedOn receivedBy } items { id barcode status acquiredOn price location library { id } record { id } } }
}`;
const CANCEL = `mutation ($id: ID!) { cancelAcquisitionOrder(id: $id, reason: "Penyedia tutup") { status cancelledAt cancelReason } }`;
const SUGGEST = `mutation ($input: SuggestPurchaseInput!) {
  suggestPurchase(input: $input) { id title authors isbn status suggestedByRole library { id } member { id } suggestedByLibrarian { id } record { id } }
}`;
const REJECT = `mutation ($id: ID!) { rejectPurchaseSuggestion(id: $id, reason: "Sudah ada di koleksi") { status decisionNote decidedAt } }`;

describe.each(BACKENDS)('acquisitions (%s)', (backend) => {
  let fed: Federation;
  let db: DataSource;
  const tokens: Record<string, string> = {};
  const librarian = demoId('librarian', 'kupang', 3);
  const order = (token: string | undefined, input: Record<string, unknown>) =>
    fed.query(ORDER, { token, variables: { input: { libraryId: 'kupang', vendor: 'CV Flobamora Pustaka', budgetLine: '5.2.2.23.01 Belanja Buku Bacaan', ...input } } });
  const budgetOf = (libraryId: string, year: number) => db.getRepository(AcquisitionBudget).findOneByOrFail({ libraryId, year });
  const memberToken = async (libraryId = 'kupang', options: Parameters<typeof newMember>[2] = {}) => {
    const m = await newMember(db, libraryId, options);
    return { member: m, token: await fed.token({ role: 'MEMBER', libraryId, memberId: m.id }) };
  };
  const reasons = (rs: GraphQLResponse[]) => rs.filter((r) => r.errors).map((r) => [codes(r)[0], r.errors![0].extensions!.reason]);

  beforeAll(async () => {
    fed = await startFederation(backend);
    db = fed.subgraphs.collections.db;
    tokens.librarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: librarian });
    tokens.admin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    for (const id of ['baubau', 'pasuruan', 'pematang-siantar']) {
      tokens[`${id}Admin`] = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: id });
      tokens[`${id}Librarian`] = await fed.token({ role: 'LIBRARIAN', libraryId: id, librarianId: demoId('librarian', id, 1) });
    }
    tokens.government = await fed.token({ role: 'GOVERNMENT' });
    tokens.partner = await fed.token({ role: 'PARTNER', partnerId: demoId('partner', 'kupang', 0) });
    tokens.superuser = await fed.token({ role: 'ADMIN' });
  });
  beforeEach(() => setToday('2026-11-02'));
  afterEach(async () => {
    jest.restoreAllMocks();
    expect(await circulationViolations(db)).toEqual([]);
  });
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
  });

  describe('demo data', () => {
    it('has budgets for 2025 to 2027 whose committed and spent money are the sums of their orders, never above the amount', async () => {
      for (const { id } of DEMO_LIBRARIES) {
        const orders = await db.getRepository(AcquisitionOrder).findBy({ libraryId: id });
        expect(new Set(orders.map((o) => o.status))).toEqual(new Set(['ORDERED', 'RECEIVED', 'CANCELLED']));
        for (const year of [2025, 2026, 2027]) {
          const budget = await budgetOf(id, year);
          const ofYear = orders.filter((o) => o.year === year);
          expect(budget.committed).toBe(ofYear.filter((o) => o.status !== 'CANCELLED').reduce((s, o) => s + o.cost, 0));
          expect(budget.spent).toBe(ofYear.filter((o) => o.status === 'RECEIVED').reduce((s, o) => s + o.cost, 0));
          expect(budget.committed).toBeLessThanOrEqual(budget.amount);
          expect(budget.orderCount).toBe(ofYear.length);
        }
        const suggestions = await db.getRepository(PurchaseSuggestion).findBy({ libraryId: id });
        expect(new Set(suggestions.map((s) => s.status))).toEqual(new Set(['OPEN', 'ORDERED', 'RECEIVED', 'REJECTED']));
        expect(suggestions.some((s) => s.memberId) && suggestions.some((s) => !s.memberId)).toBe(true);
      }
    });

    it('has the copies of every received order in the catalogue: barcodes of the series, acquired on the receipt date, at the unit price', async () => {
      const received = await db.getRepository(AcquisitionOrder).findBy({ status: 'RECEIVED' as never });
      const lines = await db.getRepository(AcquisitionOrderLine).find();
      for (const o of received) {
        for (const line of lines.filter((l) => l.orderId === o.id)) {
          const copies = await db.getRepository(Item).findBy({ acquisitionLineId: line.id });
          expect(copies).toHaveLength(line.copies);
          for (const c of copies) expect(c).toMatchObject({ libraryId: o.libraryId, acquiredOn: o.receivedOn, price: line.unitPrice, recordId: line.recordId });
        }
      }
      const notReceived = (await db.getRepository(AcquisitionOrder).find()).filter((o) => o.status !== 'RECEIVED').map((o) => o.id);
      for (const line of lines.filter((l) => notReceived.includes(l.orderId))) expect(await db.getRepository(Item).countBy({ acquisitionLineId: line.id })).toBe(0);
      for (const s of await db.getRepository(BarcodeSeries).find()) {
        const rows: { barcode: string }[] = await db.query('SELECT barcode FROM item WHERE barcode LIKE ?', [`${s.prefix}-%`]);
        expect(Math.max(...rows.map((r) => Number(r.barcode.split('-')[1])))).toBe(s.nextNumber - 1);
      }
    });
  });

  describe('budgets', () => {
    it("lets the library's LIBRARY_ADMIN set a year's budget, and never below what is committed", async () => {
      const res = await fed.query(BUDGET, { token: tokens.admin, variables: { libraryId: 'kupang', year: 2027, amount: 70_000_000 } });
      expect(res.data.setAcquisitionBudget).toMatchObject({ year: 2027, amount: 70_000_000, library: { id: 'kupang' } });
      const committed = (await budgetOf('kupang', 2026)).committed;
      const low = await fed.query(BUDGET, { token: tokens.admin, variables: { libraryId: 'kupang', year: 2026, amount: committed - 1 } });
      expect(reasons([low])).toEqual([['CONFLICT', 'BUDGET_BELOW_COMMITTED']]);
      expect(low.errors![0].extensions!.committed).toBe(committed);
      expect((await fed.query(BUDGET, { token: tokens.admin, variables: { libraryId: 'kupang', year: 2026, amount: committed } })).errors).toBeUndefined();
      expect((await fed.query(BUDGET, { token: tokens.admin, variables: { libraryId: 'kupang', year: 2026, amount: 60_000_000 } })).errors).toBeUndefined();
      // a budget above Int's range
      const big = await fed.query(BUDGET, { token: tokens.superuser, variables: { libraryId: 'kupang', year: 2024, amount: 3_500_000_000 } });
      expect(big.data.setAcquisitionBudget).toMatchObject({ amount: 3_500_000_000, remaining: 3_500_000_000 });
    });

    it.each([
      ['a year more than one ahead', { year: 2028 }, 'year'],
      ['a negative amount', { amount: -5 }, 'amount'],
    ])('refuses %s with BAD_USER_INPUT', async (_what, overrides, field) => {
      const res = await fed.query(BUDGET, { token: tokens.admin, variables: { libraryId: 'kupang', year: 2027, amount: 1_000_000, ...overrides } });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe(field);
    });

    it('gives GOVERNMENT the totals and refuses it the orders; refuses members both', async () => {
      const totals = await fed.query(READ_BUDGET, { token: tokens.government, variables: { id: 'pasuruan', year: 2026 } });
      const budget = await budgetOf('pasuruan', 2026);
      expect(totals.data.library.acquisitionBudget).toMatchObject({
        year: 2026,
        amount: budget.amount,
        committed: budget.committed,
        spent: budget.spent,
        remaining: budget.amount - budget.committed,
        outstanding: budget.committed - budget.spent,
      });
      const byLine = totals.data.library.acquisitionBudget.byLine;
      expect(byLine.reduce((s: number, l: any) => s + l.committed, 0)).toBe(budget.committed);
      expect(byLine.reduce((s: number, l: any) => s + l.spent, 0)).toBe(budget.spent);
      const orders = `{ library(id: "pasuruan") { id acquisitionOrders(first: 5) { totalCount } purchaseSuggestions(first: 5) { totalCount } } }`;
      const refused = await fed.query(orders, { token: tokens.government });
      expect(codes(refused)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
      expect(refused.data.library).toEqual({ id: 'pasuruan', acquisitionOrders: null, purchaseSuggestions: null });
      const { token } = await memberToken('pasuruan');
      expect(codes(await fed.query(READ_BUDGET, { token, variables: { id: 'pasuruan', year: 2026 } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(orders, { token }))).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    });

    it.each([
      ['PUBLIC', undefined, 'UNAUTHENTICATED'],
      ['a LIBRARIAN', 'librarian', 'FORBIDDEN'],
      ["another library's LIBRARY_ADMIN", 'baubauAdmin', 'FORBIDDEN'],
      ['GOVERNMENT', 'government', 'FORBIDDEN'],
    ])('refuses %s to set a budget', async (_who, token, code) => {
      const res = await fed.query(BUDGET, { token: token ? tokens[token] : undefined, variables: { libraryId: 'kupang', year: 2027, amount: 1 } });
      expect(codes(res)).toEqual([code]);
      expect((await budgetOf('kupang', 2027)).amount).not.toBe(1);
    });
  });

  describe('orders', () => {
    it("commits an order's cost against this year's budget and numbers it in the library's series", async () => {
      const { record } = await newTitle(db, { kupang: 1 });
      const before = await budgetOf('kupang', 2026);
      const res = await order(tokens.librarian, {
        lines: [
          { recordId: record.id, copies: 3, unitPrice: 95_000 },
          { recordId: record.id, copies: 1, unitPrice: 120_000, location: 'Koleksi Lokal', collectionType: 'LOCAL' },
        ],
      });
      expect(res.errors).toBeUndefined();
      const placed = res.data.placeAcquisitionOrder;
      expect(placed).toMatchObject({
        number: `KPG/2026/${String(before.orderCount + 1).padStart(4, '0')}`,
        year: 2026,
        orderedOn: '2026-11-02',
        cost: 405_000,
        status: 'ORDERED',
        orderedBy: 'librarian:kupang',
        orderedByLibrarian: { id: librarian },
        lines: [
          { lineNo: 1, copies: 3, unitPrice: 95_000, cost: 285_000, record: { id: record.id }, suggestion: null },
          { lineNo: 2, copies: 1, unitPrice: 120_000, cost: 120_000, record: { id: record.id }, suggestion: null },
        ],
      });
      const after = await budgetOf('kupang', 2026);
      expect(after.committed - before.committed).toBe(405_000);
      expect(after.spent).toBe(before.spent);
    });

    it("charges the budget of the year in the library's zone: 31 December in Pasuruan is already 1 January in Kupang", async () => {
      setToday('2026-12-31', '23:30', 'Asia/Jakarta'); // 00:30 on 1 January 2027 in Kupang (WITA)
      const { record } = await newTitle(db, { kupang: 1, pasuruan: 1 });
      const kupang = await order(tokens.librarian, { lines: [{ recordId: record.id, copies: 1, unitPrice: 50_000 }] });
      expect(kupang.data.placeAcquisitionOrder).toMatchObject({ year: 2027, orderedOn: '2027-01-01', number: expect.stringMatching(/^KPG\/2027\//) });
      const pasuruan = await fed.query(ORDER, {
        token: tokens.pasuruanLibrarian,
        variables: { input: { libraryId: 'pasuruan', vendor: 'CV Bina Pustaka Jatim', budgetLine: 'DAK', lines: [{ recordId: record.id, copies: 1, unitPrice: 50_000 }] } },
      });
      expect(pasuruan.data.placeAcquisitionOrder).toMatchObject({ year: 2026, orderedOn: '2026-12-31' });
    });

    it('refuses an order the budget cannot pay with CONFLICT (BUDGET_EXCEEDED, and what remains), and one in a year without a budget (NO_BUDGET)', async () => {
      const { record } = await newTitle(db, { kupang: 1 });
      const budget = await budgetOf('kupang', 2026);
      const remaining = budget.amount - budget.committed;
      const res = await order(tokens.librarian, { lines: [{ recordId: record.id, copies: 200, unitPrice: Math.ceil((remaining + 1) / 200) }] });
      expect(reasons([res])).toEqual([['CONFLICT', 'BUDGET_EXCEEDED']]);
      expect(res.errors![0].extensions!.remaining).toBe(remaining);
      expect(await budgetOf('kupang', 2026)).toEqual(budget);
      setToday('2028-01-10');
      expect(reasons([await order(tokens.librarian, { lines: [{ recordId: record.id, copies: 1, unitPrice: 10_000 }] })])).toEqual([['CONFLICT', 'NO_BUDGET']]);
    });

    it('never overspends the budget when many orders arrive at once: the accepted ones fit, and the refused ones would not', async () => {
      setToday('2027-02-01');
      expect((await fed.query(BUDGET, { token: tokens.baubauAdmin, variables: { libraryId: 'baubau', year: 2027, amount: 1_000_000 } })).errors).toBeUndefined();
      const { record } = await newTitle(db, { baubau: 1 });
      const costs = Array.from({ length: 24 }, (_, i) => 40_000 + ((i * 37_000) % 110_000));
      const results = await Promise.all(
        costs.map((unitPrice) =>
          fed.query(ORDER, {
            token: tokens.baubauLibrarian,
            variables: { input: { libraryId: 'baubau', vendor: 'CV Wolio Media Pustaka', budgetLine: 'APBD', lines: [{ recordId: record.id, copies: 1, unitPrice }] } },
          }),
        ),
      );
      const accepted = results.filter((r) => !r.errors).map((r) => r.data.placeAcquisitionOrder);
      const refusedCosts = costs.filter((_, i) => results[i].errors);
      expect(reasons(results).every(([code, reason]) => code === 'CONFLICT' && reason === 'BUDGET_EXCEEDED')).toBe(true);
      expect(refusedCosts.length).toBeGreaterThan(0);
      const spent = accepted.reduce((s: number, o: any) => s + o.cost, 0);
      const budget = await budgetOf('baubau', 2027);
      expect(budget.committed).toBe(spent);
      expect(spent).toBeLessThanOrEqual(1_000_000);
      expect(Math.min(...refusedCosts)).toBeGreaterThan(1_000_000 - spent);
      expect(await db.getRepository(AcquisitionOrder).countBy({ libraryId: 'baubau', year: 2027 })).toBe(accepted.length);
      expect(new Set(accepted.map((o: any) => o.number)).size).toBe(accepted.length);
    });

    it('keeps committed equal to the orders standing when orders, cancellations and a lower budget race', async () => {
      setToday('2027-02-01');
      await fed.query(BUDGET, { token: tokens['pematang-siantarAdmin'], variables: { libraryId: 'pematang-siantar', year: 2027, amount: 2_000_000 } });
      const { record } = await newTitle(db, { 'pematang-siantar': 1 });
      const place = (unitPrice: number) =>
        fed.query(ORDER, {
          token: tokens['pematang-siantarLibrarian'],
          variables: { input: { libraryId: 'pematang-siantar', vendor: 'CV Simalungun Pustaka', budgetLine: 'APBD', lines: [{ recordId: record.id, copies: 2, unitPrice }] } },
        });
      const first = await Promise.all([place(150_000), place(200_000), place(250_000)]);
      const ids = first.map((r) => r.data.placeAcquisitionOrder.id);
      await Promise.all([
        ...ids.map((id) => fed.query(CANCEL, { token: tokens['pematang-siantarLibrarian'], variables: { id } })),
        ...Array.from({ length: 10 }, (_, i) => place(100_000 + i * 10_000)),
        fed.query(BUDGET, { token: tokens['pematang-siantarAdmin'], variables: { libraryId: 'pematang-siantar', year: 2027, amount: 1_500_000 } }),
      ]);
      const budget = await budgetOf('pematang-siantar', 2027);
      const standing = (await db.getRepository(AcquisitionOrder).findBy({ libraryId: 'pematang-siantar', year: 2027 })).filter((o) => o.status !== 'CANCELLED');
      expect(budget.committed).toBe(standing.reduce((s, o) => s + o.cost, 0));
      expect(budget.committed).toBeLessThanOrEqual(budget.amount);
    });

    it('refuses an unknown title or a bad line with BAD_USER_INPUT on the line, and writes nothing', async () => {
      const before = await budgetOf('kupang', 2026);
      const count = await db.getRepository(AcquisitionOrder).count();
      const { record } = await newTitle(db, { kupang: 1 });
      for (const [lines, field] of [
        [
          [
            { recordId: record.id, copies: 1, unitPrice: 1000 },
            { recordId: '00000000-0000-4000-8000-000000000000', copies: 1, unitPrice: 1000 },
          ],
          'lines.1.recordId',
        ],
        [[{ recordId: record.id, copies: 0, unitPrice: 1000 }], 'lines.0.copies'],
        [[{ recordId: record.id, copies: 1, unitPrice: 0 }], 'lines.0.unitPrice'],
        [[], 'lines'],
      ] as const) {
        const res = await order(tokens.librarian, { lines });
        expect(codes(res)).toEqual(['BAD_USER_INPUT']);
        expect(res.errors![0].extensions!.field).toBe(field);
      }
      expect(await db.getRepository(AcquisitionOrder).count()).toBe(count);
      expect(await budgetOf('kupang', 2026)).toEqual(before);
    });

    it.each([
      ['PUBLIC', undefined, 'UNAUTHENTICATED'],
      ['a MEMBER', 'member', 'FORBIDDEN'],
      ['GOVERNMENT', 'government', 'FORBIDDEN'],
      ['a PARTNER', 'partner', 'FORBIDDEN'],
      ["another library's staff", 'baubauLibrarian', 'FORBIDDEN'],
    ])('refuses %s to place, receive or cancel an order, or read one', async (_who, token, code) => {
      const tok = token === 'member' ? (await memberToken()).token : token ? tokens[token] : undefined;
      const { record } = await newTitle(db, { kupang: 1 });
      expect(codes(await order(tok, { lines: [{ recordId: record.id, copies: 1, unitPrice: 1000 }] }))).toEqual([code]);
      const id = demoOrderId('kupang', 7); // the one still with the vendor
      expect(codes(await fed.query(RECEIVE, { token: tok, variables: { id } }))).toEqual([code]);
      expect(codes(await fed.query(CANCEL, { token: tok, variables: { id } }))).toEqual([code]);
      expect(codes(await fed.query(`{ acquisitionOrder(id: "${id}") { number } }`, { token: tok }))).toEqual([code]);
      expect((await db.getRepository(AcquisitionOrder).findOneByOrFail({ id })).status).toBe('ORDERED');
    });

    it('releases the cost of a cancelled order and sends its suggestions back to OPEN; a received order cannot be cancelled', async () => {
      const { record } = await newTitle(db, { kupang: 1 });
      const { token } = await memberToken();
      const wish = (await fed.query(SUGGEST, { token, variables: { input: { title: 'Buku yang diminta' } } })).data.suggestPurchase;
      const placed = (await order(tokens.librarian, { lines: [{ recordId: record.id, copies: 2, unitPrice: 80_000, suggestionId: wish.id }] })).data.placeAcquisitionOrder;
      expect(placed.lines[0].suggestion).toEqual({ id: wish.id, status: 'ORDERED' });
      const before = await budgetOf('kupang', 2026);
      const cancelled = await fed.query(CANCEL, { token: tokens.admin, variables: { id: placed.id } });
      expect(cancelled.data.cancelAcquisitionOrder).toMatchObject({ status: 'CANCELLED', cancelReason: 'Penyedia tutup' });
      expect((await budgetOf('kupang', 2026)).committed).toBe(before.committed - 160_000);
      expect((await db.getRepository(PurchaseSuggestion).findOneByOrFail({ id: wish.id })).status).toBe('OPEN');
      expect(reasons([await fed.query(CANCEL, { token: tokens.admin, variables: { id: placed.id } })])).toEqual([['CONFLICT', 'ORDER_NOT_OPEN']]);
      expect(reasons([await fed.query(CANCEL, { token: tokens.admin, variables: { id: demoOrderId('kupang', 4) } })])).toEqual([['CONFLICT', 'ORDER_NOT_OPEN']]);
    });
  });

  describe('receiving an order', () => {
    it('catalogues its copies in one go — next barcodes of the series, AVAILABLE, acquired on the receipt date, at the unit price — and spends its cost', async () => {
      const { record } = await newTitle(db, { kupang: 1 });
      const wish = (await fed.query(SUGGEST, { token: tokens.librarian, variables: { input: { title: 'Judul baru', recordId: record.id } } })).data.suggestPurchase;
      const placed = (
        await order(tokens.librarian, { lines: [{ recordId: record.id, copies: 3, unitPrice: 87_500, location: 'Ruang Anak', collectionType: 'CHILDREN', suggestionId: wish.id }] })
      ).data.placeAcquisitionOrder;
      const series = await db.getRepository(BarcodeSeries).findOneByOrFail({ libraryId: 'kupang' });
      const before = await budgetOf('kupang', 2026);
      setToday('2026-11-05');
      const res = await fed.query(RECEIVE, { token: tokens.librarian, variables: { id: placed.id, on: '2026-11-04' } });
      expect(res.errors).toBeUndefined();
      const { order: received, items } = res.data.receiveAcquisitionOrder;
      expect(received).toEqual({ status: 'RECEIVED', receivedOn: '2026-11-04', receivedBy: 'librarian:kupang' });
      expect(items.map((i: any) => i.barcode)).toEqual([0, 1, 2].map((k) => `KPG-${String(series.nextNumber + k).padStart(6, '0')}`));
      for (const item of items) {
        expect(item).toMatchObject({ status: 'AVAILABLE', acquiredOn: '2026-11-04', price: 87_500, location: 'Ruang Anak', library: { id: 'kupang' }, record: { id: record.id } });
      }
      const after = await budgetOf('kupang', 2026);
      expect(after.spent - before.spent).toBe(placed.cost);
      expect(after.committed).toBe(before.committed);
      expect((await db.getRepository(PurchaseSuggestion).findOneByOrFail({ id: wish.id })).status).toBe('RECEIVED');
      const line = await fed.query(`{ acquisitionOrder(id: "${placed.id}") { lines { items { barcode collectionType } } } }`, { token: tokens.admin });
      expect(line.data.acquisitionOrder.lines[0].items.map((i: any) => i.collectionType)).toEqual(['CHILDREN', 'CHILDREN', 'CHILDREN']);
      // once only
      expect(reasons([await fed.query(RECEIVE, { token: tokens.librarian, variables: { id: placed.id } })])).toEqual([['CONFLICT', 'ORDER_NOT_OPEN']]);
    });

    it('skips a barcode of the series a desk has used by hand', async () => {
      const { record } = await newTitle(db, { kupang: 1 });
      const series = await db.getRepository(BarcodeSeries).findOneByOrFail({ libraryId: 'kupang' });
      const taken = `KPG-${String(series.nextNumber + 1).padStart(6, '0')}`;
      const added = await fed.query(
        `mutation { addItem(input: { recordId: "${record.id}", libraryId: "kupang", barcode: "${taken}", location: "Rak Umum", acquiredOn: "2026-11-01", price: 50000 }) { item { barcode } } }`,
        { token: tokens.librarian },
      );
      expect(added.errors).toBeUndefined();
      const placed = (await order(tokens.librarian, { lines: [{ recordId: record.id, copies: 3, unitPrice: 50_000 }] })).data.placeAcquisitionOrder;
      const items = (await fed.query(RECEIVE, { token: tokens.librarian, variables: { id: placed.id } })).data.receiveAcquisitionOrder.items;
      expect(items.map((i: any) => Number(i.barcode.slice(4)))).toEqual([series.nextNumber, series.nextNumber + 2, series.nextNumber + 3]);
    });

    it('gives a new copy of a title members wait for to the first of them, as addItem does', async () => {
      const { record, items } = await newTitle(db, { kupang: 1 });
      const borrower = await newMember(db, 'kupang');
      const waiting = await newMember(db, 'kupang');
      await fed.query(`mutation { checkoutItem(barcode: "${items[0].barcode}", memberId: "${borrower.id}") { id } }`, { token: tokens.librarian });
      const hold = await fed.query(`mutation { placeHold(recordId: "${record.id}", memberId: "${waiting.id}", pickupLibraryId: "kupang") { id status } }`, {
        token: tokens.librarian,
      });
      expect(hold.data.placeHold.status).toBe('WAITING');
      const placed = (await order(tokens.librarian, { lines: [{ recordId: record.id, copies: 2, unitPrice: 60_000 }] })).data.placeAcquisitionOrder;
      const copies = (await fed.query(RECEIVE, { token: tokens.librarian, variables: { id: placed.id } })).data.receiveAcquisitionOrder.items;
      expect(copies.map((c: any) => c.status)).toEqual(['ON_HOLD_SHELF', 'AVAILABLE']);
      expect((await db.getRepository(Hold).findOneByOrFail({ id: hold.data.placeHold.id })).status).toBe('READY');
    });

    it('leaves nothing behind when the receipt fails half-way: no copy, no barcode taken, the order still open, nothing spent', async () => {
      const { record, items } = await newTitle(db, { kupang: 1 });
      const borrower = await newMember(db, 'kupang');
      const waiting = await newMember(db, 'kupang');
      await fed.query(`mutation { checkoutItem(barcode: "${items[0].barcode}", memberId: "${borrower.id}") { id } }`, { token: tokens.librarian });
      await fed.query(`mutation { placeHold(recordId: "${record.id}", memberId: "${waiting.id}", pickupLibraryId: "kupang") { id } }`, { token: tokens.librarian });
      const placed = (await order(tokens.librarian, { lines: [{ recordId: record.id, copies: 2, unitPrice: 60_000 }] })).data.placeAcquisitionOrder;
      const series = await db.getRepository(BarcodeSeries).findOneByOrFail({ libraryId: 'kupang' });
      const budget = await budgetOf('kupang', 2026);
      const itemCount = await db.getRepository(Item).count();
      // The copies are in, the barcodes taken; then routing the first one to the hold fails.
      jest.spyOn(circulationService, 'routeCopy').mockRejectedValueOnce(new Error('the hold shelf printer jammed'));
      expect(codes(await fed.query(RECEIVE, { token: tokens.librarian, variables: { id: placed.id } }))).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(await db.getRepository(Item).count()).toBe(itemCount);
      expect(await db.getRepository(BarcodeSeries).findOneByOrFail({ libraryId: 'kupang' })).toEqual(series);
      expect(await budgetOf('kupang', 2026)).toEqual(budget);
      expect((await db.getRepository(AcquisitionOrder).findOneByOrFail({ id: placed.id })).status).toBe('ORDERED');
      jest.restoreAllMocks();
      expect((await fed.query(RECEIVE, { token: tokens.librarian, variables: { id: placed.id } })).errors).toBeUndefined();
    });

    it('receives an order once when two desks receive it at the same moment, and never prints a barcode twice across orders', async () => {
      const { record } = await newTitle(db, { kupang: 1 });
      const placed = await Promise.all(Array.from({ length: 4 }, () => order(tokens.librarian, { lines: [{ recordId: record.id, copies: 3, unitPrice: 40_000 }] })));
      const ids = placed.map((p) => p.data.placeAcquisitionOrder.id);
      const results = await Promise.all([...ids, ids[0]].map((id, i) => fed.query(RECEIVE, { token: i % 2 ? tokens.admin : tokens.librarian, variables: { id } })));
      expect(results.filter((r) => !r.errors)).toHaveLength(4);
      expect(reasons(results)).toEqual([['CONFLICT', 'ORDER_NOT_OPEN']]);
      const barcodes = results.filter((r) => !r.errors).flatMap((r) => r.data.receiveAcquisitionOrder.items.map((i: any) => i.barcode));
      expect(barcodes).toHaveLength(12);
      expect(new Set(barcodes).size).toBe(12);
      expect(await db.getRepository(Item).countBy({ recordId: record.id })).toBe(13);
    });

    it('refuses a receipt date in the future or before the order with BAD_USER_INPUT', async () => {
      const id = demoOrderId('kupang', 7);
      for (const on of ['2026-11-03', '2026-10-01']) {
        const res = await fed.query(RECEIVE, { token: tokens.librarian, variables: { id, on } });
        expect(codes(res)).toEqual(['BAD_USER_INPUT']);
        expect(res.errors![0].extensions!.field).toBe('receivedOn');
      }
    });
  });

  describe('purchase suggestions', () => {
    it('lets a member suggest a title to their library and see their own suggestions, not the order', async () => {
      const { member, token } = await memberToken();
      const res = await fed.query(SUGGEST, { token, variables: { input: { title: '  Laskar Pelangi ', authors: ['Andrea Hirata'], isbn: '978-979-3062-79-2' } } });
      expect(res.data.suggestPurchase).toMatchObject({
        title: 'Laskar Pelangi',
        isbn: '9789793062792',
        status: 'OPEN',
        suggestedByRole: 'MEMBER',
        library: { id: 'kupang' },
        member: { id: member.id },
      });
      const mine = `{ member(id: "${member.id}") { purchaseSuggestions(first: 10) { totalCount edges { node { title status } } } } }`;
      expect((await fed.query(mine, { token })).data.member.purchaseSuggestions).toMatchObject({ totalCount: 1, edges: [{ node: { title: 'Laskar Pelangi', status: 'OPEN' } }] });
      expect((await fed.query(mine, { token: tokens.librarian })).data.member.purchaseSuggestions.totalCount).toBe(1);
      const other = await memberToken();
      expect(codes(await fed.query(mine, { token: other.token }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(mine, { token: tokens.government }))).toEqual(['FORBIDDEN']);
      // a member whose suggestion was bought sees that, not the vendor and the money
      const bought = await db.getRepository(PurchaseSuggestion).findOneByOrFail({ id: demoId('purchase-suggestion', 'kupang', 1) });
      const buyer = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: bought.memberId! });
      const theirs = await fed.query(`{ member(id: "${bought.memberId}") { purchaseSuggestions(first: 10) { edges { node { status order { vendor cost } } } } } }`, {
        token: buyer,
      });
      expect(codes(theirs)).toEqual(['FORBIDDEN']);
      expect(theirs.errors![0].path).toEqual(['member', 'purchaseSuggestions', 'edges', 0, 'node', 'order']);
    });

    it("lets the library's staff list, suggest and reject; a decided suggestion cannot be rejected", async () => {
      const own = await fed.query(SUGGEST, { token: tokens.librarian, variables: { input: { title: 'Atlas Nusa Tenggara Timur' } } });
      expect(own.data.suggestPurchase).toMatchObject({ suggestedByRole: 'LIBRARIAN', member: null, suggestedByLibrarian: { id: librarian } });
      const list = await fed.query(`{ library(id: "kupang") { purchaseSuggestions(status: [OPEN], first: 100) { totalCount edges { node { id status } } } } }`, {
        token: tokens.admin,
      });
      expect(list.data.library.purchaseSuggestions.edges.every((e: any) => e.node.status === 'OPEN')).toBe(true);
      expect(list.data.library.purchaseSuggestions.edges.map((e: any) => e.node.id)).toContain(own.data.suggestPurchase.id);
      const rejected = await fed.query(REJECT, { token: tokens.admin, variables: { id: own.data.suggestPurchase.id } });
      expect(rejected.data.rejectPurchaseSuggestion).toMatchObject({ status: 'REJECTED', decisionNote: 'Sudah ada di koleksi' });
      expect(reasons([await fed.query(REJECT, { token: tokens.admin, variables: { id: own.data.suggestPurchase.id } })])).toEqual([['CONFLICT', 'SUGGESTION_NOT_OPEN']]);
      expect(reasons([await fed.query(REJECT, { token: tokens.admin, variables: { id: demoId('purchase-suggestion', 'kupang', 3) } })])).toEqual([
        ['CONFLICT', 'SUGGESTION_NOT_OPEN'],
      ]);
    });

    it('refuses a member suggesting to another library, a member whose card is not valid, and a bad ISBN', async () => {
      const { token } = await memberToken();
      expect(codes(await fed.query(SUGGEST, { token, variables: { input: { title: 'X', libraryId: 'baubau' } } }))).toEqual(['FORBIDDEN']);
      const suspended = await memberToken('kupang', { status: MemberStatus.SUSPENDED });
      expect(reasons([await fed.query(SUGGEST, { token: suspended.token, variables: { input: { title: 'X' } } })])).toEqual([['CONFLICT', 'CARD_NOT_VALID']]);
      const isbn = await fed.query(SUGGEST, { token, variables: { input: { title: 'X', isbn: '978-979-3062-79-1' } } });
      expect(codes(isbn)).toEqual(['BAD_USER_INPUT']);
      expect(isbn.errors![0].extensions!.field).toBe('isbn');
    });

    it.each([
      ['PUBLIC', undefined, 'UNAUTHENTICATED'],
      ['GOVERNMENT', 'government', 'FORBIDDEN'],
      ['a PARTNER', 'partner', 'FORBIDDEN'],
    ])('refuses %s to suggest', async (_who, token, code) => {
      expect(codes(await fed.query(SUGGEST, { token: token ? tokens[token] : undefined, variables: { input: { title: 'X', libraryId: 'kupang' } } }))).toEqual([code]);
    });

    it.each([
      ['a MEMBER', 'member'],
      ["another library's staff", 'baubauAdmin'],
      ['GOVERNMENT', 'government'],
    ])('refuses %s to reject a suggestion or list them', async (_who, token) => {
      const tok = token === 'member' ? (await memberToken()).token : tokens[token];
      const id = demoId('purchase-suggestion', 'kupang', 5);
      expect(codes(await fed.query(REJECT, { token: tok, variables: { id } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(`{ library(id: "kupang") { purchaseSuggestions(first: 5) { totalCount } } }`, { token: tok }))).toEqual(['FORBIDDEN']);
      expect((await db.getRepository(PurchaseSuggestion).findOneByOrFail({ id })).status).toBe('OPEN');
    });
  });
});
