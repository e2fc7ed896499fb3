import fs from 'node:fs';
import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode } from '@apollo/query-planner';
import { parse } from 'graphql';
import { INTERNAL_HEADER, signInternalToken, type Identity } from '../shared/platform/auth';
import { loadConfig, type LiteracyStandards } from '../shared/platform/config';
import { DEMO_LIBRARIES, demoId } from '../shared/domain/demo';
import { LITERACY_BAND_LABELS, LiteracyBand, literacyBand } from '../shared/domain/literacy';
import { BACKENDS, codes, postGraphQL, startFederation, type Federation } from './helpers/federation';

/**
 * The literacy index (IPLM): `literacyIndex(year)` gives each library its
 * seven elements (UPLM1–7) with the raw figures behind them, the index and its band. The row is a
 * federated entity keyed by library and year: collections and community-events contribute raw
 * figures, staff-development computes the index from them with @requires.
 */

const YEAR = 2026; // the demo year (visitor counts start in May 2026)
const NTT = 'Nusa Tenggara Timur'; // Kupang's province, the only demo library there
const CODES = ['UPLM1', 'UPLM2', 'UPLM3', 'UPLM4', 'UPLM5', 'UPLM6', 'UPLM7'];

const INDEX = `query ($year: Int!, $province: String) {
  literacyIndex(year: $year, province: $province) {
    libraryId year library { id name province population }
    index band bandLabel missingElements
    elements { code name value missing reason figures { name value } }
    collectionLiteracy { titles copies members visits daysCounted }
    eventLiteracy { events participants }
  }
}`;

/** The same raw figures, asked library by library through each subgraph's own indicator fields. */
const PER_LIBRARY = `query ($from: Date!, $to: Date!) {
  libraries { id population
    staffIndicators(from: $from, to: $to) { librarians }
    collectionIndicators(from: $from, to: $to) { titles items members visits }
    eventIndicators(from: $from, to: $to) { events attendance }
  }
}`;

const figure = (element: any, name: string) => element.figures.find((f: any) => f.name === name)?.value;
const element = (row: any, code: string) => row.elements.find((e: any) => e.code === code);

/**
 * The elements' scores recomputed here from the raw figures and the configured standards: each
 * ratio against its standard, capped at 1, × 100; the index their mean.
 */
function expectedScores(row: any, librarians: number, meetsStandard: boolean, s: LiteracyStandards): number[] {
  const pop = row.library.population;
  const c = row.collectionLiteracy;
  const e = row.eventLiteracy;
  const score = (ratio: number) => Math.min(1, ratio) * 100;
  return [
    score(1 / pop / (1 / s.inhabitantsPerLibrary)),
    score(c.copies / pop / s.copiesPerCapita),
    score(librarians / pop / (1 / s.inhabitantsPerLibrarian)),
    score(((c.visits / c.daysCounted) * 1000) / pop / s.dailyVisitsPer1000),
    score(meetsStandard ? 1 : 0),
    score((e.participants * 1000) / pop / s.participantsPer1000),
    score(c.members / pop / s.membersPerCapita),
  ];
}

describe('the band of a literacy index', () => {
  it.each([
    [0, LiteracyBand.SANGAT_RENDAH],
    [29.99, LiteracyBand.SANGAT_RENDAH],
    [30, LiteracyBand.RENDAH],
    [49.99, LiteracyBand.RENDAH],
    [50, LiteracyBand.SEDANG],
    [79.99, LiteracyBand.SEDANG],
    [80, LiteracyBand.TINGGI],
    [89.99, LiteracyBand.TINGGI],
    [90, LiteracyBand.SANGAT_TINGGI],
    [100, LiteracyBand.SANGAT_TINGGI],
  ])('puts %p in %s', (index, band) => {
    expect(literacyBand(index)).toBe(band);
  });

  it('labels the bands as Perpusnas does', () => {
    expect(Object.values(LITERACY_BAND_LABELS)).toEqual(['Sangat Rendah', 'Rendah', 'Sedang', 'Tinggi', 'Sangat Tinggi']);
  });
});

describe('the query plan of the literacy index on @apollo/gateway', () => {
  const supergraph = Supergraph.build(fs.readFileSync(loadConfig({ ...process.env, NODE_ENV: 'test' }).supergraphPath, 'utf8'));
  const planner = new QueryPlanner(supergraph);
  const plan = (query: string) => planner.buildQueryPlan(operationFromDocument(supergraph.schema, parse(query)));

  it('plans without errors: rows from staff-development, then collections and community-events once each for all rows in parallel, then staff-development once to compute', () => {
    const node = plan(`{ literacyIndex(year: ${YEAR}) { library { id } index band bandLabel missingElements elements { code value figures { name value } } } }`).node as Extract<
      PlanNode,
      { kind: 'Sequence' }
    >;
    expect(node.kind).toBe('Sequence');
    const [list, figures, compute, ...rest] = node.nodes;
    expect(rest).toEqual([]);
    expect(list).toMatchObject({ kind: 'Fetch', serviceName: 'staff-development' });
    expect(figures.kind).toBe('Parallel');
    const contributors = (figures as Extract<PlanNode, { kind: 'Parallel' }>).nodes.map((n) => {
      expect(n).toMatchObject({ kind: 'Flatten', path: ['literacyIndex', '@'], node: { kind: 'Fetch' } });
      return (n as any).node.serviceName as string;
    });
    expect(contributors.sort()).toEqual(['collections', 'community-events']);
    expect(compute).toMatchObject({ kind: 'Flatten', path: ['literacyIndex', '@'], node: { kind: 'Fetch', serviceName: 'staff-development' } });
    // The computing fetch receives the raw figures it requires with each row.
    const sent = JSON.stringify((compute as any).node.requires);
    for (const field of ['libraryId', 'year', 'collectionLiteracy', 'copies', 'daysCounted', 'eventLiteracy', 'participants']) expect(sent).toContain(`"${field}"`);
  });
});

describe.each(BACKENDS)('Query.literacyIndex (%s)', (backend) => {
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
  });
  afterAll(() => fed?.stop());

  const literacy = (token: string | undefined, variables: Record<string, unknown> = {}) => fed.query(INDEX, { token, variables: { year: YEAR, ...variables } });

  it('gives GOVERNMENT every library with seven elements, their raw figures equal to the subgraphs’ own indicators, and the index recomputed from them', async () => {
    const res = await literacy(tokens.government);
    expect(res.errors).toBeUndefined();
    const rows = res.data.literacyIndex;
    expect(rows.map((r: any) => r.libraryId).sort()).toEqual(DEMO_LIBRARIES.map((l) => l.id).sort());
    const direct = await fed.query(PER_LIBRARY, { token: tokens.admin, variables: { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` } });
    expect(direct.errors).toBeUndefined();
    const standards = fed.config.literacy;

    for (const row of rows.filter((r: any) => r.libraryId !== 'pematang-siantar')) {
      const lib = direct.data.libraries.find((l: any) => l.id === row.libraryId);
      expect(row.year).toBe(YEAR);
      expect(row.elements.map((e: any) => e.code)).toEqual(CODES);
      // The raw figures are the subgraphs' own, for the calendar year.
      expect(row.library.population).toBe(lib.population);
      expect(row.collectionLiteracy).toMatchObject({
        titles: lib.collectionIndicators.titles,
        copies: lib.collectionIndicators.items,
        members: lib.collectionIndicators.members,
        visits: lib.collectionIndicators.visits,
      });
      expect(row.eventLiteracy).toEqual({ events: lib.eventIndicators.events, participants: lib.eventIndicators.attendance });
      expect(figure(element(row, 'UPLM2'), 'copies')).toBe(row.collectionLiteracy.copies);
      expect(figure(element(row, 'UPLM3'), 'librarians')).toBe(lib.staffIndicators.librarians);
      expect(figure(element(row, 'UPLM4'), 'visits')).toBe(row.collectionLiteracy.visits);
      expect(figure(element(row, 'UPLM6'), 'participants')).toBe(row.eventLiteracy.participants);
      expect(figure(element(row, 'UPLM7'), 'members')).toBe(row.collectionLiteracy.members);

      // Every element has its data in the demo year, so the index and band are there.
      expect(row.missingElements).toEqual([]);
      const meets = figure(element(row, 'UPLM5'), 'meetsStandard') === 1;
      const scores = expectedScores(row, lib.staffIndicators.librarians, meets, standards);
      row.elements.forEach((e: any, i: number) => {
        expect(e.missing).toBe(false);
        expect(e.reason).toBeNull();
        expect(e.value).toBeCloseTo(scores[i], 1);
      });
      const index = scores.reduce((a, b) => a + b, 0) / 7;
      expect(row.index).toBeCloseTo(index, 1);
      expect(row.band).toBe(literacyBand(row.index));
      expect(row.bandLabel).toBe(LITERACY_BAND_LABELS[row.band as LiteracyBand]);
    }
    // The demo data is not empty: there are copies, visits and participants somewhere.
    expect(rows.some((r: any) => r.collectionLiteracy.copies > 0 && r.collectionLiteracy.visits > 0 && r.eventLiteracy.participants > 0)).toBe(true);
  });

  it('counts an accreditation that does not meet the standard as 0, not as missing (Baubau, grade C)', async () => {
    const baubau = (await literacy(tokens.admin)).data.literacyIndex.find((r: any) => r.libraryId === 'baubau');
    const uplm5 = element(baubau, 'UPLM5');
    expect(uplm5).toMatchObject({ missing: false, value: 0 });
    expect(figure(uplm5, 'meetsStandard')).toBe(0);
    expect(baubau.index).not.toBeNull();
  });

  it('says UPLM5 is missing for a library without an accreditation, and gives no index nor band', async () => {
    const siantar = (await literacy(tokens.government)).data.literacyIndex.find((r: any) => r.libraryId === 'pematang-siantar');
    expect(siantar.missingElements).toEqual(['UPLM5']);
    expect(element(siantar, 'UPLM5')).toMatchObject({ missing: true, value: null });
    expect(element(siantar, 'UPLM5').reason).toBeTruthy();
    expect(siantar).toMatchObject({ index: null, band: null, bandLabel: null });
    // The other six elements are still there.
    expect(siantar.elements.filter((e: any) => !e.missing)).toHaveLength(6);
  });

  it('says UPLM4 is missing in a year without visitor counts', async () => {
    const res = await literacy(tokens.government, { year: 2025 });
    expect(res.errors).toBeUndefined();
    for (const row of res.data.literacyIndex) {
      expect(row.missingElements).toContain('UPLM4');
      expect(element(row, 'UPLM4')).toMatchObject({ missing: true, value: null });
      expect(row.index).toBeNull();
    }
  });

  it('lists the rows by library name and filters by the province argument', async () => {
    const all = (await literacy(tokens.admin)).data.literacyIndex.map((r: any) => r.library.name);
    expect(all).toEqual([...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const ntt = await literacy(tokens.government, { province: NTT });
    expect(ntt.data.literacyIndex.map((r: any) => r.libraryId)).toEqual(['kupang']);
  });

  it('gives a LIBRARY_ADMIN their own library only and a province-scoped GOVERNMENT its province only', async () => {
    const own = await literacy(tokens.kupangAdmin);
    expect(own.errors).toBeUndefined();
    expect(own.data.literacyIndex.map((r: any) => r.libraryId)).toEqual(['kupang']);
    expect(own.data.literacyIndex[0].elements).toHaveLength(7);
    const ntt = await literacy(tokens.ntt);
    expect(ntt.data.literacyIndex.map((r: any) => r.library.province)).toEqual([NTT]);
    expect(codes(await literacy(tokens.ntt, { province: 'Jawa Timur' }))).toEqual(['FORBIDDEN']);
  });

  it('refuses an anonymous caller with UNAUTHENTICATED and librarians and members with FORBIDDEN', async () => {
    expect(codes(await literacy(undefined))).toEqual(['UNAUTHENTICATED']);
    for (const token of [tokens.librarian, tokens.member]) {
      const res = await literacy(token);
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.data?.literacyIndex ?? null).toBeNull();
    }
  });

  it('refuses a year outside 2000–2100 and an unknown province with BAD_USER_INPUT', async () => {
    const year = await literacy(tokens.government, { year: 1999 });
    expect(codes(year)).toEqual(['BAD_USER_INPUT']);
    expect(year.errors![0].extensions!.field).toBe('year');
    const province = await literacy(tokens.government, { province: 'Atlantis' });
    expect(codes(province)).toEqual(['BAD_USER_INPUT']);
    expect(province.errors![0].extensions!.field).toBe('province');
  });

  it('costs each subgraph the same SQL statements for the whole region as for one library (one batched call each)', async () => {
    const statements = async (variables: Record<string, unknown>) => {
      const before = Object.fromEntries(Object.entries(fed.subgraphs).map(([n, s]) => [n, s.queries()]));
      const res = await literacy(tokens.admin, variables);
      expect(res.errors).toBeUndefined();
      return Object.fromEntries(Object.entries(fed.subgraphs).map(([n, s]) => [n, s.queries() - before[n]]));
    };
    await statements({}); // warms the subgraphs' cached library calendars and directories
    const one = await statements({ province: NTT });
    const all = await statements({});
    expect(all).toEqual(one);
    for (const name of ['staff-development', 'collections', 'community-events']) expect(one[name]).toBeGreaterThan(0);
  });

  describe('LiteracyIndexRow sent straight to a subgraph (reference resolvers bypass @Authorized)', () => {
    const QUERIES = {
      'staff-development': 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on LiteracyIndexRow { libraryId index } } }',
      collections: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on LiteracyIndexRow { libraryId collectionLiteracy { copies } } } }',
      'community-events': 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on LiteracyIndexRow { libraryId eventLiteracy { events } } } }',
    } as const;
    const NAMES = Object.keys(QUERIES) as (keyof typeof QUERIES)[];
    const send = async (name: keyof typeof QUERIES, identity: Identity, libraryId: string) =>
      postGraphQL(
        fed.subgraphs[name].url,
        { query: QUERIES[name], variables: { r: [{ __typename: 'LiteracyIndexRow', libraryId, year: YEAR }] } },
        { [INTERNAL_HEADER]: await signInternalToken(identity, fed.config.gatewaySecret) },
      );

    it.each(NAMES)("refuses a LIBRARY_ADMIN another library's row in %s with FORBIDDEN, and answers their own", async (name) => {
      const kupangAdmin: Identity = { sub: 'x', role: 'LIBRARY_ADMIN', libraryId: 'kupang' };
      expect(codes(await send(name, kupangAdmin, 'baubau'))).toEqual(['FORBIDDEN']);
      const own = await send(name, kupangAdmin, 'kupang');
      expect(own.errors).toBeUndefined();
      expect(own.data._entities[0].libraryId).toBe('kupang');
    });

    it.each(NAMES)('refuses in %s a province-scoped GOVERNMENT another province, a librarian, and an anonymous caller', async (name) => {
      expect(codes(await send(name, { sub: 'g', role: 'GOVERNMENT', province: NTT }, 'pasuruan'))).toEqual(['FORBIDDEN']);
      const librarian: Identity = { sub: 'l', role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 0) };
      expect(codes(await send(name, librarian, 'kupang'))).toEqual(['FORBIDDEN']);
      expect(codes(await send(name, { sub: 'anonymous', role: 'PUBLIC' }, 'kupang'))).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('Mutation.recordLibraryAccreditation', () => {
    const RECORD = `mutation ($input: LibraryAccreditationInput!) {
      recordLibraryAccreditation(input: $input) { id libraryId year grade meetsStandard }
    }`;
    const record = (token: string | undefined, input: Record<string, unknown>) =>
      fed.query(RECORD, { token, variables: { input: { libraryId: 'pematang-siantar', year: YEAR, grade: 'B', meetsStandard: true, ...input } } });

    it('refuses everyone but ADMIN: LIBRARY_ADMIN and GOVERNMENT with FORBIDDEN, an anonymous caller with UNAUTHENTICATED', async () => {
      const siantarAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'pematang-siantar' });
      for (const token of [siantarAdmin, tokens.government, tokens.librarian]) expect(codes(await record(token, {}))).toEqual(['FORBIDDEN']);
      expect(codes(await record(undefined, {}))).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses an unknown library and a year outside 2000–2100 with BAD_USER_INPUT on the field, writing nothing', async () => {
      const library = await record(tokens.admin, { libraryId: 'atlantis' });
      expect(codes(library)).toEqual(['BAD_USER_INPUT']);
      expect(library.errors![0].extensions!.field).toBe('libraryId');
      const year = await record(tokens.admin, { year: 1990 });
      expect(codes(year)).toEqual(['BAD_USER_INPUT']);
      expect(year.errors![0].extensions!.field).toBe('year');
      const siantar = (await literacy(tokens.admin)).data.literacyIndex.find((r: any) => r.libraryId === 'pematang-siantar');
      expect(siantar.missingElements).toEqual(['UPLM5']);
    });

    it("lets ADMIN record one, which completes the library's index; a second for the same year is a CONFLICT", async () => {
      const res = await record(tokens.admin, {});
      expect(res.errors).toBeUndefined();
      expect(res.data.recordLibraryAccreditation).toMatchObject({ libraryId: 'pematang-siantar', year: YEAR, grade: 'B', meetsStandard: true });
      const siantar = (await literacy(tokens.government)).data.literacyIndex.find((r: any) => r.libraryId === 'pematang-siantar');
      expect(siantar.missingElements).toEqual([]);
      expect(element(siantar, 'UPLM5')).toMatchObject({ missing: false, value: 100 });
      expect(siantar.index).not.toBeNull();
      expect(siantar.band).toBe(literacyBand(siantar.index));
      // It still counts the following years while valid, not the years before.
      const next = (await literacy(tokens.government, { year: YEAR + 1 })).data.literacyIndex.find((r: any) => r.libraryId === 'pematang-siantar');
      expect(element(next, 'UPLM5').missing).toBe(false);
      const before = (await literacy(tokens.government, { year: YEAR - 1 })).data.literacyIndex.find((r: any) => r.libraryId === 'pematang-siantar');
      expect(element(before, 'UPLM5').missing).toBe(true);

      const again = await record(tokens.admin, { grade: 'A' });
      expect(codes(again)).toEqual(['CONFLICT']);
      expect(again.errors![0].extensions!.reason).toBe('ALREADY_RECORDED');
    });

    it('records one of two simultaneous accreditations of a library for a year and refuses the other with CONFLICT', async () => {
      const both = await Promise.all([
        record(tokens.admin, { libraryId: 'baubau', year: 2027, grade: 'A' }),
        record(tokens.admin, { libraryId: 'baubau', year: 2027, grade: 'B' }),
      ]);
      expect(both.filter((r) => !r.errors).length).toBe(1);
      expect(both.flatMap(codes)).toEqual(['CONFLICT']);
    });

    it("shows a library's accreditations, latest first, to GOVERNMENT and its staff, and refuses a member and an anonymous caller", async () => {
      const ACCREDITATIONS = '{ library(id: "kupang") { accreditations { year grade meetsStandard } } }';
      const res = await fed.query(ACCREDITATIONS, { token: tokens.government });
      expect(res.errors).toBeUndefined();
      expect(res.data.library.accreditations).toEqual([{ year: 2024, grade: 'B', meetsStandard: true }]);
      expect((await fed.query(ACCREDITATIONS, { token: tokens.librarian })).errors).toBeUndefined();
      expect(codes(await fed.query(ACCREDITATIONS, { token: tokens.member }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(ACCREDITATIONS, {}))).toEqual(['UNAUTHENTICATED']);
    });
  });
});
