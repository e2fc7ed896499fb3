import 'reflect-metadata';
import { demoId } from '../shared/domain/demo';
import { BACKENDS, codes, type Federation, startFederation } from './helpers/federation';
import { CREATE_EVENT, eventInput, librarianToken, memberToken, publishedEvent, REGISTER } from './community-events.fixtures';

const CALENDAR = /* GraphQL */ `
  query ($filter: EventFilter, $first: Int, $after: String) {
    events(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          type
          audience
          audiences
          status
          startsAt
          capacity
          confirmedCount
          localDate
          localStartTime
          timezone
          library {
            id
          }
        }
      }
    }
  }
`;

const SERIES = /* GraphQL */ `
  query ($id: ID!) {
    eventSeries(id: $id) {
      id
      title
      capacity
      intervalDays
      confirmedCount
      waitlistCount
      registrationClosesAt
      library {
        id
        name
      }
      sessions {
        id
        status
        startsAt
        localDate
        localStartTime
        confirmedCount
        capacity
        series {
          id
        }
      }
    }
  }
`;

const CREATE_SERIES = /* GraphQL */ `
  mutation ($input: CreateEventSeriesInput!) {
    createEventSeries(input: $input) {
      id
      sessions {
        id
        status
        startsAt
        localDate
        localStartTime
      }
    }
  }
`;

describe.each(BACKENDS)('the public calendar and recurring series on %s', (backend) => {
  let fed: Federation;
  let kupangLibrarian: string;
  let baubauLibrarian: string;

  beforeAll(async () => {
    fed = await startFederation(backend);
    kupangLibrarian = await librarianToken(fed, 'kupang');
    baubauLibrarian = await librarianToken(fed, 'baubau');
  });
  afterAll(() => fed?.stop());

  const calendar = async (filter: Record<string, unknown>, token?: string, first = 100) => {
    const res = await fed.query(CALENDAR, { token, variables: { filter, first } });
    expect(res.errors).toBeUndefined();
    return res.data.events;
  };
  const ids = (conn: any) => conn.edges.map((e: any) => e.node.id);

  describe('Query.events', () => {
    it('shows the public published events only, in start order', async () => {
      const all = await calendar({});
      expect(all.totalCount).toBeGreaterThan(20);
      const nodes: any[] = [];
      let after: string | null = null;
      for (let page = 0; page < 20; page++) {
        const res: any = await fed.query(CALENDAR, { variables: { filter: {}, first: 25, after } });
        nodes.push(...res.data.events.edges.map((e: any) => e.node));
        if (!res.data.events.pageInfo.hasNextPage) break;
        after = res.data.events.pageInfo.endCursor;
      }
      expect(nodes).toHaveLength(all.totalCount);
      expect(new Set(nodes.map((n) => n.status))).toEqual(new Set(['PUBLISHED']));
      const starts = nodes.map((n) => n.startsAt);
      expect(starts).toEqual([...starts].sort());
      expect(new Set(nodes.map((n) => n.library.id))).toEqual(new Set(['kupang', 'baubau', 'pasuruan', 'pematang-siantar']));
    });

    it('filters by library, type and audience (primary or further)', async () => {
      const stories = await calendar({ libraryId: 'baubau', types: ['STORY_TIME', 'DRAWING_CONTEST'] });
      expect(stories.totalCount).toBeGreaterThan(0);
      for (const { node } of stories.edges) {
        expect(node.library.id).toBe('baubau');
        expect(['STORY_TIME', 'DRAWING_CONTEST']).toContain(node.type);
      }
      const families = await calendar({ audience: 'FAMILIES' });
      expect(families.edges.some((e: any) => e.node.audience !== 'FAMILIES')).toBe(true); // children's events welcome families too
      for (const { node } of families.edges) expect(node.audiences).toContain('FAMILIES');
    });

    it('filters by free places: events with room, and full ones', async () => {
      const full = await publishedEvent(fed, { capacity: 1, title: 'Kelas Kaligrafi (penuh)' });
      await fed.query(REGISTER, { token: await memberToken(fed, 50), variables: { eventId: full } });
      const free = await calendar({ libraryId: 'kupang', hasFreePlaces: true });
      const fullOnes = await calendar({ libraryId: 'kupang', hasFreePlaces: false });
      for (const { node } of free.edges) expect(node.confirmedCount).toBeLessThan(node.capacity);
      for (const { node } of fullOnes.edges) expect(node.confirmedCount).toBeGreaterThanOrEqual(node.capacity);
      expect(ids(fullOnes)).toContain(full);
      expect(ids(free)).not.toContain(full);
      expect(free.totalCount + fullOnes.totalCount).toBe((await calendar({ libraryId: 'kupang' })).totalCount);
    });

    it("reads dates in each library's own time zone: 23:30 WITA in Kupang is the 10th, 00:30 WIB in Pasuruan the 11th", async () => {
      // 2027-03-10 23:30 WITA = 15:30Z and 2027-03-11 00:30 WIB = 17:30Z: both on 10 March in UTC.
      const kupang = await publishedEvent(fed, {
        libraryId: 'kupang',
        title: 'Malam Puisi Kupang',
        startsAt: '2027-03-10T15:30:00.000Z',
        endsAt: '2027-03-10T17:00:00.000Z',
      });
      const pasuruan = await publishedEvent(fed, {
        libraryId: 'pasuruan',
        title: 'Malam Puisi Pasuruan',
        startsAt: '2027-03-10T17:30:00.000Z',
        endsAt: '2027-03-10T19:00:00.000Z',
      });
      const tenth = ids(await calendar({ from: '2027-03-10', to: '2027-03-10' }));
      expect(tenth).toContain(kupang);
      expect(tenth).not.toContain(pasuruan);
      const eleventh = ids(await calendar({ from: '2027-03-11', to: '2027-03-11' }));
      expect(eleventh).toContain(pasuruan);
      expect(eleventh).not.toContain(kupang);
      expect(ids(await calendar({ libraryId: 'pasuruan', from: '2027-03-11' }))).toContain(pasuruan);
      expect(ids(await calendar({ libraryId: 'kupang', to: '2027-03-10' }))).toContain(kupang);

      const local = await fed.query(
        `query($a: ID!, $b: ID!) {
        a: event(id: $a) { localDate localStartTime localEndTime timezone }
        b: event(id: $b) { localDate localStartTime localEndTime timezone } }`,
        { variables: { a: kupang, b: pasuruan } },
      );
      expect(local.data).toEqual({
        a: { localDate: '2027-03-10', localStartTime: '23:30', localEndTime: '01:00', timezone: 'Asia/Makassar' },
        b: { localDate: '2027-03-11', localStartTime: '00:30', localEndTime: '02:00', timezone: 'Asia/Jakarta' },
      });
    });

    it('refuses a period that ends before it starts with BAD_USER_INPUT on to', async () => {
      const res = await fed.query(CALENDAR, { variables: { filter: { from: '2027-01-10', to: '2027-01-01' } } });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe('to');
    });

    it('shows completed and cancelled events to anyone who asks for them', async () => {
      const past = await calendar({ libraryId: 'kupang', statuses: ['COMPLETED', 'CANCELLED'] });
      expect(new Set(past.edges.map((e: any) => e.node.status))).toEqual(new Set(['COMPLETED', 'CANCELLED']));
    });

    it('shows drafts to the staff of their library only: the public is refused with UNAUTHENTICATED, another library with FORBIDDEN', async () => {
      const filter = { libraryId: 'kupang', statuses: ['DRAFT'] };
      const staff = await calendar(filter, kupangLibrarian);
      expect(ids(staff)).toContain(demoId('event', 'kupang', 12));
      expect(codes(await fed.query(CALENDAR, { variables: { filter } }))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await fed.query(CALENDAR, { token: baubauLibrarian, variables: { filter } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(CALENDAR, { token: kupangLibrarian, variables: { filter: { statuses: ['DRAFT'] } } }))).toEqual(['FORBIDDEN']);
      expect((await calendar({ statuses: ['DRAFT'] }, await fed.token({ role: 'GOVERNMENT' }))).totalCount).toBeGreaterThan(0);
    });
  });

  describe('recurring series', () => {
    let seriesId: string;
    let sessions: any[];

    beforeAll(async () => {
      // Daily from Friday 2027-02-05: Saturday the 6th is Imlek (a holiday) and Kupang closes on Sundays.
      const res = await fed.query(CREATE_SERIES, {
        token: kupangLibrarian,
        variables: {
          input: {
            libraryId: 'kupang',
            title: 'Kelas Menulis Harian',
            type: 'WRITING_WORKSHOP',
            audience: 'TEENAGERS',
            location: 'Ruang Diskusi Lantai 2',
            firstDate: '2027-02-05',
            startTime: '16:00',
            durationMinutes: 90,
            sessions: 3,
            intervalDays: 1,
            capacity: 2,
            facilitatorIds: [demoId('librarian', 'kupang', 2)],
          },
        },
      });
      expect(res.errors).toBeUndefined();
      seriesId = res.data.createEventSeries.id;
      sessions = res.data.createEventSeries.sessions;
    });

    it("plans the sessions as drafts on the library's open days (no holiday, no closing day) at the local time", () => {
      expect(sessions.map((s) => [s.localDate, s.localStartTime, s.status])).toEqual([
        ['2027-02-05', '16:00', 'DRAFT'],
        ['2027-02-08', '16:00', 'DRAFT'],
        ['2027-02-09', '16:00', 'DRAFT'],
      ]);
      expect(sessions[0].startsAt).toBe('2027-02-05T08:00:00.000Z'); // 16:00 WITA
    });

    it('is NOT_FOUND for the public while in draft, and publishing one session publishes them all', async () => {
      expect(codes(await fed.query(SERIES, { variables: { id: seriesId } }))).toEqual(['NOT_FOUND']);
      const published = await fed.query(`mutation($id: ID!) { publishEvent(id: $id) { id status } }`, { token: kupangLibrarian, variables: { id: sessions[1].id } });
      expect(published.errors).toBeUndefined();
      const res = await fed.query(SERIES, { variables: { id: seriesId } });
      expect(res.errors).toBeUndefined();
      expect(res.data.eventSeries.sessions.map((s: any) => s.status)).toEqual(['PUBLISHED', 'PUBLISHED', 'PUBLISHED']);
      expect(res.data.eventSeries.registrationClosesAt).toBe('2027-02-09T08:00:00.000Z');
    });

    it('takes one registration for every session: places, waitlist and duplicates are counted over the series', async () => {
      const r1 = await fed.query(REGISTER, { token: await memberToken(fed, 51), variables: { eventId: sessions[0].id } });
      const r2 = await fed.query(REGISTER, { token: await memberToken(fed, 52), variables: { eventId: sessions[2].id } });
      const r3 = await fed.query(REGISTER, { token: await memberToken(fed, 53), variables: { eventId: sessions[1].id } });
      expect([r1, r2, r3].map((r) => r.data.registerForEvent.status)).toEqual(['CONFIRMED', 'CONFIRMED', 'WAITLISTED']);
      const again = await fed.query(REGISTER, { token: await memberToken(fed, 51), variables: { eventId: sessions[2].id } });
      expect(codes(again)).toEqual(['CONFLICT']);

      const res = await fed.query(SERIES, { variables: { id: seriesId } });
      expect(res.data.eventSeries).toMatchObject({ confirmedCount: 2, waitlistCount: 1 });
      for (const s of res.data.eventSeries.sessions) expect(s).toMatchObject({ confirmedCount: 2, capacity: 2, series: { id: seriesId } });
      const staff = await fed.query(`query($id: ID!) { event(id: $id) { registrations(first: 10) { totalCount edges { node { status series { id } } } } } }`, {
        token: kupangLibrarian,
        variables: { id: sessions[2].id },
      });
      expect(staff.data.event.registrations.totalCount).toBe(3);
      for (const { node } of staff.data.event.registrations.edges) expect(node.series).toEqual({ id: seriesId });
    });

    it('refuses a series on days the library is closed with BAD_USER_INPUT, and a member with FORBIDDEN', async () => {
      const input = {
        libraryId: 'kupang',
        title: 'Klub Minggu Pagi',
        type: 'READING_CLUB',
        audience: 'ADULTS',
        location: 'Ruang Baca',
        firstDate: '2027-02-07',
        startTime: '08:00',
        durationMinutes: 60,
        sessions: 3,
        intervalDays: 7,
        capacity: 10,
      };
      const closed = await fed.query(CREATE_SERIES, { token: kupangLibrarian, variables: { input } });
      expect(codes(closed)).toEqual(['BAD_USER_INPUT']);
      expect(closed.errors![0].extensions!.field).toBe('firstDate');
      const member = await fed.query(CREATE_SERIES, { token: await memberToken(fed, 54), variables: { input: { ...input, firstDate: '2027-02-08' } } });
      expect(codes(member)).toEqual(['FORBIDDEN']);
    });

    it('has a weekly reading club with registrations in every demo library', async () => {
      for (const library of ['kupang', 'baubau', 'pasuruan', 'pematang-siantar']) {
        const res = await fed.query(SERIES, { variables: { id: demoId('event-series', library, 0) } });
        expect(res.errors).toBeUndefined();
        const series = res.data.eventSeries;
        expect(series.sessions).toHaveLength(26);
        expect(series.confirmedCount).toBe(series.capacity);
        expect(new Set(series.sessions.map((s: any) => s.status))).toEqual(new Set(['COMPLETED', 'PUBLISHED']));
      }
    });
  });

  describe('Mutation.createEvent with a registration window', () => {
    it('refuses a window that closes after the event ends with BAD_USER_INPUT on registrationClosesAt', async () => {
      const input = eventInput();
      const res = await fed.query(CREATE_EVENT, {
        token: kupangLibrarian,
        variables: { input: { ...input, registrationClosesAt: new Date(Date.parse(input.endsAt as string) + 3600_000).toISOString() } },
      });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe('registrationClosesAt');
    });
  });
});
