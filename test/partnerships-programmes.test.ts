import { demoId } from '../shared/domain/demo';
import { BACKENDS, codes, startFederation, type Federation } from './helpers/federation';

const kupangSchool = demoId('partner', 'kupang', 0);
const kupangUniversity = demoId('partner', 'kupang', 3);
const kupangBank = demoId('partner', 'kupang', 5);
const baubauSchool = demoId('partner', 'baubau', 0);
const schoolAgreement = demoId('agreement', 'kupang', kupangSchool, 0);
const universityAgreement = demoId('agreement', 'kupang', kupangUniversity, 1);
const librarian = demoId('librarian', 'kupang', 2);

const P = 'id kind title status participantsReached itemsCount outcomes librarians { id name } partner { id } library { id } agreement { id }';
const CREATE = `mutation ($input: CreatePartnershipProgrammeInput!) { createPartnershipProgramme(input: $input) { ${P} } }`;
const CONFIRM = `mutation ($id: ID!) { confirmPartnershipProgramme(id: $id) { ${P} } }`;
const START = `mutation ($id: ID!) { startPartnershipProgramme(id: $id) { ${P} } }`;
const COMPLETE = `mutation ($id: ID!, $o: CompletePartnershipProgrammeInput!) { completePartnershipProgramme(id: $id, outcome: $o) { ${P} } }`;
const CANCEL = `mutation ($id: ID!) { cancelPartnershipProgramme(id: $id, reason: "Sekolah sedang ujian") { ${P} } }`;
const ONE = `query ($id: ID!) { partnershipProgramme(id: $id) { ${P} } }`;
const INDICATORS = `query ($from: Date!, $to: Date!) { libraries { id partnershipIndicators(from: $from, to: $to) {
  activePartners partnersByKind { key count } activeAgreements schoolVisits studentsReached copiesLentToSchools internsHosted fundingReceived } } }`;

const visit = (overrides: Record<string, unknown> = {}) => ({
  agreementId: schoolAgreement,
  kind: 'SCHOOL_VISIT',
  title: 'Kunjungan Perpustakaan Keliling ke SD Negeri 1 Kupang',
  topic: 'Mengenal buku cerita rakyat NTT',
  startsOn: '2026-12-03',
  endsOn: '2026-12-03',
  expectedParticipants: 60,
  librarianIds: [librarian],
  ...overrides,
});
const outcome = { participantsReached: 58, outcomes: 'Siswa kelas 4 dan 5 membaca bersama dan membuat kartu anggota.' };

describe.each(BACKENDS)('partnership programmes, funding and indicators (%s)', (backend) => {
  let fed: Federation;
  const t: Record<string, string> = {};
  const run = (query: string, token: string | undefined, variables: Record<string, unknown> = {}) => fed.query(query, { token, variables });
  const ok = async (query: string, token: string | undefined, variables: Record<string, unknown> = {}) => {
    const res = await run(query, token, variables);
    expect(res.errors).toBeUndefined();
    return Object.values(res.data)[0] as any;
  };

  beforeAll(async () => {
    fed = await startFederation(backend);
    t.school = await fed.token({ role: 'PARTNER', partnerId: kupangSchool });
    t.otherSchool = await fed.token({ role: 'PARTNER', partnerId: baubauSchool });
    t.bank = await fed.token({ role: 'PARTNER', partnerId: kupangBank });
    t.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    t.baubauAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    t.librarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: librarian });
    t.member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 0) });
    t.government = await fed.token({ role: 'GOVERNMENT' });
    t.admin = await fed.token({ role: 'ADMIN' });
  });
  afterAll(() => fed?.stop());

  describe('programmes under an agreement', () => {
    it('plans a school visit with the librarians going (names from staff-development) and completes it with its outcomes', async () => {
      const planned = await ok(CREATE, t.kupangAdmin, { input: visit() });
      expect(planned).toMatchObject({ kind: 'SCHOOL_VISIT', status: 'PLANNED', partner: { id: kupangSchool }, library: { id: 'kupang' }, agreement: { id: schoolAgreement } });
      expect(planned.librarians).toEqual([{ id: librarian, name: expect.stringMatching(/\S/) }]);
      expect((await ok(START, t.kupangAdmin, { id: planned.id })).status).toBe('IN_PROGRESS');
      const done = await ok(COMPLETE, t.kupangAdmin, { id: planned.id, o: outcome });
      expect(done).toMatchObject({ status: 'COMPLETED', participantsReached: 58 });
    });

    it('lets a partner propose a programme (PROPOSED) that the library confirms, and refuses illegal moves with CONFLICT', async () => {
      const proposed = await ok(CREATE, t.school, { input: visit({ librarianIds: [] }) });
      expect(proposed.status).toBe('PROPOSED');
      expect(codes(await run(START, t.kupangAdmin, { id: proposed.id }))).toEqual(['CONFLICT']);
      expect(codes(await run(CONFIRM, t.school, { id: proposed.id }))).toEqual(['FORBIDDEN']);
      expect((await ok(CONFIRM, t.kupangAdmin, { id: proposed.id })).status).toBe('PLANNED');
      expect(codes(await run(CONFIRM, t.kupangAdmin, { id: proposed.id }))).toEqual(['CONFLICT']);
      expect((await ok(CANCEL, t.school, { id: proposed.id })).status).toBe('CANCELLED');
      expect(codes(await run(COMPLETE, t.kupangAdmin, { id: proposed.id, o: outcome }))).toEqual(['CONFLICT']);
    });

    it('records a lending programme with the copies lent, and asks for them (BAD_USER_INPUT on itemsCount)', async () => {
      const lending = await ok(CREATE, t.kupangAdmin, {
        input: visit({ kind: 'SCHOOL_LENDING', title: 'Pinjaman Koleksi Semester Genap', topic: 'Buku bacaan anak', startsOn: '2026-12-01', endsOn: '2027-01-31' }),
      });
      const missing = await run(COMPLETE, t.kupangAdmin, { id: lending.id, o: outcome });
      expect(missing.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'itemsCount' });
      expect((await ok(COMPLETE, t.kupangAdmin, { id: lending.id, o: { ...outcome, itemsCount: 120 } })).itemsCount).toBe(120);
    });

    it('refuses a kind that does not fit the partner, and librarians of another library, with BAD_USER_INPUT', async () => {
      const visitUniversity = await run(CREATE, t.kupangAdmin, { input: visit({ agreementId: universityAgreement }) });
      expect(visitUniversity.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kind' });
      const foreign = await run(CREATE, t.kupangAdmin, { input: visit({ librarianIds: [demoId('librarian', 'baubau', 1)] }) });
      expect(foreign.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'librarianIds' });
      const seminar = await ok(CREATE, t.kupangAdmin, {
        input: visit({ agreementId: universityAgreement, kind: 'SEMINAR', title: 'Seminar Literasi Digital', topic: 'Literasi digital', librarianIds: [] }),
      });
      expect(seminar.kind).toBe('SEMINAR');
    });

    it("refuses a librarian, another library's admin, another partner and GOVERNMENT to plan (FORBIDDEN), an anonymous caller (UNAUTHENTICATED)", async () => {
      for (const token of [t.librarian, t.baubauAdmin, t.otherSchool, t.government, t.member]) expect(codes(await run(CREATE, token, { input: visit() }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(CREATE, undefined, { input: visit() }))).toEqual(['UNAUTHENTICATED']);
      const planned = await ok(CREATE, t.kupangAdmin, { input: visit() });
      for (const token of [t.librarian, t.baubauAdmin, t.school]) expect(codes(await run(START, token, { id: planned.id }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(CANCEL, t.otherSchool, { id: planned.id }))).toEqual(['FORBIDDEN']);
    });

    it('shows a programme to the parties, GOVERNMENT and ADMIN, and refuses other partners and libraries (FORBIDDEN)', async () => {
      const planned = await ok(CREATE, t.kupangAdmin, { input: visit() });
      for (const token of [t.school, t.librarian, t.government, t.admin]) expect((await ok(ONE, token, { id: planned.id })).id).toBe(planned.id);
      for (const token of [t.otherSchool, t.baubauAdmin, t.member]) expect(codes(await run(ONE, token, { id: planned.id }))).toEqual(['FORBIDDEN']);
      const mine = await ok(`query ($id: ID!) { partner(id: $id) { programmes(first: 50) { totalCount edges { node { id } } } } }`, t.school, { id: kupangSchool });
      expect(mine.programmes.edges.map((e: any) => e.node.id)).toContain(planned.id);
      expect(codes(await run(`query ($id: ID!) { partner(id: $id) { programmes(first: 5) { totalCount } } }`, t.otherSchool, { id: kupangSchool }))).toEqual(['FORBIDDEN']);
    });
  });

  describe('funding', () => {
    const RECORD = `mutation ($input: RecordFundingContributionInput!) { recordFundingContribution(input: $input) { id amount source partner { id } library { id } } }`;
    const TOTALS = `query ($g: [FundingDimension!]!, $f: FundingTotalsFilter) { fundingTotals(groupBy: $g, filter: $f) { year source amount contributions library { id } partner { id } } }`;
    const contribution = (overrides: Record<string, unknown> = {}) => ({
      libraryId: 'kupang',
      partnerId: kupangBank,
      source: 'PRIVATE_STAKEHOLDER',
      programme: 'CSR Bank NTT 2024',
      purpose: 'Pengadaan buku anak dan rak pojok baca',
      amount: 3_500_000_000,
      receivedOn: '2024-01-15', // a year the demo data has no funding in, and in the past: money is recorded once received
      ...overrides,
    });

    it('records a contribution beyond Int range in whole rupiah and totals it per library, partner and year', async () => {
      const recorded = await ok(RECORD, t.kupangAdmin, { input: contribution() });
      expect(recorded.amount).toBe(3_500_000_000);
      await ok(RECORD, t.kupangAdmin, { input: contribution({ amount: 150_000_000, receivedOn: '2024-03-01' }) });
      const totals = await ok(TOTALS, t.government, { g: ['LIBRARY', 'PARTNER', 'YEAR'], f: { year: 2024 } });
      expect(totals).toContainEqual({ year: 2024, source: null, amount: 3_650_000_000, contributions: 2, library: { id: 'kupang' }, partner: { id: kupangBank } });
      const own = await ok(TOTALS, t.kupangAdmin, { g: ['YEAR'], f: { libraryId: 'kupang', year: 2024 } });
      expect(own).toEqual([{ year: 2024, source: null, amount: 3_650_000_000, contributions: 2, library: null, partner: null }]);
      const asFunder = await ok(TOTALS, t.bank, { g: ['LIBRARY'], f: { partnerId: kupangBank, year: 2024 } });
      expect(asFunder).toEqual([expect.objectContaining({ amount: 3_650_000_000, library: { id: 'kupang' } })]);
    });

    it('refuses totals to a librarian, to an admin for another library or all libraries, and to another partner (FORBIDDEN)', async () => {
      expect(codes(await run(TOTALS, t.librarian, { g: ['YEAR'], f: { libraryId: 'kupang' } }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(TOTALS, t.kupangAdmin, { g: ['YEAR'], f: { libraryId: 'baubau' } }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(TOTALS, t.kupangAdmin, { g: ['LIBRARY'] }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(TOTALS, t.school, { g: ['YEAR'], f: { partnerId: kupangBank } }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(TOTALS, t.member, { g: ['YEAR'] }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(TOTALS, undefined, { g: ['YEAR'] }))).toEqual(['UNAUTHENTICATED']);
    });

    it("refuses recording to a librarian and another library's admin (FORBIDDEN), a zero amount (BAD_USER_INPUT)", async () => {
      expect(codes(await run(RECORD, t.librarian, { input: contribution() }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(RECORD, t.baubauAdmin, { input: contribution() }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(RECORD, t.kupangAdmin, { input: contribution({ amount: 0 }) }))).toEqual(['BAD_USER_INPUT']);
    });

    it("lists a library's contributions for its admin and GOVERNMENT, not for its librarians", async () => {
      const LIST = `{ library(id: "kupang") { fundingContributions(first: 5, year: 2024) { totalCount edges { node { amount programme } } } } }`;
      expect((await ok(LIST, t.government)).fundingContributions.totalCount).toBeGreaterThanOrEqual(2);
      expect(codes(await run(LIST, t.librarian))).toEqual(['FORBIDDEN']);
    });
  });

  describe('Library.partnershipIndicators', () => {
    it('answers for every library with one set of grouped queries, counting visits, students, interns and funding', async () => {
      const before = fed.subgraphs.partnerships.queries();
      const all = await ok(INDICATORS, t.government, { from: '2024-01-01', to: '2027-12-31' });
      const cost = fed.subgraphs.partnerships.queries() - before;
      const one = fed.subgraphs.partnerships.queries();
      await ok(`query ($from: Date!, $to: Date!) { library(id: "kupang") { partnershipIndicators(from: $from, to: $to) { activePartners } } }`, t.government, {
        from: '2024-01-01',
        to: '2027-12-31',
      });
      expect(fed.subgraphs.partnerships.queries() - one).toBe(cost);
      for (const library of all) {
        const i = library.partnershipIndicators;
        expect(i.activePartners).toBeGreaterThan(0);
        expect(i.partnersByKind.reduce((s: number, k: any) => s + k.count, 0)).toBe(i.activePartners);
        expect(i.schoolVisits).toBeGreaterThan(0);
        expect(i.studentsReached).toBeGreaterThan(0);
        expect(i.internsHosted).toBeGreaterThan(0);
        expect(i.fundingReceived).toBeGreaterThan(0);
      }
      const kupang = all.find((l: any) => l.id === 'kupang').partnershipIndicators;
      expect(kupang.partnersByKind).toContainEqual({ key: 'SCHOOL', count: 3 });
      expect(kupang.fundingReceived).toBeGreaterThanOrEqual(3_650_000_000);
    });

    it("refuses another library's staff, partners and members (FORBIDDEN), an anonymous caller (UNAUTHENTICATED), a reversed period (BAD_USER_INPUT)", async () => {
      const Q = `{ library(id: "kupang") { partnershipIndicators(from: "2026-01-01", to: "2026-12-31") { activePartners } } }`;
      for (const token of [t.baubauAdmin, t.school, t.member]) expect(codes(await run(Q, token))).toEqual(['FORBIDDEN']);
      expect(codes(await run(Q, undefined))).toEqual(['UNAUTHENTICATED']);
      expect((await ok(Q, t.librarian)).partnershipIndicators.activePartners).toBeGreaterThan(0);
      const reversed = await run(`{ library(id: "kupang") { partnershipIndicators(from: "2026-12-31", to: "2026-01-01") { activePartners } } }`, t.admin);
      expect(codes(reversed)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('Query.expiringAgreements', () => {
    const EXPIRING = `query ($d: Int!, $l: ID) { expiringAgreements(withinDays: $d, libraryId: $l) { id endsOn daysRemaining status library { id } partner { id } } }`;

    it('lists agreements in force ending within N days, soonest first, per caller', async () => {
      const all = await ok(EXPIRING, t.government, { d: 3650 });
      expect(all.length).toBeGreaterThan(0);
      expect(all.map((a: any) => a.endsOn)).toEqual([...all.map((a: any) => a.endsOn)].sort());
      for (const a of all) expect(a.status).toBe('ACTIVE');
      const kupang = await ok(EXPIRING, t.librarian, { d: 3650 });
      expect(kupang.length).toBeGreaterThan(0);
      for (const a of kupang) expect(a.library.id).toBe('kupang');
      const school = await ok(EXPIRING, t.school, { d: 3650 });
      for (const a of school) expect(a.partner.id).toBe(kupangSchool);
      const soon = await ok(EXPIRING, t.government, { d: 0 });
      for (const a of soon) expect(a.daysRemaining).toBe(0);
    });

    it("refuses staff another library's list (FORBIDDEN), a member (FORBIDDEN), a negative N (BAD_USER_INPUT)", async () => {
      expect(codes(await run(EXPIRING, t.kupangAdmin, { d: 30, l: 'baubau' }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(EXPIRING, t.member, { d: 30 }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(EXPIRING, undefined, { d: 30 }))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await run(EXPIRING, t.admin, { d: -1 }))).toEqual(['BAD_USER_INPUT']);
    });
  });
});
