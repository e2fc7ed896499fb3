import 'reflect-metadata';
import { demoId } from '../shared/domain/demo';
import { BACKENDS, codes, type Federation, startFederation } from './helpers/federation';
import { librarianToken, memberToken, moveIntoPast, publishedEvent, REGISTER } from './community-events.fixtures';

const CHECK_IN = /* GraphQL */ `
  mutation ($registrationId: ID!, $eventId: ID) {
    checkIn(registrationId: $registrationId, eventId: $eventId) {
      id
      status
      recordedAt
      event {
        id
      }
      registration {
        id
        status
      }
    }
  }
`;
const WALK_INS = `mutation($eventId: ID!, $count: Int!) { recordWalkIns(eventId: $eventId, count: $count) { id } }`;
const COMPLETE = `mutation($id: ID!) { completeEvent(id: $id) { id status } }`;
const RATE = /* GraphQL */ `
  mutation ($input: RateEventInput!) {
    rateEvent(input: $input) {
      id
      rating
      comment
      createdAt
    }
  }
`;
const STATISTICS = /* GraphQL */ `
  query ($id: ID!) {
    event(id: $id) {
      statistics {
        confirmed
        waitlisted
        cancelled
        attended
        noShows
        walkIns
        attendance
        attendanceRate
        ratings
        averageRating
      }
    }
  }
`;

describe.each(BACKENDS)('attendance, feedback and satisfaction surveys on %s', (backend) => {
  let fed: Federation;
  let librarian: string;
  let baubauLibrarian: string;
  let government: string;

  beforeAll(async () => {
    fed = await startFederation(backend);
    librarian = await librarianToken(fed, 'kupang');
    baubauLibrarian = await librarianToken(fed, 'baubau');
    government = await fed.token({ role: 'GOVERNMENT' });
  });
  afterAll(() => fed?.stop());

  const register = async (eventId: string, token?: string, guest?: Record<string, unknown>) => {
    const res = await fed.query(REGISTER, { token, variables: { eventId, guest } });
    expect(res.errors).toBeUndefined();
    return res.data.registerForEvent;
  };
  const checkIn = (registrationId: string, token = librarian, eventId?: string) => fed.query(CHECK_IN, { token, variables: { registrationId, eventId } });
  const statistics = async (id: string, token = librarian) => {
    const res = await fed.query(STATISTICS, { token, variables: { id } });
    expect(res.errors).toBeUndefined();
    return res.data.event.statistics;
  };

  describe('check-in, walk-ins and no-shows', () => {
    // Starts in half an hour: check-in is open (from an hour before).
    let eventId: string;
    let people: { id: string; token: string }[];
    let waitlisted: string;
    let guest: { id: string; guestToken: string };

    beforeAll(async () => {
      eventId = await publishedEvent(fed, { capacity: 4, title: 'Belajar Membuat Surel untuk Lansia' }, 0.5);
      people = [];
      for (const i of [45, 46, 47]) {
        const token = await memberToken(fed, i);
        people.push({ id: (await register(eventId, token)).id, token });
      }
      guest = await register(eventId, undefined, { name: 'Agustina Ndun', email: 'agustina.ndun@example.id', ageGroup: 'SENIOR' });
      waitlisted = (await register(eventId, await memberToken(fed, 48))).id;
    });

    it("lets the event library's librarian check in a confirmed registrant", async () => {
      const res = await checkIn(people[0].id);
      expect(res.errors).toBeUndefined();
      expect(res.data.checkIn).toMatchObject({ status: 'ATTENDED', event: { id: eventId }, registration: { id: people[0].id, status: 'CONFIRMED' } });
      expect((await checkIn(guest.id)).errors).toBeUndefined();
    });

    it('refuses a second check-in and a waitlisted registrant with CONFLICT', async () => {
      const twice = await checkIn(people[0].id);
      expect(codes(twice)).toEqual(['CONFLICT']);
      expect(twice.errors![0].extensions!.reason).toBe('ALREADY_CHECKED_IN');
      const waiting = await checkIn(waitlisted);
      expect(codes(waiting)).toEqual(['CONFLICT']);
      expect(waiting.errors![0].extensions!.reason).toBe('NOT_CONFIRMED');
    });

    it("refuses another library's librarian, a member and GOVERNMENT with FORBIDDEN, the public with UNAUTHENTICATED", async () => {
      expect(codes(await checkIn(people[1].id, baubauLibrarian))).toEqual(['FORBIDDEN']);
      expect(codes(await checkIn(people[1].id, people[1].token))).toEqual(['FORBIDDEN']);
      expect(codes(await checkIn(people[1].id, government))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(CHECK_IN, { variables: { registrationId: people[1].id } }))).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses a check-in more than an hour before the start with CONFLICT', async () => {
      const later = await publishedEvent(fed, { title: 'Dongeng Minggu Depan' });
      const reg = await register(later, await memberToken(fed, 64));
      const res = await checkIn(reg.id);
      expect(codes(res)).toEqual(['CONFLICT']);
      expect(res.errors![0].extensions!.reason).toBe('CHECK_IN_NOT_OPEN');
    });

    it('counts walk-ins at the door, adding up, never below zero', async () => {
      expect((await fed.query(WALK_INS, { token: librarian, variables: { eventId, count: 5 } })).errors).toBeUndefined();
      expect((await fed.query(WALK_INS, { token: librarian, variables: { eventId, count: 3 } })).errors).toBeUndefined();
      expect(await statistics(eventId)).toMatchObject({ walkIns: 8 });
      const below = await fed.query(WALK_INS, { token: librarian, variables: { eventId, count: -9 } });
      expect(codes(below)).toEqual(['BAD_USER_INPUT']);
      expect(below.errors![0].extensions!.field).toBe('count');
      expect(codes(await fed.query(WALK_INS, { token: baubauLibrarian, variables: { eventId, count: 1 } }))).toEqual(['FORBIDDEN']);
    });

    it('refuses to mark no-shows before the event is over, with CONFLICT', async () => {
      const res = await fed.query(COMPLETE, { token: librarian, variables: { id: eventId } });
      expect(codes(res)).toEqual(['CONFLICT']);
      expect(res.errors![0].extensions!.reason).toBe('EVENT_NOT_OVER');
    });

    it('marks the confirmed registrants not checked in as no-shows after the event, and gives its attendance rate', async () => {
      await moveIntoPast(fed, eventId, 3);
      expect(codes(await fed.query(COMPLETE, { token: baubauLibrarian, variables: { id: eventId } }))).toEqual(['FORBIDDEN']);
      const res = await fed.query(COMPLETE, { token: librarian, variables: { id: eventId } });
      expect(res.errors).toBeUndefined();
      expect(res.data.completeEvent.status).toBe('COMPLETED');
      // 4 places: member 45 and the guest came, 46 and 47 did not; 48 waited and holds no place.
      expect(await statistics(eventId)).toEqual({
        confirmed: 4,
        waitlisted: 1,
        cancelled: 0,
        attended: 2,
        noShows: 2,
        walkIns: 8,
        attendance: 10,
        attendanceRate: 0.5,
        ratings: 0,
        averageRating: null,
      });
      const mine = await fed.query(
        `{ member(id: "${demoId('member', 'kupang', 46)}") { eventRegistrations(first: 50) { edges { node { id attendances { status event { id } } } } } } }`,
        {
          token: people[1].token,
        },
      );
      expect(mine.errors).toBeUndefined();
      const registration = mine.data.member.eventRegistrations.edges.find((e: any) => e.node.id === people[1].id).node;
      expect(registration.attendances).toEqual([{ status: 'NO_SHOW', event: { id: eventId } }]);
    });

    it('lets a late check-in correct a no-show', async () => {
      const res = await checkIn(people[2].id);
      expect(res.errors).toBeUndefined();
      expect(await statistics(eventId)).toMatchObject({ attended: 3, noShows: 1, attendanceRate: 0.75 });
    });

    describe('Mutation.rateEvent', () => {
      const rate = (input: Record<string, unknown>, token?: string) => fed.query(RATE, { token, variables: { input: { eventId, ...input } } });

      it('lets a member who attended rate the event once, and refuses a second rating with CONFLICT', async () => {
        const res = await rate({ rating: 5, comment: 'Sekarang saya bisa mengirim surel ke cucu.' }, people[0].token);
        expect(res.errors).toBeUndefined();
        expect(res.data.rateEvent).toMatchObject({ rating: 5, comment: 'Sekarang saya bisa mengirim surel ke cucu.' });
        const again = await rate({ rating: 1 }, people[0].token);
        expect(codes(again)).toEqual(['CONFLICT']);
        expect(again.errors![0].extensions!.reason).toBe('ALREADY_RATED');
      });

      it('lets a guest who attended rate with the guest token; refuses the public without one with UNAUTHENTICATED', async () => {
        expect(codes(await rate({ rating: 4 }))).toEqual(['UNAUTHENTICATED']);
        expect(codes(await rate({ rating: 4, registrationId: guest.id, guestToken: 'not-the-token' }))).toEqual(['FORBIDDEN']);
        const res = await rate({ rating: 4, registrationId: guest.id, guestToken: guest.guestToken });
        expect(res.errors).toBeUndefined();
      });

      it('refuses a no-show, someone who never registered, a waitlisted member and the staff with FORBIDDEN', async () => {
        expect(codes(await rate({ rating: 2 }, people[1].token))).toEqual(['FORBIDDEN']); // no-show
        expect(codes(await rate({ rating: 2 }, await memberToken(fed, 65)))).toEqual(['FORBIDDEN']);
        expect(codes(await rate({ rating: 2 }, await memberToken(fed, 48)))).toEqual(['FORBIDDEN']);
        expect(codes(await rate({ rating: 2 }, librarian))).toEqual(['FORBIDDEN']);
      });

      it('refuses a rating outside 1-5 with BAD_USER_INPUT on rating', async () => {
        const res = await rate({ rating: 6 }, people[2].token);
        expect(codes(res)).toEqual(['BAD_USER_INPUT']);
        expect(res.errors![0].extensions!.field).toBe('rating');
      });

      it('averages the ratings into the statistics and shows comments without names to the staff only', async () => {
        expect(await statistics(eventId)).toMatchObject({ ratings: 2, averageRating: 4.5 });
        const query = `query($id: ID!) { event(id: $id) { feedback(first: 10) { totalCount edges { node { rating comment } } } } }`;
        const staff = await fed.query(query, { token: librarian, variables: { id: eventId } });
        expect(staff.data.event.feedback.totalCount).toBe(2);
        expect(codes(await fed.query(query, { token: government, variables: { id: eventId } }))).toEqual(['FORBIDDEN']);
        expect(codes(await fed.query(query, { variables: { id: eventId } }))).toEqual(['UNAUTHENTICATED']);
      });
    });
  });

  describe('sessions of a series', () => {
    it('checks a registrant in per session: the session is named, and each counts apart', async () => {
      const series = await fed.query(`mutation($input: CreateEventSeriesInput!) { createEventSeries(input: $input) { id sessions { id } } }`, {
        token: librarian,
        variables: {
          input: {
            libraryId: 'kupang',
            title: 'Klub Baca Puisi',
            type: 'READING_CLUB',
            audience: 'ADULTS',
            location: 'Ruang Baca',
            firstDate: new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 10),
            startTime: '10:00',
            durationMinutes: 60,
            sessions: 2,
            capacity: 5,
          },
        },
      });
      expect(series.errors).toBeUndefined();
      const [first, second] = series.data.createEventSeries.sessions.map((s: any) => s.id);
      await fed.query(`mutation($id: ID!) { publishEvent(id: $id) { id } }`, { token: librarian, variables: { id: first } });
      const reg = await register(second, await memberToken(fed, 66));
      // The first session happened this morning.
      await moveIntoPast(fed, first, 3);
      const unnamed = await checkIn(reg.id);
      expect(codes(unnamed)).toEqual(['BAD_USER_INPUT']);
      expect(unnamed.errors![0].extensions!.field).toBe('eventId');
      const res = await checkIn(reg.id, librarian, first);
      expect(res.errors).toBeUndefined();
      expect(res.data.checkIn.event.id).toBe(first);
      expect(await statistics(first)).toMatchObject({ confirmed: 1, attended: 1 });
      expect(await statistics(second)).toMatchObject({ confirmed: 1, attended: 0 });
    });
  });

  describe('satisfaction surveys', () => {
    const OPEN_SURVEY = demoId('survey', 'kupang', 1);
    const CLOSED_SURVEY = demoId('survey', 'kupang', 0);
    const ANSWER = /* GraphQL */ `
      mutation ($input: AnswerSatisfactionSurveyInput!) {
        answerSatisfactionSurvey(input: $input) {
          id
          answers
          survey {
            id
          }
        }
      }
    `;
    const RESULTS = `query($id: ID!) { satisfactionSurvey(id: $id) { results { responses satisfactionScore questions { question { position } answers averageRating } } } }`;
    let questions: { id: string; kind: string }[];
    const answers = (rating = 4) => questions.map((q) => (q.kind === 'RATING' ? { questionId: q.id, rating } : { questionId: q.id, text: 'Tambah jam buka malam.' }));

    beforeAll(async () => {
      const res = await fed.query(`query($id: ID!) { satisfactionSurvey(id: $id) { title open opensOn closesOn library { id } questions { id position text kind } } }`, {
        variables: { id: OPEN_SURVEY },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.satisfactionSurvey).toMatchObject({ open: true, library: { id: 'kupang' } });
      questions = res.data.satisfactionSurvey.questions;
    });

    it('lists the library surveys publicly, newest first', async () => {
      const res = await fed.query(`{ library(id: "kupang") { satisfactionSurveys { id open } } }`);
      expect(res.data.library.satisfactionSurveys).toEqual([
        { id: OPEN_SURVEY, open: true },
        { id: CLOSED_SURVEY, open: false },
      ]);
    });

    it('takes one answer per member, refusing a second with CONFLICT', async () => {
      const member = await memberToken(fed, 70);
      const before = (await fed.query(RESULTS, { token: librarian, variables: { id: OPEN_SURVEY } })).data.satisfactionSurvey.results.responses;
      const res = await fed.query(ANSWER, { token: member, variables: { input: { surveyId: OPEN_SURVEY, answers: answers(5) } } });
      expect(res.errors).toBeUndefined();
      expect(res.data.answerSatisfactionSurvey).toMatchObject({ answers: questions.length, survey: { id: OPEN_SURVEY } });
      const again = await fed.query(ANSWER, { token: member, variables: { input: { surveyId: OPEN_SURVEY, answers: answers(1) } } });
      expect(codes(again)).toEqual(['CONFLICT']);
      expect(again.errors![0].extensions!.reason).toBe('ALREADY_ANSWERED');
      const after = (await fed.query(RESULTS, { token: librarian, variables: { id: OPEN_SURVEY } })).data.satisfactionSurvey.results.responses;
      expect(after).toBe(before + 1);
    });

    it('takes one answer per guest e-mail, whatever its case; the public without an e-mail is refused with UNAUTHENTICATED', async () => {
      const first = await fed.query(ANSWER, { variables: { input: { surveyId: OPEN_SURVEY, answers: answers(3), email: 'pengunjung@example.id' } } });
      expect(first.errors).toBeUndefined();
      const again = await fed.query(ANSWER, { variables: { input: { surveyId: OPEN_SURVEY, answers: answers(3), email: 'Pengunjung@Example.ID' } } });
      expect(codes(again)).toEqual(['CONFLICT']);
      expect(codes(await fed.query(ANSWER, { variables: { input: { surveyId: OPEN_SURVEY, answers: answers(3) } } }))).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses the staff and GOVERNMENT with FORBIDDEN: the survey is for the people served', async () => {
      const input = { surveyId: OPEN_SURVEY, answers: answers(5), email: 'staf@example.id' };
      expect(codes(await fed.query(ANSWER, { token: librarian, variables: { input } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(ANSWER, { token: government, variables: { input } }))).toEqual(['FORBIDDEN']);
    });

    it('refuses an unanswered rating question with BAD_USER_INPUT and a closed survey with CONFLICT', async () => {
      const partial = await fed.query(ANSWER, { variables: { input: { surveyId: OPEN_SURVEY, answers: answers().slice(1), email: 'separuh@example.id' } } });
      expect(codes(partial)).toEqual(['BAD_USER_INPUT']);
      expect(partial.errors![0].extensions!.field).toBe('answers');
      const closedQuestions = (await fed.query(`query($id: ID!) { satisfactionSurvey(id: $id) { questions { id kind } } }`, { variables: { id: CLOSED_SURVEY } })).data
        .satisfactionSurvey.questions;
      const closed = await fed.query(ANSWER, {
        variables: {
          input: {
            surveyId: CLOSED_SURVEY,
            email: 'telat@example.id',
            answers: closedQuestions.filter((q: any) => q.kind === 'RATING').map((q: any) => ({ questionId: q.id, rating: 4 })),
          },
        },
      });
      expect(codes(closed)).toEqual(['CONFLICT']);
      expect(closed.errors![0].extensions!.reason).toBe('SURVEY_CLOSED');
    });

    it("shows the results to the library's staff and GOVERNMENT, refuses another library and a member with FORBIDDEN, the public with UNAUTHENTICATED", async () => {
      const staff = await fed.query(RESULTS, { token: librarian, variables: { id: CLOSED_SURVEY } });
      expect(staff.errors).toBeUndefined();
      const results = staff.data.satisfactionSurvey.results;
      expect(results.responses).toBe(36);
      expect(results.satisfactionScore).toBeGreaterThanOrEqual(1);
      expect(results.satisfactionScore).toBeLessThanOrEqual(5);
      expect(results.questions).toHaveLength(8);
      expect((await fed.query(RESULTS, { token: government, variables: { id: CLOSED_SURVEY } })).errors).toBeUndefined();
      expect(codes(await fed.query(RESULTS, { token: baubauLibrarian, variables: { id: CLOSED_SURVEY } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(RESULTS, { token: await memberToken(fed, 70), variables: { id: CLOSED_SURVEY } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(RESULTS, { variables: { id: CLOSED_SURVEY } }))).toEqual(['UNAUTHENTICATED']);
    });

    it("lets the library's admin open a survey; refuses a librarian with FORBIDDEN and dates in the wrong order with BAD_USER_INPUT", async () => {
      const CREATE = `mutation($input: CreateSatisfactionSurveyInput!) { createSatisfactionSurvey(input: $input) { id open questions { position kind } } }`;
      const input = {
        libraryId: 'kupang',
        title: 'Survei Layanan Pojok Baca Digital',
        opensOn: '2026-11-01',
        closesOn: '2027-12-31',
        questions: [{ text: 'Komputer mudah dipakai' }, { text: 'Saran Anda', kind: 'TEXT' }],
      };
      const admin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
      const res = await fed.query(CREATE, { token: admin, variables: { input } });
      expect(res.errors).toBeUndefined();
      expect(res.data.createSatisfactionSurvey).toMatchObject({
        open: true,
        questions: [
          { position: 1, kind: 'RATING' },
          { position: 2, kind: 'TEXT' },
        ],
      });
      expect(codes(await fed.query(CREATE, { token: librarian, variables: { input } }))).toEqual(['FORBIDDEN']);
      const wrong = await fed.query(CREATE, { token: admin, variables: { input: { ...input, closesOn: '2026-10-01' } } });
      expect(codes(wrong)).toEqual(['BAD_USER_INPUT']);
      expect(wrong.errors![0].extensions!.field).toBe('closesOn');
    });
  });
});
