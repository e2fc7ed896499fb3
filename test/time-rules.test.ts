import 'reflect-metadata';
import { demoId } from '../shared/domain/demo';
import { addDays, todayIn } from '../shared/platform/time';
import { TrainingEnrolment } from '../subgraphs/staff-development/training/training-enrolment.entity';
import { SessionAttendance } from '../subgraphs/staff-development/training/session-attendance.entity';
import { librarianToken, memberToken, moveIntoPast, publishedEvent, REGISTER } from './community-events.fixtures';
import { BACKENDS, codes, startFederation, type Federation } from './helpers/federation';

/**
 * Time is honoured everywhere: nothing is attended, completed, certified or logged before the day
 * it happens in the library's zone, check-in only around the event, money and visits not in the
 * future, and no date before 1945 or more than five years ahead.
 */

const KUPANG = 'Asia/Makassar';
const today = () => todayIn(KUPANG);
/** A Monday on or before `date`. */
const mondayOf = (date: string) => addDays(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));

const CHECK_IN = `mutation ($r: ID!) { checkIn(registrationId: $r) { id status } }`;
const WALK_INS = `mutation ($e: ID!, $n: Int!) { recordWalkIns(eventId: $e, count: $n) { id } }`;

describe.each(BACKENDS)('time rules on %s', (backend) => {
  let fed: Federation;
  const t: Record<string, string> = {};
  const fail = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions ?? {};
  const ok = (res: { errors?: unknown; data?: any }) => {
    expect(res.errors).toBeUndefined();
    return res.data;
  };

  beforeAll(async () => {
    // Check-in opens two hours before the start here (EVENT_CHECK_IN_OPENS_MINUTES), not the default one.
    fed = await startFederation(backend, { config: { eventCheckInOpensMinutes: 120 } });
    t.librarian = await librarianToken(fed, 'kupang');
    t.baubauLibrarian = await librarianToken(fed, 'baubau');
    t.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    t.baubauAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    t.admin = await fed.token({ role: 'ADMIN' });
  });
  afterAll(() => fed?.stop());

  describe('check-in and walk-ins, around the event', () => {
    let member = 90;
    const registered = async (eventId: string) => {
      const res = await fed.query(REGISTER, { token: await memberToken(fed, member++), variables: { eventId } });
      return ok(res).registerForEvent.id as string;
    };

    it('opens check-in as long before the start as configured, and not earlier (CONFLICT CHECK_IN_NOT_OPEN)', async () => {
      const soon = await publishedEvent(fed, { title: 'Mendongeng Sore Ini' }, 1.5);
      expect(ok(await fed.query(CHECK_IN, { token: t.librarian, variables: { r: await registered(soon) } })).checkIn.status).toBe('ATTENDED');
      const later = await publishedEvent(fed, { title: 'Mendongeng Nanti Malam' }, 2.5);
      const early = await fed.query(CHECK_IN, { token: t.librarian, variables: { r: await registered(later) } });
      expect(fail(early)).toMatchObject({ code: 'CONFLICT', reason: 'CHECK_IN_NOT_OPEN' });
      expect(fail(await fed.query(WALK_INS, { token: t.librarian, variables: { e: later, n: 3 } }))).toMatchObject({ code: 'CONFLICT', reason: 'CHECK_IN_NOT_OPEN' });
    });

    it('still takes a check-in after the end (a late correction), and walk-ins', async () => {
      const eventId = await publishedEvent(fed, { title: 'Kelas Menganyam Pagi Tadi' }, 24);
      const r = await registered(eventId);
      await moveIntoPast(fed, eventId, 3);
      expect(ok(await fed.query(CHECK_IN, { token: t.librarian, variables: { r } })).checkIn.status).toBe('ATTENDED');
      ok(await fed.query(WALK_INS, { token: t.librarian, variables: { e: eventId, n: 2 } }));
    });

    it('closes check-in and walk-ins at the end of the day after the event, in its library zone (CONFLICT CHECK_IN_CLOSED), writing nothing', async () => {
      const eventId = await publishedEvent(fed, { title: 'Lomba Bercerita Minggu Lalu' }, 24);
      const r = await registered(eventId);
      await moveIntoPast(fed, eventId, 50);
      const late = await fed.query(CHECK_IN, { token: t.librarian, variables: { r } });
      expect(fail(late)).toMatchObject({ code: 'CONFLICT', reason: 'CHECK_IN_CLOSED' });
      expect(fail(await fed.query(WALK_INS, { token: t.librarian, variables: { e: eventId, n: 4 } }))).toMatchObject({ code: 'CONFLICT', reason: 'CHECK_IN_CLOSED' });
      const stats = ok(await fed.query(`{ event(id: "${eventId}") { statistics { attended walkIns } } }`, { token: t.librarian }));
      expect(stats.event.statistics).toEqual({ attended: 0, walkIns: 0 });
    });

    it("refuses another library's librarian (FORBIDDEN) before any time rule", async () => {
      const eventId = await publishedEvent(fed, { title: 'Bedah Buku Besok' }, 24);
      expect(codes(await fed.query(CHECK_IN, { token: t.baubauLibrarian, variables: { r: await registered(eventId) } }))).toEqual(['FORBIDDEN']);
    });
  });

  describe('training: attendance from the session day, completion from the last day, dates in range', () => {
    const CREATE = `mutation ($input: CreateTrainingProgrammeInput!) { createTrainingProgramme(input: $input) { id } }`;
    const SESSION = `mutation ($p: ID!, $input: AddTrainingSessionInput!) { addTrainingSession(programmeId: $p, input: $input) { id } }`;
    const ATTEND = `mutation ($s: ID!, $ids: [ID!]!) { recordAttendance(sessionId: $s, librarianIds: $ids) { id } }`;
    const COMPLETE = `mutation ($id: ID!) { completeTrainingProgramme(id: $id) { id status } }`;
    const ENROL = `mutation ($p: ID!, $l: ID!) { enrollInTraining(programmeId: $p, librarianId: $l) { id } }`;
    const participant = demoId('librarian', 'kupang', 4);
    const programme = (over: Record<string, unknown>) => ({
      libraryId: 'kupang',
      title: 'Pelatihan Literasi Informasi',
      module: 'CUSTOMER_SERVICE',
      lessonHours: 12,
      capacity: 10,
      startsOn: addDays(today(), -1),
      endsOn: addDays(today(), 2),
      enrolmentClosesOn: today(),
      ...over,
    });
    let p: string;
    let held: string;
    let ahead: string;

    beforeAll(async () => {
      p = ok(await fed.query(CREATE, { token: t.kupangAdmin, variables: { input: programme({}) } })).createTrainingProgramme.id;
      ok(await fed.query(`mutation { openTrainingProgramme(id: "${p}") { id } }`, { token: t.kupangAdmin }));
      const at = (day: string) => ({ topic: `Sesi ${day}`, place: 'Aula', startsAt: `${day}T01:00:00.000Z`, endsAt: `${day}T05:00:00.000Z` });
      held = ok(await fed.query(SESSION, { token: t.kupangAdmin, variables: { p, input: at(addDays(today(), -1)) } })).addTrainingSession.id;
      ahead = ok(await fed.query(SESSION, { token: t.kupangAdmin, variables: { p, input: at(addDays(today(), 2)) } })).addTrainingSession.id;
      ok(await fed.query(ENROL, { token: t.kupangAdmin, variables: { p, l: participant } }));
    });

    it('refuses programme dates before 1945 or more than five years ahead with BAD_USER_INPUT on the field', async () => {
      const old = await fed.query(CREATE, { token: t.kupangAdmin, variables: { input: programme({ startsOn: '1930-01-06' }) } });
      expect(fail(old)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'startsOn' });
      const far = await fed.query(CREATE, { token: t.kupangAdmin, variables: { input: programme({ startsOn: addDays(today(), 30), endsOn: addDays(today(), 6 * 366) }) } });
      expect(fail(far)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endsOn' });
      const session = await fed.query(SESSION, {
        token: t.kupangAdmin,
        variables: { p, input: { topic: 'Sesi lama', place: 'Aula', startsAt: '1900-01-01T01:00:00.000Z', endsAt: '1900-01-01T05:00:00.000Z' } },
      });
      expect(fail(session)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'startsAt' });
    });

    it('takes attendance of a session held, and refuses one not yet held (CONFLICT SESSION_NOT_HELD), writing nothing', async () => {
      ok(await fed.query(ATTEND, { token: t.kupangAdmin, variables: { s: held, ids: [participant] } }));
      const early = await fed.query(ATTEND, { token: t.kupangAdmin, variables: { s: ahead, ids: [participant] } });
      expect(fail(early)).toMatchObject({ code: 'CONFLICT', reason: 'SESSION_NOT_HELD' });
      expect(await fed.subgraphs['staff-development'].db.getRepository(SessionAttendance).countBy({ sessionId: ahead })).toBe(0);
      expect(codes(await fed.query(ATTEND, { token: t.baubauAdmin, variables: { s: held, ids: [participant] } }))).toEqual(['FORBIDDEN']);
    });

    it('refuses to complete the programme before its last day (CONFLICT NOT_OVER): no certificate, nobody completed', async () => {
      const res = await fed.query(COMPLETE, { token: t.kupangAdmin, variables: { id: p } });
      expect(fail(res)).toMatchObject({ code: 'CONFLICT', reason: 'NOT_OVER' });
      const enrolment = await fed.subgraphs['staff-development'].db.getRepository(TrainingEnrolment).findOneByOrFail({ programmeId: p, librarianId: participant });
      expect(enrolment).toMatchObject({ status: 'ENROLLED', certificateNumber: null, completedOn: null });
      expect(codes(await fed.query(COMPLETE, { token: t.baubauAdmin, variables: { id: p } }))).toEqual(['FORBIDDEN']);
    });
  });

  describe("a librarian's record: assessments, points and activities not in the future", () => {
    const librarian = demoId('librarian', 'kupang', 2);
    const COMPETENCY = `mutation ($l: ID!, $input: RecordCompetencyInput!) { recordCompetency(librarianId: $l, input: $input) { id } }`;
    const POINTS = `mutation ($l: ID!, $input: RecordCreditPointsInput!) { recordCreditPoints(librarianId: $l, input: $input) { points } }`;
    const ACTIVITY = `mutation ($l: ID!, $input: RecordProfessionalActivityInput!) { recordProfessionalActivity(librarianId: $l, input: $input) { id } }`;
    const competency = (assessedOn: string, expiresOn?: string) => ({
      unitCode: 'R.91PRP02.021.1',
      method: 'COMPETENCY_TEST',
      assessedOn,
      certificateNumber: 'BNSP/2026/0042',
      expiresOn,
    });
    const points = (earnedOn: string) => ({ points: 1, source: 'SUPPORTING_ACTIVITY', description: 'Panitia pameran buku', earnedOn });
    const activity = (heldOn: string) => ({ kind: 'SEMINAR', title: 'Seminar Literasi Digital', organiser: 'Universitas Nusa Cendana', heldOn, hours: 4, creditPoints: 0.5 });

    it('refuses an assessment, points or an activity dated after today with BAD_USER_INPUT on the date', async () => {
      const tomorrow = addDays(today(), 1);
      expect(fail(await fed.query(COMPETENCY, { token: t.kupangAdmin, variables: { l: librarian, input: competency(tomorrow) } }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'assessedOn',
      });
      expect(fail(await fed.query(POINTS, { token: t.kupangAdmin, variables: { l: librarian, input: points(tomorrow) } }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'earnedOn',
      });
      expect(fail(await fed.query(ACTIVITY, { token: t.kupangAdmin, variables: { l: librarian, input: activity(tomorrow) } }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'heldOn',
      });
    });

    it('refuses dates before 1945 and an expiry more than five years ahead', async () => {
      expect(fail(await fed.query(COMPETENCY, { token: t.kupangAdmin, variables: { l: librarian, input: competency('1940-05-01') } }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'assessedOn',
      });
      const longLived = competency(today(), addDays(today(), 6 * 366));
      expect(fail(await fed.query(COMPETENCY, { token: t.kupangAdmin, variables: { l: librarian, input: longLived } }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'expiresOn',
      });
      expect(fail(await fed.query(POINTS, { token: t.kupangAdmin, variables: { l: librarian, input: points('1944-12-31') } }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'earnedOn',
      });
    });

    it('records them dated today, and refuses another library admin (FORBIDDEN)', async () => {
      ok(await fed.query(COMPETENCY, { token: t.kupangAdmin, variables: { l: librarian, input: competency(today(), addDays(today(), 3 * 365)) } }));
      expect(ok(await fed.query(POINTS, { token: t.kupangAdmin, variables: { l: librarian, input: points(today()) } })).recordCreditPoints.points).toBe(1);
      ok(await fed.query(ACTIVITY, { token: t.kupangAdmin, variables: { l: librarian, input: activity(today()) } }));
      expect(codes(await fed.query(POINTS, { token: t.baubauAdmin, variables: { l: librarian, input: points(today()) } }))).toEqual(['FORBIDDEN']);
    });
  });

  describe('internships: logbook weeks once begun, completion from the last day', () => {
    const university = demoId('partner', 'kupang', 3);
    const agreement = demoId('agreement', 'kupang', university, 1);
    const supervisor = demoId('librarian', 'kupang', 0);
    const FIELDS = 'id status certificateNumber';
    let student = 0;
    const apply = async (startsOn: string, endsOn: string) =>
      fed.query(`mutation ($input: ApplyForInternshipInput!) { applyForInternship(input: $input) { ${FIELDS} } }`, {
        token: t.university,
        variables: {
          input: {
            agreementId: agreement,
            studentName: 'Maria Goreti Nahak',
            studentNumber: `2201099${String(++student).padStart(3, '0')}`,
            studyProgramme: 'Ilmu Perpustakaan (S1)',
            startsOn,
            endsOn,
          },
        },
      });
    let running: string;

    beforeAll(async () => {
      t.university = await fed.token({ role: 'PARTNER', partnerId: university });
      t.supervisor = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: supervisor });
      // Started four weeks ago, ends in four weeks: active, evaluated, not over.
      running = ok(await apply(mondayOf(addDays(today(), -28)), addDays(today(), 28))).applyForInternship.id;
      ok(await fed.query(`mutation { acceptInternship(id: "${running}", supervisorId: "${supervisor}") { id } }`, { token: t.kupangAdmin }));
      ok(await fed.query(`mutation { startInternship(id: "${running}") { id } }`, { token: t.supervisor }));
      ok(
        await fed.query(`mutation ($input: EvaluateInternshipInput!) { evaluateInternship(input: $input) { id } }`, {
          token: t.supervisor,
          variables: { input: { internshipId: running, comment: 'Tekun dan teliti.', scores: [{ criterion: 'Kedisiplinan', score: 90 }] } },
        }),
      );
    });

    const LOG = `mutation ($input: RecordLogbookEntryInput!) { recordInternshipLogbookEntry(input: $input) { weekStarting } }`;
    const week = (weekStarting: string) => ({ internshipId: running, weekStarting, activities: 'Layanan sirkulasi dan referensi', hours: 35 });

    it('takes the week that has begun and refuses next week with BAD_USER_INPUT on weekStarting', async () => {
      const thisWeek = mondayOf(today());
      expect(ok(await fed.query(LOG, { token: t.university, variables: { input: week(thisWeek) } })).recordInternshipLogbookEntry.weekStarting).toBe(thisWeek);
      const next = await fed.query(LOG, { token: t.supervisor, variables: { input: week(addDays(thisWeek, 7)) } });
      expect(fail(next)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'weekStarting' });
      expect(codes(await fed.query(LOG, { token: t.baubauAdmin, variables: { input: week(addDays(thisWeek, -7)) } }))).toEqual(['FORBIDDEN']);
    });

    it('refuses to complete before the last day (CONFLICT NOT_OVER): still ACTIVE, no certificate', async () => {
      const res = await fed.query(`mutation { completeInternship(id: "${running}") { ${FIELDS} } }`, { token: t.supervisor });
      expect(fail(res)).toMatchObject({ code: 'CONFLICT', reason: 'NOT_OVER' });
      const read = ok(await fed.query(`{ internship(id: "${running}") { ${FIELDS} } }`, { token: t.kupangAdmin }));
      expect(read.internship).toMatchObject({ status: 'ACTIVE', certificateNumber: null });
    });

    it('refuses an internship starting before 1945 with BAD_USER_INPUT on startsOn', async () => {
      expect(fail(await apply('1944-01-03', '1944-03-31'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'startsOn' });
    });
  });

  describe('funding received and visits counted: not in the future, not before 1945', () => {
    const FUND = `mutation ($input: RecordFundingContributionInput!) { recordFundingContribution(input: $input) { id } }`;
    const VISITS = `mutation ($input: RecordVisitsInput!) { recordVisits(input: $input) { id } }`;
    const contribution = (receivedOn: string) => ({
      libraryId: 'kupang',
      partnerId: demoId('partner', 'kupang', 5),
      source: 'PRIVATE_STAKEHOLDER',
      programme: 'CSR Bank NTT',
      purpose: 'Rak buku pojok baca anak',
      amount: 25_000_000,
      receivedOn,
    });

    it('refuses money received tomorrow or before 1945 with BAD_USER_INPUT on receivedOn, and records it received today', async () => {
      expect(fail(await fed.query(FUND, { token: t.kupangAdmin, variables: { input: contribution(addDays(today(), 1)) } }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'receivedOn',
      });
      expect(fail(await fed.query(FUND, { token: t.kupangAdmin, variables: { input: contribution('1900-01-01') } }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'receivedOn',
      });
      ok(await fed.query(FUND, { token: t.kupangAdmin, variables: { input: contribution(today()) } }));
      expect(codes(await fed.query(FUND, { token: t.baubauAdmin, variables: { input: contribution(today()) } }))).toEqual(['FORBIDDEN']);
    });

    it('refuses visits of a day before 1945 with BAD_USER_INPUT on date', async () => {
      const res = await fed.query(VISITS, { token: t.librarian, variables: { input: { libraryId: 'kupang', date: '1944-08-17', count: 10, source: 'MANUAL' } } });
      expect(fail(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'date' });
    });
  });
});
