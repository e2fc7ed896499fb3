import 'reflect-metadata';
import { INTERNAL_HEADER, signInternalToken, type Identity } from '../shared/platform/auth';
import { DEMO_LIBRARIES, DEMO_TODAY, demoId } from '../shared/domain/demo';
import { BACKENDS, codes, postGraphQL, type Federation, startFederation } from './helpers/federation';
import { librarianToken, memberToken, publishedEvent, REGISTER } from './community-events.fixtures';

const EVENT_TYPES = [
  'LITERACY_PROGRAMME',
  'DIGITAL_LITERACY',
  'BOOK_FAIR',
  'ART_EXHIBITION',
  'DISCUSSION',
  'STORY_TIME',
  'READING_CLUB',
  'WRITING_WORKSHOP',
  'DRAWING_CONTEST',
  'SEMINAR',
  'SCHOOL_PROGRAMME',
];

const INDICATORS = /* GraphQL */ `
  query ($id: ID!, $from: Date!, $to: Date!) {
    library(id: $id) {
      eventIndicators(from: $from, to: $to) {
        from
        to
        events
        eventsByType {
          key
          count
        }
        eventsByAudience {
          key
          count
        }
        registrations
        attendance
        walkIns
        noShows
        attendanceRate
        ratings
        averageRating
        satisfactionResponses
        satisfactionScore
      }
    }
  }
`;

describe.each(BACKENDS)('community events across the federation on %s', (backend) => {
  let fed: Federation;
  let kupangLibrarian: string;
  let baubauLibrarian: string;
  let government: string;
  let admin: string;

  beforeAll(async () => {
    fed = await startFederation(backend);
    kupangLibrarian = await librarianToken(fed, 'kupang');
    baubauLibrarian = await librarianToken(fed, 'baubau');
    government = await fed.token({ role: 'GOVERNMENT' });
    admin = await fed.token({ role: 'ADMIN' });
  });
  afterAll(() => fed?.stop());

  describe('Librarian.facilitatedEvents', () => {
    const query = `query($id: ID!) { librarian(id: $id) { name facilitatedEvents(first: 100) { totalCount edges { node { id status startsAt facilitators { id } } } } } }`;
    const librarianId = demoId('librarian', 'kupang', 3);

    it("lists the events a librarian runs, in start order, named from staff-development; drafts only for their library's staff", async () => {
      const pub = await fed.query(query, { variables: { id: librarianId } });
      expect(pub.errors).toBeUndefined();
      const nodes = pub.data.librarian.facilitatedEvents.edges.map((e: any) => e.node);
      expect(nodes.length).toBeGreaterThan(0);
      for (const n of nodes) {
        expect(n.facilitators.map((f: any) => f.id)).toContain(librarianId);
        expect(n.status).not.toBe('DRAFT');
      }
      expect(nodes.map((n: any) => n.startsAt)).toEqual(nodes.map((n: any) => n.startsAt).sort());
      const staff = await fed.query(query, { token: kupangLibrarian, variables: { id: librarianId } });
      const other = await fed.query(query, { token: baubauLibrarian, variables: { id: librarianId } });
      expect(staff.data.librarian.facilitatedEvents.totalCount).toBeGreaterThanOrEqual(pub.data.librarian.facilitatedEvents.totalCount);
      expect(other.data.librarian.facilitatedEvents.totalCount).toBe(pub.data.librarian.facilitatedEvents.totalCount);
      const allDrafts = await fed.query(`{ libraries { events(first: 100) { edges { node { status facilitators { id } } } } } }`, { token: admin });
      const drafts = allDrafts.data.libraries
        .flatMap((l: any) => l.events.edges.map((e: any) => e.node))
        .filter((n: any) => n.status === 'DRAFT' && n.facilitators.some((f: any) => f.id === librarianId)).length;
      expect(staff.data.librarian.facilitatedEvents.totalCount).toBe(pub.data.librarian.facilitatedEvents.totalCount + drafts);
    });
  });

  describe('Librarian.eventFacilitation', () => {
    const librarianId = demoId('librarian', 'kupang', 2); // runs the weekly reading club, among others
    const query = `query($id: ID!) { librarian(id: $id) { eventFacilitation(from: "2026-01-01", to: "2026-12-31") { events attendance attendanceRate ratings averageRating } } }`;

    it('gives the librarian and their library admins the figures of the events they ran, for the performance review', async () => {
      const self = await fed.query(query, { token: await librarianToken(fed, 'kupang', 2), variables: { id: librarianId } });
      expect(self.errors).toBeUndefined();
      const summary = self.data.librarian.eventFacilitation;
      expect(summary.events).toBeGreaterThan(0);
      expect(summary.attendance).toBeGreaterThan(0);
      expect(summary.attendanceRate).toBeGreaterThan(0);
      expect(summary.averageRating).toBeGreaterThanOrEqual(1);
      const libraryAdmin = await fed.query(query, { token: await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' }), variables: { id: librarianId } });
      expect(libraryAdmin.data.librarian.eventFacilitation).toEqual(summary);
    });

    it("refuses a colleague, another library's admin and GOVERNMENT with FORBIDDEN, and the public with UNAUTHENTICATED", async () => {
      expect(codes(await fed.query(query, { token: kupangLibrarian, variables: { id: librarianId } }))).toContain('FORBIDDEN');
      expect(codes(await fed.query(query, { token: await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' }), variables: { id: librarianId } }))).toContain('FORBIDDEN');
      expect(codes(await fed.query(query, { token: government, variables: { id: librarianId } }))).toContain('FORBIDDEN');
      expect(codes(await fed.query(query, { variables: { id: librarianId } }))).toContain('UNAUTHENTICATED');
    });
  });

  describe('Partner.coHostedEvents', () => {
    // Partner 4 of each library (its reading community) co-hosts the weekly reading club.
    const partnerId = demoId('partner', 'kupang', 4);
    const query = `query($id: ID!) { partner(id: $id) { name coHostedEvents(first: 100) { totalCount edges { node { id title coHosts { id } statistics { confirmed waitlisted attended noShows attendanceRate averageRating } } } } } }`;

    it('shows a PARTNER the events it co-hosts with their figures', async () => {
      const token = await fed.token({ role: 'PARTNER', partnerId });
      const res = await fed.query(query, { token, variables: { id: partnerId } });
      expect(res.errors).toBeUndefined();
      const nodes = res.data.partner.coHostedEvents.edges.map((e: any) => e.node);
      expect(nodes.length).toBeGreaterThanOrEqual(26);
      for (const n of nodes) {
        expect(n.coHosts.map((c: any) => c.id)).toContain(partnerId);
        expect(n.statistics.confirmed).toBeGreaterThanOrEqual(0);
      }
      expect(nodes.some((n: any) => n.statistics.attended > 0 && n.statistics.averageRating !== null)).toBe(true);
    });

    it('refuses a PARTNER the names of those registered with FORBIDDEN', async () => {
      const token = await fed.token({ role: 'PARTNER', partnerId });
      const res = await fed.query(`query($id: ID!) { partner(id: $id) { coHostedEvents(first: 1) { edges { node { registrations(first: 5) { totalCount } } } } } }`, {
        token,
        variables: { id: partnerId },
      });
      expect(codes(res)).toEqual(['FORBIDDEN']);
    });

    it("refuses the figures of events a partner does not co-host with FORBIDDEN, and the public's with UNAUTHENTICATED", async () => {
      const other = await fed.token({ role: 'PARTNER', partnerId: demoId('partner', 'baubau', 4) });
      expect(codes(await fed.query(query, { token: other, variables: { id: partnerId } }))).toContain('FORBIDDEN');
      const pub = await fed.query(query, { variables: { id: partnerId } });
      expect(codes(pub)).toContain('UNAUTHENTICATED');
      expect(pub.data.partner.coHostedEvents.totalCount).toBeGreaterThan(0); // the list itself is public
    });
  });

  describe('Member.eventRegistrations', () => {
    const memberId = demoId('member', 'kupang', 12);
    const query = `query($id: ID!) { member(id: $id) { name eventRegistrations(first: 100) { totalCount edges { node { id status event { id title } } } } } }`;

    it('shows a member their own registrations, newest included, through collections', async () => {
      const token = await memberToken(fed, 12);
      const eventId = await publishedEvent(fed, { title: 'Klinik Menulis Surat Lamaran' });
      await fed.query(REGISTER, { token, variables: { eventId } });
      const res = await fed.query(query, { token, variables: { id: memberId } });
      expect(res.errors).toBeUndefined();
      const titles = res.data.member.eventRegistrations.edges.map((e: any) => e.node.event.title);
      expect(titles).toContain('Klinik Menulis Surat Lamaran');
      expect(res.data.member.eventRegistrations.totalCount).toBeGreaterThan(1);
    });

    it("shows them to the staff of the member's library too, and reaches them from a registration", async () => {
      const res = await fed.query(query, { token: kupangLibrarian, variables: { id: memberId } });
      expect(res.errors).toBeUndefined();
      const viaEvent = await fed.query(
        `{ event(id: "${demoId('event', 'kupang', 0)}") { registrations(first: 3) { edges { node { member { id eventRegistrations(first: 1) { totalCount } } } } } } }`,
        { token: kupangLibrarian },
      );
      expect(viaEvent.errors).toBeUndefined();
      const members = viaEvent.data.event.registrations.edges.map((e: any) => e.node.member).filter(Boolean);
      for (const m of members) expect(m.eventRegistrations.totalCount).toBeGreaterThan(0);
    });

    it('refuses another member, GOVERNMENT and a PARTNER with FORBIDDEN, and the public with UNAUTHENTICATED', async () => {
      expect(codes(await fed.query(query, { token: await memberToken(fed, 13), variables: { id: memberId } }))).toContain('FORBIDDEN');
      expect(codes(await fed.query(query, { token: government, variables: { id: memberId } }))).toContain('FORBIDDEN');
      expect(codes(await fed.query(query, { token: await fed.token({ role: 'PARTNER', partnerId: demoId('partner', 'kupang', 0) }), variables: { id: memberId } }))).toContain(
        'FORBIDDEN',
      );
      expect(codes(await fed.query(query, { variables: { id: memberId } }))).toContain('UNAUTHENTICATED');
    });

    it('resolves a Member representation here, refusing the staff of another library with FORBIDDEN (its home library comes with @requires)', async () => {
      const entities = async (identity: Identity) =>
        postGraphQL(
          fed.subgraphs['community-events'].url,
          {
            query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { id eventRegistrations(first: 2) { totalCount } } } }`,
            variables: { r: [{ __typename: 'Member', id: memberId, library: { id: 'kupang' } }] },
          },
          { [INTERNAL_HEADER]: await signInternalToken(identity, fed.config.gatewaySecret) },
        );
      const own = await entities({ sub: 'l', role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 0) });
      expect(own.errors).toBeUndefined();
      expect(own.data._entities[0].eventRegistrations.totalCount).toBeGreaterThan(0);
      const other = await entities({ sub: 'b', role: 'LIBRARIAN', libraryId: 'baubau', librarianId: demoId('librarian', 'baubau', 0) });
      expect(codes(other)).toEqual(['FORBIDDEN']);
    });
  });

  describe('Library.eventIndicators', () => {
    const PERIOD = { from: '2026-08-01', to: '2026-10-31' };

    it('gives the figures of a period: events by type, registrations, attendance, ratings, satisfaction', async () => {
      const res = await fed.query(INDICATORS, { token: government, variables: { id: 'kupang', ...PERIOD } });
      expect(res.errors).toBeUndefined();
      const ind = res.data.library.eventIndicators;
      expect(ind).toMatchObject(PERIOD);
      expect(ind.events).toBeGreaterThan(5);
      expect(ind.eventsByType.reduce((n: number, k: any) => n + k.count, 0)).toBe(ind.events);
      expect(ind.eventsByAudience.reduce((n: number, k: any) => n + k.count, 0)).toBe(ind.events);
      expect(ind.registrations).toBeGreaterThan(ind.events);
      expect(ind.attendance).toBeGreaterThan(0);
      expect(ind.attendanceRate).toBeGreaterThan(0.5);
      expect(ind.attendanceRate).toBeLessThanOrEqual(1);
      expect(ind.ratings).toBeGreaterThan(0);
      expect(ind.averageRating).toBeGreaterThanOrEqual(1);
      expect(ind.averageRating).toBeLessThanOrEqual(5);
      expect(ind.satisfactionResponses).toBeGreaterThan(0);
      expect(ind.satisfactionScore).toBeGreaterThanOrEqual(1);
      expect(ind.satisfactionScore).toBeLessThanOrEqual(5);
    });

    it('counts a satisfaction answer in the period it was given', async () => {
      const before = (await fed.query(INDICATORS, { token: admin, variables: { id: 'baubau', from: '2026-11-01', to: '2027-12-31' } })).data.library.eventIndicators;
      const survey = demoId('survey', 'baubau', 1);
      const questions = (await fed.query(`query($id: ID!) { satisfactionSurvey(id: $id) { questions { id kind } } }`, { variables: { id: survey } })).data.satisfactionSurvey
        .questions;
      const answered = await fed.query(`mutation($input: AnswerSatisfactionSurveyInput!) { answerSatisfactionSurvey(input: $input) { id } }`, {
        variables: {
          input: { surveyId: survey, email: 'warga@example.id', answers: questions.filter((q: any) => q.kind === 'RATING').map((q: any) => ({ questionId: q.id, rating: 5 })) },
        },
      });
      expect(answered.errors).toBeUndefined();
      const after = (await fed.query(INDICATORS, { token: admin, variables: { id: 'baubau', from: '2026-11-01', to: '2027-12-31' } })).data.library.eventIndicators;
      expect(after.satisfactionResponses).toBe(before.satisfactionResponses + 1);
      expect(after.satisfactionScore).toBeGreaterThanOrEqual(before.satisfactionScore ?? 0);
    });

    it("reads the period in the library's own time zone: the last evening of April in Kupang, the first night of May in Pasuruan", async () => {
      const count = async (id: string, from: string, to: string) =>
        (await fed.query(INDICATORS, { token: government, variables: { id, from, to } })).data.library.eventIndicators.eventsByType.find((k: any) => k.key === 'SEMINAR')?.count ??
        0;
      const before = {
        kupangApril: await count('kupang', '2027-04-01', '2027-04-30'),
        pasuruanApril: await count('pasuruan', '2027-04-01', '2027-04-30'),
        pasuruanMay: await count('pasuruan', '2027-05-01', '2027-05-31'),
      };
      // 23:30 WITA on 30 April = 15:30Z; 00:30 WIB on 1 May = 17:30Z on 30 April.
      await publishedEvent(fed, { libraryId: 'kupang', type: 'SEMINAR', startsAt: '2027-04-30T15:30:00.000Z', endsAt: '2027-04-30T16:30:00.000Z' });
      await publishedEvent(fed, { libraryId: 'pasuruan', type: 'SEMINAR', startsAt: '2027-04-30T17:30:00.000Z', endsAt: '2027-04-30T18:30:00.000Z' });
      expect(await count('kupang', '2027-04-01', '2027-04-30')).toBe(before.kupangApril + 1);
      expect(await count('pasuruan', '2027-04-01', '2027-04-30')).toBe(before.pasuruanApril);
      expect(await count('pasuruan', '2027-05-01', '2027-05-31')).toBe(before.pasuruanMay + 1);
    });

    it('costs the same number of SQL statements for one library as for all four (one grouped query set)', async () => {
      const fields = `eventIndicators(from: "2026-01-01", to: "2026-12-31") { events eventsByType { key count } registrations attendance attendanceRate averageRating satisfactionScore }`;
      const statements = async (query: string) => {
        const before = fed.subgraphs['community-events'].queries();
        const res = await fed.query(query, { token: government });
        expect(res.errors).toBeUndefined();
        return fed.subgraphs['community-events'].queries() - before;
      };
      const one = await statements(`{ library(id: "kupang") { ${fields} } }`);
      const all = await statements(`{ libraries { ${fields} } }`);
      expect(all).toBe(one);
      expect(one).toBeLessThanOrEqual(5);
    });

    it("refuses the public with UNAUTHENTICATED; a member, a partner and another library's staff with FORBIDDEN; lets the library's staff and ADMIN see", async () => {
      const variables = { id: 'kupang', ...PERIOD };
      expect(codes(await fed.query(INDICATORS, { variables }))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await fed.query(INDICATORS, { token: await memberToken(fed, 14), variables }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(INDICATORS, { token: await fed.token({ role: 'PARTNER', partnerId: demoId('partner', 'kupang', 0) }), variables }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(INDICATORS, { token: baubauLibrarian, variables }))).toEqual(['FORBIDDEN']);
      expect((await fed.query(INDICATORS, { token: kupangLibrarian, variables })).errors).toBeUndefined();
      expect((await fed.query(INDICATORS, { token: admin, variables })).errors).toBeUndefined();
    });

    it('refuses a period that ends before it starts with BAD_USER_INPUT on to', async () => {
      const res = await fed.query(INDICATORS, { token: government, variables: { id: 'kupang', from: '2026-12-01', to: '2026-11-01' } });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe('to');
    });
  });

  describe('GOVERNMENT', () => {
    it('gets indicators and figures, never who registered: registrations, feedback and check-ins are refused with FORBIDDEN', async () => {
      const completed = demoId('event', 'kupang', 0);
      const figures = await fed.query(`{ event(id: "${completed}") { statistics { attended } } }`, { token: government });
      expect(figures.errors).toBeUndefined();
      expect(codes(await fed.query(`{ event(id: "${completed}") { registrations(first: 1) { totalCount } } }`, { token: government }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(`{ event(id: "${completed}") { feedback(first: 1) { totalCount } } }`, { token: government }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(`mutation { checkIn(registrationId: "${demoId('registration', 'kupang', 0, 0)}") { id } }`, { token: government }))).toEqual(['FORBIDDEN']);
    });
  });

  describe('promotion links', () => {
    const ADD = `mutation($eventId: ID!, $input: PromotionLinkInput!) { addPromotionLink(eventId: $eventId, input: $input) { id platform url postedAt } }`;

    it("lets the event library's staff add and remove a post; shows links publicly", async () => {
      const eventId = await publishedEvent(fed, { title: 'Festival Dongeng Anak' });
      const input = { platform: 'INSTAGRAM', url: 'https://www.instagram.com/p/C0dongeng01/', postedAt: '2026-11-20T02:00:00.000Z' };
      const added = await fed.query(ADD, { token: kupangLibrarian, variables: { eventId, input } });
      expect(added.errors).toBeUndefined();
      const links = await fed.query(`query($id: ID!) { event(id: $id) { promotionLinks { platform url } } }`, { variables: { id: eventId } });
      expect(links.data.event.promotionLinks).toEqual([{ platform: 'INSTAGRAM', url: input.url }]);
      const removed = await fed.query(`mutation($id: ID!) { removePromotionLink(id: $id) }`, { token: kupangLibrarian, variables: { id: added.data.addPromotionLink.id } });
      expect(removed.data.removePromotionLink).toBe(true);
    });

    it("refuses another library's staff with FORBIDDEN and a link that is not one with BAD_USER_INPUT on url", async () => {
      const eventId = demoId('event', 'kupang', 9);
      const input = { platform: 'FACEBOOK', url: 'https://www.facebook.com/perpustakaan.kupang/posts/1' };
      expect(codes(await fed.query(ADD, { token: baubauLibrarian, variables: { eventId, input } }))).toEqual(['FORBIDDEN']);
      const bad = await fed.query(ADD, { token: kupangLibrarian, variables: { eventId, input: { ...input, url: 'javascript:alert(1)' } } });
      expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
      expect(bad.errors![0].extensions!.field).toBe('url');
    });
  });

  describe('the demo data', () => {
    it('has, in every city, past events of every type with registrations, attendance and ratings, and upcoming ones with registrations', async () => {
      const res = await fed.query(
        `{ libraries { id events(first: 100) { totalCount edges { node { type status startsAt confirmedCount promotionLinks { url } statistics { attended ratings } } } } } }`,
        { token: government },
      );
      expect(res.errors).toBeUndefined();
      const today = `${DEMO_TODAY}T00:00:00.000Z`;
      for (const library of res.data.libraries) {
        const events = library.events.edges.map((e: any) => e.node);
        expect(library.events.totalCount).toBe(events.length);
        for (const type of EVENT_TYPES) {
          const past = events.filter((e: any) => e.type === type && e.status === 'COMPLETED' && e.startsAt < today);
          const upcoming = events.filter((e: any) => e.type === type && e.status === 'PUBLISHED' && e.startsAt > today);
          expect([library.id, type, past.some((e: any) => e.confirmedCount > 0 && e.statistics.attended > 0 && e.statistics.ratings > 0)]).toEqual([library.id, type, true]);
          expect([library.id, type, upcoming.some((e: any) => e.confirmedCount > 0)]).toEqual([library.id, type, true]);
        }
        expect(events.some((e: any) => e.promotionLinks.length > 0)).toBe(true);
      }
      expect(res.data.libraries.map((l: any) => l.id).sort()).toEqual(DEMO_LIBRARIES.map((l) => l.id).sort());
    });
  });
});
