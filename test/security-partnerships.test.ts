import { INTERNAL_HEADER, signInternalToken, type Identity } from '../shared/platform/auth';
import { demoId } from '../shared/domain/demo';
import { Agreement, AgreementState } from '../subgraphs/partnerships/agreements/agreement.entity';
import { BACKENDS, codes, postGraphQL, startFederation, type Federation, type GraphQLResponse } from './helpers/federation';

/**
 * Holes an outside security tester found in the partnerships subgraph, one describe each. Every
 * test names a caller who must be refused; each failed on the code before the fix.
 */

const kupangSchool = demoId('partner', 'kupang', 0);
const kupangUniversity = demoId('partner', 'kupang', 3);
const kupangBank = demoId('partner', 'kupang', 5);
const baubauSchool = demoId('partner', 'baubau', 0);
const baubauUniversity = demoId('partner', 'baubau', 3);
const nttOffice = demoId('partner', 'regional', 1); // the NTT provincial library office: works with Kupang (NTT) and Baubau (Sulawesi Tenggara)
const radio = demoId('partner', 'regional', 2); // works with Pasuruan and Pematang Siantar, not Kupang
const baubauSchoolAgreement = demoId('agreement', 'baubau', baubauSchool, 0);
const baubauOfficeAgreement = demoId('agreement', 'baubau', nttOffice, 0);
const kupangDraft = demoId('agreement', 'kupang', kupangUniversity, 'draft');
const baubauExchange = demoId('programme', 'baubau', 15); // Baubau's library exchange with the NTT office (seed order: 12 school, 3 university programmes first)

const LIBRARIES_OF = `query ($id: ID!) { partner(id: $id) { libraries { id } } }`;
const CONTACT = `query ($id: ID!) { partner(id: $id) { contactName contactEmail } }`;
const RECORD_FUNDING = `mutation ($input: RecordFundingContributionInput!) { recordFundingContribution(input: $input) { id partner { id } } }`;
const UPDATE_PARTNER = `mutation ($id: ID!, $input: UpdatePartnerInput!) { updatePartner(id: $id, input: $input) { id name contactEmail } }`;
const CREATE_AGREEMENT = `mutation ($input: CreateAgreementInput!) { createAgreement(input: $input) { id status partner { id } library { id } } }`;
const SIGN_AGREEMENT = `mutation ($id: ID!) { signAgreement(id: $id) { id status } }`;
const CREATE_PROGRAMME = `mutation ($input: CreatePartnershipProgrammeInput!) { createPartnershipProgramme(input: $input) { id status } }`;
const APPLY = `mutation ($input: ApplyForInternshipInput!) { applyForInternship(input: $input) { id status } }`;
const PARTNER_LISTS = `query ($id: ID!) { partner(id: $id) {
  agreements { id status library { id } programmes { id } }
  programmes(first: 50) { totalCount edges { node { id library { id } } } }
} }`;
const EXPIRING = `query ($l: ID) { expiringAgreements(withinDays: 3660, libraryId: $l) { id library { id } partner { id } } }`;

const funding = (overrides: Record<string, unknown> = {}) => ({
  libraryId: 'kupang',
  partnerId: radio,
  source: 'PRIVATE_STAKEHOLDER',
  programme: 'Sumbangan Siaran 2027',
  purpose: 'Satu rupiah untuk membuka pintu samping',
  amount: 1,
  receivedOn: '2026-11-20',
  ...overrides,
});

const agreement = (overrides: Record<string, unknown> = {}) => ({
  libraryId: 'kupang',
  partnerId: radio,
  title: 'Siaran Literasi Kota Kupang',
  scope: 'Siaran bulanan tentang layanan dan kegiatan perpustakaan.',
  startsOn: '2026-11-01',
  endsOn: '2028-10-31',
  documentReference: 'PKS/777/DPK-KPG/2026',
  ...overrides,
});

describe.each(BACKENDS)('partnerships security (%s)', (backend) => {
  let fed: Federation;
  const t: Record<string, string> = {};
  const run = (query: string, token: string | undefined, variables: Record<string, unknown> = {}) => fed.query(query, { token, variables });
  const ok = async (query: string, token: string | undefined, variables: Record<string, unknown> = {}) => {
    const res = await run(query, token, variables);
    expect(res.errors).toBeUndefined();
    return res.data;
  };
  const librariesOf = async (partnerId: string) => ((await ok(LIBRARIES_OF, undefined, { id: partnerId })).partner.libraries as { id: string }[]).map((l) => l.id).sort();
  /** Straight to the partnerships subgraph, as the gateway would send an `_entities` call for this caller. */
  const entities = async (identity: Omit<Identity, 'sub'>, representations: object[], selection: string): Promise<GraphQLResponse> =>
    postGraphQL(
      fed.subgraphs.partnerships.url,
      { query: `query ($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`, variables: { r: representations } },
      { [INTERNAL_HEADER]: await signInternalToken({ sub: 'test', ...identity }, fed.config.gatewaySecret) },
    );

  beforeAll(async () => {
    fed = await startFederation(backend);
    t.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    t.baubauAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    t.kupangLibrarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 0) });
    t.kupangSchool = await fed.token({ role: 'PARTNER', partnerId: kupangSchool });
    t.radio = await fed.token({ role: 'PARTNER', partnerId: radio });
    t.baubauUniversity = await fed.token({ role: 'PARTNER', partnerId: baubauUniversity });
    t.ntt = await fed.token({ role: 'GOVERNMENT', province: 'Nusa Tenggara Timur' }); // Kupang only
    t.sultra = await fed.token({ role: 'GOVERNMENT', province: 'Sulawesi Tenggara' }); // Baubau only
    t.bali = await fed.token({ role: 'GOVERNMENT', province: 'Bali' }); // no demo library
    t.government = await fed.token({ role: 'GOVERNMENT' });
    t.admin = await fed.token({ role: 'ADMIN' });
  });
  afterAll(() => fed?.stop());

  describe('Hole 1: a library works with a partner only through an act both sides own', () => {
    it("refuses a library's admin funding from a partner the library does not work with (FORBIDDEN), so the partner's contact and details stay out of reach", async () => {
      expect(codes(await run(RECORD_FUNDING, t.kupangAdmin, { input: funding() }))).toEqual(['FORBIDDEN']);
      expect(await librariesOf(radio)).toEqual(['pasuruan', 'pematang-siantar']);
      const contact = await run(CONTACT, t.kupangAdmin, { id: radio });
      expect(contact.data.partner).toEqual({ contactName: null, contactEmail: null });
      expect(new Set(codes(contact))).toEqual(new Set(['FORBIDDEN']));
      const takeover = await run(UPDATE_PARTNER, t.kupangAdmin, { id: radio, input: { name: 'Diambil alih', contactEmail: 'penyerang@contoh.id' } });
      expect(codes(takeover)).toEqual(['FORBIDDEN']);
      expect((await ok(`query ($id: ID!) { partner(id: $id) { name } }`, undefined, { id: radio })).partner.name).toBe('LPP Radio Republik Indonesia');
    });

    it('refuses even ADMIN funding from a partner that does not work with the library, with BAD_USER_INPUT on partnerId', async () => {
      const res = await run(RECORD_FUNDING, t.admin, { input: funding() });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'partnerId' });
      expect(await librariesOf(radio)).toEqual(['pasuruan', 'pematang-siantar']);
    });

    it("still records funding from the library's own partners", async () => {
      const res = await ok(RECORD_FUNDING, t.kupangAdmin, { input: funding({ partnerId: kupangBank, amount: 5_000_000 }) });
      expect(res.recordFundingContribution.partner.id).toBe(kupangBank);
    });

    it("refuses a library's admin a signed agreement with a partner the library does not work with (FORBIDDEN), linking nothing", async () => {
      expect(codes(await run(CREATE_AGREEMENT, t.kupangAdmin, { input: agreement() }))).toEqual(['FORBIDDEN']);
      expect(await librariesOf(radio)).toEqual(['pasuruan', 'pematang-siantar']);
    });

    it("lets a library propose a draft that only the partner's own signature turns into a partnership", async () => {
      const draft = (await ok(CREATE_AGREEMENT, t.kupangAdmin, { input: agreement({ draft: true }) })).createAgreement;
      expect(draft).toMatchObject({ status: 'DRAFT', partner: { id: radio }, library: { id: 'kupang' } });
      expect(await librariesOf(radio)).toEqual(['pasuruan', 'pematang-siantar']);
      expect(codes(await run(UPDATE_PARTNER, t.kupangAdmin, { id: radio, input: { name: 'Diambil alih' } }))).toEqual(['FORBIDDEN']);

      // The proposing library cannot sign for the partner, nor can another partner or a librarian.
      for (const token of [t.kupangAdmin, t.kupangSchool, t.kupangLibrarian, t.baubauAdmin]) {
        expect(codes(await run(SIGN_AGREEMENT, token, { id: draft.id }))).toEqual(['FORBIDDEN']);
      }
      expect(codes(await run(SIGN_AGREEMENT, undefined, { id: draft.id }))).toEqual(['UNAUTHENTICATED']);

      expect((await ok(SIGN_AGREEMENT, t.radio, { id: draft.id })).signAgreement.status).toBe('ACTIVE');
      expect(await librariesOf(radio)).toEqual(['kupang', 'pasuruan', 'pematang-siantar']);
      expect((await ok(CONTACT, t.kupangAdmin, { id: radio })).partner.contactEmail).toMatch(/@rri\.go\.id$/);
      expect(codes(await run(SIGN_AGREEMENT, t.radio, { id: draft.id }))).toEqual(['CONFLICT']);
    });

    it("lets a library's admin sign its own draft with a partner it already works with", async () => {
      const draft = (await ok(CREATE_AGREEMENT, t.kupangAdmin, { input: agreement({ partnerId: kupangSchool, draft: true, documentReference: 'MoU/778/DPK-KPG/2026' }) }))
        .createAgreement;
      expect((await ok(SIGN_AGREEMENT, t.kupangAdmin, { id: draft.id })).signAgreement.status).toBe('ACTIVE');
    });

    it('refuses programmes and internships under a signed agreement whose library does not work with the partner (data written through the old side door)', async () => {
      const legacy = demoId('agreement', 'kupang', baubauUniversity, 'legacy');
      await fed.subgraphs.partnerships.db.getRepository(Agreement).insert({
        id: legacy,
        libraryId: 'kupang',
        partnerId: baubauUniversity,
        title: 'Perjanjian dari pintu samping',
        scope: 'Direkam sepihak oleh perpustakaan sebelum aturan tautan berlaku.',
        startsOn: '2026-01-01',
        endsOn: '2027-12-31',
        state: AgreementState.SIGNED,
        documentReference: 'PKS/999/DPK-KPG/2026',
      });
      const workshop = {
        agreementId: legacy,
        kind: 'WORKSHOP',
        title: 'Lokakarya dari pintu samping',
        topic: 'Katalogisasi',
        startsOn: '2026-12-10',
        endsOn: '2026-12-11',
      };
      expect(codes(await run(CREATE_PROGRAMME, t.kupangAdmin, { input: workshop }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(CREATE_PROGRAMME, t.baubauUniversity, { input: workshop }))).toEqual(['FORBIDDEN']);
      const intern = {
        agreementId: legacy,
        studentName: 'Maria Bria',
        studentNumber: '2201999999',
        studyProgramme: 'Ilmu Perpustakaan (S1)',
        startsOn: '2027-02-01',
        endsOn: '2027-04-30',
      };
      expect(codes(await run(APPLY, t.kupangAdmin, { input: intern }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(APPLY, t.baubauUniversity, { input: intern }))).toEqual(['FORBIDDEN']);
      expect(await librariesOf(baubauUniversity)).toEqual(['baubau']);
    });
  });

  describe('Hole 2: a province-scoped GOVERNMENT token sees only its own province', () => {
    it("shows a partner shared with another province only the own province's agreements and programmes", async () => {
      const asNtt = (await ok(PARTNER_LISTS, t.ntt, { id: nttOffice })).partner;
      expect(asNtt.agreements.length).toBeGreaterThan(0);
      expect([...new Set(asNtt.agreements.map((a: any) => a.library.id))]).toEqual(['kupang']);
      expect(asNtt.programmes.totalCount).toBeGreaterThan(0);
      expect([...new Set(asNtt.programmes.edges.map((e: any) => e.node.library.id))]).toEqual(['kupang']);

      const asSultra = (await ok(PARTNER_LISTS, t.sultra, { id: nttOffice })).partner;
      expect([...new Set(asSultra.agreements.map((a: any) => a.library.id))]).toEqual(['baubau']);
      expect(asSultra.programmes.edges.map((e: any) => e.node.id)).toContain(baubauExchange);

      const all = (await ok(PARTNER_LISTS, t.government, { id: nttOffice })).partner;
      expect([...new Set(all.agreements.map((a: any) => a.library.id))].sort()).toEqual(['baubau', 'kupang']);
    });

    it('lists expiring agreements of its own province only, and refuses another province (FORBIDDEN)', async () => {
      const own = (await ok(EXPIRING, t.ntt)).expiringAgreements;
      expect(own.length).toBeGreaterThan(0);
      expect([...new Set(own.map((a: any) => a.library.id))]).toEqual(['kupang']);
      expect((await ok(EXPIRING, t.ntt, { l: 'kupang' })).expiringAgreements.length).toBe(own.length);
      expect(codes(await run(EXPIRING, t.ntt, { l: 'baubau' }))).toEqual(['FORBIDDEN']);
    });

    it("refuses another province's agreements, programmes, funding and figures one by one (FORBIDDEN)", async () => {
      expect(codes(await run(`query ($id: ID!) { agreement(id: $id) { id } }`, t.ntt, { id: baubauOfficeAgreement }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(`query ($id: ID!) { partnershipProgramme(id: $id) { id } }`, t.ntt, { id: baubauExchange }))).toEqual(['FORBIDDEN']);
      for (const field of [
        'fundingContributions(first: 5) { totalCount }',
        'partnershipProgrammes(first: 5) { totalCount }',
        'partners(first: 5) { totalCount }',
        'partnershipIndicators(from: "2026-01-01", to: "2026-12-31") { activePartners }',
      ]) {
        expect(codes(await run(`{ library(id: "baubau") { ${field} } }`, t.ntt))).toEqual(['FORBIDDEN']);
      }
      const totals = (await ok(`{ fundingTotals(groupBy: [LIBRARY]) { library { id } amount } }`, t.ntt)).fundingTotals;
      expect(totals.map((r: any) => r.library.id)).toEqual(['kupang']);
      expect(codes(await run(`{ fundingTotals(groupBy: [LIBRARY], filter: { libraryId: "baubau" }) { amount } }`, t.ntt))).toEqual(['FORBIDDEN']);
    });

    it("refuses another province's agreements and programmes reached as references (_entities)", async () => {
      const identity = { role: 'GOVERNMENT' as const, province: 'Nusa Tenggara Timur' };
      const agreementRef = await entities(identity, [{ __typename: 'Agreement', id: baubauOfficeAgreement }], '... on Agreement { id title }');
      expect(codes(agreementRef)).toEqual(['FORBIDDEN']);
      const programmeRef = await entities(identity, [{ __typename: 'PartnershipProgramme', id: baubauExchange }], '... on PartnershipProgramme { id title }');
      expect(codes(programmeRef)).toEqual(['FORBIDDEN']);
      const own = await entities(identity, [{ __typename: 'Agreement', id: demoId('agreement', 'kupang', nttOffice, 0) }], '... on Agreement { id }');
      expect(own.errors).toBeUndefined();
    });

    it("never shows a library's draft agreement through a partner to a province, library or partner that may not see it directly", async () => {
      for (const token of [t.sultra, t.baubauAdmin, t.kupangSchool]) {
        expect(codes(await run(`query ($id: ID!) { agreement(id: $id) { id } }`, token, { id: kupangDraft }))).toEqual(['FORBIDDEN']);
        const side = await run(PARTNER_LISTS, token, { id: kupangUniversity });
        expect(side.data.partner.agreements).toBeNull();
        expect(codes(side)).toContain('FORBIDDEN');
      }
    });

    it("refuses students' internships to GOVERNMENT, even of its own province (FORBIDDEN)", async () => {
      const res = await run(`query ($id: ID!) { partner(id: $id) { internships(first: 5) { totalCount } } }`, t.ntt, { id: kupangUniversity });
      expect(codes(res)).toEqual(['FORBIDDEN']);
    });
  });

  describe('Hole 9: a caller who may see none of a list is refused, not answered with an empty list', () => {
    it('refuses a partner the expiring agreements of a library it does not work with (FORBIDDEN), and answers for its own library', async () => {
      expect(codes(await run(EXPIRING, t.kupangSchool, { l: 'baubau' }))).toEqual(['FORBIDDEN']);
      const own = (await ok(EXPIRING, t.kupangSchool, { l: 'kupang' })).expiringAgreements;
      expect(own.length).toBeGreaterThan(0);
      for (const a of own) expect(a.partner.id).toBe(kupangSchool);
    });

    it('refuses a GOVERNMENT token whose province has no library expiring agreements and funding totals (FORBIDDEN)', async () => {
      expect(codes(await run(EXPIRING, t.bali))).toEqual(['FORBIDDEN']);
      expect(codes(await run(`{ fundingTotals(groupBy: [YEAR]) { amount } }`, t.bali))).toEqual(['FORBIDDEN']);
    });

    it('refuses staff the agreements, programmes and interns of a partner their library does not work with (FORBIDDEN)', async () => {
      const q = `query ($id: ID!) { partner(id: $id) { name agreements { id } programmes(first: 5) { totalCount } internships(first: 5) { totalCount } } }`;
      for (const token of [t.kupangLibrarian, t.kupangAdmin]) {
        const res = await run(q, token, { id: baubauUniversity });
        expect(res.data.partner).toEqual({ name: expect.any(String), agreements: null, programmes: null, internships: null });
        expect(codes(res)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
      }
    });

    it('refuses a province-scoped GOVERNMENT token the lists of a partner that works only in another province (FORBIDDEN)', async () => {
      const res = await run(PARTNER_LISTS, t.ntt, { id: baubauSchool });
      expect(res.data.partner).toEqual({ agreements: null, programmes: null });
      expect(codes(res)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    });
  });

  describe('Hole 10: a refused field does not wipe the rest of the answer', () => {
    it("keeps `libraries` when a partner asks for another partner's agreements, with FORBIDDEN on the refused path", async () => {
      const res = await run(`{ libraries { id } partner(id: "${baubauSchool}") { agreements { id title } } }`, t.kupangSchool);
      expect(res.data.libraries.map((l: any) => l.id).sort()).toEqual(['baubau', 'kupang', 'pasuruan', 'pematang-siantar']);
      expect(res.data.partner).toEqual({ agreements: null });
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]).toMatchObject({ path: ['partner', 'agreements'], extensions: { code: 'FORBIDDEN' } });
    });

    it('keeps the rest of the answer when a root query of partnerships is refused', async () => {
      const res = await run(
        `{ libraries { id } agreement(id: "${baubauSchoolAgreement}") { id } expiringAgreements(withinDays: 30, libraryId: "baubau") { id } fundingTotals(groupBy: [YEAR]) { amount } }`,
        t.kupangSchool,
      );
      expect(res.data.libraries).toHaveLength(4);
      expect(res.data).toMatchObject({ agreement: null, expiringAgreements: null, fundingTotals: null });
      expect(res.errors!.map((e) => [e.path![0], e.extensions!.code]).sort()).toEqual([
        ['agreement', 'FORBIDDEN'],
        ['expiringAgreements', 'FORBIDDEN'],
        ['fundingTotals', 'FORBIDDEN'],
      ]);
    });
  });
});
