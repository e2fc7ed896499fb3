import type { DataSource } from 'typeorm';
import { DEMO_LIBRARIES, DEMO_TODAY, demoId } from '../shared/domain/demo';
import { rawInstant } from '../shared/platform/database';
import { localDate } from '../shared/platform/time';
import { setClock } from '../shared/platform/clock';
import { AcquisitionOrder } from '../subgraphs/collections/acquisitions/acquisition-order.entity';
import { DigitalUse } from '../subgraphs/collections/digital/digital-use.entity';
import { Item, ItemStatus } from '../subgraphs/collections/catalogue/item.entity';
import { VisitCount } from '../subgraphs/collections/visits/visit-count.entity';
import { fiveYearsBefore } from '../subgraphs/collections/indicators/indicators.service';
import { setToday } from './helpers/collections';
import { BACKENDS, codes, startFederation, type Federation } from './helpers/federation';

const FROM = '2026-01-01';
const TO = '2026-10-31';
const FIELDS = 'titles items titlesPerCapita recentStockShare digitalUses visits visitsPerDay acquisitionSpend';
const INDICATORS = `query ($id: ID!, $from: Date!, $to: Date!) { library(id: $id) { id population collectionIndicators(from: $from, to: $to) { ${FIELDS} } } }`;

describe.each(BACKENDS)('collection indicators: digital uses, visits, stock and spend (%s)', (backend) => {
  let fed: Federation;
  let db: DataSource;
  const tokens: Record<string, string> = {};

  /** The figures worked out here from the rows, in the library's zone. */
  async function expected(libraryId: string, from = FROM, to = TO) {
    const library = DEMO_LIBRARIES.find((l) => l.id === libraryId)!;
    const items = (await db.getRepository(Item).findBy({ libraryId })).filter((i) => i.status !== ItemStatus.WITHDRAWN && i.acquiredOn <= to);
    const titles = new Set(items.map((i) => i.recordId)).size;
    const recent = items.filter((i) => i.acquiredOn > fiveYearsBefore(to)).length;
    const uses = (await db.getRepository(DigitalUse).findBy({ libraryId })).filter((u) => {
      const day = localDate(u.startedAt, library.timezone);
      return day >= from && day <= to;
    });
    const visits = (await db.getRepository(VisitCount).findBy({ libraryId })).filter((v) => v.visitDate >= from && v.visitDate <= to);
    const total = visits.reduce((s, v) => s + v.count, 0);
    const received = (await db.getRepository(AcquisitionOrder).findBy({ libraryId, status: 'RECEIVED' as never })).filter((o) => o.receivedOn! >= from && o.receivedOn! <= to);
    // Not recorded is null: digital uses before the library's first loan, visits when no day was counted.
    const [first] = await db.query('SELECT MIN(checkedOutAt) AS first FROM loan WHERE libraryId = ?', [libraryId]);
    const firstLoan = first?.first ? localDate(rawInstant(first.first), library.timezone) : null;
    const circulating = firstLoan !== null && to >= firstLoan;
    return {
      titles,
      items: items.length,
      titlesPerCapita: Math.round((titles / library.population) * 1e6) / 1e6,
      recentStockShare: Math.round((recent / items.length) * 1e4) / 1e4,
      digitalUses: circulating ? uses.length : null,
      visits: visits.length ? total : null,
      visitsPerDay: visits.length ? Math.round((total / visits.length) * 100) / 100 : null,
      acquisitionSpend: received.reduce((s, o) => s + o.cost, 0),
    };
  }

  beforeAll(async () => {
    fed = await startFederation(backend);
    db = fed.subgraphs.collections.db;
    tokens.kupang = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 0) });
    tokens.government = await fed.token({ role: 'GOVERNMENT' });
    tokens.admin = await fed.token({ role: 'ADMIN' });
    tokens.member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 5) });
    tokens.baubau = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
  });
  beforeEach(() => setToday(DEMO_TODAY));
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
  });

  it("gives the library's staff its digital uses, visits, titles per capita, recent stock and acquisition spend over a period", async () => {
    const res = await fed.query(INDICATORS, { token: tokens.kupang, variables: { id: 'kupang', from: FROM, to: TO } });
    expect(res.errors).toBeUndefined();
    const figures = res.data.library.collectionIndicators;
    expect(figures).toEqual(await expected('kupang'));
    expect(figures.digitalUses).toBeGreaterThan(0);
    expect(figures.visits).toBeGreaterThan(0);
    expect(figures.visitsPerDay).toBeGreaterThan(50);
    expect(figures.acquisitionSpend).toBeGreaterThan(0);
    expect(figures.recentStockShare).toBeGreaterThan(0);
    expect(figures.recentStockShare).toBeLessThan(1);
  });

  it('counts what happened in the period only: a period before the demo recorded no visits nor uses (null, not 0) and spent nothing (0)', async () => {
    const res = await fed.query(INDICATORS, { token: tokens.kupang, variables: { id: 'kupang', from: '2024-01-01', to: '2024-12-31' } });
    expect(res.data.library.collectionIndicators).toMatchObject({ digitalUses: null, visits: null, visitsPerDay: null, acquisitionSpend: 0 });
    expect(res.data.library.collectionIndicators).toEqual(await expected('kupang', '2024-01-01', '2024-12-31'));
  });

  it('follows a received order, a new use and a corrected count at once', async () => {
    setToday('2026-11-02');
    const before = (await fed.query(INDICATORS, { token: tokens.kupang, variables: { id: 'kupang', from: '2026-11-01', to: '2026-11-30' } })).data.library.collectionIndicators;
    const member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 6) });
    expect(
      (
        await fed.query(
          `mutation { accessDigitalResource(resourceId: "${(await db.query("SELECT id FROM digital_resource WHERE licence = 'OPEN' ORDER BY id LIMIT 1"))[0].id}") { url } }`,
          { token: member },
        )
      ).errors,
    ).toBeUndefined();
    expect(
      (await fed.query(`mutation { recordVisits(input: { libraryId: "kupang", date: "2026-11-02", count: 150, source: MANUAL }) { count } }`, { token: tokens.kupang })).errors,
    ).toBeUndefined();
    const order = await db.getRepository(AcquisitionOrder).findOneByOrFail({ libraryId: 'kupang', status: 'ORDERED' as never });
    expect((await fed.query(`mutation { receiveAcquisitionOrder(id: "${order.id}") { items { barcode } } }`, { token: tokens.kupang })).errors).toBeUndefined();
    const after = (await fed.query(INDICATORS, { token: tokens.kupang, variables: { id: 'kupang', from: '2026-11-01', to: '2026-11-30' } })).data.library.collectionIndicators;
    expect(after.digitalUses).toBe(before.digitalUses + 1);
    expect(after.visits).toBe(before.visits + 150);
    expect(after.acquisitionSpend).toBe(before.acquisitionSpend + order.cost);
    expect(after.items).toBeGreaterThan(before.items);
  });

  it('gives GOVERNMENT every library’s figures in one request, at the cost of one library', async () => {
    const all = await fed.query(`{ libraries { id collectionIndicators(from: "${FROM}", to: "${TO}") { ${FIELDS} } } }`, { token: tokens.government });
    expect(all.errors).toBeUndefined();
    expect(all.data.libraries).toHaveLength(DEMO_LIBRARIES.length);
    for (const l of all.data.libraries) expect(l.collectionIndicators).toEqual(await expected(l.id));
    const statements = async (query: string) => {
      const before = fed.subgraphs.collections.queries();
      expect((await fed.query(query, { token: tokens.admin })).errors).toBeUndefined();
      return fed.subgraphs.collections.queries() - before;
    };
    const fields = `collectionIndicators(from: "${FROM}", to: "${TO}") { ${FIELDS} }`;
    expect(await statements(`{ libraries { id ${fields} } }`)).toBe(await statements(`{ library(id: "kupang") { id ${fields} } }`));
  });

  it.each([
    ['PUBLIC', undefined, 'UNAUTHENTICATED'],
    ['a MEMBER', 'member', 'FORBIDDEN'],
    ["another library's staff", 'baubau', 'FORBIDDEN'],
  ])('refuses %s the figures', async (_who, token, code) => {
    const res = await fed.query(INDICATORS, { token: token ? tokens[token] : undefined, variables: { id: 'kupang', from: FROM, to: TO } });
    expect(codes(res)).toEqual([code]);
    expect(res.data.library.collectionIndicators).toBeNull();
  });
});
