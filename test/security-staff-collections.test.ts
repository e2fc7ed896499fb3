import { randomUUID } from 'node:crypto';
import { demoId } from '../shared/domain/demo';
import { addDays, todayIn } from '../shared/platform/time';
import { Item, ItemStatus } from '../subgraphs/collections/catalogue/item.entity';
import { Loan } from '../subgraphs/collections/circulation/loan.entity';
import { Member, MemberStatus, MemberType } from '../subgraphs/collections/members/member.entity';
import { TrainingProgramme } from '../subgraphs/staff-development/training/training-programme.entity';
import { BACKENDS, codes, startFederation, type Federation, type GraphQLResponse } from './helpers/federation';

/**
 * Holes an outside security tester found in the staff-development and collections subgraphs, one
 * describe each. Every test names a caller who must be refused; each failed on the code before
 * the fix.
 */

const NTT = 'Nusa Tenggara Timur'; // Kupang's province (each demo province has one library)
const SULTRA = 'Sulawesi Tenggara'; // Baubau's
const JATIM = 'Jawa Timur'; // Pasuruan's

const university = (library: string) => demoId('partner', library, 3); // gives each city's demo programme 2
const kupangSchool = demoId('partner', 'kupang', 0); // holds an institution card in Kupang
const radio = demoId('partner', 'regional', 2); // works with Pasuruan and Pematang Siantar, not Kupang
const nttOffice = demoId('partner', 'regional', 1); // the NTT provincial library office: holds no institution card

const CREATE = `mutation ($input: CreateTrainingProgrammeInput!) { createTrainingProgramme(input: $input) { id status partner { id } } }`;
const PARTNER_PROGRAMMES = `query ($id: ID!) { partner(id: $id) { trainingProgrammes(first: 100) { edges { node { id status library { id } } } } } }`;
const LIBRARY_PROGRAMMES = `{ libraries { id trainingProgrammes(first: 100) { edges { node { id } } } } }`;
const ONE_PROGRAMME = `query ($id: ID!) { trainingProgramme(id: $id) { id status } }`;
const LOAN_COUNTS = `query ($id: ID!) { partner(id: $id) { institutionLoanCounts { loans open overdue } } }`;
const CHECKOUT = `mutation ($barcode: String!, $memberId: ID!) { checkoutItem(barcode: $barcode, memberId: $memberId) { id member { id } } }`;

describe.each(BACKENDS)('staff development and collections security (%s)', (backend) => {
  let fed: Federation;
  const t: Record<string, string> = {};
  const today = todayIn('Asia/Makassar');
  const run = (query: string, token: string | undefined, variables: Record<string, unknown> = {}) => fed.query(query, { token, variables });
  const ok = async (query: string, token: string | undefined, variables: Record<string, unknown> = {}) => {
    const res = await run(query, token, variables);
    expect(res.errors).toBeUndefined();
    return res.data;
  };
  const programme = (libraryId: string, overrides: Record<string, unknown> = {}) => ({
    libraryId,
    title: `Rencana Pelatihan ${randomUUID().slice(0, 8)}`,
    module: 'MANAGEMENT',
    lessonHours: 8,
    capacity: 5,
    startsOn: addDays(today, 60),
    endsOn: addDays(today, 61),
    ...overrides,
  });
  const listed = (res: GraphQLResponse, id: string) => (res.data?.partner?.trainingProgrammes?.edges ?? []).some((e: any) => e.node.id === id);

  beforeAll(async () => {
    fed = await startFederation(backend);
    t.admin = await fed.token({ role: 'ADMIN' });
    t.government = await fed.token({ role: 'GOVERNMENT' });
    t.govNtt = await fed.token({ role: 'GOVERNMENT', province: NTT });
    t.govSultra = await fed.token({ role: 'GOVERNMENT', province: SULTRA });
    t.govJatim = await fed.token({ role: 'GOVERNMENT', province: JATIM });
    t.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    t.baubauAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    t.kupangLibrarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 0) });
    t.baubauLibrarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'baubau', librarianId: demoId('librarian', 'baubau', 0) });
    t.baubauUniversity = await fed.token({ role: 'PARTNER', partnerId: university('baubau') });
    t.baubauMember = await fed.token({ role: 'MEMBER', libraryId: 'baubau', memberId: demoId('member', 'baubau', 20) });
  });
  afterAll(() => fed?.stop());

  describe('2. province-bound GOVERNMENT tokens stay in their province', () => {
    let draft: string;
    beforeAll(async () => {
      const created = await ok(CREATE, t.baubauAdmin, { input: programme('baubau', { provider: 'PARTNER', partnerId: university('baubau') }) });
      draft = created.createTrainingProgramme.id;
      expect(created.createTrainingProgramme).toMatchObject({ status: 'DRAFT', partner: { id: university('baubau') } });
    });

    it("hides a Baubau draft given by a partner from Partner.trainingProgrammes for a GOVERNMENT token of another province and for other libraries' staff", async () => {
      for (const token of [t.govNtt, t.govJatim, t.kupangAdmin, t.kupangLibrarian, t.baubauUniversity]) {
        const res = await run(PARTNER_PROGRAMMES, token, { id: university('baubau') });
        expect(res.errors).toBeUndefined();
        expect(listed(res, draft)).toBe(false);
        expect(res.data.partner.trainingProgrammes.edges.every((e: any) => e.node.status !== 'DRAFT' || e.node.library.id !== 'baubau')).toBe(true);
      }
    });

    it("shows it to Baubau's staff, the GOVERNMENT of Baubau's province, a region-wide GOVERNMENT token and ADMIN", async () => {
      for (const token of [t.baubauAdmin, t.baubauLibrarian, t.govSultra, t.government, t.admin]) {
        expect(listed(await run(PARTNER_PROGRAMMES, token, { id: university('baubau') }), draft)).toBe(true);
      }
    });

    it('answers the draft NOT_FOUND on every other path for a GOVERNMENT token of another province', async () => {
      expect(codes(await run(ONE_PROGRAMME, t.govNtt, { id: draft }))).toEqual(['NOT_FOUND']);
      const libraries = await ok(LIBRARY_PROGRAMMES, t.govNtt);
      expect(libraries.libraries.flatMap((l: any) => l.trainingProgrammes.edges.map((e: any) => e.node.id))).not.toContain(draft);
      expect((await ok(ONE_PROGRAMME, t.govSultra, { id: draft })).trainingProgramme).toEqual({ id: draft, status: 'DRAFT' });
    });

    it("refuses a partner's institution loan counts to a GOVERNMENT token of another province (FORBIDDEN), and gives them to the card library's province", async () => {
      const own = await ok(LOAN_COUNTS, t.govNtt, { id: kupangSchool });
      expect(own.partner.institutionLoanCounts.loans).toBeGreaterThan(0);
      expect(await ok(LOAN_COUNTS, t.government, { id: kupangSchool })).toEqual(own);
      const other = await run(LOAN_COUNTS, t.govJatim, { id: kupangSchool });
      expect(codes(other)).toEqual(['FORBIDDEN']);
      expect(other.data.partner.institutionLoanCounts).toBeNull();
    });

    it("refuses a partner's lent copies to GOVERNMENT of any province (FORBIDDEN): the copies are the library's records", async () => {
      const q = `query ($id: ID!) { partner(id: $id) { institutionLoans(first: 1) { totalCount } } }`;
      for (const token of [t.govNtt, t.government]) expect(codes(await run(q, token, { id: kupangSchool }))).toEqual(['FORBIDDEN']);
    });
  });

  describe('1. no cross-tenant link as a side effect', () => {
    it("refuses a library admin naming as a programme's provider a partner that works with another library (BAD_USER_INPUT on partnerId), writing nothing", async () => {
      const input = programme('kupang', { provider: 'PARTNER', partnerId: university('baubau') });
      const res = await run(CREATE, t.kupangAdmin, { input });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'partnerId' });
      expect(await fed.subgraphs['staff-development'].db.getRepository(TrainingProgramme).countBy({ title: input.title })).toBe(0);
      // and the partner sees nothing of Kupang's plans
      const theirs = await ok(PARTNER_PROGRAMMES, t.baubauUniversity, { id: university('baubau') });
      expect(theirs.partner.trainingProgrammes.edges.every((e: any) => e.node.library.id === 'baubau')).toBe(true);
    });

    it('refuses an unknown partner id the same way, also for ADMIN', async () => {
      for (const token of [t.kupangAdmin, t.admin]) {
        const res = await run(CREATE, token, { input: programme('kupang', { provider: 'PARTNER', partnerId: randomUUID() }) });
        expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'partnerId' });
      }
    });

    it('accepts a partner the library works with', async () => {
      const res = await ok(CREATE, t.kupangAdmin, { input: programme('kupang', { provider: 'PARTNER', partnerId: university('kupang') }) });
      expect(res.createTrainingProgramme.partner).toEqual({ id: university('kupang') });
    });

    it('refuses to lend a copy on an institution card whose partner does not work with the library (BAD_USER_INPUT on memberId), lending nothing', async () => {
      const db = fed.subgraphs.collections.db;
      const card = db.getRepository(Member).create({
        id: randomUUID(),
        cardNumber: `T.${Date.now() % 1e9}`,
        name: 'Radio Suara Literasi',
        email: 'perpustakaan@radio.example.id',
        phone: '+6281100000000',
        memberType: MemberType.INSTITUTION,
        libraryId: 'kupang',
        partnerId: radio,
        joinedOn: '2026-01-05',
        expiresOn: '2028-01-04',
        status: MemberStatus.ACTIVE,
      });
      await db.getRepository(Member).insert(card);
      const [item, spare] = await db.getRepository(Item).find({ where: { libraryId: 'kupang', status: ItemStatus.AVAILABLE }, order: { barcode: 'DESC' }, take: 2 });
      const res = await run(CHECKOUT, t.kupangLibrarian, { barcode: item.barcode, memberId: card.id });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'memberId' });
      expect(await db.getRepository(Loan).countBy({ memberId: card.id })).toBe(0);
      expect((await db.getRepository(Item).findOneByOrFail({ id: item.id })).status).toBe(ItemStatus.AVAILABLE);
      // a card of a partner the library works with still borrows
      const school = demoId('member', 'kupang', 0);
      expect((await ok(CHECKOUT, t.kupangLibrarian, { barcode: spare.barcode, memberId: school })).checkoutItem.member).toEqual({ id: school });
    });
  });

  describe('9. a refusal is an error, never an empty answer', () => {
    it("refuses a library admin another province's regional report, trends and literacy index with FORBIDDEN instead of []", async () => {
      const report = await run(`{ regionalReport(from: "2026-01-01", to: "2026-06-30", province: "${JATIM}") { libraryId } }`, t.kupangAdmin);
      expect(codes(report)).toEqual(['FORBIDDEN']);
      expect(report.data?.regionalReport ?? null).toBeNull();
      expect(codes(await run(`{ regionalTrends(year: 2026, province: "${JATIM}") { libraryId } }`, t.kupangAdmin))).toEqual(['FORBIDDEN']);
      expect(codes(await run(`{ literacyIndex(year: 2026, province: "${JATIM}") { libraryId } }`, t.kupangAdmin))).toEqual(['FORBIDDEN']);
    });

    it("still gives a library admin their own library's row, with or without their province", async () => {
      for (const province of [null, NTT]) {
        const res = await ok(`query ($p: String) { regionalReport(from: "2026-01-01", to: "2026-06-30", province: $p) { libraryId } }`, t.kupangAdmin, { p: province });
        expect(res.regionalReport).toEqual([{ libraryId: 'kupang' }]);
      }
    });

    it('keeps a list legitimately empty for an allowed caller empty: ADMIN reads zero institution loans of a partner that holds no card', async () => {
      expect((await ok(LOAN_COUNTS, t.admin, { id: nttOffice })).partner.institutionLoanCounts).toEqual({ loans: 0, open: 0, overdue: 0 });
    });
  });

  describe('10. a refusal costs only its own field', () => {
    it("keeps `libraries` when a member of another library asks for Kupang's members (FORBIDDEN on that path)", async () => {
      const res = await run(`{ libraries { id } library(id: "kupang") { members(first: 1) { totalCount } } }`, t.baubauMember);
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.errors![0].path).toEqual(['library', 'members']);
      expect(res.data.libraries).toHaveLength(4);
      expect(res.data.library.members).toBeNull();
    });

    it('keeps the rest of the answer beside a refused regional report, a hidden draft, a member of another library and a notice outbox', async () => {
      const draft = (await ok(CREATE, t.kupangAdmin, { input: programme('kupang') })).createTrainingProgramme.id;
      const cases: [string, string | undefined, string, string][] = [
        [`regionalReport(from: "2026-01-01", to: "2026-01-31") { libraryId }`, t.baubauMember, 'regionalReport', 'FORBIDDEN'],
        [`trainingProgramme(id: "${draft}") { id }`, undefined, 'trainingProgramme', 'NOT_FOUND'],
        [`member(id: "${demoId('member', 'baubau', 20)}") { name }`, t.kupangLibrarian, 'member', 'FORBIDDEN'],
        [`circulationNotices(first: 1) { totalCount }`, t.baubauMember, 'circulationNotices', 'FORBIDDEN'],
      ];
      for (const [field, token, name, code] of cases) {
        const res = await run(`{ libraries { id } ${field} }`, token);
        expect(codes(res)).toEqual([code]);
        expect(res.data.libraries).toHaveLength(4);
        expect(res.data[name]).toBeNull();
      }
    });

    it('keeps the result of a mutation that ran when the next one in the request is refused', async () => {
      const rule = (libraryId: string) => `{ libraryId: "${libraryId}", name: "Insentif ${randomUUID().slice(0, 6)}", minTrainingHours: 20, amount: 500000 }`;
      const res = await run(`mutation { mine: createIncentiveRule(input: ${rule('kupang')}) { id } theirs: createIncentiveRule(input: ${rule('baubau')}) { id } }`, t.kupangAdmin);
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.data.mine.id).toMatch(/[0-9a-f-]{36}/);
      expect(res.data.theirs).toBeNull();
    });
  });
});
