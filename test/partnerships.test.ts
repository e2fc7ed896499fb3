import { demoId } from '../shared/domain/demo';
import { BACKENDS, codes, startFederation, type Federation } from './helpers/federation';

const kupangSchool = demoId('partner', 'kupang', 0);
const kupangUniversity = demoId('partner', 'kupang', 3);
const baubauSchool = demoId('partner', 'baubau', 0);
const radio = demoId('partner', 'regional', 2); // works with Pasuruan and Pematang Siantar, not Kupang
const kupangSchoolAgreement = demoId('agreement', 'kupang', kupangSchool, 0);
const baubauSchoolAgreement = demoId('agreement', 'baubau', baubauSchool, 0);

const PARTNERS = `query ($id: ID!, $first: Int, $after: String) {
  library(id: $id) { name partners(first: $first, after: $after) { totalCount edges { node { id name kind } } pageInfo { hasNextPage endCursor } } }
}`;
const AGREEMENTS = `query ($id: ID!) { partner(id: $id) { name agreements { id title status startsOn endsOn library { id name } } } }`;
const AGREEMENT = `query ($id: ID!) { agreement(id: $id) { id documentReference status partner { id name } library { id city } } }`;
const CONTACT = `query ($id: ID!) { partner(id: $id) { name kind npsn city contactName contactEmail contactPhone } }`;
const CREATE = `mutation ($input: CreateAgreementInput!) {
  createAgreement(input: $input) { id title status startsOn endsOn documentReference partner { id } library { id name } }
}`;

const agreementInput = (overrides: Record<string, unknown> = {}) => ({
  libraryId: 'kupang',
  partnerId: radio,
  title: 'Siaran Literasi Kota Kupang',
  scope: 'Siaran bulanan tentang layanan dan kegiatan perpustakaan.',
  startsOn: '2026-01-01',
  endsOn: '2027-12-31',
  documentReference: 'PKS/201/DPK-KPG/2026',
  ...overrides,
});

describe.each(BACKENDS)('partnerships (%s)', (backend) => {
  let fed: Federation;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    fed = await startFederation(backend);
    tokens.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    tokens.baubauAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    tokens.kupangLibrarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 0) });
    tokens.kupangMember = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 0) });
    tokens.kupangSchool = await fed.token({ role: 'PARTNER', partnerId: kupangSchool });
    tokens.government = await fed.token({ role: 'GOVERNMENT' });
    tokens.admin = await fed.token({ role: 'ADMIN' });
  });

  afterAll(async () => {
    await fed?.stop();
  });

  describe('Library.partners', () => {
    it("lists the library's partners by name for its admin, shared partners included", async () => {
      const res = await fed.query(PARTNERS, { token: tokens.kupangAdmin, variables: { id: 'kupang', first: 50 } });
      expect(res.errors).toBeUndefined();
      const { totalCount, edges } = res.data.library.partners;
      const names = edges.map((e: any) => e.node.name);
      expect(totalCount).toBe(8); // six of its own, two shared with Baubau
      expect(names).toEqual([...names].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(names).toEqual(expect.arrayContaining(['Universitas Nusa Cendana', 'Perpustakaan Nasional Republik Indonesia']));
    });

    it('pages with first and after without repeating a partner', async () => {
      const first = await fed.query(PARTNERS, { token: tokens.government, variables: { id: 'kupang', first: 5 } });
      const { edges, pageInfo } = first.data.library.partners;
      expect(pageInfo.hasNextPage).toBe(true);
      const second = await fed.query(PARTNERS, { token: tokens.government, variables: { id: 'kupang', first: 5, after: pageInfo.endCursor } });
      const rest = second.data.library.partners.edges.map((e: any) => e.node.id);
      expect(rest).toHaveLength(3);
      expect(rest.filter((id: string) => edges.some((e: any) => e.node.id === id))).toEqual([]);
    });

    it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
      const res = await fed.query(PARTNERS, { variables: { id: 'kupang' } });
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    });

    it("refuses another library's admin, a member and a partner with FORBIDDEN", async () => {
      for (const token of [tokens.baubauAdmin, tokens.kupangMember, tokens.kupangSchool]) {
        const res = await fed.query(PARTNERS, { token, variables: { id: 'kupang' } });
        expect(codes(res)).toEqual(['FORBIDDEN']);
      }
    });
  });

  describe('Partner.agreements and Query.agreement', () => {
    it('shows a partner its own agreements, with the library resolved from staff-development', async () => {
      const res = await fed.query(AGREEMENTS, { token: tokens.kupangSchool, variables: { id: kupangSchool } });
      expect(res.errors).toBeUndefined();
      expect(res.data.partner.agreements.length).toBeGreaterThan(0);
      expect(res.data.partner.agreements[0].library).toEqual({ id: 'kupang', name: 'Perpustakaan Umum Kota Kupang' });

      const one = await fed.query(AGREEMENT, { token: tokens.kupangSchool, variables: { id: kupangSchoolAgreement } });
      expect(one.errors).toBeUndefined();
      expect(one.data.agreement.partner.id).toBe(kupangSchool);
      expect(one.data.agreement.library.city).toBe('Kupang');
    });

    it("refuses a partner another partner's agreements with FORBIDDEN", async () => {
      const list = await fed.query(AGREEMENTS, { token: tokens.kupangSchool, variables: { id: baubauSchool } });
      expect(codes(list)).toEqual(['FORBIDDEN']);
      const one = await fed.query(AGREEMENT, { token: tokens.kupangSchool, variables: { id: baubauSchoolAgreement } });
      expect(codes(one)).toEqual(['FORBIDDEN']);
    });

    it('refuses an anonymous caller with UNAUTHENTICATED and a member with FORBIDDEN', async () => {
      expect(codes(await fed.query(AGREEMENT, { variables: { id: kupangSchoolAgreement } }))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await fed.query(AGREEMENT, { token: tokens.kupangMember, variables: { id: kupangSchoolAgreement } }))).toEqual(['FORBIDDEN']);
    });

    it("shows staff only their own library's agreements with a shared partner", async () => {
      const perpusnas = demoId('partner', 'regional', 0);
      const asKupang = await fed.query(AGREEMENTS, { token: tokens.kupangLibrarian, variables: { id: perpusnas } });
      const asGovernment = await fed.query(AGREEMENTS, { token: tokens.government, variables: { id: perpusnas } });
      const libraries = (res: any) => [...new Set(res.data.partner.agreements.map((a: any) => a.library.id))].sort();
      expect(libraries(asKupang)).toEqual(['kupang']);
      expect(libraries(asGovernment)).toEqual(['baubau', 'kupang']);
    });

    it("refuses staff another library's agreement with FORBIDDEN", async () => {
      const res = await fed.query(AGREEMENT, { token: tokens.kupangAdmin, variables: { id: baubauSchoolAgreement } });
      expect(codes(res)).toEqual(['FORBIDDEN']);
    });

    it('answers NOT_FOUND for an unknown agreement', async () => {
      const res = await fed.query(AGREEMENT, { token: tokens.admin, variables: { id: demoId('agreement', 'nowhere') } });
      expect(codes(res)).toEqual(['NOT_FOUND']);
    });
  });

  describe('Partner contact fields', () => {
    it('shows public fields to anyone but hides the contact person from an anonymous caller', async () => {
      const res = await fed.query(CONTACT, { variables: { id: kupangSchool } });
      expect(res.data.partner).toMatchObject({ name: 'SD Negeri 1 Kupang', kind: 'SCHOOL', city: 'Kupang', contactName: null, contactEmail: null });
      expect(res.data.partner.npsn).toMatch(/^\d{8}$/);
      expect(new Set(codes(res))).toEqual(new Set(['UNAUTHENTICATED']));
    });

    it("shows the contact person to the partner's own libraries and to the partner itself", async () => {
      for (const token of [tokens.kupangLibrarian, tokens.kupangSchool, tokens.admin]) {
        const res = await fed.query(CONTACT, { token, variables: { id: kupangSchool } });
        expect(res.errors).toBeUndefined();
        expect(res.data.partner.contactEmail).toMatch(/@/);
      }
    });

    it('refuses the contact person to another library and to GOVERNMENT with FORBIDDEN', async () => {
      for (const token of [tokens.baubauAdmin, tokens.government]) {
        const res = await fed.query(CONTACT, { token, variables: { id: kupangSchool } });
        expect(res.data.partner.contactName).toBeNull();
        expect(new Set(codes(res))).toEqual(new Set(['FORBIDDEN']));
      }
    });

    it('answers NOT_FOUND for an unknown partner', async () => {
      expect(codes(await fed.query(CONTACT, { variables: { id: demoId('partner', 'nowhere', 0) } }))).toEqual(['NOT_FOUND']);
    });
  });

  describe('Mutation.createAgreement', () => {
    const agreementCount = async (partnerId: string) => (await fed.query(AGREEMENTS, { token: tokens.admin, variables: { id: partnerId } })).data.partner.agreements.length;
    const partnerCount = async () => (await fed.query(PARTNERS, { token: tokens.admin, variables: { id: 'kupang' } })).data.library.partners.totalCount;

    it('refuses an endsOn before startsOn with BAD_USER_INPUT on endsOn and writes nothing', async () => {
      const before = await agreementCount(radio);
      const res = await fed.query(CREATE, {
        token: tokens.kupangAdmin,
        variables: { input: agreementInput({ startsOn: '2026-06-01', endsOn: '2026-05-31' }) },
      });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe('endsOn');
      expect(await agreementCount(radio)).toBe(before);
      expect(await partnerCount()).toBe(8);
    });

    it('refuses a too-short title with BAD_USER_INPUT', async () => {
      const res = await fed.query(CREATE, { token: tokens.kupangAdmin, variables: { input: agreementInput({ title: 'PK' }) } });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toMatch(/title$/);
    });

    it("refuses a librarian and another library's admin with FORBIDDEN, an anonymous caller with UNAUTHENTICATED", async () => {
      expect(codes(await fed.query(CREATE, { token: tokens.kupangLibrarian, variables: { input: agreementInput() } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(CREATE, { token: tokens.baubauAdmin, variables: { input: agreementInput() } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(CREATE, { variables: { input: agreementInput() } }))).toEqual(['UNAUTHENTICATED']);
    });

    it('answers NOT_FOUND for an unknown partner', async () => {
      const res = await fed.query(CREATE, { token: tokens.kupangAdmin, variables: { input: agreementInput({ partnerId: demoId('partner', 'nowhere', 1) }) } });
      expect(codes(res)).toEqual(['NOT_FOUND']);
    });

    // Was: a library's admin recorded a signed agreement with any partner, which linked the two at
    // once — a side door to another library's partner (its contact person, updatePartner). Now a
    // library may only propose a draft to a partner it does not work with; the partner's own
    // signature (signAgreement) makes it one of the library's partners.
    it('refuses a signed agreement with a partner the library does not work with (FORBIDDEN), and links only when the partner signs the draft', async () => {
      expect(codes(await fed.query(CREATE, { token: tokens.kupangAdmin, variables: { input: agreementInput() } }))).toEqual(['FORBIDDEN']);
      expect(await partnerCount()).toBe(8);
      const res = await fed.query(CREATE, { token: tokens.kupangAdmin, variables: { input: agreementInput({ draft: true }) } });
      expect(res.errors).toBeUndefined();
      expect(res.data.createAgreement).toMatchObject({
        status: 'DRAFT',
        partner: { id: radio },
        library: { id: 'kupang', name: 'Perpustakaan Umum Kota Kupang' },
      });
      expect(await partnerCount()).toBe(8);
      const radioToken = await fed.token({ role: 'PARTNER', partnerId: radio });
      const signed = await fed.query(`mutation ($id: ID!) { signAgreement(id: $id) { status } }`, { token: radioToken, variables: { id: res.data.createAgreement.id } });
      expect(signed.errors).toBeUndefined();
      expect(signed.data.signAgreement.status).toBe('ACTIVE');
      expect(await partnerCount()).toBe(9);
    });

    it('refuses a second agreement with the same document number in the library with CONFLICT', async () => {
      const res = await fed.query(CREATE, { token: tokens.kupangAdmin, variables: { input: agreementInput({ partnerId: kupangUniversity }) } });
      expect(codes(res)).toEqual(['CONFLICT']);
    });
  });
});
