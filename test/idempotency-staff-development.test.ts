import { IsNull, type DataSource } from 'typeorm';
import { demoId } from '../shared/domain/demo';
import { addDays, todayIn } from '../shared/platform/time';
import { CompetencyUnit } from '../subgraphs/staff-development/career/competency-unit.entity';
import { CreditPointEntry } from '../subgraphs/staff-development/career/credit-point-entry.entity';
import { LibrarianCompetency } from '../subgraphs/staff-development/career/librarian-competency.entity';
import { LibrarianPromotion } from '../subgraphs/staff-development/career/librarian-promotion.entity';
import { PerformanceReview } from '../subgraphs/staff-development/career/performance-review.entity';
import { ProfessionalActivity } from '../subgraphs/staff-development/career/professional-activity.entity';
import { IncentiveAward, IncentiveRule } from '../subgraphs/staff-development/incentives/incentive.entity';
import { Librarian } from '../subgraphs/staff-development/librarians/librarian.entity';
import { Holiday } from '../subgraphs/staff-development/libraries/holiday.entity';
import { LibraryAccreditation } from '../subgraphs/staff-development/libraries/library-accreditation.entity';
import { SessionAttendance } from '../subgraphs/staff-development/training/session-attendance.entity';
import { TrainingEnrolment } from '../subgraphs/staff-development/training/training-enrolment.entity';
import { TrainingEvaluation } from '../subgraphs/staff-development/training/training-evaluation.entity';
import { TrainingInstructor } from '../subgraphs/staff-development/training/training-instructor.entity';
import { TrainingProgramme } from '../subgraphs/staff-development/training/training-programme.entity';
import { TrainingSession } from '../subgraphs/staff-development/training/training-session.entity';
import { BACKENDS, codes, startFederation, type Federation, type GraphQLResponse } from './helpers/federation';

/**
 * The create mutations of staff development sent again with their idempotency key (the mechanism
 * itself: test/idempotency.test.ts): the retry answers what the first call answered, and the
 * database holds what one call wrote. Where a plain second call is refused (enrolling twice, a
 * second review of the year, a NIP recorded already …), the retry with the key is not.
 */

const lib = (library: string, i: number) => demoId('librarian', library, i);
const nip = (birth: string, appointed: string, sex: 1 | 2, seq: number) => `${birth.replace(/-/g, '')}${appointed.replace('-', '')}${sex}${String(seq).padStart(3, '0')}`;

/** One create mutation: how to call it, on what (made fresh for each test), and how to count what it created. */
interface Case {
  mutation: string;
  /** What one call creates, for the test's name. */
  thing: string;
  /** The document, with `$key: String` passed as `idempotencyKey`. */
  document: string;
  /** The caller: a token from `tokens`. */
  caller: string;
  /** Fresh variables (and whatever they need created first), without the key. */
  variables(): Promise<Record<string, unknown>>;
  /** How many rows the call's variables stand for in the staff-development database. */
  count(db: DataSource, variables: Record<string, any>): Promise<number>;
  /** The code a plain second call gets, when it is refused. */
  refused?: string;
}

describe.each(BACKENDS)('create mutations of staff development sent again with their idempotency key (%s)', (backend) => {
  let fed: Federation;
  const tokens: Record<string, string> = {};
  const today = todayIn('Asia/Makassar'); // Kupang
  let n = 0;
  let keys = 0;
  let years = 0;
  /** A year no demo record has (reviews and accreditations are one per year). */
  const farYear = () => 2070 + ++years;

  const db = () => fed.subgraphs['staff-development'].db;
  const ok = <T = any>(res: GraphQLResponse<T>): T => {
    expect(res.errors).toBeUndefined();
    return res.data as T;
  };

  /** A Kupang programme (DRAFT unless `open`); overrides go into the input. */
  async function programme(overrides: Record<string, unknown> = {}, open = true): Promise<string> {
    n += 1;
    const input = {
      libraryId: 'kupang',
      title: `Pelatihan Kunci ${backend} ${n}`,
      module: 'CUSTOMER_SERVICE',
      lessonHours: 8,
      capacity: 10,
      startsOn: addDays(today, 30),
      endsOn: addDays(today, 31),
      ...overrides,
    };
    const id = ok(
      await fed.query(`mutation ($input: CreateTrainingProgrammeInput!) { createTrainingProgramme(input: $input) { id } }`, { token: tokens.kupangAdmin, variables: { input } }),
    ).createTrainingProgramme.id;
    if (open) ok(await fed.query(`mutation { openTrainingProgramme(id: "${id}") { status } }`, { token: tokens.kupangAdmin }));
    return id;
  }

  /** A programme held yesterday and today, its session yesterday, and these librarians enrolled. */
  async function heldProgramme(librarians: string[]): Promise<{ programmeId: string; sessionId: string }> {
    const programmeId = await programme({ startsOn: addDays(today, -1), endsOn: today, enrolmentClosesOn: today });
    const day = addDays(today, -1);
    const sessionId = ok(
      await fed.query(`mutation ($p: ID!, $input: AddTrainingSessionInput!) { addTrainingSession(programmeId: $p, input: $input) { id } }`, {
        token: tokens.kupangAdmin,
        variables: { p: programmeId, input: { topic: 'Hari pertama', startsAt: `${day}T00:30:00.000Z`, endsAt: `${day}T07:30:00.000Z`, place: 'Aula' } },
      }),
    ).addTrainingSession.id;
    for (const l of librarians) ok(await fed.query(`mutation { enrollInTraining(programmeId: "${programmeId}", librarianId: "${l}") { id } }`, { token: tokens.kupangAdmin }));
    return { programmeId, sessionId };
  }

  /** A day from `from` days ahead on which Kupang is open (no national or local holiday). */
  async function openDay(from: number): Promise<string> {
    let day = addDays(today, from);
    while (
      await db()
        .getRepository(Holiday)
        .exists({
          where: [
            { libraryId: 'kupang', date: day },
            { libraryId: IsNull(), date: day },
          ],
        })
    )
      day = addDays(day, 1);
    return day;
  }

  const CASES: Case[] = [
    {
      mutation: 'createTrainingProgramme',
      thing: 'programme',
      document: `mutation ($input: CreateTrainingProgrammeInput!, $key: String) { createTrainingProgramme(input: $input, idempotencyKey: $key) { id title status competencyUnits { code } } }`,
      caller: 'kupangAdmin',
      variables: async () => ({
        input: {
          libraryId: 'kupang',
          title: `Program Sekali ${backend} ${++n}`,
          module: 'INFORMATION_LITERACY_TEACHING',
          lessonHours: 16,
          capacity: 12,
          startsOn: addDays(today, 45),
          endsOn: addDays(today, 46),
          competencyUnitCodes: ['R.91PRP02.021.1'],
        },
      }),
      count: (d, v) => d.getRepository(TrainingProgramme).countBy({ title: v.input.title }),
    },
    {
      mutation: 'addTrainingSession',
      thing: 'session',
      document: `mutation ($p: ID!, $input: AddTrainingSessionInput!, $key: String) { addTrainingSession(programmeId: $p, input: $input, idempotencyKey: $key) { id topic place startsAt } }`,
      caller: 'kupangAdmin',
      variables: async () => ({
        p: await programme({}, false),
        input: { topic: 'Sesi pembuka', startsAt: `${addDays(today, 30)}T01:00:00.000Z`, endsAt: `${addDays(today, 30)}T04:00:00.000Z`, place: 'Ruang Baca Anak' },
      }),
      count: (d, v) => d.getRepository(TrainingSession).countBy({ programmeId: v.p }),
    },
    {
      mutation: 'recordLibraryAccreditation',
      thing: 'accreditation',
      document: `mutation ($input: LibraryAccreditationInput!, $key: String) { recordLibraryAccreditation(input: $input, idempotencyKey: $key) { id libraryId year grade meetsStandard recordedAt } }`,
      caller: 'admin',
      variables: async () => ({ input: { libraryId: 'baubau', year: farYear(), grade: 'B', meetsStandard: true } }),
      count: (d, v) => d.getRepository(LibraryAccreditation).countBy({ libraryId: v.input.libraryId, year: v.input.year }),
      refused: 'CONFLICT',
    },
    {
      mutation: 'enrollInTraining',
      thing: 'enrolment',
      document: `mutation ($p: ID!, $l: ID!, $key: String) { enrollInTraining(programmeId: $p, librarianId: $l, idempotencyKey: $key) { id status enrolledAt programme { id enrolledCount } } }`,
      caller: 'kupangAdmin',
      variables: async () => ({ p: await programme(), l: lib('kupang', 1) }),
      count: (d, v) => d.getRepository(TrainingEnrolment).countBy({ programmeId: v.p }),
      refused: 'CONFLICT',
    },
    {
      mutation: 'recordAttendance',
      thing: 'attendance mark per participant',
      document: `mutation ($s: ID!, $ids: [ID!]!, $present: Boolean, $key: String) { recordAttendance(sessionId: $s, librarianIds: $ids, present: $present, idempotencyKey: $key) { id attendance { present librarian { id } } } }`,
      caller: 'kupangAdmin',
      variables: async () => {
        const ids = [lib('kupang', 1), lib('kupang', 2)];
        return { s: (await heldProgramme(ids)).sessionId, ids };
      },
      count: async (d, v) => (await d.getRepository(SessionAttendance).countBy({ sessionId: v.s })) / v.ids.length,
    },
    {
      mutation: 'evaluateTraining',
      thing: 'evaluation',
      document: `mutation ($p: ID!, $input: TrainingEvaluationInput!, $key: String) { evaluateTraining(programmeId: $p, input: $input, idempotencyKey: $key) { id status evaluated } }`,
      caller: 'kupang1',
      variables: async () => {
        const { programmeId, sessionId } = await heldProgramme([lib('kupang', 1)]);
        ok(await fed.query(`mutation { recordAttendance(sessionId: "${sessionId}", librarianIds: ["${lib('kupang', 1)}"]) { id } }`, { token: tokens.kupangAdmin }));
        ok(await fed.query(`mutation { completeTrainingProgramme(id: "${programmeId}") { status } }`, { token: tokens.kupangAdmin }));
        return { p: programmeId, input: { material: 5, instructor: 4, method: 4, comment: 'Praktik langsung sangat membantu' } };
      },
      count: (d, v) => d.getRepository(TrainingEvaluation).countBy({ programmeId: v.p }),
      refused: 'CONFLICT',
    },
    {
      mutation: 'createIncentiveRule',
      thing: 'rule',
      document: `mutation ($input: CreateIncentiveRuleInput!, $key: String) { createIncentiveRule(input: $input, idempotencyKey: $key) { id name minTrainingHours amount } }`,
      caller: 'kupangAdmin',
      variables: async () => ({ input: { libraryId: 'kupang', name: `Insentif Sekali ${++n}`, minTrainingHours: 20, amount: 500000 } }),
      count: (d, v) => d.getRepository(IncentiveRule).countBy({ name: v.input.name }),
    },
    {
      mutation: 'awardIncentive',
      thing: 'award',
      document: `mutation ($r: ID!, $l: ID!, $y: Int!, $key: String) { awardIncentive(ruleId: $r, librarianId: $l, year: $y, idempotencyKey: $key) { id year amount awardedOn librarian { id } } }`,
      caller: 'kupangAdmin',
      variables: async () => {
        // A new rule anyone who trained at all in the year qualifies for, and one who did.
        const year = Number(today.slice(0, 4));
        const M = `mutation ($input: CreateIncentiveRuleInput!) { createIncentiveRule(input: $input) { id } }`;
        const r = ok(
          await fed.query(M, { token: tokens.kupangAdmin, variables: { input: { libraryId: 'kupang', name: `Insentif Hadiah ${++n}`, minTrainingHours: 1, amount: 250000 } } }),
        ).createIncentiveRule.id;
        const rows = ok(
          await fed.query(`{ library(id: "kupang") { incentiveEligibility(year: ${year}) { rule { id } librarian { id } eligible } } }`, { token: tokens.kupangAdmin }),
        ).library.incentiveEligibility;
        const eligible = rows.find((row: any) => row.rule.id === r && row.eligible);
        expect(eligible).toBeDefined();
        return { r, l: eligible.librarian.id, y: year };
      },
      count: (d, v) => d.getRepository(IncentiveAward).countBy({ ruleId: v.r }),
      refused: 'CONFLICT',
    },
    {
      mutation: 'createTrainingInstructor',
      thing: 'instructor',
      document: `mutation ($input: CreateTrainingInstructorInput!, $key: String) { createTrainingInstructor(input: $input, idempotencyKey: $key) { id name institution } }`,
      caller: 'kupangAdmin',
      variables: async () => ({ input: { name: `Dr. Yosef Nenabu ${++n}`, institution: 'Universitas Nusa Cendana', expertise: 'Literasi informasi' } }),
      count: (d, v) => d.getRepository(TrainingInstructor).countBy({ name: v.input.name }),
    },
    {
      mutation: 'addLibrarian',
      thing: 'librarian',
      document: `mutation ($input: AddLibrarianInput!, $key: String) { addLibrarian(input: $input, idempotencyKey: $key) { id name nip careerLevel } }`,
      caller: 'kupangAdmin',
      variables: async () => ({
        input: {
          libraryId: 'kupang',
          name: `Agustina Tefa ${++n}`,
          nip: nip('1992-08-17', '2018-02', 2, 100 + n),
          email: `a.tefa${n}@perpustakaan-kupang.go.id`,
          careerLevel: 'AHLI_PERTAMA',
          employmentStatus: 'PNS',
          levelSince: '2019-01-01',
        },
      }),
      count: (d, v) => d.getRepository(Librarian).countBy({ nip: v.input.nip }),
      refused: 'CONFLICT',
    },
    {
      mutation: 'recordCompetency',
      thing: 'competency',
      document: `mutation ($l: ID!, $input: RecordCompetencyInput!, $key: String) { recordCompetency(librarianId: $l, input: $input, idempotencyKey: $key) { id unit { code } method certificateNumber } }`,
      caller: 'kupangAdmin',
      variables: async () => ({
        l: lib('kupang', 3),
        input: { unitCode: 'R.91PRP02.022.1', method: 'COMPETENCY_TEST', assessedOn: addDays(today, -10), certificateNumber: `LSP-PUS/KUNCI/${++n}` },
      }),
      count: (d, v) => d.getRepository(LibrarianCompetency).countBy({ certificateNumber: v.input.certificateNumber }),
    },
    {
      mutation: 'recordPerformanceReview',
      thing: 'review',
      document: `mutation ($l: ID!, $input: RecordPerformanceReviewInput!, $key: String) { recordPerformanceReview(librarianId: $l, input: $input, idempotencyKey: $key) { id year rating reviewedOn } }`,
      caller: 'kupangAdmin',
      variables: async () => ({ l: lib('kupang', 5), input: { year: farYear(), rating: 'BAIK', metrics: [{ name: 'Jam pelatihan', value: 20, target: 20, unit: 'JP' }] } }),
      count: (d, v) => d.getRepository(PerformanceReview).countBy({ librarianId: v.l, year: v.input.year }),
      refused: 'CONFLICT',
    },
    {
      mutation: 'recordCreditPoints',
      thing: 'ledger entry',
      document: `mutation ($l: ID!, $input: RecordCreditPointsInput!, $key: String) { recordCreditPoints(librarianId: $l, input: $input, idempotencyKey: $key) { id points source } }`,
      caller: 'kupangAdmin',
      variables: async () => ({ l: lib('kupang', 3), input: { points: 7.25, source: 'EDUCATION', description: `Sertifikat diklat ${++n}`, earnedOn: addDays(today, -20) } }),
      count: (d, v) => d.getRepository(CreditPointEntry).countBy({ description: v.input.description }),
    },
    {
      mutation: 'recordProfessionalActivity',
      thing: 'activity',
      document: `mutation ($l: ID!, $input: RecordProfessionalActivityInput!, $key: String) { recordProfessionalActivity(librarianId: $l, input: $input, idempotencyKey: $key) { id title creditPoints } }`,
      caller: 'kupangAdmin',
      variables: async () => ({
        l: lib('kupang', 6),
        input: { kind: 'SEMINAR', title: `Seminar Literasi NTT ${++n}`, organiser: 'IPI NTT', heldOn: addDays(today, -5), hours: 6, creditPoints: 1.5 },
      }),
      count: (d, v) => d.getRepository(ProfessionalActivity).countBy({ title: v.input.title }),
    },
    {
      mutation: 'recordPromotion',
      thing: 'promotion',
      document: `mutation ($l: ID!, $input: RecordPromotionInput!, $key: String) { recordPromotion(librarianId: $l, input: $input, idempotencyKey: $key) { id fromLevel toLevel effectiveOn pointsClosed } }`,
      caller: 'kupangAdmin',
      variables: async () => {
        n += 1;
        const input = {
          libraryId: 'kupang',
          name: `Petrus Naitboho ${n}`,
          nip: nip('1986-03-09', '2011-05', 1, 300 + n),
          email: `p.naitboho${n}@perpustakaan-kupang.go.id`,
          careerLevel: 'AHLI_PERTAMA',
          employmentStatus: 'PNS',
          levelSince: '2020-01-01',
        };
        const l = ok(await fed.query(`mutation ($input: AddLibrarianInput!) { addLibrarian(input: $input) { id } }`, { token: tokens.kupangAdmin, variables: { input } }))
          .addLibrarian.id;
        return { l, input: { toLevel: 'AHLI_MUDA', effectiveOn: '2025-04-01', decree: `800/${n}/BKPSDM/2025` } };
      },
      count: (d, v) => d.getRepository(LibrarianPromotion).countBy({ librarianId: v.l }),
      // After the first call the librarian is AHLI_MUDA, whose next level is not AHLI_MUDA.
      refused: 'BAD_USER_INPUT',
    },
    {
      mutation: 'addCompetencyUnit',
      thing: 'competency unit',
      document: `mutation ($input: AddCompetencyUnitInput!, $key: String) { addCompetencyUnit(input: $input, idempotencyKey: $key) { code title area } }`,
      caller: 'admin',
      variables: async () => ({ input: { code: `R.91PRP02.${String(800 + ++n).padStart(3, '0')}.1`, title: 'Mengelola Layanan Pustaka Keliling', area: 'SERVICES' } }),
      count: (d, v) => d.getRepository(CompetencyUnit).countBy({ code: v.input.code }),
      refused: 'CONFLICT',
    },
    {
      mutation: 'addClosedDay',
      thing: 'closed day',
      document: `mutation ($library: ID!, $date: Date!, $name: String!, $key: String) { addClosedDay(libraryId: $library, date: $date, name: $name, idempotencyKey: $key) { date name national } }`,
      caller: 'kupangAdmin',
      variables: async () => ({ library: 'kupang', date: await openDay(60 + 3 * ++n), name: 'Inventarisasi Koleksi' }),
      count: (d, v) => d.getRepository(Holiday).countBy({ libraryId: v.library, date: v.date }),
      refused: 'CONFLICT',
    },
  ];

  beforeAll(async () => {
    fed = await startFederation(backend);
    tokens.admin = await fed.token({ role: 'ADMIN' });
    tokens.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    tokens.kupang1 = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: lib('kupang', 1) });
  });
  afterAll(() => fed?.stop());

  const send = (c: Case, variables: Record<string, unknown>, key?: string) =>
    fed.query(c.document, { token: tokens[c.caller], variables: key ? { ...variables, key } : variables });
  const newKey = () => `staff-${backend}-${++keys}-2f6c1b0e`;

  it.each(CASES.map((c) => [c.mutation, c.thing, c] as const))('a retry of %s with its key returns the first outcome and creates one %s', async (_, __, c) => {
    const variables = await c.variables();
    const key = newKey();
    const first = await send(c, variables, key);
    expect(first.errors).toBeUndefined();
    const again = await send(c, variables, key);
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(first.data);
    expect(await c.count(db(), variables)).toBe(1);
  });

  const refusing = CASES.filter((c) => c.refused);

  it.each(refusing.map((c) => [c.mutation, c.refused, c] as const))(
    'answers a retry of %s with its key with the first outcome, where a plain second call is refused with %s',
    async (_, code, c) => {
      const variables = await c.variables();
      const key = newKey();
      const first = ok(await send(c, variables, key));
      expect(codes(await send(c, variables))).toEqual([code]);
      expect(ok(await send(c, variables, key))).toEqual(first);
      expect(await c.count(db(), variables)).toBe(1);
    },
  );

  it('enrols a librarian once when five copies of an enrolment race with one key, and answers all five with that enrolment', async () => {
    const enrol = CASES.find((c) => c.mutation === 'enrollInTraining')!;
    const variables = await enrol.variables();
    const key = newKey();
    const answers = await Promise.all(Array.from({ length: 5 }, () => send(enrol, variables, key)));
    expect(answers.flatMap((a) => codes(a))).toEqual([]);
    expect(new Set(answers.map((a) => a.data.enrollInTraining.id)).size).toBe(1);
    expect(await enrol.count(db(), variables)).toBe(1);
  });

  it('does not let a late retry of recordAttendance undo a correction made after the first call', async () => {
    const attend = CASES.find((c) => c.mutation === 'recordAttendance')!;
    const variables = await attend.variables();
    const key = newKey();
    ok(await send(attend, variables, key));
    ok(await send(attend, { ...variables, present: false })); // the correction: both were absent after all
    const late = ok(await send(attend, variables, key));
    expect(late.recordAttendance.attendance.map((a: any) => a.present)).toEqual([false, false]);
  });

  it('refuses the key of a call another caller may not make (FORBIDDEN), even under the same subject', async () => {
    const add = CASES.find((c) => c.mutation === 'addLibrarian')!;
    const variables = await add.variables();
    const key = newKey();
    ok(await send(add, variables, key));
    const baubau = await fed.token({ sub: 'library_admin:kupang', role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    expect(codes(await fed.query(add.document, { token: baubau, variables: { ...variables, key } }))).toEqual(['FORBIDDEN']);
  });
});
