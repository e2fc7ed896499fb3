import { INTERNAL_HEADER, signInternalToken } from '../shared/platform/auth';
import { DEMO_TODAY, demoId } from '../shared/domain/demo';
import { reportCacheFor, setReportCacheClock } from '../shared/platform/report-cache';
import { SUBGRAPH_NAMES } from '../subgraphs/registry';
import { aggregateDaily } from '../subgraphs/collections/indicators/aggregates.job';
import { setClock } from '../shared/platform/clock';
import { aggregateEventsDaily } from '../subgraphs/community-events/indicators/aggregates.job';
import { librarianToken, memberToken, publishedEvent, REGISTER } from './community-events.fixtures';
import { newMember, newTitle, setToday } from './helpers/collections';
import { BACKENDS, codes, postGraphQL, startFederation, type Federation } from './helpers/federation';

const COLLECTIONS = 'titles items members activeMembers loans returns holdsPlaced loansPerCapita overdueRate finesCharged finesPaid digitalUses visits acquisitionSpend';
const EVENTS = 'events registrations attendance walkIns noShows attendanceRate ratings averageRating';
const FRESHNESS = 'aggregatedThrough aggregatedAt computedAt';
const REPORT = `query ($from: Date!, $to: Date!) {
  regionalReport(from: $from, to: $to) { libraryId collections { ${COLLECTIONS} ${FRESHNESS} } events { ${EVENTS} ${FRESHNESS} } }
}`;
const CHECKOUT = 'mutation ($barcode: String!, $memberId: ID!) { checkoutItem(barcode: $barcode, memberId: $memberId) { id } }';
const RETURN = 'mutation ($barcode: String!) { returnItem(barcode: $barcode) { __typename } }';
const TTL = 60_000;

/** The figures without the freshness fields, by library. */
const figures = (rows: any[]) =>
  Object.fromEntries(
    rows.map((r) => {
      const strip = ({ aggregatedThrough, aggregatedAt, computedAt, ...rest }: any) => rest;
      return [r.libraryId, { collections: strip(r.collections), events: strip(r.events) }];
    }),
  );

describe.each(BACKENDS)('regional report: daily aggregates and the report cache (%s)', (backend) => {
  let fed: Federation;
  let admin: string;
  let clock = 1_000_000; // lru-cache reads a start time of 0 as "no TTL"

  beforeAll(async () => {
    fed = await startFederation(backend, { config: { reportCacheTtlMs: TTL } });
    admin = await fed.token({ role: 'ADMIN' });
    setReportCacheClock(() => clock);
  });
  beforeEach(() => {
    setToday(DEMO_TODAY);
    for (const name of SUBGRAPH_NAMES) reportCacheFor(fed.subgraphs[name].db, fed.config).clear();
  });
  afterAll(async () => {
    setClock(null);
    setReportCacheClock(null);
    await fed?.stop();
  });

  const report = async (from: string, to: string, token = admin) => {
    const res = await fed.query(REPORT, { token, variables: { from, to } });
    expect(res.errors).toBeUndefined();
    return res.data.regionalReport as any[];
  };
  const clearCaches = () => {
    for (const name of SUBGRAPH_NAMES) reportCacheFor(fed.subgraphs[name].db, fed.config).clear();
  };
  const collectionsDb = () => fed.subgraphs.collections.db;
  const eventsDb = () => fed.subgraphs['community-events'].db;
  /** The figures computed straight from the loans and registrations (no aggregates at all). */
  const direct = async (from: string, to: string) => {
    await collectionsDb().query('DELETE FROM daily_aggregate_state');
    await eventsDb().query('DELETE FROM event_daily_state');
    clearCaches();
    const rows = await report(from, to);
    for (const r of rows) expect(r.collections.aggregatedThrough).toBeNull();
    return rows;
  };
  const aggregate = async (eventsAt = new Date()) => {
    await aggregateDaily({ db: collectionsDb(), calendars: fed.subgraphs.collections.calendar });
    await aggregateEventsDaily({ db: eventsDb(), calendars: fed.subgraphs['community-events'].calendar }, { at: eventsAt });
    clearCaches();
  };

  const PERIODS: [string, string][] = [
    ['2026-01-01', '2026-10-31'], // closed days only, from 1 January
    ['2025-11-01', '2026-10-31'], // a year, across a year end
    ['2026-02-15', '2026-11-01'], // ragged edges and today, live
    ['2026-10-01', '2026-10-31'], // a month, as trends ask
    ['2025-12-01', '2026-01-31'], // two months across a year end
  ];

  it('gives the same figures from the daily aggregates as straight from the loans and registrations, and says how fresh they are', async () => {
    const expected = await Promise.all(PERIODS.map(([from, to]) => direct(from, to)));
    expect(expected[0].some((r) => r.collections.loans > 0 && r.collections.activeMembers > 0 && r.collections.finesCharged > 0)).toBe(true);
    expect(expected[0].some((r) => r.events.registrations > 0 && r.events.ratings > 0)).toBe(true);
    expect(expected[0].some((r) => r.collections.overdueRate > 0)).toBe(true);

    await aggregate(new Date(`${DEMO_TODAY}T04:00:00Z`));
    for (const [i, [from, to]] of PERIODS.entries()) {
      const rows = await report(from, to);
      expect(figures(rows)).toEqual(figures(expected[i]));
      for (const r of rows) {
        // Yesterday in the library's zone, the day the job reached on DEMO_TODAY.
        expect(r.collections.aggregatedThrough).toBe('2026-10-31');
        expect(r.events.aggregatedThrough).toBe('2026-10-31');
        expect(r.collections.aggregatedAt).toEqual(expect.any(String));
      }
    }
    const state = await collectionsDb().query('SELECT libraryId FROM daily_aggregate_state');
    expect(state).toHaveLength(4);
  });

  it('gives the same figures when two instances of the job run at once as after one run', async () => {
    const expected = await direct(...PERIODS[1]);
    const at = new Date(`${DEMO_TODAY}T04:00:00Z`);
    const collectionsDeps = { db: collectionsDb(), calendars: fed.subgraphs.collections.calendar };
    const eventsDeps = { db: eventsDb(), calendars: fed.subgraphs['community-events'].calendar };
    const runs = await Promise.all([
      aggregateDaily(collectionsDeps, { at }),
      aggregateDaily(collectionsDeps, { at }),
      aggregateEventsDaily(eventsDeps, { at }),
      aggregateEventsDaily(eventsDeps, { at }),
    ]);
    for (const run of runs) for (const r of run) expect(r.aggregatedThrough).toBe('2026-10-31');
    clearCaches();
    const rows = await report(...PERIODS[1]);
    expect(figures(rows)).toEqual(figures(expected));
    for (const r of rows) expect(r.events.aggregatedThrough).toBe('2026-10-31');
    expect(await collectionsDb().query('SELECT libraryId FROM daily_aggregate_state')).toHaveLength(4);
  });

  it('counts new loans and returns live after the aggregated day, and the next run of the job gives the same figures as the loans', async () => {
    await aggregate(new Date(`${DEMO_TODAY}T04:00:00Z`));
    setToday('2026-11-02');
    const librarian = await librarianToken(fed, 'kupang');
    const { items } = await newTitle(collectionsDb(), { kupang: 2 });
    const member = await newMember(collectionsDb(), 'kupang');
    for (const item of items) expect((await fed.query(CHECKOUT, { token: librarian, variables: { barcode: item.barcode, memberId: member.id } })).errors).toBeUndefined();
    expect((await fed.query(RETURN, { token: librarian, variables: { barcode: items[0].barcode } })).errors).toBeUndefined();

    const live = (await report('2026-01-01', '2026-11-30')).find((r) => r.libraryId === 'kupang');
    expect(live.collections.aggregatedThrough).toBe('2026-10-31');
    setToday('2026-11-03');
    await aggregate(new Date('2026-11-03T04:00:00Z'));
    const after = await report('2026-01-01', '2026-11-30');
    expect(after.find((r) => r.libraryId === 'kupang').collections.aggregatedThrough).toBe('2026-11-02');
    const expected = await direct('2026-01-01', '2026-11-30');
    expect(figures(after)).toEqual(figures(expected));
    expect(expected.find((r) => r.libraryId === 'kupang').collections).toMatchObject({ loans: live.collections.loans, returns: live.collections.returns });
    expect(live.collections.activeMembers).toBe(expected.find((r) => r.libraryId === 'kupang').collections.activeMembers);
  });

  it('counts a new registration live, and from the aggregates once the event’s day is closed', async () => {
    const eventId = await publishedEvent(fed, {}, 24 * 3);
    const from = new Date().toISOString().slice(0, 10);
    const to = new Date(Date.now() + 40 * 86400_000).toISOString().slice(0, 10);
    await aggregate(new Date());
    const before = (await report(from, to)).find((r) => r.libraryId === 'kupang').events.registrations;
    expect((await fed.query(REGISTER, { token: await memberToken(fed, 40), variables: { eventId } })).errors).toBeUndefined();
    clearCaches();
    expect((await report(from, to)).find((r) => r.libraryId === 'kupang').events.registrations).toBe(before + 1);

    await aggregate(new Date(Date.now() + 10 * 86400_000)); // the event's day is closed
    const rows = await report(from, to);
    expect(rows.find((r) => r.libraryId === 'kupang').events.aggregatedThrough > from).toBe(true);
    expect(figures(rows)).toEqual(figures(await direct(from, to)));
  });

  it('answers a year of closed days without reading the loans: only the live days after the aggregates touch `loan`', async () => {
    await aggregate(new Date(`${DEMO_TODAY}T04:00:00Z`));
    const statements: string[] = [];
    const logger = collectionsDb().logger;
    const original = logger.logQuery.bind(logger);
    logger.logQuery = (query: string, parameters?: unknown[]) => {
      statements.push(query);
      return original(query, parameters);
    };
    try {
      await report('2025-11-01', '2026-10-31');
      expect(statements.some((s) => /circulation_daily/.test(s))).toBe(true);
      // Where the library's records begin is one MIN over the (libraryId, checkedOutAt) index: one entry read, whatever the history.
      const probe = /\(SELECT MIN\(checkedOutAt\) FROM loan WHERE libraryId = \?\)/g;
      expect(statements.filter((s) => /\b(loan|fine_entry|hold|digital_use)\b/.test(s.replace(probe, '')))).toEqual([]);
      statements.length = 0;
      clearCaches();
      await report('2025-11-02', '2026-11-01'); // today is live
      expect(statements.filter((s) => /\bloan\b/.test(s)).length).toBeGreaterThan(0);
    } finally {
      logger.logQuery = original;
    }
  });

  describe('the report cache', () => {
    it('serves the finished figures for REPORT_CACHE_TTL_MS, then computes them again', async () => {
      setToday('2026-11-02');
      const first = (await report('2026-11-01', '2026-11-30')).find((r) => r.libraryId === 'kupang');
      const librarian = await librarianToken(fed, 'kupang');
      const { items } = await newTitle(collectionsDb(), { kupang: 1 });
      const member = await newMember(collectionsDb(), 'kupang');
      expect((await fed.query(CHECKOUT, { token: librarian, variables: { barcode: items[0].barcode, memberId: member.id } })).errors).toBeUndefined();

      clock += TTL - 1;
      const cached = (await report('2026-11-01', '2026-11-30')).find((r) => r.libraryId === 'kupang');
      expect(cached.collections).toEqual(first.collections);
      expect(cached.events.computedAt).toBe(first.events.computedAt);

      clock += 2;
      const fresh = (await report('2026-11-01', '2026-11-30')).find((r) => r.libraryId === 'kupang');
      expect(fresh.collections.loans).toBe(first.collections.loans + 1);
      expect(new Date(fresh.collections.computedAt).getTime()).toBeGreaterThan(new Date(first.collections.computedAt).getTime());
    });

    it("never serves a cached row to a caller whose scope does not cover it: another library's admin and another province are refused", async () => {
      await report(...PERIODS[0]); // every row of the period is now cached
      const representation = async (identity: Parameters<typeof signInternalToken>[0], name: (typeof SUBGRAPH_NAMES)[number], field: string) =>
        postGraphQL(
          fed.subgraphs[name].url,
          {
            query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on RegionalReportRow { libraryId ${field} { __typename } } } }`,
            variables: { r: [{ __typename: 'RegionalReportRow', libraryId: 'kupang', from: PERIODS[0][0], to: PERIODS[0][1], population: 1 }] },
          },
          { [INTERNAL_HEADER]: await signInternalToken(identity, fed.config.gatewaySecret) },
        );
      for (const [name, field] of [
        ['collections', 'collections'],
        ['community-events', 'events'],
        ['partnerships', 'partnerships'],
        ['staff-development', 'staff'],
      ] as const) {
        expect(codes(await representation({ sub: 'b', role: 'LIBRARY_ADMIN', libraryId: 'baubau' }, name, field))).toEqual(['FORBIDDEN']);
        expect(codes(await representation({ sub: 'g', role: 'GOVERNMENT', province: 'Jawa Timur' }, name, field))).toEqual(['FORBIDDEN']);
        const own = await representation({ sub: 'k', role: 'LIBRARY_ADMIN', libraryId: 'kupang' }, name, field);
        expect(own.errors).toBeUndefined();
      }
      // Through the gateway the other library's admin gets their own row only, never Kupang's.
      const baubauAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
      expect((await report(...PERIODS[0], baubauAdmin)).map((r) => r.libraryId)).toEqual(['baubau']);
      expect(
        codes(
          await fed.query(REPORT, {
            token: await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 0) }),
            variables: { from: PERIODS[0][0], to: PERIODS[0][1] },
          }),
        ),
      ).toEqual(['FORBIDDEN']);
    });
  });
});
