import { demoId } from '../shared/domain/demo';
import { addDays, todayIn } from '../shared/platform/time';
import { CareerLevel, EmploymentStatus, Librarian } from '../subgraphs/staff-development/librarians/librarian.entity';
import { TrainingEnrolment, TrainingEnrolmentStatus } from '../subgraphs/staff-development/training/training-enrolment.entity';
import { BACKENDS, codes, type Federation, type GraphQLResponse, startFederation } from './helpers/federation';

const lib = (library: string, i: number) => demoId('librarian', library, i);
/** Demo programme 2 of each city is given by its partner university, demo partner 3. */
const UNIVERSITY = (library: string) => demoId('partner', library, 3);

const CREATE = /* GraphQL */ `
  mutation ($input: CreateTrainingProgrammeInput!) {
    createTrainingProgramme(input: $input) {
      id
      status
      provider
      methods
      competencyUnits {
        code
      }
    }
  }
`;
const ENROL = /* GraphQL */ `
  mutation ($p: ID!, $l: ID!) {
    enrollInTraining(programmeId: $p, librarianId: $l) {
      id
      status
      librarian {
        id
      }
      programme {
        id
        enrolledCount
      }
    }
  }
`;
const WITHDRAW = /* GraphQL */ `
  mutation ($p: ID!, $l: ID!) {
    withdrawFromTraining(programmeId: $p, librarianId: $l) {
      id
      status
    }
  }
`;
const ADD_SESSION = /* GraphQL */ `
  mutation ($p: ID!, $input: AddTrainingSessionInput!) {
    addTrainingSession(programmeId: $p, input: $input) {
      id
      place
    }
  }
`;
const ATTEND = /* GraphQL */ `
  mutation ($s: ID!, $ids: [ID!]!) {
    recordAttendance(sessionId: $s, librarianIds: $ids) {
      id
    }
  }
`;
const COMPLETE = /* GraphQL */ `
  mutation ($id: ID!) {
    completeTrainingProgramme(id: $id) {
      id
      status
    }
  }
`;
const EVALUATE = /* GraphQL */ `
  mutation ($p: ID!, $input: TrainingEvaluationInput!) {
    evaluateTraining(programmeId: $p, input: $input) {
      id
      evaluated
    }
  }
`;
const RECORD = /* GraphQL */ `
  query ($id: ID!) {
    librarian(id: $id) {
      levelSince
      creditPoints
      competencies {
        unit {
          code
          area
        }
        method
        assessedOn
        certificateNumber
        expiresOn
      }
      trainings {
        status
        certificateNumber
        hoursCredited
        programme {
          id
        }
      }
      performanceReviews {
        year
        rating
        metrics {
          name
          value
          target
          unit
        }
      }
      creditPointLedger {
        points
        source
        earnedOn
      }
      promotionReadiness {
        currentLevel
        nextLevel
        creditPoints
        creditPointsRequired
        creditPointsMissing
        competencyTestPassed
        yearsRatedAtLeastBaik
        levelUpCourseCompleted
        missing
        ready
      }
    }
  }
`;

describe.each(BACKENDS)('staff development on %s', (backend) => {
  let fed: Federation;
  const t: Record<string, string> = {};
  const today = todayIn('Asia/Makassar');
  let n = 0;

  /** A new OPEN Kupang programme starting in a month (overrides go into the input). */
  async function openProgramme(overrides: Record<string, unknown> = {}): Promise<string> {
    n += 1;
    const input = {
      libraryId: 'kupang',
      title: `Pelatihan Uji ${n}`,
      module: 'CUSTOMER_SERVICE',
      lessonHours: 16,
      capacity: 10,
      startsOn: addDays(today, 30),
      endsOn: addDays(today, 31),
      methods: ['ROLE_PLAY', 'GROUP_DISCUSSION'],
      competencyUnitCodes: ['R.91PRP02.020.1', 'R.91PRP02.021.1'],
      ...overrides,
    };
    const created = await fed.query(CREATE, { token: t.kupangAdmin, variables: { input } });
    expect(created.errors).toBeUndefined();
    const id = created.data.createTrainingProgramme.id;
    const opened = await fed.query(`mutation { openTrainingProgramme(id: "${id}") { status } }`, { token: t.kupangAdmin });
    expect(opened.data.openTrainingProgramme.status).toBe('OPEN');
    return id;
  }

  const enrol = (p: string, l: string, token?: string) => fed.query(ENROL, { token, variables: { p, l } });
  /** Day `day` of a programme starting `from` days from today (a month ahead unless said). */
  const session = (p: string, day: number, token = t.kupangAdmin, extra: Record<string, unknown> = { place: 'Aula' }, from = 30) =>
    fed.query(ADD_SESSION, {
      token,
      variables: { p, input: { topic: `Hari ${day}`, startsAt: `${addDays(today, from + day)}T00:30:00.000Z`, endsAt: `${addDays(today, from + day)}T07:30:00.000Z`, ...extra } },
    });
  const ok = <T = any>(res: GraphQLResponse<T>): T => {
    expect(res.errors).toBeUndefined();
    return res.data as T;
  };

  beforeAll(async () => {
    fed = await startFederation(backend);
    t.admin = await fed.token({ role: 'ADMIN' });
    t.government = await fed.token({ role: 'GOVERNMENT' });
    t.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    t.baubauAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    for (const i of [0, 1, 2, 3, 4]) t[`kupang${i}`] = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: lib('kupang', i) });
    t.baubau0 = await fed.token({ role: 'LIBRARIAN', libraryId: 'baubau', librarianId: lib('baubau', 0) });
    t.partner = await fed.token({ role: 'PARTNER', partnerId: UNIVERSITY('kupang') });
    t.otherPartner = await fed.token({ role: 'PARTNER', partnerId: UNIVERSITY('baubau') });
    t.member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 0) });
  });
  afterAll(() => fed?.stop());

  describe('Mutation.enrollInTraining', () => {
    it('lets a librarian enrol themself, and counts the place taken', async () => {
      const p = await openProgramme();
      const res = ok(await enrol(p, lib('kupang', 0), t.kupang0));
      expect(res.enrollInTraining).toMatchObject({ status: 'ENROLLED', librarian: { id: lib('kupang', 0) }, programme: { id: p, enrolledCount: 1 } });
      const programme = ok(await fed.query(`{ trainingProgramme(id: "${p}") { capacity enrolledCount placesLeft } }`));
      expect(programme.trainingProgramme).toEqual({ capacity: 10, enrolledCount: 1, placesLeft: 9 });
    });

    it('refuses a second enrolment of the same librarian with CONFLICT', async () => {
      const p = await openProgramme();
      ok(await enrol(p, lib('kupang', 1), t.kupang1));
      expect(codes(await enrol(p, lib('kupang', 1), t.kupang1))).toEqual(['CONFLICT']);
      expect(codes(await enrol(p, lib('kupang', 1), t.kupangAdmin))).toEqual(['CONFLICT']);
    });

    it('lets a library admin enrol their own librarians but not another library’s (FORBIDDEN)', async () => {
      const p = await openProgramme();
      ok(await enrol(p, lib('kupang', 2), t.kupangAdmin));
      expect(codes(await enrol(p, lib('kupang', 3), t.baubauAdmin))).toEqual(['FORBIDDEN']);
    });

    it('refuses a librarian enrolling a colleague, GOVERNMENT, a partner and a member with FORBIDDEN, the public with UNAUTHENTICATED', async () => {
      const p = await openProgramme();
      for (const token of [t.kupang0, t.government, t.partner, t.member]) expect(codes(await enrol(p, lib('kupang', 3), token))).toEqual(['FORBIDDEN']);
      expect(codes(await enrol(p, lib('kupang', 3)))).toEqual(['UNAUTHENTICATED']);
      const count = ok(await fed.query(`{ trainingProgramme(id: "${p}") { enrolledCount } }`));
      expect(count.trainingProgramme.enrolledCount).toBe(0);
    });

    it('refuses a DRAFT programme and one whose enrolment window is not open with CONFLICT', async () => {
      const draft = ok(
        await fed.query(CREATE, {
          token: t.kupangAdmin,
          variables: { input: { libraryId: 'kupang', title: 'Draf', module: 'MANAGEMENT', lessonHours: 8, capacity: 5, startsOn: addDays(today, 40), endsOn: addDays(today, 40) } },
        }),
      );
      expect(codes(await enrol(draft.createTrainingProgramme.id, lib('kupang', 0), t.kupang0))).toEqual(['CONFLICT']);
      const later = await openProgramme({ enrolmentOpensOn: addDays(today, 10) });
      expect(codes(await enrol(later, lib('kupang', 0), t.kupang0))).toEqual(['CONFLICT']);
      const closed = await openProgramme({ startsOn: addDays(today, -3), endsOn: addDays(today, 2) });
      expect(codes(await enrol(closed, lib('kupang', 0), t.kupang0))).toEqual(['CONFLICT']);
    });

    it('enrols exactly `capacity` of 24 librarians enrolling at the same moment; the rest get CONFLICT', async () => {
      const repo = fed.subgraphs['staff-development'].db.getRepository(Librarian);
      const extra = Array.from({ length: 24 }, (_, i) =>
        repo.create({
          id: demoId('test-librarian', backend, i),
          libraryId: 'kupang',
          name: `Peserta Uji ${String(i).padStart(2, '0')}`,
          nip: `1999010120200110${String(i).padStart(2, '0')}`,
          email: `peserta${i}@example.go.id`,
          careerLevel: CareerLevel.TERAMPIL,
          employmentStatus: EmploymentStatus.PPPK,
          levelSince: '2024-01-01',
        }),
      );
      await repo.insert(extra);
      const p = await openProgramme({ capacity: 5 });
      const results = await Promise.all(extra.map((l) => enrol(p, l.id, t.kupangAdmin)));
      expect(results.filter((r) => !r.errors).length).toBe(5);
      expect(results.filter((r) => codes(r)[0] === 'CONFLICT').length).toBe(19);
      const stored = await fed.subgraphs['staff-development'].db.getRepository(TrainingEnrolment).countBy({ programmeId: p, status: TrainingEnrolmentStatus.ENROLLED });
      expect(stored).toBe(5);
      expect(ok(await fed.query(`{ trainingProgramme(id: "${p}") { enrolledCount placesLeft } }`)).trainingProgramme).toEqual({ enrolledCount: 5, placesLeft: 0 });
    });

    it('enrols a librarian once when the same enrolment arrives eight times at once', async () => {
      const p = await openProgramme();
      const results = await Promise.all(Array.from({ length: 8 }, () => enrol(p, lib('kupang', 4), t.kupang4)));
      expect(results.filter((r) => !r.errors).length).toBe(1);
      expect(results.filter((r) => codes(r)[0] === 'CONFLICT').length).toBe(7);
    });
  });

  describe('Mutation.withdrawFromTraining', () => {
    it('gives the place back, and the librarian may enrol again', async () => {
      const p = await openProgramme({ capacity: 1 });
      ok(await enrol(p, lib('kupang', 0), t.kupang0));
      expect(codes(await enrol(p, lib('kupang', 1), t.kupang1))).toEqual(['CONFLICT']);
      expect(ok(await fed.query(WITHDRAW, { token: t.kupang0, variables: { p, l: lib('kupang', 0) } })).withdrawFromTraining.status).toBe('WITHDRAWN');
      expect(codes(await fed.query(WITHDRAW, { token: t.kupang0, variables: { p, l: lib('kupang', 0) } }))).toEqual(['CONFLICT']);
      ok(await enrol(p, lib('kupang', 1), t.kupang1));
    });

    it('refuses a colleague and another library’s admin with FORBIDDEN', async () => {
      const p = await openProgramme();
      ok(await enrol(p, lib('kupang', 2), t.kupang2));
      expect(codes(await fed.query(WITHDRAW, { token: t.kupang0, variables: { p, l: lib('kupang', 2) } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(WITHDRAW, { token: t.baubauAdmin, variables: { p, l: lib('kupang', 2) } }))).toEqual(['FORBIDDEN']);
    });
  });

  describe('sessions, attendance and completion', () => {
    let p: string;
    let sessions: string[];

    beforeAll(async () => {
      // Held yesterday and today (enrolment open until today): attendance is taken from a session's day, completion from the last day.
      p = await openProgramme({ lessonHours: 16, startsOn: addDays(today, -1), endsOn: today, enrolmentClosesOn: today });
      sessions = [
        ok(await session(p, 0, t.kupangAdmin, { place: 'Aula' }, -1)).addTrainingSession.id,
        ok(await session(p, 1, t.kupangAdmin, { onlineLink: 'https://meet.example.org/abc' }, -1)).addTrainingSession.id,
      ];
      for (const i of [0, 1, 2]) ok(await enrol(p, lib('kupang', i), t.kupangAdmin));
    });

    it('needs a place or an online link (BAD_USER_INPUT), and the programme library’s admin (FORBIDDEN for others)', async () => {
      expect(codes(await session(p, 2, t.kupangAdmin, {}))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await session(p, 2, t.kupang0))).toEqual(['FORBIDDEN']);
      expect(codes(await session(p, 2, t.baubauAdmin))).toEqual(['FORBIDDEN']);
    });

    it('shows the schedule to everyone but the online link only to library staff', async () => {
      const q = `{ trainingProgramme(id: "${p}") { sessions { topic startsAt place onlineLink } } }`;
      const pub = ok(await fed.query(q)).trainingProgramme.sessions;
      expect(pub).toHaveLength(2);
      expect(pub.map((s: any) => s.onlineLink)).toEqual([null, null]);
      const staff = ok(await fed.query(q, { token: t.kupang0 })).trainingProgramme.sessions;
      expect(staff[1].onlineLink).toBe('https://meet.example.org/abc');
    });

    it('records attendance for the programme library’s admin only, and only of enrolled librarians', async () => {
      expect(codes(await fed.query(ATTEND, { token: t.kupang0, variables: { s: sessions[0], ids: [lib('kupang', 0)] } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(ATTEND, { token: t.kupangAdmin, variables: { s: sessions[0], ids: [lib('kupang', 5)] } }))).toEqual(['BAD_USER_INPUT']);
      ok(await fed.query(ATTEND, { token: t.kupangAdmin, variables: { s: sessions[0], ids: [lib('kupang', 0), lib('kupang', 1)] } }));
      ok(await fed.query(ATTEND, { token: t.kupangAdmin, variables: { s: sessions[1], ids: [lib('kupang', 0)] } }));
      const att = ok(await fed.query(`{ trainingProgramme(id: "${p}") { sessions { attendance { present librarian { id } } } } }`, { token: t.kupangAdmin }));
      expect(att.trainingProgramme.sessions.map((s: any) => s.attendance.length)).toEqual([2, 1]);
      expect(codes(await fed.query(`{ trainingProgramme(id: "${p}") { sessions { attendance { present } } } }`, { token: t.kupang0 }))).toContain('FORBIDDEN');
    });

    it('refuses completion by a librarian (FORBIDDEN) and another library’s admin (FORBIDDEN)', async () => {
      expect(codes(await fed.query(COMPLETE, { token: t.kupang0, variables: { id: p } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(COMPLETE, { token: t.baubauAdmin, variables: { id: p } }))).toEqual(['FORBIDDEN']);
    });

    it('completes who attended enough: certificate, hours credited, competency units gained; the others NOT_COMPLETED', async () => {
      expect(ok(await fed.query(COMPLETE, { token: t.kupangAdmin, variables: { id: p } })).completeTrainingProgramme.status).toBe('COMPLETED');
      const enrolments = ok(
        await fed.query(
          `{ trainingProgramme(id: "${p}") { enrolments(first: 10) { edges { node { status certificateNumber hoursCredited attendancePercent completedOn librarian { id } } } } } }`,
          { token: t.kupangAdmin },
        ),
      );
      const byLibrarian = Object.fromEntries(enrolments.trainingProgramme.enrolments.edges.map((e: any) => [e.node.librarian.id, e.node]));
      expect(byLibrarian[lib('kupang', 0)]).toMatchObject({ status: 'COMPLETED', hoursCredited: 16, attendancePercent: 100, completedOn: today });
      expect(byLibrarian[lib('kupang', 0)].certificateNumber).toMatch(/^SERT\/KUPANG\//);
      expect(byLibrarian[lib('kupang', 1)]).toMatchObject({ status: 'NOT_COMPLETED', hoursCredited: 0, attendancePercent: 50, certificateNumber: null });
      expect(byLibrarian[lib('kupang', 2)]).toMatchObject({ status: 'NOT_COMPLETED', attendancePercent: 0 });
      const record = ok(await fed.query(RECORD, { token: t.kupang0, variables: { id: lib('kupang', 0) } }));
      const gained = record.librarian.competencies.filter((c: any) => c.certificateNumber === byLibrarian[lib('kupang', 0)].certificateNumber);
      expect(gained.map((c: any) => c.unit.code).sort()).toEqual(['R.91PRP02.020.1', 'R.91PRP02.021.1']);
      expect(gained.every((c: any) => c.method === 'TRAINING')).toBe(true);
    });

    it('refuses a second completion and enrolment in a completed programme with CONFLICT', async () => {
      expect(codes(await fed.query(COMPLETE, { token: t.kupangAdmin, variables: { id: p } }))).toEqual(['CONFLICT']);
      expect(codes(await enrol(p, lib('kupang', 3), t.kupang3))).toEqual(['CONFLICT']);
    });

    describe('Mutation.evaluateTraining', () => {
      const rating = { material: 5, instructor: 4, method: 3, comment: 'Sangat bermanfaat' };

      it('takes one rating from the participant who completed; a second is a CONFLICT', async () => {
        expect(ok(await fed.query(EVALUATE, { token: t.kupang0, variables: { p, input: rating } })).evaluateTraining.evaluated).toBe(true);
        expect(codes(await fed.query(EVALUATE, { token: t.kupang0, variables: { p, input: rating } }))).toEqual(['CONFLICT']);
      });

      it('refuses a participant who did not complete (CONFLICT), a rating out of 1-5 (BAD_USER_INPUT) and an admin (FORBIDDEN)', async () => {
        expect(codes(await fed.query(EVALUATE, { token: t.kupang1, variables: { p, input: rating } }))).toEqual(['CONFLICT']);
        expect(codes(await fed.query(EVALUATE, { token: t.kupang1, variables: { p, input: { ...rating, material: 6 } } }))).toEqual(['BAD_USER_INPUT']);
        expect(codes(await fed.query(EVALUATE, { token: t.kupangAdmin, variables: { p, input: rating } }))).toEqual(['FORBIDDEN']);
      });

      it('shows the programme’s admins and GOVERNMENT averages and unattributed comments; refuses librarians and other libraries', async () => {
        const q = `{ trainingProgramme(id: "${p}") { evaluationSummary { responses averageMaterialRating averageInstructorRating averageMethodRating averageRating comments } } }`;
        for (const token of [t.kupangAdmin, t.government, t.admin]) {
          expect(ok(await fed.query(q, { token })).trainingProgramme.evaluationSummary).toEqual({
            responses: 1,
            averageMaterialRating: 5,
            averageInstructorRating: 4,
            averageMethodRating: 3,
            averageRating: 4,
            comments: ['Sangat bermanfaat'],
          });
        }
        for (const token of [t.kupang0, t.baubauAdmin, t.partner]) expect(codes(await fed.query(q, { token }))).toEqual(['FORBIDDEN']);
        expect(codes(await fed.query(q))).toEqual(['UNAUTHENTICATED']);
      });

      it('aggregates per instructor for admins and GOVERNMENT only', async () => {
        const q = `{ trainingProgramme(id: "${demoId('programme', 'kupang', 0)}") { instructors { name evaluationSummary { responses averageInstructorRating } } } }`;
        const res = ok(await fed.query(q, { token: t.government }));
        expect(res.trainingProgramme.instructors.length).toBeGreaterThan(0);
        for (const i of res.trainingProgramme.instructors) expect(i.evaluationSummary.responses).toBeGreaterThan(0);
        expect(codes(await fed.query(q, { token: t.kupang0 }))).toContain('FORBIDDEN');
      });
    });
  });

  describe('programme details', () => {
    it("hides a DRAFT programme from the public and other libraries (NOT_FOUND, not listed); shows it to the library's staff and GOVERNMENT", async () => {
      const input = {
        libraryId: 'kupang',
        title: 'Rencana Pelatihan Rahasia',
        module: 'MANAGEMENT',
        lessonHours: 8,
        capacity: 5,
        startsOn: addDays(today, 50),
        endsOn: addDays(today, 50),
      };
      const id = ok(await fed.query(CREATE, { token: t.kupangAdmin, variables: { input } })).createTrainingProgramme.id;
      const one = `{ trainingProgramme(id: "${id}") { id status } }`;
      const list = `{ library(id: "kupang") { trainingProgrammes(first: 100) { edges { node { id } } } } }`;
      const listed = async (token?: string) => ok(await fed.query(list, { token })).library.trainingProgrammes.edges.some((e: any) => e.node.id === id);
      for (const token of [undefined, t.baubau0, t.partner]) {
        expect(codes(await fed.query(one, { token }))).toEqual(['NOT_FOUND']);
        expect(await listed(token)).toBe(false);
      }
      expect(codes(await enrol(id, lib('baubau', 0), t.baubau0))).toEqual(['NOT_FOUND']);
      for (const token of [t.kupang0, t.government]) {
        expect(ok(await fed.query(one, { token })).trainingProgramme).toEqual({ id, status: 'DRAFT' });
        expect(await listed(token)).toBe(true);
      }
    });

    it('lists the competency units of an area (public)', async () => {
      const res = ok(await fed.query(`{ competencyUnits(area: SERVICES) { code title area } }`));
      expect(res.competencyUnits.map((u: any) => u.code)).toContain('R.91PRP02.021.1');
      expect(res.competencyUnits.every((u: any) => u.area === 'SERVICES')).toBe(true);
    });

    it('shows the demo programmes with methods, units, instructors, provider and sessions in every city', async () => {
      const res = ok(
        await fed.query(
          `{ libraries { id trainingProgrammes(first: 30) { edges { node { id provider methods partner { id } competencyUnits { code } instructors { name } sessions { id } } } } } }`,
        ),
      );
      for (const library of res.libraries) {
        const demo = new Set([0, 1, 2, 3, 4, 5].map((p) => demoId('programme', library.id, p)));
        const nodes = library.trainingProgrammes.edges.map((e: any) => e.node).filter((node: any) => demo.has(node.id));
        expect(nodes).toHaveLength(6);
        expect(new Set(nodes.map((n: any) => n.provider))).toEqual(new Set(['LIBRARY', 'NATIONAL_LIBRARY', 'PARTNER']));
        for (const node of nodes) {
          expect(node.methods.length).toBeGreaterThan(0);
          expect(node.competencyUnits.length).toBeGreaterThan(0);
          expect(node.instructors.length).toBeGreaterThan(0);
          expect(node.sessions.length).toBeGreaterThan(0);
        }
        expect(nodes.find((n: any) => n.provider === 'PARTNER').partner).toEqual({ id: UNIVERSITY(library.id) });
      }
    });

    it('refuses an unknown competency unit and a PARTNER provider without a partner (BAD_USER_INPUT), writing nothing', async () => {
      const input = { libraryId: 'kupang', title: 'Salah', module: 'MANAGEMENT', lessonHours: 8, capacity: 5, startsOn: addDays(today, 40), endsOn: addDays(today, 40) };
      const before = ok(await fed.query(`{ library(id: "kupang") { trainingProgrammes { totalCount } } }`)).library.trainingProgrammes.totalCount;
      const unit = await fed.query(CREATE, { token: t.kupangAdmin, variables: { input: { ...input, competencyUnitCodes: ['R.91PRP02.999.9'] } } });
      expect(unit.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'competencyUnitCodes' });
      const partner = await fed.query(CREATE, { token: t.kupangAdmin, variables: { input: { ...input, provider: 'PARTNER' } } });
      expect(partner.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'partnerId' });
      expect(ok(await fed.query(`{ library(id: "kupang") { trainingProgrammes { totalCount } } }`)).library.trainingProgrammes.totalCount).toBe(before);
    });

    it('refuses to plan a programme for a librarian (FORBIDDEN) and another library’s admin (FORBIDDEN)', async () => {
      const input = { libraryId: 'kupang', title: 'Tidak boleh', module: 'MANAGEMENT', lessonHours: 8, capacity: 5, startsOn: addDays(today, 40), endsOn: addDays(today, 40) };
      expect(codes(await fed.query(CREATE, { token: t.kupang0, variables: { input } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(CREATE, { token: t.baubauAdmin, variables: { input } }))).toEqual(['FORBIDDEN']);
    });

    describe('Partner.trainingProgrammes', () => {
      const viaPartner = `{ partner(id: "${UNIVERSITY('kupang')}") { name trainingProgrammes { totalCount edges { node { title enrolledCount library { id } } } } } }`;

      it('shows the partner the programmes it gives, with enrolment counts', async () => {
        const res = await fed.query(viaPartner, { token: t.partner });
        expect(res.errors).toBeUndefined();
        const conn = res.data.partner.trainingProgrammes;
        expect(conn.totalCount).toBeGreaterThan(0);
        for (const e of conn.edges) {
          expect(e.node.library.id).toBe('kupang');
          expect(e.node.enrolledCount).toBeGreaterThan(0);
        }
      });

      it('shows them to library staff and GOVERNMENT; refuses another partner and a member (FORBIDDEN), the public (UNAUTHENTICATED)', async () => {
        for (const token of [t.kupang0, t.government, t.admin]) expect((await fed.query(viaPartner, { token })).data.partner.trainingProgrammes.totalCount).toBeGreaterThan(0);
        for (const token of [t.otherPartner, t.member]) expect(codes(await fed.query(viaPartner, { token }))).toEqual(['FORBIDDEN']);
        const pub = await fed.query(viaPartner);
        expect(codes(pub)).toEqual(['UNAUTHENTICATED']);
        expect(pub.data.partner.name).toMatch(/\S/);
      });
    });
  });

  describe('Librarian record', () => {
    it('shows a librarian their own competencies, trainings, reviews and credit points', async () => {
      const res = ok(await fed.query(RECORD, { token: t.kupang4, variables: { id: lib('kupang', 4) } }));
      const l = res.librarian;
      expect(l.levelSince).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(l.competencies.some((c: any) => c.method === 'COMPETENCY_TEST' && c.expiresOn && c.certificateNumber)).toBe(true);
      expect(l.trainings.some((e: any) => e.status === 'COMPLETED' && e.certificateNumber)).toBe(true);
      expect(l.performanceReviews.map((r: any) => r.year)).toEqual([2025, 2024, 2023]);
      expect(l.performanceReviews[0].metrics.length).toBeGreaterThan(0);
      expect(new Set(l.creditPointLedger.map((e: any) => e.source))).toContain('PERFORMANCE_CONVERSION');
    });

    it('says a demo Ahli Pertama with enough points, a test, good ratings and the course is ready for Ahli Muda', async () => {
      const { promotionReadiness: r } = ok(await fed.query(RECORD, { token: t.kupangAdmin, variables: { id: lib('kupang', 4) } })).librarian;
      expect(r).toMatchObject({
        currentLevel: 'AHLI_PERTAMA',
        nextLevel: 'AHLI_MUDA',
        creditPointsRequired: 100,
        creditPointsMissing: 0,
        competencyTestPassed: true,
        levelUpCourseCompleted: true,
        missing: [],
        ready: true,
      });
      expect(r.yearsRatedAtLeastBaik).toBeGreaterThanOrEqual(2);
    });

    it('names what is missing for the others, consistently with the figures', async () => {
      const res = ok(
        await fed.query(
          `{ library(id: "baubau") { librarians(first: 20) { edges { node { id careerLevel promotionReadiness { nextLevel creditPoints creditPointsRequired creditPointsMissing competencyTestPassed yearsRatedAtLeastBaik levelUpCourseCompleted missing ready } } } } } }`,
          { token: t.admin },
        ),
      );
      const all = res.library.librarians.edges.map((e: any) => e.node.promotionReadiness);
      expect(all.some((r: any) => r.missing.length > 0)).toBe(true);
      for (const r of all) {
        if (!r.nextLevel) {
          expect(r.ready).toBe(false);
          continue;
        }
        expect(r.missing.includes('CREDIT_POINTS')).toBe(r.creditPoints < r.creditPointsRequired);
        expect(r.missing.includes('COMPETENCY_TEST')).toBe(!r.competencyTestPassed);
        expect(r.missing.includes('PERFORMANCE_RATINGS')).toBe(r.yearsRatedAtLeastBaik < 2);
        expect(r.missing.includes('LEVEL_UP_COURSE')).toBe(!r.levelUpCourseCompleted);
        expect(r.ready).toBe(r.missing.length === 0);
      }
    });

    it('refuses a colleague, another library’s admin, GOVERNMENT (FORBIDDEN) and the public (UNAUTHENTICATED), but keeps the public profile', async () => {
      const q = `{ librarian(id: "${lib('kupang', 4)}") { name careerLevel promotionReadiness { ready } competencies { method } } }`;
      for (const token of [t.kupang0, t.baubauAdmin, t.government, t.partner]) {
        const res = await fed.query(q, { token });
        expect(codes(res)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
        expect(res.data.librarian).toMatchObject({ promotionReadiness: null, competencies: null });
        expect(res.data.librarian.name).toMatch(/\S/);
      }
      expect(codes(await fed.query(q))).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    });
  });

  describe('performance reviews and credit points', () => {
    const REVIEW = `mutation($l: ID!, $input: RecordPerformanceReviewInput!) { recordPerformanceReview(librarianId: $l, input: $input) { year rating metrics { name value target unit } } }`;
    const review = {
      year: 2026,
      rating: 'SANGAT_BAIK',
      metrics: [
        { name: 'Jam pelatihan', value: 24, target: 20, unit: 'JP' },
        { name: 'Skor kepuasan pemustaka', value: 4.4, target: 4 },
      ],
    };

    it('records a review and converts its rating into credit points on the ledger (Ahli Muda, Sangat Baik: 25 × 150% = 37.5)', async () => {
      const l = lib('kupang', 5); // AHLI_MUDA in the demo
      const res = ok(await fed.query(REVIEW, { token: t.kupangAdmin, variables: { l, input: review } }));
      expect(res.recordPerformanceReview).toMatchObject({ year: 2026, rating: 'SANGAT_BAIK' });
      const ledger = ok(await fed.query(RECORD, { token: t.kupangAdmin, variables: { id: l } })).librarian.creditPointLedger;
      expect(ledger).toContainEqual({ points: 37.5, source: 'PERFORMANCE_CONVERSION', earnedOn: '2026-12-31' });
    });

    it('refuses a second review of the same year with CONFLICT', async () => {
      expect(codes(await fed.query(REVIEW, { token: t.kupangAdmin, variables: { l: lib('kupang', 5), input: review } }))).toEqual(['CONFLICT']);
    });

    it('refuses the librarian themself and another library’s admin with FORBIDDEN', async () => {
      expect(codes(await fed.query(REVIEW, { token: t.kupang4, variables: { l: lib('kupang', 4), input: review } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(REVIEW, { token: t.baubauAdmin, variables: { l: lib('kupang', 4), input: review } }))).toEqual(['FORBIDDEN']);
    });

    it('adds education points, refusing a hand-made conversion (BAD_USER_INPUT)', async () => {
      const M = `mutation($input: RecordCreditPointsInput!) { recordCreditPoints(librarianId: "${lib('kupang', 3)}", input: $input) { points source } }`;
      const input = { points: 12.5, source: 'EDUCATION', description: 'Ijazah S1 Ilmu Perpustakaan', earnedOn: '2026-09-01' };
      expect(ok(await fed.query(M, { token: t.kupangAdmin, variables: { input } })).recordCreditPoints).toEqual({ points: 12.5, source: 'EDUCATION' });
      expect(codes(await fed.query(M, { token: t.kupangAdmin, variables: { input: { ...input, source: 'PERFORMANCE_CONVERSION' } } }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await fed.query(M, { token: t.kupang3, variables: { input } }))).toEqual(['FORBIDDEN']);
    });

    it('records a professional activity with hours and points, the points on the ledger', async () => {
      const M = `mutation($input: RecordProfessionalActivityInput!) { recordProfessionalActivity(librarianId: "${lib('kupang', 6)}", input: $input) { kind hours creditPoints } }`;
      const input = { kind: 'CONFERENCE', title: 'Konferensi Uji Pustakawan', organiser: 'IPI', role: 'Pemakalah', heldOn: '2026-09-20', hours: 12, creditPoints: 2.5 };
      expect(ok(await fed.query(M, { token: t.kupangAdmin, variables: { input } })).recordProfessionalActivity).toEqual({ kind: 'CONFERENCE', hours: 12, creditPoints: 2.5 });
      const ledger = ok(await fed.query(RECORD, { token: t.kupangAdmin, variables: { id: lib('kupang', 6) } })).librarian.creditPointLedger;
      expect(ledger).toContainEqual({ points: 2.5, source: 'PROFESSIONAL_DEVELOPMENT', earnedOn: '2026-09-20' });
      expect(codes(await fed.query(M, { token: t.government, variables: { input } }))).toEqual(['FORBIDDEN']);
    });
  });

  describe('instructors, opening and competencies', () => {
    it('registers an instructor for an admin; refuses a librarian (FORBIDDEN) and the public (UNAUTHENTICATED)', async () => {
      const M = `mutation($input: CreateTrainingInstructorInput!) { createTrainingInstructor(input: $input) { id name institution librarian { id } } }`;
      const input = { name: 'Maria Goreti Lake, M.Hum.', institution: 'Universitas Nusa Cendana', expertise: 'Katalogisasi' };
      const created = ok(await fed.query(M, { token: t.kupangAdmin, variables: { input } })).createTrainingInstructor;
      expect(created).toMatchObject({ name: input.name, librarian: null });
      const p = await openProgramme({ instructorIds: [created.id] });
      expect(ok(await fed.query(`{ trainingProgramme(id: "${p}") { instructors { id } } }`)).trainingProgramme.instructors).toEqual([{ id: created.id }]);
      expect(codes(await fed.query(M, { token: t.kupang0, variables: { input } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(M, { variables: { input } }))).toEqual(['UNAUTHENTICATED']);
    });

    it('opens a draft for its library’s admin only, once (CONFLICT the second time)', async () => {
      const input = { libraryId: 'kupang', title: 'Dibuka Nanti', module: 'MANAGEMENT', lessonHours: 8, capacity: 5, startsOn: addDays(today, 40), endsOn: addDays(today, 40) };
      const id = ok(await fed.query(CREATE, { token: t.kupangAdmin, variables: { input } })).createTrainingProgramme.id;
      const M = `mutation { openTrainingProgramme(id: "${id}") { status } }`;
      for (const token of [t.kupang0, t.baubauAdmin]) expect(codes(await fed.query(M, { token }))).toEqual(['FORBIDDEN']);
      expect(ok(await fed.query(M, { token: t.kupangAdmin })).openTrainingProgramme.status).toBe('OPEN');
      expect(codes(await fed.query(M, { token: t.kupangAdmin }))).toEqual(['CONFLICT']);
    });

    it('records a competency test with certificate and expiry for the librarian’s admin; refuses others and unknown units', async () => {
      const M = `mutation($input: RecordCompetencyInput!) { recordCompetency(librarianId: "${lib('kupang', 3)}", input: $input) { unit { code } method certificateNumber expiresOn } }`;
      const input = { unitCode: 'R.91PRP02.022.1', method: 'COMPETENCY_TEST', assessedOn: '2026-10-20', certificateNumber: 'LSP-PUS/2026/0042', expiresOn: '2029-10-19' };
      expect(ok(await fed.query(M, { token: t.kupangAdmin, variables: { input } })).recordCompetency).toEqual({
        unit: { code: 'R.91PRP02.022.1' },
        method: 'COMPETENCY_TEST',
        certificateNumber: 'LSP-PUS/2026/0042',
        expiresOn: '2029-10-19',
      });
      expect(codes(await fed.query(M, { token: t.kupangAdmin, variables: { input: { ...input, unitCode: 'X.00XXX00.000.0' } } }))).toEqual(['BAD_USER_INPUT']);
      for (const token of [t.kupang3, t.baubauAdmin, t.government]) expect(codes(await fed.query(M, { token, variables: { input } }))).toEqual(['FORBIDDEN']);
    });
  });

  describe('Library.staffIndicators', () => {
    const q = `{ library(id: "kupang") { staffIndicators(from: "2026-01-01", to: "2026-12-31") { librarians trainedLibrarians trainedPercent trainingHours trainingHoursPerLibrarian averageTrainingRating } } }`;

    it('counts librarians, who trained, hours and the average rating in the period, from the records', async () => {
      const res = ok(await fed.query(q, { token: t.government })).library.staffIndicators;
      const db = fed.subgraphs['staff-development'].db;
      const [expected] = await db.query(
        `SELECT COUNT(DISTINCT e.librarianId) AS trained, SUM(e.hoursCredited) AS hours FROM training_enrolment e JOIN librarian l ON l.id = e.librarianId
         WHERE l.libraryId = 'kupang' AND e.status = 'COMPLETED' AND e.completedOn BETWEEN '2026-01-01' AND '2026-12-31'`,
      );
      const librarians = await db.getRepository(Librarian).countBy({ libraryId: 'kupang' });
      expect(res.librarians).toBe(librarians);
      expect(res.trainedLibrarians).toBe(Number(expected.trained));
      expect(res.trainingHours).toBe(Number(expected.hours));
      expect(res.trainingHoursPerLibrarian).toBeCloseTo(Number(expected.hours) / librarians, 2);
      expect(res.averageTrainingRating).toBeGreaterThanOrEqual(1);
      expect(res.averageTrainingRating).toBeLessThanOrEqual(5);
    });

    it('answers "not recorded" (null) for a period before the library recorded any training', async () => {
      const res = ok(
        await fed.query(`{ library(id: "baubau") { staffIndicators(from: "2020-01-01", to: "2020-12-31") { trainedLibrarians trainingHours averageTrainingRating } } }`, {
          token: t.admin,
        }),
      );
      expect(res.library.staffIndicators).toEqual({ trainedLibrarians: null, trainingHours: null, averageTrainingRating: null });
    });

    it('refuses the public (UNAUTHENTICATED), a member, a partner and another library’s librarian (FORBIDDEN)', async () => {
      expect(codes(await fed.query(q))).toEqual(['UNAUTHENTICATED']);
      for (const token of [t.member, t.partner, t.baubau0]) expect(codes(await fed.query(q, { token }))).toEqual(['FORBIDDEN']);
    });

    it('costs at most one SQL statement more per list for all four libraries than for one (no N+1)', async () => {
      const fields =
        'staffIndicators(from: "2026-01-01", to: "2026-12-31") { librarians trainedLibrarians trainingHours averageTrainingRating } trainingProgrammes(first: 5) { edges { node { enrolledCount } } }';
      const statements = async (query: string) => {
        const before = fed.subgraphs['staff-development'].queries();
        ok(await fed.query(query, { token: t.government }));
        return fed.subgraphs['staff-development'].queries() - before;
      };
      // One list per library (a page of one library is one statement, of several one window plus
      // one for their rows); an N+1 would add a statement or more per loader for each other library.
      const one = await statements(`{ library(id: "kupang") { ${fields} } }`);
      const all = await statements(`{ libraries { ${fields} } }`);
      expect(all - one).toBeGreaterThanOrEqual(0);
      expect(all - one).toBeLessThanOrEqual(1);
    });
  });

  describe('incentives', () => {
    const ELIGIBILITY = `{ library(id: "pasuruan") { incentiveRules { id minTrainingHours } incentiveEligibility(year: 2026) { librarian { id } rule { id minTrainingHours } trainingHours eligible awarded } } }`;
    const pasuruanAdmin = () => fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'pasuruan' });

    it('says who qualifies in a year, and records an award once (CONFLICT the second time or when not eligible)', async () => {
      const token = await pasuruanAdmin();
      const rows = ok(await fed.query(ELIGIBILITY, { token })).library.incentiveEligibility;
      for (const r of rows) expect(r.eligible).toBe(r.trainingHours >= r.rule.minTrainingHours);
      expect(rows.some((r: any) => r.awarded)).toBe(true);
      const candidate = rows.find((r: any) => r.eligible && !r.awarded);
      const M = (r: any) => `mutation { awardIncentive(ruleId: "${r.rule.id}", librarianId: "${r.librarian.id}", year: 2026) { year amount rule { name } librarian { id } } }`;
      expect(ok(await fed.query(M(candidate), { token })).awardIncentive).toMatchObject({ year: 2026, amount: 1500000, librarian: { id: candidate.librarian.id } });
      expect(codes(await fed.query(M(candidate), { token }))).toEqual(['CONFLICT']);
      const ineligible = rows.find((r: any) => !r.eligible);
      expect(codes(await fed.query(M(ineligible), { token }))).toEqual(['CONFLICT']);
      expect(codes(await fed.query(M(candidate), { token: t.kupangAdmin }))).toEqual(['FORBIDDEN']);
    });

    it('shows the rules to GOVERNMENT but not who qualifies; refuses librarians the eligibility list', async () => {
      expect(codes(await fed.query(`{ library(id: "pasuruan") { incentiveRules { id } } }`))).toEqual(['UNAUTHENTICATED']);
      const res = await fed.query(ELIGIBILITY, { token: t.government });
      expect(res.data.library.incentiveRules.length).toBeGreaterThan(0);
      expect(res.data.library.incentiveEligibility).toBeNull();
      expect(codes(res)).toEqual(['FORBIDDEN']);
      const librarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'pasuruan', librarianId: lib('pasuruan', 0) });
      expect(codes(await fed.query(ELIGIBILITY, { token: librarian }))).toEqual(['FORBIDDEN']);
    });

    it('sets up a rule for the library’s admin only', async () => {
      const M = `mutation($input: CreateIncentiveRuleInput!) { createIncentiveRule(input: $input) { name minTrainingHours amount } }`;
      const input = { libraryId: 'kupang', name: 'Insentif Uji', minTrainingHours: 24, amount: 750000 };
      expect(ok(await fed.query(M, { token: t.kupangAdmin, variables: { input } })).createIncentiveRule).toEqual({ name: 'Insentif Uji', minTrainingHours: 24, amount: 750000 });
      expect(codes(await fed.query(M, { token: t.baubauAdmin, variables: { input } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(M, { token: t.kupang0, variables: { input } }))).toEqual(['FORBIDDEN']);
    });
  });

  describe('Library.trainingNeeds', () => {
    const q = `{ library(id: "baubau") { trainingNeeds(year: 2026) { librarian { id careerLevel } missingUnits { code } trainingHours trainingHoursTarget hoursShort suggestedProgrammes { id status library { id } levelUpFor competencyUnits { code } } } } }`;

    it('names who lacks a core unit or hours, and open programmes of the library that close the gap', async () => {
      const baubauAdmin = t.baubauAdmin;
      const needs = ok(await fed.query(q, { token: baubauAdmin })).library.trainingNeeds;
      expect(needs.length).toBeGreaterThan(0);
      for (const need of needs) {
        expect(need.missingUnits.length > 0 || need.hoursShort > 0).toBe(true);
        expect(need.hoursShort).toBe(Math.max(0, need.trainingHoursTarget - need.trainingHours));
        for (const p of need.suggestedProgrammes) {
          expect(p).toMatchObject({ status: 'OPEN', library: { id: 'baubau' } });
          if (need.hoursShort === 0) expect(p.competencyUnits.some((u: any) => need.missingUnits.some((m: any) => m.code === u.code))).toBe(true);
        }
      }
    });

    it('refuses a librarian, GOVERNMENT and another library’s admin (FORBIDDEN)', async () => {
      for (const token of [t.baubau0, t.government, t.kupangAdmin]) expect(codes(await fed.query(q, { token }))).toEqual(['FORBIDDEN']);
    });
  });
});
