import { INTERNAL_HEADER, signInternalToken, type Identity } from '../shared/platform/auth';
import { demoId } from '../shared/domain/demo';
import { Event } from '../subgraphs/community-events/events/event.entity';
import { EventFacilitator } from '../subgraphs/community-events/events/event-facilitator.entity';
import { BACKENDS, codes, postGraphQL, startFederation, type Federation } from './helpers/federation';

/** Seed slots (see subgraphs/community-events/demo/events.ts): 0 is a completed event, 12 and 13 are drafts. */
const COMPLETED_KUPANG = demoId('event', 'kupang', 0);
const DRAFT_KUPANG = demoId('event', 'kupang', 12);

const LIBRARY_EVENTS = /* GraphQL */ `
  query ($library: ID!) {
    library(id: $library) {
      events(first: 100) {
        totalCount
        edges {
          node {
            id
            status
            startsAt
          }
        }
      }
    }
  }
`;

const CREATE_EVENT = /* GraphQL */ `
  mutation ($input: CreateEventInput!) {
    createEvent(input: $input) {
      id
      status
      title
      startsAt
      endsAt
      library {
        id
      }
      facilitators {
        id
        name
      }
    }
  }
`;

const validInput = (overrides: Record<string, unknown> = {}) => ({
  libraryId: 'kupang',
  title: 'Klub Baca Anak Pesisir',
  description: 'Membaca cerita laut bersama anak-anak nelayan.',
  type: 'READING_CLUB',
  audience: 'CHILDREN',
  location: 'Ruang Baca Anak',
  // 09:00-11:00 WITA
  startsAt: '2026-12-05T01:00:00.000Z',
  endsAt: '2026-12-05T03:00:00.000Z',
  capacity: 30,
  facilitatorIds: [demoId('librarian', 'kupang', 1)],
  ...overrides,
});

describe.each(BACKENDS)('community events on %s', (backend) => {
  let fed: Federation;
  let kupangLibrarian: string;
  let baubauLibrarian: string;
  let government: string;

  beforeAll(async () => {
    fed = await startFederation(backend);
    kupangLibrarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 0) });
    baubauLibrarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'baubau', librarianId: demoId('librarian', 'baubau', 0) });
    government = await fed.token({ role: 'GOVERNMENT' });
  });
  afterAll(() => fed?.stop());

  const eventCount = () => fed.subgraphs['community-events'].db.getRepository(Event).countBy({ libraryId: 'kupang' });

  describe('Library.events', () => {
    it('shows the public published, completed and cancelled events but never a draft', async () => {
      const res = await fed.query(LIBRARY_EVENTS, { variables: { library: 'kupang' } });
      expect(res.errors).toBeUndefined();
      const statuses = new Set(res.data.library.events.edges.map((e: any) => e.node.status));
      expect(statuses).toEqual(new Set(['PUBLISHED', 'COMPLETED', 'CANCELLED']));
    });

    it('shows the staff of the library its drafts too', async () => {
      const pub = await fed.query(LIBRARY_EVENTS, { variables: { library: 'kupang' } });
      const staff = await fed.query(LIBRARY_EVENTS, { token: kupangLibrarian, variables: { library: 'kupang' } });
      const ids = staff.data.library.events.edges.map((e: any) => e.node.id);
      expect(ids).toContain(DRAFT_KUPANG);
      expect(staff.data.library.events.totalCount).toBeGreaterThan(pub.data.library.events.totalCount);
    });

    it("hides a library's drafts from the librarians of another library", async () => {
      const res = await fed.query(LIBRARY_EVENTS, { token: baubauLibrarian, variables: { library: 'kupang' } });
      expect(res.data.library.events.edges.map((e: any) => e.node.status)).not.toContain('DRAFT');
    });

    it('lists events by start time', async () => {
      const res = await fed.query(LIBRARY_EVENTS, { token: kupangLibrarian, variables: { library: 'kupang' } });
      const starts = res.data.library.events.edges.map((e: any) => e.node.startsAt);
      expect(starts).toEqual([...starts].sort());
    });

    it('pages through the events with cursors, never repeating or skipping one', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      let total = 0;
      for (let page = 0; page < 20; page++) {
        const res: any = await fed.query(
          `query($after: String) { library(id: "kupang") { events(first: 4, after: $after) {
             totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }`,
          { token: kupangLibrarian, variables: { after } },
        );
        const conn = res.data.library.events;
        total = conn.totalCount;
        seen.push(...conn.edges.map((e: any) => e.node.id));
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      expect(total).toBeGreaterThan(4);
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
    });

    it("schedules the demo events in the library's own time zone: Dongeng Sabtu Pagi at 09:00 on Saturday", async () => {
      const admin = await fed.token({ role: 'ADMIN' });
      const res = await fed.query(`{ libraries { id events(first: 100) { edges { node { title startsAt } } } } }`, { token: admin });
      const utcHour: Record<string, string> = { kupang: 'T01:00', baubau: 'T01:00', pasuruan: 'T02:00', 'pematang-siantar': 'T02:00' };
      for (const library of res.data.libraries) {
        const dongeng = library.events.edges.map((e: any) => e.node).filter((n: any) => n.title === 'Dongeng Sabtu Pagi');
        expect(dongeng.length).toBeGreaterThan(0);
        for (const { startsAt } of dongeng) {
          expect(startsAt).toContain(utcHour[library.id]);
          expect(new Date(startsAt).getUTCDay()).toBe(6); // 01:00Z/02:00Z is still the same day locally
        }
      }
    });

    it('names the facilitators from staff-development', async () => {
      const res = await fed.query(`{ library(id: "kupang") { events(first: 5) { edges { node { facilitators { id name } } } } } }`);
      expect(res.errors).toBeUndefined();
      const facilitators = res.data.library.events.edges.flatMap((e: any) => e.node.facilitators);
      expect(facilitators.length).toBeGreaterThanOrEqual(5);
      for (const f of facilitators) expect(f.name).toMatch(/\S/);
    });

    it('never confirms more places than the capacity, and waitlists only a full event', async () => {
      const res = await fed.query(`{ libraries { events(first: 100) { edges { node { capacity confirmedCount waitlistCount } } } } }`);
      expect(res.errors).toBeUndefined();
      const events = res.data.libraries.flatMap((l: any) => l.events.edges.map((e: any) => e.node));
      for (const e of events) {
        expect(e.confirmedCount).toBeLessThanOrEqual(e.capacity);
        if (e.waitlistCount > 0) expect(e.confirmedCount).toBe(e.capacity);
      }
      expect(events.some((e: any) => e.waitlistCount > 0)).toBe(true);
    });

    it('costs at most one SQL statement more per list for all four libraries than for one (no N+1)', async () => {
      const fields = 'events(first: 10) { edges { node { confirmedCount waitlistCount facilitators { id } coHosts { id } } } }';
      const statements = async (query: string) => {
        const before = fed.subgraphs['community-events'].queries();
        const res = await fed.query(query);
        expect(res.errors).toBeUndefined();
        return fed.subgraphs['community-events'].queries() - before;
      };
      // One list per library (a page of one library is one statement, of several one window plus
      // one for their rows); an N+1 would add a statement or more per loader for each other library.
      const one = await statements(`{ library(id: "kupang") { ${fields} } }`);
      const all = await statements(`{ libraries { ${fields} } }`);
      expect(all - one).toBeGreaterThanOrEqual(0);
      expect(all - one).toBeLessThanOrEqual(1);
    });
  });

  describe('seed', () => {
    it('loads the demo data once: a second run adds nothing', async () => {
      const { communityEvents } = await import('../subgraphs/community-events');
      const before = await eventCount();
      expect(await communityEvents.seed(fed.subgraphs['community-events'].db)).toEqual({});
      expect(await eventCount()).toBe(before);
    });
  });

  describe('Query.event', () => {
    it('shows a completed event to the public', async () => {
      const res = await fed.query(`{ event(id: "${COMPLETED_KUPANG}") { id status library { id name } } }`);
      expect(res.errors).toBeUndefined();
      expect(res.data.event).toMatchObject({ status: 'COMPLETED', library: { id: 'kupang', name: 'Perpustakaan Umum Kota Kupang' } });
    });

    it('answers NOT_FOUND for a draft to the public and to another library, and shows it to the staff', async () => {
      const query = `{ event(id: "${DRAFT_KUPANG}") { id status } }`;
      expect(codes(await fed.query(query))).toEqual(['NOT_FOUND']);
      expect(codes(await fed.query(query, { token: baubauLibrarian }))).toEqual(['NOT_FOUND']);
      const staff = await fed.query(query, { token: kupangLibrarian });
      expect(staff.data.event).toEqual({ id: DRAFT_KUPANG, status: 'DRAFT' });
    });
  });

  describe('Event.registrations', () => {
    const query = `{ event(id: "${COMPLETED_KUPANG}") { registrations(first: 5) { totalCount edges { node { id status member { id } } } } } }`;

    it('lists who registered to the staff of the library', async () => {
      const res = await fed.query(query, { token: kupangLibrarian });
      expect(res.errors).toBeUndefined();
      expect(res.data.event.registrations.totalCount).toBeGreaterThan(0);
    });

    it('refuses the public with UNAUTHENTICATED', async () => {
      expect(codes(await fed.query(query))).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses a librarian of another library and GOVERNMENT with FORBIDDEN', async () => {
      expect(codes(await fed.query(query, { token: baubauLibrarian }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(query, { token: government }))).toEqual(['FORBIDDEN']);
    });
  });

  describe('Registration references', () => {
    /** Asks the subgraph for a registration the way the gateway would, as `identity`. */
    const entity = async (id: string, identity: Identity) =>
      postGraphQL(
        fed.subgraphs['community-events'].url,
        { query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Registration { id status } } }`, variables: { r: [{ __typename: 'Registration', id }] } },
        { [INTERNAL_HEADER]: await signInternalToken(identity, fed.config.gatewaySecret) },
      );

    let registrationId: string;
    let memberId: string;

    beforeAll(async () => {
      const res = await fed.query(`{ event(id: "${COMPLETED_KUPANG}") { registrations(first: 50) { edges { node { id member { id } } } } } }`, { token: kupangLibrarian });
      const mine = res.data.event.registrations.edges.map((e: any) => e.node).find((n: any) => n.member);
      registrationId = mine.id;
      memberId = mine.member.id;
    });

    it('resolves for the member who registered', async () => {
      const res = await entity(registrationId, { sub: 'm', role: 'MEMBER', libraryId: 'kupang', memberId });
      expect(res.data._entities[0]).toMatchObject({ id: registrationId });
    });

    it('refuses another member with FORBIDDEN and the public with UNAUTHENTICATED', async () => {
      const other = await entity(registrationId, { sub: 'o', role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 99) });
      expect(codes(other)).toEqual(['FORBIDDEN']);
      expect(codes(await entity(registrationId, { sub: 'anonymous', role: 'PUBLIC' }))).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses the staff of another library with FORBIDDEN', async () => {
      const res = await entity(registrationId, { sub: 'b', role: 'LIBRARIAN', libraryId: 'baubau', librarianId: demoId('librarian', 'baubau', 0) });
      expect(codes(res)).toEqual(['FORBIDDEN']);
    });
  });

  describe('Mutation.createEvent', () => {
    it('plans a DRAFT for a librarian of the library, facilitators named by staff-development', async () => {
      const res = await fed.query(CREATE_EVENT, { token: kupangLibrarian, variables: { input: validInput() } });
      expect(res.errors).toBeUndefined();
      expect(res.data.createEvent).toMatchObject({
        status: 'DRAFT',
        startsAt: '2026-12-05T01:00:00.000Z',
        library: { id: 'kupang' },
      });
      expect(res.data.createEvent.facilitators).toHaveLength(1);
      expect(res.data.createEvent.facilitators[0].name).toMatch(/\S/);
      const hidden = await fed.query(`{ event(id: "${res.data.createEvent.id}") { id } }`);
      expect(codes(hidden)).toEqual(['NOT_FOUND']);
    });

    it('refuses endsAt before startsAt with BAD_USER_INPUT on endsAt, and writes nothing', async () => {
      const before = await eventCount();
      const facilitatorsBefore = await fed.subgraphs['community-events'].db.getRepository(EventFacilitator).count();
      const res = await fed.query(CREATE_EVENT, {
        token: kupangLibrarian,
        variables: { input: validInput({ endsAt: '2026-12-05T00:00:00.000Z' }) },
      });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe('endsAt');
      expect(await eventCount()).toBe(before);
      expect(await fed.subgraphs['community-events'].db.getRepository(EventFacilitator).count()).toBe(facilitatorsBefore);
    });

    it.each([
      ['title', { title: 'ab' }],
      ['capacity', { capacity: 0 }],
      ['capacity', { capacity: 5001 }],
      ['facilitatorIds', { facilitatorIds: Array.from({ length: 11 }, (_, k) => demoId('librarian', 'kupang', k)) }],
    ])('refuses a bad %s with BAD_USER_INPUT on that field', async (field, overrides) => {
      const before = await eventCount();
      const res = await fed.query(CREATE_EVENT, { token: kupangLibrarian, variables: { input: validInput(overrides) } });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe(field);
      expect(await eventCount()).toBe(before);
    });

    it('refuses the public with UNAUTHENTICATED', async () => {
      const res = await fed.query(CREATE_EVENT, { variables: { input: validInput() } });
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses a member with FORBIDDEN', async () => {
      const member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 5) });
      expect(codes(await fed.query(CREATE_EVENT, { token: member, variables: { input: validInput() } }))).toEqual(['FORBIDDEN']);
    });

    it('refuses a librarian of another library with FORBIDDEN, and writes nothing', async () => {
      const before = await eventCount();
      const res = await fed.query(CREATE_EVENT, { token: baubauLibrarian, variables: { input: validInput() } });
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(await eventCount()).toBe(before);
    });
  });
});
