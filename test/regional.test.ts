import { INTERNAL_HEADER, signInternalToken, type Identity } from '../shared/platform/auth';
import { DEMO_LIBRARIES, demoId } from '../shared/domain/demo';
import { BACKENDS, codes, postGraphQL, startFederation, type Federation } from './helpers/federation';

const FROM = '2026-01-01';
const TO = '2026-10-31';

const STAFF = 'from to librarians trainedLibrarians trainedPercent trainingHours trainingHoursPerLibrarian averageTrainingRating';
const COLLECTIONS = 'from to titles items members activeMembers loans returns holdsPlaced loansPerCapita overdueRate finesCharged finesPaid';
const EVENTS = `from to events eventsByType { key count } eventsByAudience { key count } registrations attendance walkIns noShows
  attendanceRate ratings averageRating satisfactionResponses satisfactionScore`;
const PARTNERSHIPS = 'activePartners partnersByKind { key count } activeAgreements schoolVisits studentsReached copiesLentToSchools internsHosted fundingReceived';

const REPORT = `query ($from: Date!, $to: Date!, $province: String) {
  regionalReport(from: $from, to: $to, province: $province) {
    libraryId from to library { id name city province }
    staff { ${STAFF} } collections { ${COLLECTIONS} } events { ${EVENTS} } partnerships { ${PARTNERSHIPS} }
  }
}`;

/** The same figures, asked library by library through each subgraph's own Library field. */
const PER_LIBRARY = `query ($from: Date!, $to: Date!) {
  libraries { id name
    staffIndicators(from: $from, to: $to) { ${STAFF} }
    collectionIndicators(from: $from, to: $to) { ${COLLECTIONS} }
    eventIndicators(from: $from, to: $to) { ${EVENTS} }
    partnershipIndicators(from: $from, to: $to) { ${PARTNERSHIPS} }
  }
}`;

const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on RegionalReportRow { libraryId } } }';
const SUBGRAPH_NAMES = ['staff-development', 'collections', 'community-events', 'partnerships'] as const;

const NTT = 'Nusa Tenggara Timur'; // Kupang's province, the only demo library there

describe.each(BACKENDS)('Query.regionalReport (%s)', (backend) => {
  let fed: Federation;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    fed = await startFederation(backend);
    tokens.government = await fed.token({ role: 'GOVERNMENT' });
    tokens.ntt = await fed.token({ role: 'GOVERNMENT', province: NTT });
    tokens.admin = await fed.token({ role: 'ADMIN' });
    tokens.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    tokens.librarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 0) });
    tokens.member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 3) });
    tokens.partner = await fed.token({ role: 'PARTNER', partnerId: demoId('partner', 'kupang', 0) });
  });
  afterAll(() => fed?.stop());

  const report = (token: string | undefined, variables: Record<string, unknown> = {}) => fed.query(REPORT, { token, variables: { from: FROM, to: TO, ...variables } });

  it('gives GOVERNMENT one row per library with the four subgraphs’ indicators, equal to each library’s own indicator fields', async () => {
    const res = await report(tokens.government);
    expect(res.errors).toBeUndefined();
    const rows = res.data.regionalReport;
    expect(rows.map((r: any) => r.libraryId).sort()).toEqual(DEMO_LIBRARIES.map((l) => l.id).sort());
    const direct = await fed.query(PER_LIBRARY, { token: tokens.admin, variables: { from: FROM, to: TO } });
    expect(direct.errors).toBeUndefined();
    for (const row of rows) {
      const lib = direct.data.libraries.find((l: any) => l.id === row.libraryId);
      expect(row).toMatchObject({ from: FROM, to: TO, library: { id: lib.id, name: lib.name } });
      expect(row.staff).toEqual(lib.staffIndicators);
      expect(row.collections).toEqual(lib.collectionIndicators);
      expect(row.events).toEqual(lib.eventIndicators);
      expect(row.partnerships).toEqual(lib.partnershipIndicators);
    }
    // The demo data is not empty: the report shows real activity somewhere.
    expect(rows.some((r: any) => r.collections.loans > 0)).toBe(true);
    expect(rows.some((r: any) => r.staff.librarians > 0)).toBe(true);
  });

  it('lists the rows by library name', async () => {
    const res = await report(tokens.admin);
    const names = res.data.regionalReport.map((r: any) => r.library.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('filters by the province argument', async () => {
    const res = await report(tokens.government, { province: NTT });
    expect(res.errors).toBeUndefined();
    expect(res.data.regionalReport.map((r: any) => r.libraryId)).toEqual(['kupang']);
  });

  it('shows a GOVERNMENT token with a province claim only that province, and refuses another province with FORBIDDEN', async () => {
    const own = await report(tokens.ntt);
    expect(own.errors).toBeUndefined();
    expect(own.data.regionalReport.map((r: any) => r.library.province)).toEqual([NTT]);
    const other = await report(tokens.ntt, { province: 'Jawa Timur' });
    expect(codes(other)).toEqual(['FORBIDDEN']);
  });

  it("lets a province-scoped GOVERNMENT token read its province's libraries' indicators, and refuses another province's with FORBIDDEN", async () => {
    const ask = (libraryId: string) =>
      fed.query(
        `query ($id: ID!, $from: Date!, $to: Date!) { library(id: $id) { id
          staffIndicators(from: $from, to: $to) { librarians } collectionIndicators(from: $from, to: $to) { loans }
          eventIndicators(from: $from, to: $to) { events } partnershipIndicators(from: $from, to: $to) { activePartners } } }`,
        { token: tokens.ntt, variables: { id: libraryId, from: FROM, to: TO } },
      );
    const own = await ask('kupang');
    expect(own.errors).toBeUndefined();
    expect(own.data.library.staffIndicators.librarians).toBeGreaterThan(0);
    const other = await ask('pasuruan');
    expect(codes(other)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(other.data.library).toMatchObject({ id: 'pasuruan', staffIndicators: null, collectionIndicators: null, eventIndicators: null, partnershipIndicators: null });
  });

  it("gives a province-scoped GOVERNMENT token funding totals of its province's libraries only", async () => {
    const totals = (token: string, filter: Record<string, unknown> = {}) =>
      fed.query('query ($filter: FundingTotalsFilter) { fundingTotals(groupBy: [LIBRARY], filter: $filter) { library { id } amount } }', {
        token,
        variables: { filter },
      });
    const all = await totals(tokens.government);
    expect(all.data.fundingTotals.length).toBeGreaterThan(1);
    const own = await totals(tokens.ntt);
    expect(own.data.fundingTotals).toEqual(all.data.fundingTotals.filter((t: any) => t.library.id === 'kupang'));
    expect(codes(await totals(tokens.ntt, { libraryId: 'pasuruan' }))).toEqual(['FORBIDDEN']);
  });

  it("gives a LIBRARY_ADMIN their own library's row only", async () => {
    const res = await report(tokens.kupangAdmin);
    expect(res.errors).toBeUndefined();
    expect(res.data.regionalReport.map((r: any) => r.libraryId)).toEqual(['kupang']);
    expect(res.data.regionalReport[0].collections).not.toBeNull();
  });

  it('refuses an anonymous caller with UNAUTHENTICATED and members, librarians and partners with FORBIDDEN', async () => {
    expect(codes(await report(undefined))).toEqual(['UNAUTHENTICATED']);
    for (const token of [tokens.member, tokens.librarian, tokens.partner]) {
      const res = await report(token);
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.data?.regionalReport ?? null).toBeNull();
    }
  });

  it('refuses a period that ends before it starts or is longer than 366 days with BAD_USER_INPUT on to', async () => {
    const backwards = await report(tokens.government, { from: '2026-05-01', to: '2026-04-30' });
    expect(codes(backwards)).toEqual(['BAD_USER_INPUT']);
    expect(backwards.errors![0].extensions!.field).toBe('to');
    const tooLong = await report(tokens.government, { from: '2025-01-01', to: '2026-01-02' });
    expect(codes(tooLong)).toEqual(['BAD_USER_INPUT']);
    expect(tooLong.errors![0].extensions!.field).toBe('to');
    const leapYear = await report(tokens.government, { from: '2024-01-01', to: '2024-12-31' });
    expect(leapYear.errors).toBeUndefined();
  });

  it('refuses an unknown province with BAD_USER_INPUT on province', async () => {
    const res = await report(tokens.government, { province: 'Atlantis' });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.field).toBe('province');
  });

  it('costs each subgraph the same number of SQL statements for the whole region as for one library (one batched call each)', async () => {
    const statements = async (variables: Record<string, unknown>) => {
      const before = Object.fromEntries(Object.entries(fed.subgraphs).map(([n, s]) => [n, s.queries()]));
      const res = await report(tokens.admin, variables);
      expect(res.errors).toBeUndefined();
      return Object.fromEntries(Object.entries(fed.subgraphs).map(([n, s]) => [n, s.queries() - before[n]]));
    };
    await statements({}); // warms the subgraphs' cached library calendars
    const one = await statements({ province: NTT });
    const all = await statements({});
    expect(all).toEqual(one);
    for (const name of SUBGRAPH_NAMES) expect(one[name]).toBeGreaterThan(0);
  });

  describe('RegionalReportRow sent straight to a subgraph (reference resolvers bypass @Authorized)', () => {
    const send = async (name: (typeof SUBGRAPH_NAMES)[number], identity: Identity, libraryId: string) =>
      postGraphQL(
        fed.subgraphs[name].url,
        { query: ENTITIES, variables: { r: [{ __typename: 'RegionalReportRow', libraryId, from: FROM, to: TO, population: 1 }] } },
        { [INTERNAL_HEADER]: await signInternalToken(identity, fed.config.gatewaySecret) },
      );

    it.each(SUBGRAPH_NAMES)("refuses a LIBRARY_ADMIN another library's row in %s with FORBIDDEN, and answers their own", async (name) => {
      const kupangAdmin: Identity = { sub: 'x', role: 'LIBRARY_ADMIN', libraryId: 'kupang' };
      expect(codes(await send(name, kupangAdmin, 'baubau'))).toEqual(['FORBIDDEN']);
      const own = await send(name, kupangAdmin, 'kupang');
      expect(own.errors).toBeUndefined();
      expect(own.data._entities).toEqual([{ libraryId: 'kupang' }]);
    });

    it.each(SUBGRAPH_NAMES)('refuses in %s a province-scoped GOVERNMENT another province, a librarian, and an anonymous caller', async (name) => {
      expect(codes(await send(name, { sub: 'g', role: 'GOVERNMENT', province: NTT }, 'pasuruan'))).toEqual(['FORBIDDEN']);
      const librarian: Identity = { sub: 'l', role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 0) };
      expect(codes(await send(name, librarian, 'kupang'))).toEqual(['FORBIDDEN']);
      expect(codes(await send(name, { sub: 'anonymous', role: 'PUBLIC' }, 'kupang'))).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('Query.regionalTrends', () => {
    const TRENDS = `query ($year: Int!, $province: String) {
      regionalTrends(year: $year, province: $province) {
        libraryId library { id name }
        months { from to staff { ${STAFF} } collections { ${COLLECTIONS} } events { ${EVENTS} } partnerships { ${PARTNERSHIPS} } }
      }
    }`;
    const trends = (token: string | undefined, variables: Record<string, unknown> = {}) => fed.query(TRENDS, { token, variables: { year: 2026, ...variables } });

    it("gives GOVERNMENT twelve months per library, each month equal to that month's regionalReport", async () => {
      const res = await trends(tokens.government);
      expect(res.errors).toBeUndefined();
      const series = res.data.regionalTrends;
      expect(series.map((s: any) => s.libraryId).sort()).toEqual(DEMO_LIBRARIES.map((l) => l.id).sort());
      for (const s of series) {
        expect(s.months.map((m: any) => m.from)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}-01`));
        expect(s.months[1].to).toBe('2026-02-28');
      }
      const march = await report(tokens.government, { from: '2026-03-01', to: '2026-03-31' });
      for (const row of march.data.regionalReport) {
        const month = series.find((s: any) => s.libraryId === row.libraryId).months[2];
        for (const part of ['staff', 'collections', 'events', 'partnerships']) expect(month[part]).toEqual(row[part]);
      }
    });

    it("adds up, month by month, to the year's loans, events and training hours", async () => {
      const series = (await trends(tokens.admin)).data.regionalTrends;
      const year = (await report(tokens.admin, { from: '2026-01-01', to: '2026-12-31' })).data.regionalReport;
      const sum = (months: any[], pick: (m: any) => number) => months.reduce((t, m) => t + pick(m), 0);
      for (const row of year) {
        const { months } = series.find((s: any) => s.libraryId === row.libraryId);
        expect(sum(months, (m) => m.collections.loans)).toBe(row.collections.loans);
        expect(sum(months, (m) => m.events.events)).toBe(row.events.events);
        expect(sum(months, (m) => m.staff.trainingHours)).toBe(row.staff.trainingHours);
      }
      expect(year.some((r: any) => r.collections.loans > 0)).toBe(true);
    });

    it('gives a LIBRARY_ADMIN their own library, refuses others, and refuses a year out of range with BAD_USER_INPUT on year', async () => {
      const own = await trends(tokens.kupangAdmin);
      expect(own.errors).toBeUndefined();
      expect(own.data.regionalTrends.map((s: any) => s.libraryId)).toEqual(['kupang']);
      expect(codes(await trends(undefined))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await trends(tokens.member))).toEqual(['FORBIDDEN']);
      expect(codes(await trends(tokens.ntt, { province: 'Jawa Timur' }))).toEqual(['FORBIDDEN']);
      const bad = await trends(tokens.government, { year: 1999 });
      expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
      expect(bad.errors![0].extensions!.field).toBe('year');
    });

    it('costs each subgraph the same number of SQL statements for the whole region as for one library', async () => {
      const statements = async (variables: Record<string, unknown>) => {
        const before = Object.fromEntries(Object.entries(fed.subgraphs).map(([n, s]) => [n, s.queries()]));
        const res = await trends(tokens.admin, variables);
        expect(res.errors).toBeUndefined();
        return Object.fromEntries(Object.entries(fed.subgraphs).map(([n, s]) => [n, s.queries() - before[n]]));
      };
      await statements({});
      expect(await statements({})).toEqual(await statements({ province: NTT }));
    });
  });
});
