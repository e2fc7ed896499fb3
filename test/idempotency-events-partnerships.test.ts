import 'reflect-metadata';
import { Like } from 'typeorm';
import { demoId } from '../shared/domain/demo';
import { EventPromotionLink } from '../subgraphs/community-events/events/event-promotion.entity';
import { EventSeries } from '../subgraphs/community-events/events/event-series.entity';
import { Event } from '../subgraphs/community-events/events/event.entity';
import { Registration } from '../subgraphs/community-events/registration/registration.entity';
import { EventFeedback } from '../subgraphs/community-events/surveys/event-feedback.entity';
import { SatisfactionSurvey, SurveyResponse } from '../subgraphs/community-events/surveys/satisfaction-survey.entity';
import { Agreement } from '../subgraphs/partnerships/agreements/agreement.entity';
import { FundingContribution } from '../subgraphs/partnerships/funding/funding-contribution.entity';
import { InternshipLogbookEntry } from '../subgraphs/partnerships/internships/internship-logbook-entry.entity';
import { Internship } from '../subgraphs/partnerships/internships/internship.entity';
import { PartnershipProgramme } from '../subgraphs/partnerships/programmes/partnership-programme.entity';
import { PartnerWebhook } from '../subgraphs/partnerships/webhooks/partner-webhook.entity';
import { WebhookDelivery } from '../subgraphs/partnerships/webhooks/webhook-delivery.entity';
import { CANCEL, eventInput, librarianToken, memberToken, publishedEvent } from './community-events.fixtures';
import { BACKENDS, codes, startFederation, type Federation } from './helpers/federation';

/**
 * The create mutations of community-events and partnerships, sent again with their idempotency key
 * (shared/platform/idempotency.ts; the mechanism itself is tested in idempotency.test.ts through
 * createPartner): the retry answers the first outcome and nothing is created twice.
 */

const kupangSchool = demoId('partner', 'kupang', 0);
const kupangUniversity = demoId('partner', 'kupang', 3);
const baubauUniversity = demoId('partner', 'baubau', 3);
const kupangBank = demoId('partner', 'kupang', 5);
const universityAgreement = demoId('agreement', 'kupang', kupangUniversity, 1);
const schoolAgreement = demoId('agreement', 'kupang', kupangSchool, 0);
const supervisor = demoId('librarian', 'kupang', 0);
const OPEN_SURVEY = demoId('survey', 'kupang', 1);

const REGISTER = `mutation ($eventId: ID!, $guest: GuestInput, $key: String) {
  registerForEvent(eventId: $eventId, guest: $guest, idempotencyKey: $key) { id status guestToken guestName createdAt } }`;
const INTERNSHIP = 'id status studentNumber supervisor { id } evaluation { averageScore comment }';
const APPLY = `mutation ($input: ApplyForInternshipInput!, $key: String) { applyForInternship(input: $input, idempotencyKey: $key) { ${INTERNSHIP} } }`;

let student = 0;
const application = () => ({
  agreementId: universityAgreement,
  studentName: 'Maria Goreti Seran',
  studentNumber: `1801077${String(++student).padStart(3, '0')}`,
  studyProgramme: 'Ilmu Perpustakaan (S1)',
  // A term already over: its weeks have begun, so a logbook entry may be recorded.
  startsOn: '2026-09-07',
  endsOn: '2026-11-27',
});

interface RetryCase {
  mutation: string;
  thing: string;
  query: string;
  /** Sets up what the mutation needs; gives the caller and the variables (without the key). */
  prepare: () => Promise<{ token: string | undefined; variables: Record<string, unknown> }>;
  /** How many of the thing there are, counted in the subgraph's database. */
  count: (answer: any) => Promise<number>;
  /** A second plain call is refused with CONFLICT: the key is what makes the retry safe. */
  refusedPlainly?: boolean;
}

describe.each(BACKENDS)('the create mutations of community-events and partnerships sent again with their idempotency key (%s)', (backend) => {
  let fed: Federation;
  const t: Record<string, string> = {};
  /** Starts in half an hour: registration and the check-in window are open. */
  let soon: string;
  const events = () => fed.subgraphs['community-events'].db;
  const partnerships = () => fed.subgraphs.partnerships.db;

  const ok = async (query: string, token: string | undefined, variables: Record<string, unknown>) => {
    const res = await fed.query(query, { token, variables });
    expect(res.errors).toBeUndefined();
    return Object.values(res.data)[0] as any;
  };
  const activeInternship = async () => {
    const applied = await ok(APPLY, t.university, { input: application() });
    await ok(`mutation ($id: ID!, $s: ID!) { acceptInternship(id: $id, supervisorId: $s) { id } }`, t.kupangAdmin, { id: applied.id, s: supervisor });
    await ok(`mutation ($id: ID!) { startInternship(id: $id) { id } }`, t.supervisor, { id: applied.id });
    return applied.id as string;
  };

  beforeAll(async () => {
    fed = await startFederation(backend);
    t.librarian = await librarianToken(fed, 'kupang');
    t.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    t.university = await fed.token({ role: 'PARTNER', partnerId: kupangUniversity });
    t.bank = await fed.token({ role: 'PARTNER', partnerId: kupangBank });
    t.supervisor = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: supervisor });
    soon = await publishedEvent(fed, { title: 'Kelas Literasi Digital untuk Orang Tua', capacity: 20 }, 0.5);
    // The university hears of its internships: the evaluation case counts the EVALUATED events it is sent.
    await ok(`mutation ($input: RegisterPartnerWebhookInput!) { registerPartnerWebhook(input: $input) { id } }`, t.university, {
      input: { url: 'https://hooks.example.id/undana', secret: 'undana-webhook-secret-0123456789abcdef', events: ['INTERNSHIP_CHANGED'] },
    });
  });
  afterAll(() => fed?.stop());

  const cases: RetryCase[] = [
    {
      mutation: 'createEvent',
      thing: 'event',
      query: `mutation ($input: CreateEventInput!, $key: String) { createEvent(input: $input, idempotencyKey: $key) { id title status startsAt } }`,
      prepare: async () => ({ token: t.librarian, variables: { input: eventInput({ title: 'Lomba Menggambar Anak Pantai Lasiana' }) } }),
      count: () => events().getRepository(Event).countBy({ title: 'Lomba Menggambar Anak Pantai Lasiana' }),
    },
    {
      mutation: 'recordWalkIns',
      thing: 'walk-in',
      query: `mutation ($eventId: ID!, $count: Int!, $key: String) { recordWalkIns(eventId: $eventId, count: $count, idempotencyKey: $key) { id statistics { walkIns } } }`,
      prepare: async () => ({ token: t.librarian, variables: { eventId: soon, count: 1 } }),
      count: async () => (await events().getRepository(Event).findOneByOrFail({ id: soon })).walkIns,
    },
    {
      mutation: 'addPromotionLink',
      thing: 'promotion link',
      query: `mutation ($eventId: ID!, $input: PromotionLinkInput!, $key: String) { addPromotionLink(eventId: $eventId, input: $input, idempotencyKey: $key) { id platform url } }`,
      prepare: async () => ({ token: t.librarian, variables: { eventId: soon, input: { platform: 'INSTAGRAM', url: 'https://www.instagram.com/p/literasi-digital-kupang' } } }),
      count: () => events().getRepository(EventPromotionLink).countBy({ url: 'https://www.instagram.com/p/literasi-digital-kupang' }),
    },
    {
      mutation: 'registerForEvent',
      thing: 'registration',
      query: REGISTER,
      prepare: async () => ({ token: await memberToken(fed, 81), variables: { eventId: soon } }),
      count: () =>
        events()
          .getRepository(Registration)
          .countBy({ poolId: soon, memberId: demoId('member', 'kupang', 81) }),
      refusedPlainly: true,
    },
    {
      mutation: 'rateEvent',
      thing: 'rating',
      query: `mutation ($input: RateEventInput!, $key: String) { rateEvent(input: $input, idempotencyKey: $key) { id rating comment createdAt } }`,
      prepare: async () => {
        const token = await memberToken(fed, 82);
        const registration = await ok(REGISTER, token, { eventId: soon });
        await ok(`mutation ($id: ID!) { checkIn(registrationId: $id) { id } }`, t.librarian, { id: registration.id });
        return { token, variables: { input: { eventId: soon, rating: 5, comment: 'Anak saya kini bisa mencari buku di katalog daring.' } } };
      },
      count: () => events().getRepository(EventFeedback).countBy({ eventId: soon }),
      refusedPlainly: true,
    },
    {
      mutation: 'createEventSeries',
      thing: 'series',
      query: `mutation ($input: CreateEventSeriesInput!, $key: String) { createEventSeries(input: $input, idempotencyKey: $key) { id title sessions { id localDate } } }`,
      prepare: async () => ({
        token: t.librarian,
        variables: {
          input: {
            libraryId: 'kupang',
            title: 'Klub Baca Remaja Sabtu Sore',
            type: 'READING_CLUB',
            audience: 'TEENAGERS',
            location: 'Pojok Baca Remaja',
            firstDate: '2027-03-06',
            startTime: '15:00',
            durationMinutes: 90,
            sessions: 3,
            intervalDays: 7,
            capacity: 15,
            facilitatorIds: [demoId('librarian', 'kupang', 2)],
          },
        },
      }),
      count: () => events().getRepository(EventSeries).countBy({ title: 'Klub Baca Remaja Sabtu Sore' }),
    },
    {
      mutation: 'createSatisfactionSurvey',
      thing: 'survey',
      query: `mutation ($input: CreateSatisfactionSurveyInput!, $key: String) { createSatisfactionSurvey(input: $input, idempotencyKey: $key) { id title questions { id position } } }`,
      prepare: async () => ({
        token: t.kupangAdmin,
        variables: {
          input: {
            libraryId: 'kupang',
            title: 'Survei Kepuasan Layanan Keliling 2027',
            opensOn: '2027-01-04',
            closesOn: '2027-01-31',
            questions: [{ text: 'Seberapa puas Anda dengan mobil perpustakaan keliling?', kind: 'RATING' }],
          },
        },
      }),
      count: () => events().getRepository(SatisfactionSurvey).countBy({ title: 'Survei Kepuasan Layanan Keliling 2027' }),
    },
    {
      mutation: 'answerSatisfactionSurvey',
      thing: 'response',
      query: `mutation ($input: AnswerSatisfactionSurveyInput!, $key: String) { answerSatisfactionSurvey(input: $input, idempotencyKey: $key) { id submittedAt answers survey { id } } }`,
      prepare: async () => {
        const survey = await ok(`query ($id: ID!) { satisfactionSurvey(id: $id) { questions { id kind } } }`, undefined, { id: OPEN_SURVEY });
        const answers = (survey.questions as { id: string; kind: string }[]).map((q) =>
          q.kind === 'RATING' ? { questionId: q.id, rating: 4 } : { questionId: q.id, text: 'Mohon tambah buku cerita rakyat NTT.' },
        );
        return { token: await memberToken(fed, 83), variables: { input: { surveyId: OPEN_SURVEY, answers } } };
      },
      count: () =>
        events()
          .getRepository(SurveyResponse)
          .countBy({ surveyId: OPEN_SURVEY, memberId: demoId('member', 'kupang', 83) }),
      refusedPlainly: true,
    },
    {
      mutation: 'createAgreement',
      thing: 'agreement',
      query: `mutation ($input: CreateAgreementInput!, $key: String) { createAgreement(input: $input, idempotencyKey: $key) { id title status startsOn endsOn } }`,
      prepare: async () => ({
        token: t.kupangAdmin,
        variables: {
          input: {
            libraryId: 'kupang',
            partnerId: kupangSchool,
            title: 'Pojok Baca Sekolah',
            scope: 'Rak buku bergilir di perpustakaan sekolah, diganti setiap bulan.',
            startsOn: '2027-07-01',
            endsOn: '2028-06-30',
            documentReference: 'PKS/077/DPK-KPG/2027',
          },
        },
      }),
      count: () => partnerships().getRepository(Agreement).countBy({ documentReference: 'PKS/077/DPK-KPG/2027' }),
      refusedPlainly: true,
    },
    {
      mutation: 'recordFundingContribution',
      thing: 'contribution',
      query: `mutation ($input: RecordFundingContributionInput!, $key: String) { recordFundingContribution(input: $input, idempotencyKey: $key) { id amount source } }`,
      prepare: async () => ({
        token: t.kupangAdmin,
        variables: {
          input: {
            libraryId: 'kupang',
            partnerId: kupangBank,
            source: 'PRIVATE_STAKEHOLDER',
            programme: 'CSR Bank NTT Pojok Baca 2025',
            purpose: 'Rak dan buku anak untuk pojok baca desa',
            amount: 125_000_000,
            receivedOn: '2025-03-14',
          },
        },
      }),
      count: () => partnerships().getRepository(FundingContribution).countBy({ programme: 'CSR Bank NTT Pojok Baca 2025' }),
    },
    {
      mutation: 'applyForInternship',
      thing: 'internship',
      query: APPLY,
      prepare: async () => ({ token: t.university, variables: { input: application() } }),
      count: (answer) => partnerships().getRepository(Internship).countBy({ studentNumber: answer.studentNumber }),
      refusedPlainly: true,
    },
    {
      mutation: 'recordInternshipLogbookEntry',
      thing: 'logbook entry',
      query: `mutation ($input: RecordLogbookEntryInput!, $key: String) { recordInternshipLogbookEntry(input: $input, idempotencyKey: $key) { id weekStarting hours recordedBy } }`,
      prepare: async () => ({
        token: t.university,
        variables: { input: { internshipId: await activeInternship(), weekStarting: '2026-09-07', activities: 'Pengolahan buku baru dan layanan sirkulasi', hours: 35 } },
      }),
      count: async (answer) => {
        const entry = await partnerships().getRepository(InternshipLogbookEntry).findOneByOrFail({ id: answer.id });
        return partnerships().getRepository(InternshipLogbookEntry).countBy({ internshipId: entry.internshipId });
      },
      refusedPlainly: true,
    },
    {
      mutation: 'evaluateInternship',
      thing: 'EVALUATED event for the university',
      query: `mutation ($input: EvaluateInternshipInput!, $key: String) { evaluateInternship(input: $input, idempotencyKey: $key) { ${INTERNSHIP} } }`,
      prepare: async () => ({
        token: t.supervisor,
        variables: {
          input: {
            internshipId: await activeInternship(),
            comment: 'Teliti dan sabar melayani pemustaka anak.',
            scores: [
              { criterion: 'Kedisiplinan', score: 88 },
              { criterion: 'Pelayanan pemustaka', score: 92 },
            ],
          },
        },
      }),
      count: (answer) =>
        partnerships()
          .getRepository(WebhookDelivery)
          .countBy({ partnerId: kupangUniversity, body: Like(`%"change":"EVALUATED"%${answer.id}%`) }),
    },
    {
      mutation: 'createPartnershipProgramme',
      thing: 'programme',
      query: `mutation ($input: CreatePartnershipProgrammeInput!, $key: String) { createPartnershipProgramme(input: $input, idempotencyKey: $key) { id title status } }`,
      prepare: async () => ({
        token: t.kupangAdmin,
        variables: {
          input: {
            agreementId: schoolAgreement,
            kind: 'SCHOOL_VISIT',
            title: 'Kunjungan Mobil Pustaka ke SD Inpres Oesapa',
            topic: 'Dongeng dan membaca nyaring',
            startsOn: '2026-12-10',
            endsOn: '2026-12-10',
            expectedParticipants: 45,
          },
        },
      }),
      count: () => partnerships().getRepository(PartnershipProgramme).countBy({ title: 'Kunjungan Mobil Pustaka ke SD Inpres Oesapa' }),
    },
    {
      mutation: 'registerPartnerWebhook',
      thing: 'webhook',
      query: `mutation ($input: RegisterPartnerWebhookInput!, $key: String) { registerPartnerWebhook(input: $input, idempotencyKey: $key) { id url events active } }`,
      prepare: async () => ({
        token: t.bank,
        variables: { input: { url: 'https://hooks.example.id/bank-ntt', secret: 'bank-ntt-webhook-secret-0123456789abcdef', events: ['PROGRAMME_CHANGED'] } },
      }),
      count: () => partnerships().getRepository(PartnerWebhook).countBy({ url: 'https://hooks.example.id/bank-ntt' }),
    },
  ];

  it.each(cases)('a retry of $mutation with its key returns the first outcome and creates one $thing', async (c) => {
    const { token, variables } = await c.prepare();
    const key = `retry-${c.mutation}-7f3a9c`;
    const first = await fed.query(c.query, { token, variables: { ...variables, key } });
    expect(first.errors).toBeUndefined();
    const again = await fed.query(c.query, { token, variables: { ...variables, key } });
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(first.data);
    expect(await c.count(first.data[c.mutation])).toBe(1);
    if (c.refusedPlainly) {
      // Where the key matters most: the same request without it is refused, as the first call already created the thing.
      expect(codes(await fed.query(c.query, { token, variables }))).toEqual(['CONFLICT']);
      expect(await c.count(first.data[c.mutation])).toBe(1);
    }
  });

  it('registers a guest once when five copies of a request race with one key, and gives all five the same working guest token', async () => {
    const guest = { name: 'Yosefina Bunga', email: 'yosefina.bunga@example.id', ageGroup: 'ADULT' };
    const key = 'b1946ac9-2f0e-4c1a-9d6b-race-guest';
    const answers = await Promise.all(Array.from({ length: 5 }, () => fed.query(REGISTER, { variables: { eventId: soon, guest, key } })));
    expect(answers.flatMap((a) => codes(a))).toEqual([]);
    const registrations = answers.map((a) => a.data.registerForEvent);
    expect(new Set(registrations.map((r) => r.id)).size).toBe(1);
    expect(new Set(registrations.map((r) => r.guestToken)).size).toBe(1);
    expect(registrations[0].guestToken).toEqual(expect.any(String));
    expect(await events().getRepository(Registration).countBy({ poolId: soon, guestEmail: guest.email })).toBe(1);
    const cancelled = await fed.query(CANCEL, { variables: { id: registrations[0].id, token: registrations[4].guestToken } });
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data.cancelRegistration.status).toBe('CANCELLED');
  });

  it("refuses a guest's key shorter than 16 characters with BAD_USER_INPUT on idempotencyKey, registering nothing", async () => {
    const guest = { name: 'Kornelis Lado', email: 'kornelis.lado@example.id' };
    const res = await fed.query(REGISTER, { variables: { eventId: soon, guest, key: 'guest-1' } });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.field).toBe('idempotencyKey');
    expect(await events().getRepository(Registration).countBy({ poolId: soon, guestEmail: guest.email })).toBe(0);
  });

  it("refuses a caller who may not create, even with the key and arguments of another's request: FORBIDDEN", async () => {
    const query = `mutation ($input: CreateEventInput!, $key: String) { createEvent(input: $input, idempotencyKey: $key) { id } }`;
    const input = eventInput({ title: 'Pameran Foto Kota Lama Kupang' });
    expect((await fed.query(query, { token: t.librarian, variables: { input, key: 'kupang-exhibition' } })).errors).toBeUndefined();
    const baubau = await fed.token({ sub: 'librarian:kupang', role: 'LIBRARIAN', libraryId: 'baubau', librarianId: demoId('librarian', 'baubau', 0) });
    expect(codes(await fed.query(query, { token: baubau, variables: { input, key: 'kupang-exhibition' } }))).toEqual(['FORBIDDEN']);

    const internshipId = await activeInternship();
    const log = `mutation ($input: RecordLogbookEntryInput!, $key: String) { recordInternshipLogbookEntry(input: $input, idempotencyKey: $key) { id } }`;
    const entry = { internshipId, weekStarting: '2026-09-14', activities: 'Layanan referensi', hours: 30 };
    expect((await fed.query(log, { token: t.university, variables: { input: entry, key: 'undana-week-38' } })).errors).toBeUndefined();
    const otherUniversity = await fed.token({ sub: `partner:${kupangUniversity}`, role: 'PARTNER', partnerId: baubauUniversity });
    expect(codes(await fed.query(log, { token: otherUniversity, variables: { input: entry, key: 'undana-week-38' } }))).toEqual(['FORBIDDEN']);
  });
});
