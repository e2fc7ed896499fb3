import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { INTERNAL_HEADER, signInternalToken, type Identity } from '../shared/platform/auth';
import { demoId } from '../shared/domain/demo';
import { EventFacilitator } from '../subgraphs/community-events/events/event-facilitator.entity';
import { EventPartner } from '../subgraphs/community-events/events/event-partner.entity';
import { EventSeries } from '../subgraphs/community-events/events/event-series.entity';
import { Event, EventAudience, EventStatus, EventType } from '../subgraphs/community-events/events/event.entity';
import { BACKENDS, codes, postGraphQL, startFederation, type Federation, type GraphQLResponse } from './helpers/federation';
import { eventInput } from './community-events.fixtures';

/**
 * Holes an outside security tester found in the community-events subgraph, one describe each.
 * Every test names a caller who must be refused; each failed on the code before the fix.
 */

const kupangLibrarian1 = demoId('librarian', 'kupang', 1);
const kupangLibrarian3 = demoId('librarian', 'kupang', 3);
const baubauLibrarian1 = demoId('librarian', 'baubau', 1);
const kupangSchool = demoId('partner', 'kupang', 0);
const baubauSchool = demoId('partner', 'baubau', 0);
const nttOffice = demoId('partner', 'regional', 1); // the NTT provincial library office: works with Kupang and Baubau
const radio = demoId('partner', 'regional', 2); // works with Pasuruan and Pematang Siantar, not Kupang
const COMPLETED_KUPANG = demoId('event', 'kupang', 0);
const DRAFT_KUPANG = demoId('event', 'kupang', 12);

const CREATE_EVENT = `mutation ($input: CreateEventInput!) { createEvent(input: $input) { id status facilitators { id name } coHosts { id name } } }`;
const CREATE_SERIES = `mutation ($input: CreateEventSeriesInput!) { createEventSeries(input: $input) { id sessions { id } } }`;
const FACILITATED = `query ($id: ID!) { librarian(id: $id) { name facilitatedEvents(first: 100) { totalCount edges { node { id status confirmedCount } } } } }`;
const CO_HOSTED = `query ($id: ID!) { partner(id: $id) { name coHostedEvents(first: 100) { totalCount edges { node { id status } } } } }`;

const seriesInput = (overrides: Record<string, unknown> = {}) => ({
  libraryId: 'kupang',
  title: 'Klub Baca Pesisir',
  type: 'READING_CLUB',
  audience: 'TEENAGERS',
  location: 'Ruang Diskusi Lantai 2',
  firstDate: '2027-03-03',
  startTime: '15:30',
  durationMinutes: 90,
  sessions: 3,
  intervalDays: 7,
  capacity: 20,
  facilitatorIds: [kupangLibrarian1],
  ...overrides,
});

describe.each(BACKENDS)('community events security (%s)', (backend) => {
  let fed: Federation;
  const t: Record<string, string> = {};
  const run = (query: string, token: string | undefined, variables: Record<string, unknown> = {}) => fed.query(query, { token, variables });
  const ok = async (query: string, token: string | undefined, variables: Record<string, unknown> = {}) => {
    const res = await run(query, token, variables);
    expect(res.errors).toBeUndefined();
    return res.data;
  };
  const db = () => fed.subgraphs['community-events'].db;
  const counts = async () => ({
    events: await db().getRepository(Event).count(),
    series: await db().getRepository(EventSeries).count(),
    facilitators: await db().getRepository(EventFacilitator).count(),
    coHosts: await db().getRepository(EventPartner).count(),
  });
  /** Straight to the community-events subgraph, as the gateway would send an `_entities` call for this caller. */
  const entities = async (identity: Omit<Identity, 'sub'>, representations: object[], selection: string): Promise<GraphQLResponse> =>
    postGraphQL(
      fed.subgraphs['community-events'].url,
      { query: `query ($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`, variables: { r: representations } },
      { [INTERNAL_HEADER]: await signInternalToken({ sub: 'test', ...identity }, fed.config.gatewaySecret) },
    );
  const expectRefused = async (query: string, token: string | undefined, variables: Record<string, unknown>, field: string) => {
    const before = await counts();
    const res = await run(query, token, variables);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.field).toBe(field);
    expect(await counts()).toEqual(before);
  };

  beforeAll(async () => {
    fed = await startFederation(backend);
    t.kupangLibrarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 0) });
    t.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    t.baubauLibrarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'baubau', librarianId: demoId('librarian', 'baubau', 0) });
    t.kupangSchool = await fed.token({ role: 'PARTNER', partnerId: kupangSchool });
    t.member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 7) });
    t.ntt = await fed.token({ role: 'GOVERNMENT', province: 'Nusa Tenggara Timur' }); // Kupang only
    t.sultra = await fed.token({ role: 'GOVERNMENT', province: 'Sulawesi Tenggara' }); // Baubau only
    t.government = await fed.token({ role: 'GOVERNMENT' });
    t.admin = await fed.token({ role: 'ADMIN' });
  });
  afterAll(() => fed?.stop());

  describe('Hole 1: an event links only to the people of its own library and the partners it works with', () => {
    it("refuses a librarian naming another library's librarian as facilitator with BAD_USER_INPUT on facilitatorIds, writing nothing", async () => {
      await expectRefused(CREATE_EVENT, t.kupangLibrarian, { input: eventInput({ facilitatorIds: [kupangLibrarian1, baubauLibrarian1] }) }, 'facilitatorIds');
    });

    it("refuses a co-host that does not work with the library (another library's school, a partner of other cities) with BAD_USER_INPUT on coHostIds, writing nothing", async () => {
      await expectRefused(CREATE_EVENT, t.kupangLibrarian, { input: eventInput({ coHostIds: [baubauSchool] }) }, 'coHostIds');
      await expectRefused(CREATE_EVENT, t.kupangLibrarian, { input: eventInput({ coHostIds: [kupangSchool, radio] }) }, 'coHostIds');
    });

    it('refuses even ADMIN such links: the rule is about the event, not the caller', async () => {
      await expectRefused(CREATE_EVENT, t.admin, { input: eventInput({ facilitatorIds: [baubauLibrarian1] }) }, 'facilitatorIds');
      await expectRefused(CREATE_EVENT, t.admin, { input: eventInput({ coHostIds: [radio] }) }, 'coHostIds');
    });

    it('refuses the same links in a recurring series, writing no series and no session', async () => {
      await expectRefused(CREATE_SERIES, t.kupangLibrarian, { input: seriesInput({ facilitatorIds: [baubauLibrarian1] }) }, 'facilitatorIds');
      await expectRefused(CREATE_SERIES, t.kupangLibrarian, { input: seriesInput({ coHostIds: [radio] }) }, 'coHostIds');
    });

    it("still plans events with the library's own librarians and the partners it works with, a regional one included", async () => {
      const data = await ok(CREATE_EVENT, t.kupangLibrarian, { input: eventInput({ facilitatorIds: [kupangLibrarian1, kupangLibrarian3], coHostIds: [kupangSchool, nttOffice] }) });
      expect(data.createEvent.facilitators.map((f: any) => f.id).sort()).toEqual([kupangLibrarian1, kupangLibrarian3].sort());
      for (const f of data.createEvent.facilitators) expect(f.name).toMatch(/\S/);
      expect(data.createEvent.coHosts.map((c: any) => c.id).sort()).toEqual([kupangSchool, nttOffice].sort());
      const series = await ok(CREATE_SERIES, t.kupangLibrarian, { input: seriesInput({ coHostIds: [kupangSchool] }) });
      expect(series.createEventSeries.sessions).toHaveLength(3);
    });

    it('takes no member id from the request: a MEMBER registers as the member of their token only', async () => {
      const res = await run(`mutation ($e: ID!, $m: ID!) { registerForEvent(eventId: $e, memberId: $m) { id } }`, t.member, {
        e: COMPLETED_KUPANG,
        m: demoId('member', 'baubau', 7),
      });
      expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    });
  });

  describe('Hole 2: drafts and internal figures reach only those who may read the library, by every path', () => {
    let draftId: string;
    let facilitatorOfDraft: string;

    beforeAll(async () => {
      // A Kupang draft run by librarian 3 and co-hosted by a Kupang school.
      const data = await ok(CREATE_EVENT, t.kupangLibrarian, { input: eventInput({ facilitatorIds: [kupangLibrarian3], coHostIds: [kupangSchool] }) });
      draftId = data.createEvent.id;
      expect(data.createEvent.status).toBe('DRAFT');
      facilitatorOfDraft = kupangLibrarian3;
    });

    const ids = (res: GraphQLResponse, list: 'facilitatedEvents' | 'coHostedEvents') => {
      expect(res.errors).toBeUndefined();
      const owner = res.data.librarian ?? res.data.partner;
      return owner[list].edges.map((e: any) => e.node.id) as string[];
    };

    it("hides a Kupang draft in Librarian.facilitatedEvents from a GOVERNMENT token of another province, and shows it to Kupang's province", async () => {
      expect(ids(await run(FACILITATED, t.sultra, { id: facilitatorOfDraft }), 'facilitatedEvents')).not.toContain(draftId);
      expect(ids(await run(FACILITATED, t.ntt, { id: facilitatorOfDraft }), 'facilitatedEvents')).toContain(draftId);
      expect(ids(await run(FACILITATED, t.government, { id: facilitatorOfDraft }), 'facilitatedEvents')).toContain(draftId);
    });

    it("hides it in Librarian.facilitatedEvents from the public, a partner and another library's staff too", async () => {
      for (const token of [undefined, t.kupangSchool, t.baubauLibrarian]) {
        expect(ids(await run(FACILITATED, token, { id: facilitatorOfDraft }), 'facilitatedEvents')).not.toContain(draftId);
      }
      expect(ids(await run(FACILITATED, t.kupangLibrarian, { id: facilitatorOfDraft }), 'facilitatedEvents')).toContain(draftId);
    });

    it('hides it in Partner.coHostedEvents from a GOVERNMENT token of another province, the co-host itself and the public', async () => {
      for (const token of [t.sultra, t.kupangSchool, undefined]) {
        expect(ids(await run(CO_HOSTED, token, { id: kupangSchool }), 'coHostedEvents')).not.toContain(draftId);
      }
      expect(ids(await run(CO_HOSTED, t.ntt, { id: kupangSchool }), 'coHostedEvents')).toContain(draftId);
    });

    it('counts no draft of another province in the totals of those lists', async () => {
      const sultra = await ok(FACILITATED, t.sultra, { id: facilitatorOfDraft });
      const pub = await ok(FACILITATED, undefined, { id: facilitatorOfDraft });
      expect(sultra.librarian.facilitatedEvents.totalCount).toBe(pub.librarian.facilitatedEvents.totalCount);
    });

    it('answers NOT_FOUND for the draft by reference, to exactly those event(id) answers NOT_FOUND', async () => {
      const sultra = await entities({ role: 'GOVERNMENT', province: 'Sulawesi Tenggara' }, [{ __typename: 'Event', id: draftId }], '... on Event { id title }');
      expect(codes(sultra)).toEqual(['NOT_FOUND']);
      expect(codes(await run(`query ($id: ID!) { event(id: $id) { id } }`, t.sultra, { id: draftId }))).toEqual(['NOT_FOUND']);
      const ntt = await entities({ role: 'GOVERNMENT', province: 'Nusa Tenggara Timur' }, [{ __typename: 'Event', id: draftId }], '... on Event { id title }');
      expect(ntt.errors).toBeUndefined();
      expect(ntt.data._entities[0].id).toBe(draftId);
    });

    it('answers NOT_FOUND by reference for an event or series that does not exist, the same as for a hidden draft (no way to tell them apart)', async () => {
      const event = await entities({ role: 'PUBLIC' }, [{ __typename: 'Event', id: randomUUID() }], '... on Event { id }');
      expect(codes(event)).toEqual(['NOT_FOUND']);
      const series = await entities({ role: 'PUBLIC' }, [{ __typename: 'EventSeries', id: randomUUID() }], '... on EventSeries { id }');
      expect(codes(series)).toEqual(['NOT_FOUND']);
    });

    it("keeps another library's figures out of a librarian's performance review when a legacy link names them on its event", async () => {
      const FACILITATION = `query ($id: ID!) { librarian(id: $id) { eventFacilitation(from: "2025-01-01", to: "2027-12-31") { events attendance ratings } } }`;
      const before = (await ok(FACILITATION, t.kupangAdmin, { id: kupangLibrarian3 })).librarian.eventFacilitation;
      await db()
        .getRepository(EventFacilitator)
        .insert({ eventId: demoId('event', 'baubau', 0), librarianId: kupangLibrarian3 }); // a completed Baubau event
      const after = (await ok(FACILITATION, t.kupangAdmin, { id: kupangLibrarian3 })).librarian.eventFacilitation;
      expect(after).toEqual(before);
    });

    it("refuses a GOVERNMENT token of another province a library's drafts in the calendar with FORBIDDEN", async () => {
      const res = await run(`{ events(filter: { libraryId: "kupang", statuses: [DRAFT] }) { totalCount } }`, t.sultra);
      expect(codes(res)).toEqual(['FORBIDDEN']);
      const mine = await ok(`{ events(filter: { libraryId: "kupang", statuses: [DRAFT] }) { edges { node { id } } } }`, t.ntt);
      expect(mine.events.edges.map((e: any) => e.node.id)).toContain(draftId);
    });
  });

  describe('Hole 3: ids that point into another subgraph are checked before anything is written, and one that vanishes costs only its item', () => {
    it('refuses a facilitator id nobody knows with BAD_USER_INPUT on facilitatorIds, writing nothing', async () => {
      await expectRefused(CREATE_EVENT, t.kupangLibrarian, { input: eventInput({ facilitatorIds: [randomUUID()] }) }, 'facilitatorIds');
    });

    it('refuses a co-host id nobody knows with BAD_USER_INPUT on coHostIds, writing nothing', async () => {
      await expectRefused(CREATE_EVENT, t.kupangAdmin, { input: eventInput({ coHostIds: [randomUUID()] }) }, 'coHostIds');
      await expectRefused(CREATE_SERIES, t.kupangAdmin, { input: seriesInput({ coHostIds: [randomUUID()] }) }, 'coHostIds');
    });

    it('asks the owners before the database transaction opens, never inside it', async () => {
      const log: string[] = [];
      const database = db();
      const realTransaction = database.transaction.bind(database);
      const realFetch = global.fetch;
      (database as any).transaction = async (...args: unknown[]) => {
        log.push('begin');
        try {
          return await (realTransaction as any).apply(database, args);
        } finally {
          log.push('end');
        }
      };
      global.fetch = (async (url: any, init?: any) => {
        const op = /LibrarianLibraries|PartnerLibraries/.exec(String(init?.body ?? ''));
        if (op) log.push(op[0]);
        return realFetch(url, init);
      }) as typeof fetch;
      try {
        for (const make of [CREATE_EVENT, CREATE_SERIES]) {
          log.length = 0;
          const input = make === CREATE_EVENT ? eventInput({ coHostIds: [kupangSchool] }) : seriesInput({ firstDate: '2027-04-07', coHostIds: [kupangSchool] });
          await ok(make, t.kupangLibrarian, { input });
          expect(log.filter((e) => e !== 'begin' && e !== 'end').sort()).toEqual(['LibrarianLibraries', 'PartnerLibraries']);
          expect(log.indexOf('begin')).toBeGreaterThan(Math.max(log.indexOf('LibrarianLibraries'), log.indexOf('PartnerLibraries')));
        }
      } finally {
        (database as any).transaction = realTransaction;
        global.fetch = realFetch;
      }
    });

    it('refuses ADMIN an event for a library that does not exist with BAD_USER_INPUT on libraryId, writing nothing', async () => {
      await expectRefused(CREATE_EVENT, t.admin, { input: eventInput({ libraryId: 'atlantis', facilitatorIds: [] }) }, 'libraryId');
    });

    it('keeps the public calendar whole when a facilitator or co-host of a legacy event is gone: that item is null, every other event and field arrives', async () => {
      const startsAt = new Date('2026-01-05T01:00:00.000Z'); // before every demo event: first in the calendar
      const legacyId = randomUUID();
      const ghost = randomUUID();
      await db()
        .getRepository(Event)
        .insert({
          id: legacyId,
          libraryId: 'kupang',
          title: 'Acara Lama dari Sistem Sebelumnya',
          description: '',
          type: EventType.DISCUSSION,
          audience: EventAudience.ADULTS,
          audienceTags: '',
          accessibilityNotes: null,
          location: 'Aula',
          startsAt,
          endsAt: new Date(startsAt.getTime() + 2 * 3600_000),
          capacity: 20,
          status: EventStatus.PUBLISHED,
          registrationOpensAt: null,
          registrationClosesAt: null,
          seriesId: null,
          walkIns: 0,
          cancellationReason: null,
        });
      await db()
        .getRepository(EventFacilitator)
        .insert([
          { eventId: legacyId, librarianId: ghost },
          { eventId: legacyId, librarianId: kupangLibrarian1 },
        ]);
      await db().getRepository(EventPartner).insert({ eventId: legacyId, partnerId: randomUUID() });

      const res = await run(
        `{ events(filter: { libraryId: "kupang" }, first: 20) { totalCount edges { node { id title facilitators { id name } coHosts { id name } } } }
           library(id: "kupang") { events(first: 10) { edges { node { id facilitators { name } } } } } }`,
        undefined,
      );
      if (!res.data) throw new Error(JSON.stringify(res).slice(0, 2000));
      expect(res.data.events).not.toBeNull();
      const nodes = res.data.events.edges.map((e: any) => e.node);
      expect(nodes.length).toBeGreaterThan(1);
      const legacy = nodes.find((n: any) => n.id === legacyId);
      expect(legacy.title).toBe('Acara Lama dari Sistem Sebelumnya');
      expect(legacy.facilitators).toHaveLength(2);
      expect(legacy.facilitators).toContainEqual(null);
      expect(legacy.facilitators.filter(Boolean)[0]).toMatchObject({ id: kupangLibrarian1, name: expect.stringMatching(/\S/) });
      expect(legacy.coHosts).toEqual([null]);
      for (const n of nodes.filter((n: any) => n.id !== legacyId)) {
        for (const f of n.facilitators) expect(f.name).toMatch(/\S/);
      }
      const libraryEvents = res.data.library.events.edges.map((e: any) => e.node);
      expect(libraryEvents.length).toBeGreaterThan(1);
      expect(libraryEvents.find((n: any) => n.id === legacyId).facilitators).toContainEqual(null);
    });
  });

  describe('Hole 10: a refused field costs only itself, never the rest of the answer', () => {
    it("keeps `libraries` when the public asks for another library's draft (event is null with NOT_FOUND)", async () => {
      const res = await run(`query ($id: ID!) { libraries { id } event(id: $id) { title } }`, undefined, { id: DRAFT_KUPANG });
      expect(codes(res)).toEqual(['NOT_FOUND']);
      expect(res.data.event).toBeNull();
      expect(res.data.libraries.length).toBeGreaterThanOrEqual(4);
    });

    it("keeps `libraries` and the event's title when another library's librarian is refused its registrations and feedback", async () => {
      const res = await run(
        `query ($id: ID!) { libraries { id } event(id: $id) { title registrations(first: 1) { totalCount } feedback(first: 1) { totalCount } } }`,
        t.baubauLibrarian,
        { id: COMPLETED_KUPANG },
      );
      expect(codes(res)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
      expect(res.data.libraries.length).toBeGreaterThanOrEqual(4);
      expect(res.data.event).toEqual({ title: expect.stringMatching(/\S/), registrations: null, feedback: null });
    });

    it('keeps `libraries` when the calendar refuses drafts to the public, and when a series is not found', async () => {
      const res = await run(`query ($s: ID!) { libraries { id } events(filter: { statuses: [DRAFT] }) { totalCount } eventSeries(id: $s) { title } }`, undefined, {
        s: randomUUID(),
      });
      expect(new Set(codes(res))).toEqual(new Set(['UNAUTHENTICATED', 'NOT_FOUND']));
      expect(res.data.libraries.length).toBeGreaterThanOrEqual(4);
      expect(res.data.events).toBeNull();
      expect(res.data.eventSeries).toBeNull();
    });
  });

  describe('Hole 9: a caller with no right to a list is refused, never answered with an empty list', () => {
    it('refuses GOVERNMENT the registrations of an event with FORBIDDEN (null and an error, not an empty connection), keeping the figures it may read', async () => {
      const res = await run(`query ($id: ID!) { event(id: $id) { title confirmedCount registrations(first: 5) { totalCount edges { node { id } } } } }`, t.government, {
        id: COMPLETED_KUPANG,
      });
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.data.event.registrations).toBeNull();
      expect(res.data.event.confirmedCount).toBeGreaterThanOrEqual(0);
    });

    it('refuses a co-hosting partner the feedback list with FORBIDDEN, keeping the statistics it may read', async () => {
      const events = await ok(`query ($id: ID!) { partner(id: $id) { coHostedEvents(first: 1) { edges { node { id } } } } }`, undefined, { id: kupangSchool });
      const eventId = events.partner.coHostedEvents.edges[0].node.id;
      const res = await run(`query ($id: ID!) { event(id: $id) { statistics { confirmed } feedback(first: 5) { totalCount } } }`, t.kupangSchool, { id: eventId });
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.data.event.feedback).toBeNull();
      expect(res.data.event.statistics.confirmed).toBeGreaterThanOrEqual(0);
    });
  });
});
