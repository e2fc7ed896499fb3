import { demoId } from '../shared/domain/demo';
import { setClock } from '../shared/platform/clock';
import { zonedToUtc } from '../shared/platform/time';
import { MemberType } from '../subgraphs/collections/members/member.entity';
import { newMember, newTitle } from './helpers/collections';
import { BACKENDS, codes, startFederation, type Federation, type GraphQLResponse } from './helpers/federation';

const kupangSchool = demoId('partner', 'kupang', 0);
const baubauSchool = demoId('partner', 'baubau', 0);

const A = 'id title scope status startsOn endsOn daysRemaining terminatedOn terminationReason';
const H = 'history { number kind effectiveOn changes { field from to } documentReference documentTitle documentUrl reason recordedBy }';
const CREATE = `mutation ($input: CreateAgreementInput!) { createAgreement(input: $input) { ${A} } }`;
const ONE = `query ($id: ID!) { agreement(id: $id) { ${A} ${H} } }`;
const RENEW = `mutation ($id: ID!, $input: RenewAgreementInput!) { renewAgreement(id: $id, input: $input) { ${A} ${H} } }`;
const AMEND = `mutation ($id: ID!, $input: AmendAgreementInput!) { amendAgreement(id: $id, input: $input) { ${A} ${H} } }`;
const TERMINATE = `mutation ($id: ID!, $on: Date!, $reason: String!) { terminateAgreement(id: $id, on: $on, reason: $reason) { ${A} ${H} } }`;
const EXPIRING = `query { expiringAgreements(withinDays: 1000, libraryId: "kupang") { id } }`;
const INDICATORS = `query ($from: Date!, $to: Date!) { library(id: "kupang") { partnershipIndicators(from: $from, to: $to) { activeAgreements } } }`;
const CHECKOUT = `mutation ($barcode: String!, $memberId: ID!) { checkoutItem(barcode: $barcode, memberId: $memberId) { id } }`;
const LENT = `query ($id: ID!) { partnershipProgramme(id: $id) { kind copiesLent } }`;
const PLAN = `mutation ($input: CreatePartnershipProgrammeInput!) { createPartnershipProgramme(input: $input) { id status } }`;

/** The clock at `time` on `date` in Kupang (WITA, UTC+8). */
const kupangDay = (date: string, time = '10:00') => setClock(zonedToUtc(date, time, 'Asia/Makassar'));

const addendum = { title: 'Adendum I Perjanjian Kerja Sama Layanan Perpustakaan Sekolah', reference: 'ADD/001/PKS/DPK-KPG/2027' };
const REASON = 'Sekolah digabung dengan sekolah lain oleh dinas pendidikan';

describe.each(BACKENDS)('partnership agreements: life cycle and history (%s)', (backend) => {
  let fed: Federation;
  const t: Record<string, string> = {};
  let numbered = 0;
  const run = (query: string, token: string | undefined, variables: Record<string, unknown> = {}) => fed.query(query, { token, variables });
  const ok = async (query: string, token: string | undefined, variables: Record<string, unknown> = {}) => {
    const res = await run(query, token, variables);
    expect(res.errors).toBeUndefined();
    return Object.values(res.data)[0] as any;
  };
  const fieldOf = (res: GraphQLResponse) => res.errors?.map((e) => [e.extensions?.code, e.extensions?.field]);
  /** A signed agreement of Kupang with its school (a partner it works with), numbered uniquely. */
  const agreement = (startsOn: string, endsOn: string, extra: Record<string, unknown> = {}) =>
    ok(CREATE, t.kupangAdmin, {
      input: {
        libraryId: 'kupang',
        partnerId: kupangSchool,
        title: 'Layanan Perpustakaan Sekolah',
        scope: 'Peminjaman koleksi dan kunjungan perpustakaan keliling ke sekolah.',
        startsOn,
        endsOn,
        documentReference: `PKS/${String(++numbered).padStart(3, '0')}/DPK-KPG/UJI`,
        ...extra,
      },
    });

  beforeAll(async () => {
    fed = await startFederation(backend);
    t.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    t.baubauAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    t.librarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 0) });
    t.member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 0) });
    t.school = await fed.token({ role: 'PARTNER', partnerId: kupangSchool });
    t.otherSchool = await fed.token({ role: 'PARTNER', partnerId: baubauSchool });
    t.admin = await fed.token({ role: 'ADMIN' });
  });
  beforeEach(() => kupangDay('2027-03-01'));
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
  });

  describe('the status is computed from the dates on the library’s today', () => {
    it('reads SIGNED before the start date, ACTIVE from it (Kupang’s midnight, while UTC is still the day before) and EXPIRED after the end date', async () => {
      const a = await agreement('2027-04-01', '2028-03-31');
      expect(a).toMatchObject({ status: 'SIGNED', daysRemaining: null });
      kupangDay('2027-04-01', '00:30'); // 2027-03-31 16:30 UTC
      expect(await ok(ONE, t.kupangAdmin, { id: a.id })).toMatchObject({ status: 'ACTIVE', daysRemaining: 365 });
      kupangDay('2028-03-31', '23:30');
      expect((await ok(ONE, t.kupangAdmin, { id: a.id })).status).toBe('ACTIVE');
      kupangDay('2028-04-01', '00:30');
      expect(await ok(ONE, t.kupangAdmin, { id: a.id })).toMatchObject({ status: 'EXPIRED', daysRemaining: null });
    });

    it('lets no programme be planned under a signed agreement before its start date (CONFLICT), and does from that day', async () => {
      const a = await agreement('2027-05-01', '2028-04-30');
      const input = {
        agreementId: a.id,
        kind: 'SCHOOL_VISIT',
        title: 'Kunjungan Perpustakaan Keliling',
        topic: 'Cerita rakyat NTT',
        startsOn: '2027-05-10',
        endsOn: '2027-05-10',
        librarianIds: [],
      };
      expect(codes(await run(PLAN, t.kupangAdmin, { input }))).toEqual(['CONFLICT']);
      kupangDay('2027-05-01');
      expect((await ok(PLAN, t.kupangAdmin, { input })).status).toBe('PLANNED');
    });
  });

  describe('terminateAgreement', () => {
    it('keeps the agreement ACTIVE until the termination date, then TERMINATED: it leaves the expiring list and the indicators', async () => {
      const a = await agreement('2027-01-01', '2028-12-31');
      const period = { from: '2027-04-01', to: '2027-04-30' };
      const before = (await ok(INDICATORS, t.kupangAdmin, period)).partnershipIndicators.activeAgreements;
      expect((await ok(EXPIRING, t.kupangAdmin)).map((x: any) => x.id)).toContain(a.id);

      const ended = await ok(TERMINATE, t.kupangAdmin, { id: a.id, on: '2027-03-15', reason: REASON });
      expect(ended).toMatchObject({ status: 'ACTIVE', terminatedOn: '2027-03-15', terminationReason: REASON });
      expect(ended.history).toEqual([
        {
          number: 1,
          kind: 'TERMINATED',
          effectiveOn: '2027-03-15',
          changes: [{ field: 'status', from: 'ACTIVE', to: 'TERMINATED' }],
          documentReference: null,
          documentTitle: expect.any(String),
          documentUrl: null,
          reason: REASON,
          recordedBy: 'LIBRARY_ADMIN',
        },
      ]);
      expect((await ok(INDICATORS, t.kupangAdmin, period)).partnershipIndicators.activeAgreements).toBe(before - 1);

      kupangDay('2027-03-15');
      expect((await ok(ONE, t.kupangAdmin, { id: a.id })).status).toBe('TERMINATED');
      expect((await ok(EXPIRING, t.kupangAdmin)).map((x: any) => x.id)).not.toContain(a.id);
      expect(codes(await run(TERMINATE, t.kupangAdmin, { id: a.id, on: '2027-03-20', reason: REASON }))).toEqual(['CONFLICT']);
      expect(codes(await run(RENEW, t.kupangAdmin, { id: a.id, input: { newEndDate: '2029-12-31', document: addendum } }))).toEqual(['CONFLICT']);
    });

    it('refuses a termination date outside the agreement or more than five years ahead (BAD_USER_INPUT on `on`)', async () => {
      const a = await agreement('2027-01-01', '2028-12-31');
      expect(fieldOf(await run(TERMINATE, t.kupangAdmin, { id: a.id, on: '2026-12-31', reason: REASON }))).toEqual([['BAD_USER_INPUT', 'on']]);
      expect(fieldOf(await run(TERMINATE, t.kupangAdmin, { id: a.id, on: '2029-01-01', reason: REASON }))).toEqual([['BAD_USER_INPUT', 'on']]);
      expect(fieldOf(await run(TERMINATE, t.kupangAdmin, { id: a.id, on: '2032-03-02', reason: REASON }))).toEqual([['BAD_USER_INPUT', 'on']]);
      expect((await ok(ONE, t.kupangAdmin, { id: a.id })).history).toEqual([]);
    });
  });

  describe('renewAgreement and amendAgreement', () => {
    it('extends the end date and changes the title, each with its document in the history, oldest first; the partner reads it too', async () => {
      const a = await agreement('2027-01-01', '2027-12-31');
      const renewed = await ok(RENEW, t.kupangAdmin, { id: a.id, input: { newEndDate: '2029-12-31', document: addendum } });
      expect(renewed).toMatchObject({ endsOn: '2029-12-31', status: 'ACTIVE' });
      const url = 'https://jdih.kupangkota.go.id/dokumen/adendum-2-pks-perpustakaan.pdf';
      const amended = await ok(AMEND, t.admin, {
        id: a.id,
        input: { title: 'Layanan Perpustakaan dan Pojok Baca Sekolah', document: { title: 'Adendum II', url } },
      });
      expect(amended.title).toBe('Layanan Perpustakaan dan Pojok Baca Sekolah');
      const seen = await ok(ONE, t.school, { id: a.id });
      expect(seen.history).toEqual([
        {
          number: 1,
          kind: 'RENEWED',
          effectiveOn: '2027-12-31',
          changes: [{ field: 'endsOn', from: '2027-12-31', to: '2029-12-31' }],
          documentReference: addendum.reference,
          documentTitle: addendum.title,
          documentUrl: null,
          reason: null,
          recordedBy: 'LIBRARY_ADMIN',
        },
        {
          number: 2,
          kind: 'AMENDED',
          effectiveOn: null,
          changes: [{ field: 'title', from: 'Layanan Perpustakaan Sekolah', to: 'Layanan Perpustakaan dan Pojok Baca Sekolah' }],
          documentReference: null,
          documentTitle: 'Adendum II',
          documentUrl: url,
          reason: null,
          recordedBy: 'ADMIN',
        },
      ]);
    });

    it('refuses a new end date not after the current one or more than five years ahead, a document with neither number nor URL, and an amendment that changes nothing (BAD_USER_INPUT)', async () => {
      const a = await agreement('2027-01-01', '2027-12-31');
      expect(fieldOf(await run(RENEW, t.kupangAdmin, { id: a.id, input: { newEndDate: '2027-12-31', document: addendum } }))).toEqual([['BAD_USER_INPUT', 'newEndDate']]);
      expect(fieldOf(await run(RENEW, t.kupangAdmin, { id: a.id, input: { newEndDate: '2032-03-02', document: addendum } }))).toEqual([['BAD_USER_INPUT', 'newEndDate']]);
      expect(fieldOf(await run(RENEW, t.kupangAdmin, { id: a.id, input: { newEndDate: '2028-12-31', document: { title: 'Adendum tanpa nomor' } } }))).toEqual([
        ['BAD_USER_INPUT', 'document'],
      ]);
      expect(fieldOf(await run(AMEND, t.kupangAdmin, { id: a.id, input: { title: 'Layanan Perpustakaan Sekolah', document: addendum } }))).toEqual([['BAD_USER_INPUT', 'input']]);
      expect(await ok(ONE, t.kupangAdmin, { id: a.id })).toMatchObject({ endsOn: '2027-12-31', history: [] });
    });

    it('refuses to renew a draft or an expired agreement (CONFLICT)', async () => {
      const draft = await agreement('2027-06-01', '2028-05-31', { draft: true });
      expect(codes(await run(RENEW, t.kupangAdmin, { id: draft.id, input: { newEndDate: '2029-05-31', document: addendum } }))).toEqual(['CONFLICT']);
      const old = await agreement('2026-01-01', '2026-12-31');
      expect(old.status).toBe('EXPIRED');
      expect(codes(await run(AMEND, t.kupangAdmin, { id: old.id, input: { scope: 'Cakupan baru yang cukup panjang', document: addendum } }))).toEqual(['CONFLICT']);
    });

    it('refuses agreement dates before 1945 or more than five years ahead (BAD_USER_INPUT on the field)', async () => {
      const early = await run(CREATE, t.kupangAdmin, {
        input: {
          libraryId: 'kupang',
          partnerId: kupangSchool,
          title: 'Perjanjian lama',
          scope: 'Cakupan kerja sama lama',
          startsOn: '1944-12-31',
          endsOn: '1950-01-01',
          documentReference: 'PKS/LAMA/1944',
        },
      });
      expect(fieldOf(early)).toEqual([['BAD_USER_INPUT', 'startsOn']]);
      const late = await run(CREATE, t.kupangAdmin, {
        input: {
          libraryId: 'kupang',
          partnerId: kupangSchool,
          title: 'Perjanjian jauh',
          scope: 'Cakupan kerja sama jauh',
          startsOn: '2031-01-01',
          endsOn: '2032-03-02',
          documentReference: 'PKS/JAUH/2031',
        },
      });
      expect(fieldOf(late)).toEqual([['BAD_USER_INPUT', 'endsOn']]);
    });
  });

  describe('school lending programmes', () => {
    it("count the copies lent from collections' loans to the school's institution card in the programme's period (Kupang's days)", async () => {
      const db = fed.subgraphs.collections.db;
      const a = await agreement('2027-01-01', '2028-12-31');
      const lending = await ok(PLAN, t.kupangAdmin, {
        input: {
          agreementId: a.id,
          kind: 'SCHOOL_LENDING',
          title: 'Peminjaman Koleksi Kelas',
          topic: 'Buku bacaan kelas 4–6',
          startsOn: '2027-03-01',
          endsOn: '2027-03-31',
          librarianIds: [],
        },
      });
      const visit = await ok(PLAN, t.kupangAdmin, {
        input: {
          agreementId: a.id,
          kind: 'SCHOOL_VISIT',
          title: 'Kunjungan Perpustakaan Keliling',
          topic: 'Cerita rakyat NTT',
          startsOn: '2027-03-10',
          endsOn: '2027-03-10',
          librarianIds: [],
        },
      });
      const { items } = await newTitle(db, { kupang: 5 });
      const card = await newMember(db, 'kupang', { memberType: MemberType.INSTITUTION, partnerId: kupangSchool });
      const reader = await newMember(db, 'kupang');
      const lend = async (day: string, time: string, barcode: string, memberId: string) => {
        kupangDay(day, time);
        const res = await run(CHECKOUT, t.kupangAdmin, { barcode, memberId });
        expect(res.errors).toBeUndefined();
      };
      await lend('2027-02-26', '10:00', items[0].barcode, card.id); // before the programme
      await lend('2027-03-05', '10:00', items[1].barcode, card.id);
      await lend('2027-03-05', '10:05', items[2].barcode, card.id);
      await lend('2027-03-05', '10:10', items[3].barcode, reader.id); // not the school's card
      await lend('2027-04-01', '00:30', items[4].barcode, card.id); // after it in Kupang, still 31 March in UTC

      expect(await ok(LENT, t.school, { id: lending.id })).toEqual({ kind: 'SCHOOL_LENDING', copiesLent: 2 });
      expect(await ok(LENT, t.kupangAdmin, { id: visit.id })).toEqual({ kind: 'SCHOOL_VISIT', copiesLent: null });
      expect(codes(await run(LENT, t.otherSchool, { id: lending.id }))).toEqual(['FORBIDDEN']);
    });

    it('keeps the internal count of loans out of the public API', async () => {
      const res = await run(`query { institutionCopiesLent(periods: []) }`, t.admin);
      expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    });
  });

  describe('who may renew, amend and terminate', () => {
    it.each([
      ['a librarian of the library', 'librarian', 'FORBIDDEN'],
      ['a member', 'member', 'FORBIDDEN'],
      ["another library's admin", 'baubauAdmin', 'FORBIDDEN'],
      ['the partner itself', 'school', 'FORBIDDEN'],
      ['another partner', 'otherSchool', 'FORBIDDEN'],
      ['a caller without a token', '', 'UNAUTHENTICATED'],
    ])('refuses %s and changes nothing', async (_who, token, code) => {
      const a = await agreement('2027-01-01', '2027-12-31');
      const as = token ? t[token] : undefined;
      expect(codes(await run(RENEW, as, { id: a.id, input: { newEndDate: '2028-12-31', document: addendum } }))).toEqual([code]);
      expect(codes(await run(AMEND, as, { id: a.id, input: { title: 'Judul yang lain', document: addendum } }))).toEqual([code]);
      expect(codes(await run(TERMINATE, as, { id: a.id, on: '2027-06-30', reason: REASON }))).toEqual([code]);
      expect(await ok(ONE, t.kupangAdmin, { id: a.id })).toMatchObject({ endsOn: '2027-12-31', title: 'Layanan Perpustakaan Sekolah', status: 'ACTIVE', history: [] });
    });

    it("does not show another library's admin the agreement or its history", async () => {
      const a = await agreement('2027-01-01', '2027-12-31');
      expect(codes(await run(ONE, t.baubauAdmin, { id: a.id }))).toEqual(['FORBIDDEN']);
    });
  });
});
