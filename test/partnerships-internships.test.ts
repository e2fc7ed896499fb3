import { INTERNAL_HEADER, signInternalToken } from '../shared/platform/auth';
import { demoId } from '../shared/domain/demo';
import { INTERNSHIP_TRANSITIONS, InternshipStatus, isLegalInternshipTransition } from '../subgraphs/partnerships/internships/internship.entity';
import { BACKENDS, codes, postGraphQL, startFederation, type Federation } from './helpers/federation';

const kupangUniversity = demoId('partner', 'kupang', 3);
const baubauUniversity = demoId('partner', 'baubau', 3);
const kupangSchool = demoId('partner', 'kupang', 0);
/** The second (current) term of Kupang's agreement with Universitas Nusa Cendana. */
const universityAgreement = demoId('agreement', 'kupang', kupangUniversity, 1);
const schoolAgreement = demoId('agreement', 'kupang', kupangSchool, 0);
const supervisor = demoId('librarian', 'kupang', 0);
const otherKupangLibrarian = demoId('librarian', 'kupang', 1);
const baubauLibrarian = demoId('librarian', 'baubau', 0);

const FIELDS = 'id status studentName studentNumber certificateNumber supervisor { id } library { id } university { id name }';
const APPLY = `mutation ($input: ApplyForInternshipInput!) { applyForInternship(input: $input) { ${FIELDS} } }`;
const ACCEPT = `mutation ($id: ID!, $s: ID!) { acceptInternship(id: $id, supervisorId: $s) { ${FIELDS} } }`;
const START = `mutation ($id: ID!) { startInternship(id: $id) { ${FIELDS} } }`;
const COMPLETE = `mutation ($id: ID!) { completeInternship(id: $id) { ${FIELDS} } }`;
const CANCEL = `mutation ($id: ID!) { cancelInternship(id: $id, reason: "Mahasiswa mengundurkan diri") { ${FIELDS} } }`;
const LOG = `mutation ($input: RecordLogbookEntryInput!) { recordInternshipLogbookEntry(input: $input) { id weekStarting hours recordedBy } }`;
const EVALUATE = `mutation ($input: EvaluateInternshipInput!) { evaluateInternship(input: $input) { id evaluation { averageScore comment scores { criterion score } } } }`;
const ONE = `query ($id: ID!) { internship(id: $id) { ${FIELDS} logbook { weekStarting recordedBy } } }`;
const EVALUATION = `query ($id: ID!) { internship(id: $id) { id evaluation { averageScore comment } } }`;

let student = 0;
const application = (overrides: Record<string, unknown> = {}) => ({
  agreementId: universityAgreement,
  studentName: 'Yohana Maria Bria',
  studentNumber: `1801030${String(++student).padStart(3, '0')}`,
  studyProgramme: 'Ilmu Perpustakaan (S1)',
  // A term already over (the agreement's second term runs into 2028): its weeks have begun and it may be completed.
  startsOn: '2026-09-07',
  endsOn: '2026-11-27',
  ...overrides,
});

describe('the internship state machine', () => {
  it('allows exactly APPLIED → ACCEPTED → ACTIVE → COMPLETED and CANCELLED from every state that is not final', () => {
    const legal: string[] = [];
    for (const from of Object.values(InternshipStatus)) {
      for (const to of Object.values(InternshipStatus)) if (isLegalInternshipTransition(from, to)) legal.push(`${from}→${to}`);
    }
    expect(legal.sort()).toEqual(['APPLIED→ACCEPTED', 'APPLIED→CANCELLED', 'ACCEPTED→ACTIVE', 'ACCEPTED→CANCELLED', 'ACTIVE→COMPLETED', 'ACTIVE→CANCELLED'].sort());
    expect(INTERNSHIP_TRANSITIONS.COMPLETED).toEqual([]);
    expect(INTERNSHIP_TRANSITIONS.CANCELLED).toEqual([]);
  });
});

describe.each(BACKENDS)('internships (%s)', (backend) => {
  let fed: Federation;
  const t: Record<string, string> = {};
  const run = async (query: string, token: string | undefined, variables: Record<string, unknown> = {}) => fed.query(query, { token, variables });
  const ok = async (query: string, token: string | undefined, variables: Record<string, unknown> = {}) => {
    const res = await run(query, token, variables);
    expect(res.errors).toBeUndefined();
    return Object.values(res.data)[0] as any;
  };
  const apply = async (overrides: Record<string, unknown> = {}) => ok(APPLY, t.university, { input: application(overrides) });
  const accepted = async () => ok(ACCEPT, t.kupangAdmin, { id: (await apply()).id, s: supervisor });
  const active = async () => ok(START, t.supervisor, { id: (await accepted()).id });
  const evaluate = (id: string, token = t.supervisor) =>
    run(EVALUATE, token, {
      input: {
        internshipId: id,
        comment: 'Disiplin, cepat belajar, dan ramah kepada pemustaka.',
        scores: [
          { criterion: 'Kedisiplinan', score: 90 },
          { criterion: 'Pelayanan pemustaka', score: 85 },
          { criterion: 'Pengolahan bahan pustaka', score: 80 },
        ],
      },
    });

  beforeAll(async () => {
    fed = await startFederation(backend);
    t.university = await fed.token({ role: 'PARTNER', partnerId: kupangUniversity });
    t.otherUniversity = await fed.token({ role: 'PARTNER', partnerId: baubauUniversity });
    t.school = await fed.token({ role: 'PARTNER', partnerId: kupangSchool });
    t.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    t.baubauAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    t.supervisor = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: supervisor });
    t.otherLibrarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: otherKupangLibrarian });
    t.member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 0) });
    t.government = await fed.token({ role: 'GOVERNMENT' });
    t.admin = await fed.token({ role: 'ADMIN' });
  });
  afterAll(() => fed?.stop());

  describe('Mutation.applyForInternship', () => {
    it('lets the university apply for its student under its agreement: APPLIED, hosted by the agreement library', async () => {
      const internship = await apply();
      expect(internship).toMatchObject({ status: 'APPLIED', supervisor: null, library: { id: 'kupang' }, university: { id: kupangUniversity, name: 'Universitas Nusa Cendana' } });
    });

    it('refuses another university, a librarian, a member and GOVERNMENT with FORBIDDEN, an anonymous caller with UNAUTHENTICATED', async () => {
      for (const token of [t.otherUniversity, t.supervisor, t.member, t.government]) {
        expect(codes(await run(APPLY, token, { input: application() }))).toEqual(['FORBIDDEN']);
      }
      expect(codes(await run(APPLY, t.baubauAdmin, { input: application() }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(APPLY, undefined, { input: application() }))).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses an agreement with a school, a period outside the agreement and an end before the start with BAD_USER_INPUT', async () => {
      const school = await run(APPLY, t.kupangAdmin, { input: application({ agreementId: schoolAgreement }) });
      expect(codes(school)).toEqual(['BAD_USER_INPUT']);
      expect(school.errors![0].extensions!.field).toBe('agreementId');
      const backwards = await run(APPLY, t.university, { input: application({ startsOn: '2027-01-10', endsOn: '2027-01-01' }) });
      expect(backwards.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endsOn' });
      const outside = await run(APPLY, t.university, { input: application({ endsOn: '2031-01-01' }) });
      expect(outside.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endsOn' });
    });

    it('refuses the same student twice in overlapping periods with CONFLICT', async () => {
      await apply({ studentNumber: '1801039999' });
      expect(codes(await run(APPLY, t.university, { input: application({ studentNumber: '1801039999' }) }))).toEqual(['CONFLICT']);
    });
  });

  describe('legal transitions', () => {
    it('takes an internship APPLIED → ACCEPTED → ACTIVE → COMPLETED, with logbook, evaluation and a certificate number', async () => {
      const applied = await apply();
      const acceptedOne = await ok(ACCEPT, t.kupangAdmin, { id: applied.id, s: supervisor });
      expect(acceptedOne).toMatchObject({ status: 'ACCEPTED', supervisor: { id: supervisor } });
      expect((await ok(START, t.supervisor, { id: applied.id })).status).toBe('ACTIVE');

      const byUniversity = await ok(LOG, t.university, {
        input: { internshipId: applied.id, weekStarting: '2026-09-07', activities: 'Shelving dan pengolahan buku baru', hours: 35 },
      });
      expect(byUniversity.recordedBy).toBe('UNIVERSITY');
      const bySupervisor = await ok(LOG, t.supervisor, {
        input: { internshipId: applied.id, weekStarting: '2026-09-14', activities: 'Layanan sirkulasi dan referensi', hours: 36 },
      });
      expect(bySupervisor.recordedBy).toBe('SUPERVISOR');

      const evaluated = await evaluate(applied.id);
      expect(evaluated.errors).toBeUndefined();
      expect(evaluated.data.evaluateInternship.evaluation.averageScore).toBe(85);

      const completed = await ok(COMPLETE, t.supervisor, { id: applied.id });
      expect(completed.status).toBe('COMPLETED');
      expect(completed.certificateNumber).toMatch(/^\d{3}\/SERT-MAGANG\/KUPANG\/\d{4}$/);
      const read = await ok(ONE, t.university, { id: applied.id });
      expect(read.logbook.map((e: any) => e.weekStarting)).toEqual(['2026-09-07', '2026-09-14']);
    });

    it('cancels from APPLIED (the university), ACCEPTED (the library admin) and ACTIVE (the supervisor)', async () => {
      expect((await ok(CANCEL, t.university, { id: (await apply()).id })).status).toBe('CANCELLED');
      expect((await ok(CANCEL, t.kupangAdmin, { id: (await accepted()).id })).status).toBe('CANCELLED');
      expect((await ok(CANCEL, t.supervisor, { id: (await active()).id })).status).toBe('CANCELLED');
    });

    it('gives each completed internship its own certificate number', async () => {
      const numbers: string[] = [];
      for (let i = 0; i < 2; i++) {
        const one = await active();
        expect((await evaluate(one.id)).errors).toBeUndefined();
        numbers.push((await ok(COMPLETE, t.kupangAdmin, { id: one.id })).certificateNumber);
      }
      expect(new Set(numbers).size).toBe(2);
    });
  });

  describe('illegal transitions', () => {
    it('refuses to start or complete an APPLIED internship with CONFLICT', async () => {
      const applied = await apply();
      expect(codes(await run(START, t.kupangAdmin, { id: applied.id }))).toEqual(['CONFLICT']);
      expect(codes(await run(COMPLETE, t.kupangAdmin, { id: applied.id }))).toEqual(['CONFLICT']);
    });

    it('refuses to accept an ACCEPTED internship again, or to complete it, with CONFLICT', async () => {
      const one = await accepted();
      expect(codes(await run(ACCEPT, t.kupangAdmin, { id: one.id, s: supervisor }))).toEqual(['CONFLICT']);
      expect(codes(await run(COMPLETE, t.supervisor, { id: one.id }))).toEqual(['CONFLICT']);
    });

    it('refuses to complete an ACTIVE internship before the evaluation, with CONFLICT', async () => {
      const one = await active();
      expect(codes(await run(COMPLETE, t.supervisor, { id: one.id }))).toEqual(['CONFLICT']);
      expect(codes(await run(START, t.supervisor, { id: one.id }))).toEqual(['CONFLICT']);
    });

    it('refuses every move out of COMPLETED and CANCELLED with CONFLICT', async () => {
      const done = await active();
      await evaluate(done.id);
      await ok(COMPLETE, t.supervisor, { id: done.id });
      const cancelled = await ok(CANCEL, t.university, { id: (await apply()).id });
      for (const id of [done.id, cancelled.id]) {
        expect(codes(await run(CANCEL, t.kupangAdmin, { id }))).toEqual(['CONFLICT']);
        expect(codes(await run(START, t.kupangAdmin, { id }))).toEqual(['CONFLICT']);
        expect(codes(await run(ACCEPT, t.kupangAdmin, { id, s: supervisor }))).toEqual(['CONFLICT']);
        expect(codes(await run(COMPLETE, t.kupangAdmin, { id }))).toEqual(['CONFLICT']);
      }
    });

    it('refuses a logbook week or an evaluation for an internship that is not ACTIVE with CONFLICT', async () => {
      const one = await accepted();
      expect(codes(await run(LOG, t.university, { input: { internshipId: one.id, weekStarting: '2026-09-07', activities: 'Belum mulai magang', hours: 5 } }))).toEqual([
        'CONFLICT',
      ]);
      expect(codes(await evaluate(one.id))).toEqual(['CONFLICT']);
    });
  });

  describe('who may do what', () => {
    it("refuses acceptance by another library's admin (FORBIDDEN) and a supervisor from another library (BAD_USER_INPUT)", async () => {
      const applied = await apply();
      expect(codes(await run(ACCEPT, t.baubauAdmin, { id: applied.id, s: supervisor }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(ACCEPT, t.supervisor, { id: applied.id, s: supervisor }))).toEqual(['FORBIDDEN']);
      const wrong = await run(ACCEPT, t.kupangAdmin, { id: applied.id, s: baubauLibrarian });
      expect(wrong.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'supervisorId' });
    });

    it('lets only the supervising librarian among librarians start, keep the logbook, evaluate and complete', async () => {
      const one = await accepted();
      expect(codes(await run(START, t.otherLibrarian, { id: one.id }))).toEqual(['FORBIDDEN']);
      await ok(START, t.supervisor, { id: one.id });
      const week = { internshipId: one.id, weekStarting: '2026-09-07', activities: 'Layanan anak dan dongeng', hours: 30 };
      expect(codes(await run(LOG, t.otherLibrarian, { input: week }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(LOG, t.otherUniversity, { input: week }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(LOG, t.kupangAdmin, { input: week }))).toEqual(['FORBIDDEN']);
      expect(codes(await evaluate(one.id, t.otherLibrarian))).toEqual(['FORBIDDEN']);
      expect(codes(await evaluate(one.id, t.kupangAdmin))).toEqual(['FORBIDDEN']);
      expect(codes(await evaluate(one.id, t.university))).toEqual(['FORBIDDEN']);
      expect(codes(await run(COMPLETE, t.otherLibrarian, { id: one.id }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(CANCEL, t.otherUniversity, { id: one.id }))).toEqual(['FORBIDDEN']);
    });

    it('refuses a second entry for a week (CONFLICT) and a week that does not start on Monday (BAD_USER_INPUT)', async () => {
      const one = await active();
      const week = { internshipId: one.id, weekStarting: '2026-09-07', activities: 'Digitalisasi arsip lokal', hours: 30 };
      await ok(LOG, t.university, { input: week });
      expect(codes(await run(LOG, t.supervisor, { input: week }))).toEqual(['CONFLICT']);
      const tuesday = await run(LOG, t.university, { input: { ...week, weekStarting: '2026-09-08' } });
      expect(tuesday.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'weekStarting' });
    });

    it('shows the evaluation to the university, the supervisor and the library admin, not to other librarians', async () => {
      const one = await active();
      await evaluate(one.id);
      for (const token of [t.university, t.supervisor, t.kupangAdmin, t.admin]) {
        const res = await run(EVALUATION, token, { id: one.id });
        expect(res.errors).toBeUndefined();
        expect(res.data.internship.evaluation.averageScore).toBe(85);
      }
      const other = await run(EVALUATION, t.otherLibrarian, { id: one.id });
      expect(other.data.internship.id).toBe(one.id);
      expect(codes(other)).toEqual(['FORBIDDEN']);
    });

    it('isolates partners: another university, a school and GOVERNMENT cannot read an internship (FORBIDDEN)', async () => {
      const one = await apply();
      for (const token of [t.otherUniversity, t.school, t.government, t.baubauAdmin]) expect(codes(await run(ONE, token, { id: one.id }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(ONE, undefined, { id: one.id }))).toEqual(['UNAUTHENTICATED']);
      // and not through the subgraph's _entities either
      const proof = await signInternalToken({ sub: 'p', role: 'PARTNER', partnerId: baubauUniversity }, fed.config.gatewaySecret);
      const res = await postGraphQL(
        fed.subgraphs.partnerships.url,
        { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Internship { id studentName } } }', variables: { r: [{ __typename: 'Internship', id: one.id }] } },
        { [INTERNAL_HEADER]: proof },
      );
      expect(codes(res)).toEqual(['FORBIDDEN']);
    });
  });

  describe('Partner.internships and Librarian.supervisedInternships', () => {
    const BY_PARTNER = `query ($id: ID!) { partner(id: $id) { internships(first: 100) { totalCount edges { node { id status library { id } } } } } }`;
    const SUPERVISED = `query ($id: ID!) { librarian(id: $id) { name supervisedInternships(first: 100, status: ACTIVE) { totalCount edges { node { id status supervisor { id } } } } } }`;

    it('lets a university follow its students, and refuses another university and GOVERNMENT', async () => {
      const list = await ok(BY_PARTNER, t.university, { id: kupangUniversity });
      expect(list.internships.totalCount).toBeGreaterThan(5);
      for (const token of [t.otherUniversity, t.government, t.member]) expect(codes(await run(BY_PARTNER, token, { id: kupangUniversity }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(BY_PARTNER, undefined, { id: kupangUniversity }))).toEqual(['UNAUTHENTICATED']);
    });

    // Was: Baubau's admin got an empty list for a university Baubau does not work with. A caller who
    // may see none of a list is now refused (FORBIDDEN), not answered with "no interns".
    it("shows staff only their own library's interns from a university, and refuses a library that does not host its students", async () => {
      const kupang = await ok(BY_PARTNER, t.kupangAdmin, { id: kupangUniversity });
      expect(kupang.internships.totalCount).toBeGreaterThan(0);
      expect(kupang.internships.edges.filter((e: any) => e.node.library.id !== 'kupang')).toEqual([]);
      expect(codes(await run(BY_PARTNER, t.baubauAdmin, { id: kupangUniversity }))).toEqual(['FORBIDDEN']);
    });

    it("lists a librarian's active interns for the librarian and their library's admin, with the library from staff-development", async () => {
      await active();
      for (const token of [t.supervisor, t.kupangAdmin, t.admin]) {
        const res = await ok(SUPERVISED, token, { id: supervisor });
        expect(res.supervisedInternships.totalCount).toBeGreaterThan(0);
        for (const e of res.supervisedInternships.edges) expect(e.node).toMatchObject({ status: 'ACTIVE', supervisor: { id: supervisor } });
      }
    });

    it("refuses another librarian, another library's admin and a partner with FORBIDDEN", async () => {
      for (const token of [t.otherLibrarian, t.baubauAdmin, t.university, t.government]) {
        const res = await run(SUPERVISED, token, { id: supervisor });
        expect(res.data.librarian.name).toMatch(/\S/);
        expect(codes(res)).toEqual(['FORBIDDEN']);
      }
    });
  });
});
