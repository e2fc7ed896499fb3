import type { DataSource } from 'typeorm';
import { INTERNAL_HEADER, signInternalToken, type Identity } from '../shared/platform/auth';
import { DEMO_LIBRARIES, DEMO_TODAY, demoId } from '../shared/domain/demo';
import { localDate } from '../shared/platform/time';
import { setClock } from '../shared/platform/clock';
import { FineEntry, FineKind } from '../subgraphs/collections/circulation/fine-entry.entity';
import { Hold, HoldStatus } from '../subgraphs/collections/circulation/hold.entity';
import { Item, ItemStatus } from '../subgraphs/collections/catalogue/item.entity';
import { Loan } from '../subgraphs/collections/circulation/loan.entity';
import { Member } from '../subgraphs/collections/members/member.entity';
import { circulationViolations, setToday } from './helpers/collections';
import { dropDatabase, openDatabase } from '../shared/platform/database';
import { collections } from '../subgraphs/collections';
import { BACKENDS, codes, postGraphQL, startFederation, testConfig, type Federation } from './helpers/federation';

const FROM = '2026-08-01';
const TO = '2026-10-31';
const INDICATORS = `query ($id: ID!, $from: Date!, $to: Date!) {
  library(id: $id) { id population collectionIndicators(from: $from, to: $to) {
    from to titles items members activeMembers loans returns holdsPlaced loansPerCapita overdueRate finesCharged finesPaid } }
}`;
const PARTNER_LOANS = `query ($id: ID!) {
  partner(id: $id) { id name
    institutionLoanCounts { loans open overdue }
    institutionLoans(first: 50, openOnly: true) { totalCount edges { node { dueOn library { id } item { barcode record { title } } member { id name } } } }
  }
}`;

describe.each(BACKENDS)('collections in the federation (%s)', (backend) => {
  let fed: Federation;
  let db: DataSource;
  const tokens: Record<string, string> = {};
  const school = demoId('partner', 'kupang', 0);
  const schoolCard = demoId('member', 'kupang', 0);

  beforeAll(async () => {
    fed = await startFederation(backend);
    db = fed.subgraphs.collections.db;
    tokens.kupang = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 0) });
    tokens.baubau = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    tokens.government = await fed.token({ role: 'GOVERNMENT' });
    tokens.admin = await fed.token({ role: 'ADMIN' });
    tokens.school = await fed.token({ role: 'PARTNER', partnerId: school });
    tokens.otherPartner = await fed.token({ role: 'PARTNER', partnerId: demoId('partner', 'baubau', 0) });
    tokens.member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 5) });
  });
  beforeEach(() => setToday(DEMO_TODAY));
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
  });

  describe('demo circulation', () => {
    it('has loans, returns, overdue loans, holds and fines in every city, and a consistent state', async () => {
      for (const { id } of DEMO_LIBRARIES) {
        const loans = await db.getRepository(Loan).findBy({ libraryId: id });
        expect(loans.filter((l) => l.returnedAt).length).toBeGreaterThan(50);
        expect(loans.filter((l) => !l.returnedAt && l.dueOn < DEMO_TODAY).length).toBeGreaterThan(3);
        expect(loans.filter((l) => l.daysOverdue > 0).length).toBeGreaterThan(3);
        const holds = await db.getRepository(Hold).findBy({ pickupLibraryId: id });
        for (const status of [HoldStatus.WAITING, HoldStatus.READY, HoldStatus.IN_TRANSIT, HoldStatus.FULFILLED, HoldStatus.CANCELLED, HoldStatus.EXPIRED]) {
          expect(holds.filter((h) => h.status === status).length).toBeGreaterThan(0);
        }
        const fines = await db.getRepository(FineEntry).findBy({ libraryId: id });
        expect(fines.filter((f) => f.kind === FineKind.OVERDUE).length).toBeGreaterThan(3);
        expect(fines.filter((f) => f.kind === FineKind.PAYMENT).length).toBeGreaterThan(1);
      }
      expect(await circulationViolations(db)).toEqual([]);
    });

    it('charges exactly the fines the loans’ terms give, and leaves somebody in every city blocked by unpaid fines', async () => {
      const charges = await db.getRepository(FineEntry).findBy({ kind: FineKind.OVERDUE });
      const loans = new Map((await db.getRepository(Loan).find()).map((l) => [l.id, l]));
      for (const c of charges) {
        const loan = loans.get(c.loanId!)!;
        expect(loan.daysOverdue).toBeGreaterThan(loan.graceDays);
        expect(c.amount).toBeLessThanOrEqual(loan.fineCap);
        expect(c.amount % loan.finePerDay).toBe(c.amount === loan.fineCap ? c.amount % loan.finePerDay : 0);
      }
      for (const { id } of DEMO_LIBRARIES) {
        const balances: { memberId: string; owed: string | number }[] = await db.query(
          'SELECT f.memberId AS memberId, SUM(f.amount) AS owed FROM fine_entry f JOIN member m ON m.id = f.memberId WHERE m.libraryId = ? GROUP BY f.memberId',
          [id],
        );
        expect(balances.some((b) => Number(b.owed) > 10_000)).toBe(true);
        expect(balances.some((b) => Number(b.owed) === 0)).toBe(true);
      }
    });
  });

  describe('Library.collectionIndicators', () => {
    /** The same figures, worked out here from the rows, in the library's zone. */
    async function expected(libraryId: string) {
      const library = DEMO_LIBRARIES.find((l) => l.id === libraryId)!;
      const day = (d: Date | null) => (d ? localDate(d, library.timezone) : null);
      const inPeriod = (d: string | null) => d !== null && d >= FROM && d <= TO;
      const loans = await db.getRepository(Loan).findBy({ libraryId });
      const out = loans.filter((l) => inPeriod(day(l.checkedOutAt)));
      const due = loans.filter((l) => inPeriod(l.dueOn) && l.dueOn < DEMO_TODAY);
      const items = (await db.getRepository(Item).findBy({ libraryId })).filter((i) => i.status !== ItemStatus.WITHDRAWN && i.acquiredOn <= TO);
      const members = (await db.getRepository(Member).findBy({ libraryId })).filter((m) => m.joinedOn <= TO && m.expiresOn >= FROM);
      return {
        titles: new Set(items.map((i) => i.recordId)).size,
        items: items.length,
        members: members.length,
        activeMembers: new Set(out.map((l) => l.memberId)).size,
        loans: out.length,
        returns: loans.filter((l) => inPeriod(day(l.returnedAt))).length,
        loansPerCapita: Math.round((out.length / library.population) * 1e6) / 1e6,
        overdueRate: Math.round((due.filter((l) => !l.returnedAt || l.daysOverdue > 0).length / due.length) * 1e4) / 1e4,
      };
    }

    it("gives the library's staff its figures over a period, per capita of the population staff-development holds", async () => {
      const res = await fed.query(INDICATORS, { token: tokens.kupang, variables: { id: 'kupang', from: FROM, to: TO } });
      expect(res.errors).toBeUndefined();
      const figures = res.data.library.collectionIndicators;
      expect(figures).toMatchObject({ from: FROM, to: TO, ...(await expected('kupang')) });
      expect(figures.loans).toBeGreaterThan(0);
      expect(figures.overdueRate).toBeGreaterThan(0);
      expect(figures.overdueRate).toBeLessThan(1);
      expect(figures.finesCharged).toBeGreaterThanOrEqual(0);
    });

    it('gives GOVERNMENT every library’s figures in one request, at the cost of one library', async () => {
      const all = await fed.query(`{ libraries { id collectionIndicators(from: "${FROM}", to: "${TO}") { loans activeMembers overdueRate loansPerCapita } } }`, {
        token: tokens.government,
      });
      expect(all.errors).toBeUndefined();
      for (const l of all.data.libraries) {
        const e = await expected(l.id);
        expect(l.collectionIndicators).toEqual({ loans: e.loans, activeMembers: e.activeMembers, overdueRate: e.overdueRate, loansPerCapita: e.loansPerCapita });
      }
      const statements = async (query: string) => {
        const before = fed.subgraphs.collections.queries();
        expect((await fed.query(query, { token: tokens.admin })).errors).toBeUndefined();
        return fed.subgraphs.collections.queries() - before;
      };
      const fields = `collectionIndicators(from: "${FROM}", to: "${TO}") { titles loans overdueRate loansPerCapita }`;
      expect(await statements(`{ libraries { id ${fields} } }`)).toBe(await statements(`{ library(id: "kupang") { id ${fields} } }`));
    });

    it.each([
      ['PUBLIC', null, 'UNAUTHENTICATED'],
      ['a MEMBER', 'member', 'FORBIDDEN'],
      ['a PARTNER', 'school', 'FORBIDDEN'],
      ["another library's staff", 'baubau', 'FORBIDDEN'],
    ])('refuses %s, leaving the rest of the library readable', async (_who, token, code) => {
      const res = await fed.query(INDICATORS, { token: token ? tokens[token] : undefined, variables: { id: 'kupang', from: FROM, to: TO } });
      expect(codes(res)).toEqual([code]);
      expect(res.data.library).toMatchObject({ id: 'kupang', collectionIndicators: null });
    });

    it('refuses a period that ends before it starts with BAD_USER_INPUT on to', async () => {
      const res = await fed.query(INDICATORS, { token: tokens.admin, variables: { id: 'kupang', from: TO, to: FROM } });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe('to');
    });
  });

  describe('Partner.institutionLoans', () => {
    it('shows a school the copies lent to it through its institution card', async () => {
      const res = await fed.query(PARTNER_LOANS, { token: tokens.school, variables: { id: school } });
      expect(res.errors).toBeUndefined();
      const { institutionLoans, institutionLoanCounts, name } = res.data.partner;
      expect(name).toMatch(/^SD Negeri 1 Kupang/);
      const open = await db.getRepository(Loan).findBy({ memberId: schoolCard, returnedAt: null as never });
      expect(institutionLoans.totalCount).toBe(open.length);
      expect(open.length).toBeGreaterThan(0);
      for (const { node } of institutionLoans.edges) {
        expect(node.member).toEqual({ id: schoolCard, name: 'SD Negeri 1 Kupang' });
        expect(node.library.id).toBe('kupang');
        expect(node.item.record.title).toMatch(/\S/);
      }
      expect(institutionLoanCounts).toEqual({
        loans: await db.getRepository(Loan).countBy({ memberId: schoolCard }),
        open: open.length,
        overdue: open.filter((l) => l.dueOn < DEMO_TODAY).length,
      });
    });

    it("shows them to the lending library's staff and ADMIN", async () => {
      for (const token of [tokens.kupang, tokens.admin]) {
        const res = await fed.query(PARTNER_LOANS, { token, variables: { id: school } });
        expect(res.errors).toBeUndefined();
        expect(res.data.partner.institutionLoans.totalCount).toBeGreaterThan(0);
      }
    });

    it('gives GOVERNMENT the counts only', async () => {
      const res = await fed.query(PARTNER_LOANS, { token: tokens.government, variables: { id: school } });
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.errors![0].path).toEqual(['partner', 'institutionLoans']);
      expect(res.data.partner.institutionLoanCounts.open).toBeGreaterThan(0);
      expect(res.data.partner.institutionLoans).toBeNull();
    });

    it.each([
      ['PUBLIC', null, 'UNAUTHENTICATED'],
      ['another partner', 'otherPartner', 'FORBIDDEN'],
      ['a MEMBER', 'member', 'FORBIDDEN'],
      ['a library the school holds no card at', 'baubau', 'FORBIDDEN'],
    ])('refuses %s both the loans and the counts', async (_who, token, code) => {
      const res = await fed.query(PARTNER_LOANS, { token: token ? tokens[token] : undefined, variables: { id: school } });
      expect(codes(res)).toEqual([code, code]);
      expect(res.data.partner).toMatchObject({ id: school, institutionLoans: null, institutionLoanCounts: null });
    });

    it("does not open the institution card's other data to the partner", async () => {
      const res = await fed.query(`{ partner(id: "${school}") { institutionLoans(first: 1) { edges { node { member { loans(first: 1) { totalCount } } } } } } }`, {
        token: tokens.school,
      });
      expect(codes(res)).toEqual(['FORBIDDEN']);
    });
  });

  describe("a library's lists, page by page", () => {
    const ITEMS = `query ($after: String) { library(id: "kupang") { items(first: 4, after: $after) { edges { cursor node { barcode } } pageInfo { hasNextPage endCursor } } } }`;
    const statements = async (query: string) => {
      const before = fed.subgraphs.collections.queries();
      const res = await fed.query(query, { token: tokens.kupang });
      expect(res.errors).toBeUndefined();
      return { res, n: fed.subgraphs.collections.queries() - before };
    };

    it('walks the copies in barcode order, page after page, as the database holds them', async () => {
      const all = (await db.getRepository(Item).find({ where: { libraryId: 'kupang' }, order: { barcode: 'ASC', id: 'ASC' }, take: 12 })).map((i) => i.barcode);
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 3; page++) {
        const res = await fed.query(ITEMS, { token: tokens.kupang, variables: { after } });
        expect(res.errors).toBeUndefined();
        const items = res.data.library.items as { edges: { node: { barcode: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
        seen.push(...items.edges.map((e) => e.node.barcode));
        expect(items.pageInfo.hasNextPage).toBe(true);
        after = items.pageInfo.endCursor;
      }
      expect(seen).toEqual(all);
    });

    it('counts the copies only when totalCount is asked for: one statement more, and the number the database has', async () => {
      const without = await statements('{ library(id: "kupang") { items(first: 3) { edges { node { barcode } } } } }');
      const counted = await statements('{ library(id: "kupang") { items(first: 3) { totalCount edges { node { barcode } } } } }');
      expect(counted.n).toBe(without.n + 1);
      expect(counted.res.data.library.items.totalCount).toBe(await db.getRepository(Item).countBy({ libraryId: 'kupang' }));
      // A page of 3 and a page of 50 cost the same statements.
      expect((await statements('{ library(id: "kupang") { items(first: 50) { edges { node { barcode } } } } }')).n).toBe(without.n);
    });

    it('keeps the total the database has as copies are added, moved to another library and removed, whoever writes them', async () => {
      const total = async (libraryId: string) =>
        (await fed.query(`{ library(id: "${libraryId}") { items(first: 1) { totalCount } } }`, { token: tokens.admin })).data.library.items.totalCount as number;
      const [kupang, baubau] = [await total('kupang'), await total('baubau')];
      expect(kupang).toBe(await db.getRepository(Item).countBy({ libraryId: 'kupang' }));
      // Written past the services, as an import or a bulk load would: the database's triggers count it.
      const copy = await db.getRepository(Item).findOneByOrFail({ libraryId: 'kupang' });
      const added = { ...copy, id: '00000000-0000-4000-8000-00000000c0de', barcode: 'B-TRIGGER-1' };
      await db.getRepository(Item).insert(added);
      expect([await total('kupang'), await total('baubau')]).toEqual([kupang + 1, baubau]);
      await db.getRepository(Item).update(added.id, { libraryId: 'baubau' });
      expect([await total('kupang'), await total('baubau')]).toEqual([kupang, baubau + 1]);
      await db.getRepository(Item).delete(added.id);
      expect([await total('kupang'), await total('baubau')]).toEqual([kupang, baubau]);
    });

    it("gives several libraries' pages and totals in the same statements as one library's", async () => {
      const one = await statements('{ library(id: "kupang") { items(first: 2) { totalCount edges { node { barcode } } } } }');
      const all = await statements('{ libraries { id items(first: 2) { totalCount edges { node { barcode libraryId: library { id } } } } } }');
      expect(all.n).toBeLessThanOrEqual(one.n + 1);
      for (const library of all.res.data.libraries) {
        expect(library.items.totalCount).toBe(await db.getRepository(Item).countBy({ libraryId: library.id }));
        expect(library.items.edges.map((e: { node: { libraryId: { id: string } } }) => e.node.libraryId.id)).toEqual([library.id, library.id]);
      }
    });
  });

  describe('Member as an entity of the supergraph', () => {
    const entities = async (identity: Identity, id: string) =>
      postGraphQL(
        fed.subgraphs.collections.url,
        { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { id name fineBalance } } }', variables: { r: [{ __typename: 'Member', id }] } },
        { [INTERNAL_HEADER]: await signInternalToken(identity, fed.config.gatewaySecret) },
      );

    it('resolves for their library’s staff with their circulation figures, and refuses a partner, GOVERNMENT and other libraries', async () => {
      const member = demoId('member', 'kupang', 5);
      const ok = await entities({ sub: 's', role: 'LIBRARIAN', libraryId: 'kupang', librarianId: 'x' }, member);
      expect(ok.errors).toBeUndefined();
      expect(ok.data._entities[0]).toMatchObject({ id: member, fineBalance: expect.any(Number) });
      expect(codes(await entities({ sub: 'p', role: 'PARTNER', partnerId: school }, schoolCard))).toEqual(['FORBIDDEN']);
      expect(codes(await entities({ sub: 'g', role: 'GOVERNMENT' }, member))).toEqual(['FORBIDDEN']);
      expect(codes(await entities({ sub: 'b', role: 'LIBRARIAN', libraryId: 'baubau', librarianId: 'y' }, member))).toEqual(['FORBIDDEN']);
    });
  });
});

describe.each(BACKENDS)('the collections demo seed, step by step (%s)', (backend) => {
  const config = testConfig(backend);
  let db: DataSource;
  beforeAll(async () => {
    db = await openDatabase(config, collections);
  });
  afterAll(async () => {
    await db?.destroy();
    await dropDatabase(config, collections);
  });

  it('gives a database seeded before loan rules, subjects, holds and fines each of them once', async () => {
    const fresh = await collections.seed(db);
    expect(fresh).toMatchObject({ loanRules: 44, bibliographicRecords: 259, fineEntries: expect.any(Number), holds: expect.any(Number) });
    const snapshot = async () => ({
      fines: (await db.getRepository(FineEntry).find({ order: { id: 'ASC' } })).map((f) => [f.id, f.amount, f.loanId]),
      holds: (await db.getRepository(Hold).find({ order: { id: 'ASC' } })).map((h) => [h.id, h.status, h.itemId, h.position]),
      items: (await db.getRepository(Item).find({ order: { id: 'ASC' } })).map((i) => [i.id, i.status, i.atLibraryId]),
    });
    const seeded = await snapshot();

    // The database as the first version of the seed left it.
    await db.query('DELETE FROM hold');
    await db.query('DELETE FROM fine_entry');
    await db.query('DELETE FROM loan_rule');
    await db.query("UPDATE item SET status = 'AVAILABLE', atLibraryId = NULL WHERE status IN ('ON_HOLD_SHELF', 'IN_TRANSIT')");
    await db.query('UPDATE loan SET finePerDay = 0, graceDays = 0, fineCap = 0, daysOverdue = 0');
    await db.query("UPDATE bibliographic_record SET subjects = ''");

    const upgrade = await collections.seed(db);
    expect(upgrade).toMatchObject({ loanRules: 44, subjectsAdded: 259, fineEntries: fresh.fineEntries, holds: fresh.holds });
    expect(upgrade.loanTermsSet).toBeGreaterThan(700);
    expect(await snapshot()).toEqual(seeded);
    expect(await circulationViolations(db)).toEqual([]);
    expect(await collections.seed(db)).toEqual({});
  });
});
