/**
 * The regional report over a year with a long history: fills 1 000 000
 * loans and 100 000 event registrations (four libraries, a year, with members, copies and events
 * to match), builds the daily aggregates, then times `regionalReport` for a year — all libraries,
 * all four indicator groups — through the gateway over HTTP: live (no aggregates, as before),
 * uncached (REPORT_CACHE_TTL_MS=0) and cached.
 *
 *   npm run bench:regional                                        SQLite, in data/bench-regional
 *   npm run bench:regional -- --mysql mysql://root@127.0.0.1:3306 MariaDB/MySQL, databases bench_*
 *   options: --requests 30  --loans 1000000  --registrations 100000  --live-requests 3  --drop
 *   --live-requests 0 skips the live computation (and the check of the figures against it): over
 *   10 million loans on SQLite, one live year takes minutes.
 *
 * The filled databases are kept (prefix `bench_`) and reused by the next run when they are full;
 * `--drop` removes them at the end.
 */
import 'reflect-metadata';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { startFederationServices, type RunningFederation } from '../gateway/federation';
import { signUserToken } from '../shared/platform/auth';
import { loadConfig, type Config } from '../shared/platform/config';
import { dropDatabase, transaction } from '../shared/platform/database';
import { DEMO_LIBRARIES } from '../shared/domain/demo';
import { addDays, daysBetween, offsetMinutes, todayIn } from '../shared/platform/time';
import { SUBGRAPHS } from '../subgraphs';
import { aggregateDaily } from '../subgraphs/collections/indicators/aggregates.job';
import { aggregateEventsDaily } from '../subgraphs/community-events/indicators/aggregates.job';

const STAFF = 'librarians trainedLibrarians trainedPercent trainingHours averageTrainingRating';
const COLLECTIONS =
  'titles items members activeMembers loans returns holdsPlaced loansPerCapita overdueRate finesCharged finesPaid digitalUses visits acquisitionSpend aggregatedThrough';
const EVENTS = 'events eventsByType { key count } registrations attendance walkIns noShows attendanceRate ratings averageRating aggregatedThrough';
const PARTNERSHIPS = 'activePartners activeAgreements schoolVisits studentsReached internsHosted fundingReceived';
const REPORT = `query ($from: Date!, $to: Date!) { regionalReport(from: $from, to: $to) {
  libraryId library { name } staff { ${STAFF} } collections { ${COLLECTIONS} } events { ${EVENTS} } partnerships { ${PARTNERSHIPS} } } }`;

const MEMBERS_PER_LIBRARY = 10_000;
const RECORDS = 5_000;
const EVENTS_PER_LIBRARY = 500;
const ROWS_PER_INSERT = 1_000;
const INSERTS_PER_TRANSACTION = 50;
const DAY = 86_400_000;

/** A deterministic pseudo-random sequence (mulberry32): the same fill on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isSqlite = (db: DataSource) => db.options.type === 'better-sqlite3';
/** An instant as the column stores it (TypeORM's SQLite text form, or a DATETIME literal). */
const stamp = (db: DataSource, ms: number) => {
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('T', ' ');
  return isSqlite(db) ? iso.slice(0, 23) : iso.slice(0, 19);
};

/**
 * SQLite: a page cache of 4 GB for this benchmark's connection (the default is 2 MB): ten million
 * loans insert into indexes on random keys, which then no longer fit, and every insert read pages
 * back from the file.
 */
async function bigCache(db: DataSource): Promise<void> {
  if (isSqlite(db)) await db.query('PRAGMA cache_size = -4000000');
}

/** Multi-row INSERTs, ROWS_PER_INSERT rows each, INSERTS_PER_TRANSACTION per transaction. */
async function bulkInsert(db: DataSource, table: string, columns: string[], rows: Iterable<unknown[]>, label: string): Promise<number> {
  const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  let batch: unknown[][][] = [];
  let chunk: unknown[][] = [];
  let total = 0;
  const flush = async () => {
    const statements = batch;
    batch = [];
    await transaction(db, async (tx) => {
      for (const rowsOf of statements) await tx.query(head + rowsOf.map(() => tuple).join(', '), rowsOf.flat());
    });
  };
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length === ROWS_PER_INSERT) {
      batch.push(chunk);
      chunk = [];
      total += ROWS_PER_INSERT;
      if (batch.length === INSERTS_PER_TRANSACTION) {
        await flush();
        if (total % 1_000_000 === 0) console.log(`  ${label}: ${total.toLocaleString('en')} (${new Date().toISOString().slice(11, 19)})`);
      }
    }
  }
  if (chunk.length) {
    batch.push(chunk);
    total += chunk.length;
  }
  if (batch.length) await flush();
  return total;
}

// Indonesian zones have no DST: a fixed offset turns an instant into the library's date quickly.
const libraries = DEMO_LIBRARIES.map((l, index) => ({ id: l.id, zone: l.timezone, index, offset: offsetMinutes(new Date(), l.timezone) * 60_000 }));
const localDay = (ms: number, lib: { offset: number }) => new Date(ms + lib.offset).toISOString().slice(0, 10);
const memberId = (lib: string, i: number) => `bench-m-${lib}-${i}`;

async function fillCollections(db: DataSource, loans: number, start: number, end: number): Promise<void> {
  await bigCache(db);
  const [{ n }] = await db.query<{ n: string | number }[]>(`SELECT COUNT(*) AS n FROM loan WHERE id LIKE 'bench-l-%'`);
  // Fines are written last: without them the fill was interrupted.
  const [{ f }] = await db.query<{ f: string | number }[]>(`SELECT COUNT(*) AS f FROM fine_entry WHERE id LIKE 'bench-f-%'`);
  if (Number(n) >= loans && Number(f) > 0) return console.log(`collections: ${Number(n).toLocaleString('en')} bench loans already there, reused`);
  const [{ m }] = await db.query<{ m: string | number }[]>(`SELECT COUNT(*) AS m FROM member WHERE id LIKE 'bench-m-%'`);
  if (Number(m) > 0) {
    console.log('collections: a partial fill, removed first');
    for (const table of ['fine_entry', 'loan', 'item', 'bibliographic_record', 'member']) await db.query(`DELETE FROM ${table} WHERE id LIKE 'bench-%'`);
  }
  const rnd = random(8);
  await bulkInsert(
    db,
    'member',
    ['id', 'cardNumber', 'name', 'email', 'phone', 'memberType', 'libraryId', 'partnerId', 'joinedOn', 'expiresOn', 'status'],
    (function* () {
      for (const l of libraries)
        for (let i = 0; i < MEMBERS_PER_LIBRARY; i++)
          yield [
            memberId(l.id, i),
            `BENCH${l.index}${String(i).padStart(6, '0')}`,
            `Anggota Uji ${i}`,
            `bench.${l.index}.${i}@example.com`,
            '+6281200000000',
            'ADULT',
            l.id,
            null,
            '2020-01-01',
            '2030-12-31',
            'ACTIVE',
          ];
    })(),
    'members',
  );
  await bulkInsert(
    db,
    'bibliographic_record',
    ['id', 'title', 'subtitle', 'authors', 'publisher', 'publishedYear', 'edition', 'isbn', 'subjects', 'language', 'materialType', 'ddc', 'callNumber'],
    (function* () {
      for (let r = 0; r < RECORDS; r++)
        yield [`bench-r-${r}`, `Judul Uji ${r}`, null, 'Penulis Uji', 'Penerbit Uji', 2000 + (r % 25), null, null, '', 'ind', 'BOOK', '020', '020 UJI j'];
    })(),
    'records',
  );
  await bulkInsert(
    db,
    'item',
    ['id', 'barcode', 'recordId', 'libraryId', 'location', 'collectionType', 'status', 'atLibraryId', 'acquiredOn', 'price'],
    (function* () {
      for (const l of libraries)
        for (let r = 0; r < RECORDS; r++)
          yield [`bench-i-${l.id}-${r}`, `BENCH-${l.index}-${r}`, `bench-r-${r}`, l.id, 'Rak Umum', 'GENERAL', 'AVAILABLE', null, '2021-06-01', 85_000];
    })(),
    'items',
  );
  const fines: unknown[][] = [];
  const now = Date.now();
  const t = performance.now();
  const made = await bulkInsert(
    db,
    'loan',
    ['id', 'itemId', 'memberId', 'libraryId', 'checkedOutAt', 'dueOn', 'returnedAt', 'renewals', 'finePerDay', 'graceDays', 'fineCap', 'daysOverdue'],
    (function* () {
      for (let n = 0; n < loans; n++) {
        const l = libraries[n % libraries.length];
        const member = memberId(l.id, Math.floor(rnd() * MEMBERS_PER_LIBRARY));
        const out = start + rnd() * (end - start);
        const dueOn = addDays(localDay(out, l), 14);
        // Most come back within the fortnight, one in ten late.
        const back = out + (rnd() < 0.9 ? 1 + rnd() * 13 : 15 + rnd() * 10) * DAY;
        const returned = back < now ? back : null;
        const late = returned ? Math.max(0, daysBetween(dueOn, localDay(returned, l))) : 0;
        const id = `bench-l-${n}`;
        if (late > 0) fines.push([`bench-f-${n}`, member, l.id, id, 'OVERDUE', late * 500, null, stamp(db, returned!)]);
        yield [id, `bench-i-${l.id}-${Math.floor(rnd() * RECORDS)}`, member, l.id, stamp(db, out), dueOn, returned ? stamp(db, returned) : null, 0, 500, 0, 85_000, late];
      }
    })(),
    'loans',
  );
  console.log(`  loans: ${made.toLocaleString('en')} in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  await bulkInsert(db, 'fine_entry', ['id', 'memberId', 'libraryId', 'loanId', 'kind', 'amount', 'note', 'createdAt'], fines, 'fines');
  console.log(`  fines: ${fines.length.toLocaleString('en')}`);
}

async function fillEvents(db: DataSource, registrations: number, start: number, end: number): Promise<void> {
  await bigCache(db);
  const [{ n }] = await db.query<{ n: string | number }[]>(`SELECT COUNT(*) AS n FROM registration WHERE id LIKE 'bench-g-%'`);
  // Ratings are written last: without them the fill was interrupted.
  const [{ f }] = await db.query<{ f: string | number }[]>(`SELECT COUNT(*) AS f FROM event_feedback WHERE id LIKE 'bench-b-%'`);
  if (Number(n) >= registrations && Number(f) > 0) return console.log(`community-events: ${Number(n).toLocaleString('en')} bench registrations already there, reused`);
  const [{ e }] = await db.query<{ e: string | number }[]>(`SELECT COUNT(*) AS e FROM event WHERE id LIKE 'bench-e-%'`);
  if (Number(e) > 0) {
    console.log('community-events: a partial fill, removed first');
    for (const table of ['event_feedback', 'event_attendance', 'registration', 'event']) await db.query(`DELETE FROM ${table} WHERE id LIKE 'bench-%'`);
  }
  const rnd = random(9);
  const events: { id: string; lib: (typeof libraries)[number]; startsAt: number }[] = [];
  for (const lib of libraries) for (let e = 0; e < EVENTS_PER_LIBRARY; e++) events.push({ id: `bench-e-${lib.index}-${e}`, lib, startsAt: start + rnd() * (end - start) });
  const types = ['STORYTELLING', 'WORKSHOP', 'DISCUSSION', 'LITERACY_CLASS', 'EXHIBITION'];
  const validTypes: string[] = (await db.query<{ type: string }[]>('SELECT DISTINCT type FROM event')).map((r) => r.type);
  const audiences: string[] = (await db.query<{ audience: string }[]>('SELECT DISTINCT audience FROM event')).map((r) => r.audience);
  const typeOf = (i: number) => (validTypes.length ? validTypes[i % validTypes.length] : types[i % types.length]);
  await bulkInsert(
    db,
    'event',
    [
      'id',
      'libraryId',
      'title',
      'description',
      'type',
      'audience',
      'audienceTags',
      'accessibilityNotes',
      'location',
      'startsAt',
      'endsAt',
      'capacity',
      'status',
      'registrationOpensAt',
      'registrationClosesAt',
      'seriesId',
      'walkIns',
      'cancellationReason',
    ],
    events.map((e, i) => [
      e.id,
      e.lib.id,
      `Kegiatan Uji ${i}`,
      'Kegiatan uji coba',
      typeOf(i),
      audiences[i % audiences.length] ?? 'ADULTS',
      '',
      null,
      'Aula',
      stamp(db, e.startsAt),
      stamp(db, e.startsAt + 2 * 3600_000),
      1000,
      'COMPLETED',
      null,
      null,
      null,
      Math.floor(rnd() * 10),
      null,
    ]),
    'events',
  );
  const attendance: unknown[][] = [];
  const feedback: unknown[][] = [];
  const perEvent = Math.ceil(registrations / events.length);
  await bulkInsert(
    db,
    'registration',
    [
      'id',
      'eventId',
      'seriesId',
      'poolId',
      'sequence',
      'activeKey',
      'memberId',
      'guestName',
      'guestEmail',
      'guestAgeGroup',
      'guestTokenHash',
      'status',
      'createdAt',
      'promotedAt',
      'cancelledAt',
    ],
    (function* () {
      let n = 0;
      for (const e of events) {
        for (let j = 0; j < perEvent && n < registrations; j++, n++) {
          const id = `bench-g-${n}`;
          const cancelled = rnd() < 0.1;
          const created = e.startsAt - (1 + rnd() * 10) * DAY;
          if (!cancelled) {
            const came = rnd() < 0.8;
            attendance.push([`bench-a-${n}`, e.id, id, came ? 'ATTENDED' : 'NO_SHOW', stamp(db, e.startsAt + 3600_000), 'bench']);
            if (came && rnd() < 0.25) feedback.push([`bench-b-${n}`, e.id, id, 1 + Math.floor(rnd() * 5), null, stamp(db, e.startsAt + DAY)]);
          }
          const member = memberId(e.lib.id, Math.floor(rnd() * MEMBERS_PER_LIBRARY));
          yield [
            id,
            e.id,
            null,
            e.id,
            j + 1,
            cancelled ? null : `bench:${n}`,
            member,
            null,
            null,
            null,
            null,
            cancelled ? 'CANCELLED' : 'CONFIRMED',
            stamp(db, created),
            null,
            cancelled ? stamp(db, created + DAY) : null,
          ];
        }
      }
    })(),
    'registrations',
  );
  await bulkInsert(db, 'event_attendance', ['id', 'eventId', 'registrationId', 'status', 'recordedAt', 'recordedBy'], attendance, 'attendance');
  await bulkInsert(db, 'event_feedback', ['id', 'eventId', 'registrationId', 'rating', 'comment', 'createdAt'], feedback, 'feedback');
  console.log(
    `  events ${events.length}, registrations ${registrations.toLocaleString('en')}, attendance ${attendance.length.toLocaleString('en')}, ratings ${feedback.length.toLocaleString('en')}`,
  );
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** What the benchmark reads of a report row (the rest is only compared). */
interface ReportRow {
  collections: { loans: number; aggregatedThrough: string | null };
  events: { registrations: number; aggregatedThrough: string | null };
  [field: string]: unknown;
}

async function measure(fed: RunningFederation, token: string, variables: Record<string, string>, requests: number, warmUp = true) {
  const body = JSON.stringify({ query: REPORT, variables });
  const one = async () => {
    const t = performance.now();
    const res = await fetch(fed.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    const json = (await res.json()) as { errors?: unknown; data?: { regionalReport: ReportRow[] } };
    if (json.errors) throw new Error(JSON.stringify(json.errors));
    return { ms: performance.now() - t, rows: json.data!.regionalReport };
  };
  const times: number[] = [];
  const first = await one(); // warm-up: calendars, directory, plans
  if (!warmUp) times.push(first.ms);
  for (let i = warmUp ? 0 : 1; i < requests; i++) times.push((await one()).ms);
  times.sort((a, b) => a - b);
  return { median: pct(times, 50), p95: pct(times, 95), rows: first.rows };
}

/** The statements collections runs for one report, and those of them that read `loan`. */
async function statementsOf(fed: RunningFederation, token: string, variables: Record<string, string>) {
  const logger = fed.subgraphs.collections.db.logger;
  const original = logger.logQuery.bind(logger);
  const seen: string[] = [];
  logger.logQuery = (query: string, parameters?: unknown[]) => {
    seen.push(query);
    original(query, parameters);
  };
  try {
    await measure(fed, token, variables, 1, false);
  } finally {
    logger.logQuery = original;
  }
  return { total: seen.length, loan: seen.filter((s) => /\bloan\b/.test(s)) };
}

async function main() {
  const { values } = parseArgs({
    options: {
      mysql: { type: 'string' },
      requests: { type: 'string' },
      'live-requests': { type: 'string' },
      loans: { type: 'string' },
      registrations: { type: 'string' },
      drop: { type: 'boolean' },
    },
  });
  const requests = Number(values.requests ?? 30);
  const liveRequests = Number(values['live-requests'] ?? 1);
  const loans = Number(values.loans ?? 1_000_000);
  const registrations = Number(values.registrations ?? 100_000);
  const base = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const config: Config = {
    ...base,
    host: '127.0.0.1',
    dataDir: path.resolve('data/bench-regional'),
    databaseUrl: values.mysql,
    databaseUrls: {},
    databasePrefix: 'bench_',
    rateLimitPerMinute: 0,
    subgraphTimeoutMs: 600_000, // the live computation over a million loans takes a while
    // …on the one event loop of this process: the other subgraphs' calls to the library calendar
    // wait for it too (over 10 million loans, past the 2 s default).
    internalCallTimeoutMs: 600_000,
    reportCacheTtlMs: 0,
  };
  console.log(
    `backend ${values.mysql ? 'MySQL/MariaDB' : 'SQLite'}, ${loans.toLocaleString('en')} loans, ${registrations.toLocaleString('en')} registrations, node ${process.version}`,
  );

  let fed = await startFederationServices(config, { ephemeralPorts: true, seed: true, background: false });
  const collections = fed.subgraphs.collections.db;
  const events = fed.subgraphs['community-events'].db;
  try {
    // A year up to yesterday; the report covers the 365 days up to today (today is the live tail).
    // The history: the 365 days up to yesterday. The report: this calendar year (its closed days,
    // today live, the rest ahead), and the last 365 days as a second, harder case.
    const today = todayIn('Asia/Jakarta', new Date());
    const year = today.slice(0, 4);
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const rolling = { from: addDays(today, -364), to: today };
    const start = Date.parse(`${rolling.from}T00:00:00Z`);
    const end = Date.parse(`${today}T00:00:00Z`) - 12 * 3600_000;
    let t = performance.now();
    await fillCollections(collections, loans, start, end);
    await fillEvents(events, registrations, start, end);
    console.log(`fill: ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const token = await signUserToken({ role: 'ADMIN' }, config.jwtSecret);
    const variables = { from, to };

    // As before: no aggregates, every figure straight from the loans and registrations.
    await collections.query('DELETE FROM daily_aggregate_state');
    await events.query('DELETE FROM event_daily_state');
    const live = liveRequests > 0 ? await measure(fed, token, variables, liveRequests, false) : null;
    if (live) {
      console.log(
        `regionalReport ${from}…${to}, live (no aggregates)      median ${live.median.toFixed(0).padStart(6)} ms   p95 ${live.p95.toFixed(0).padStart(6)} ms   (${liveRequests} requests)`,
      );
    }
    // The rolling year live once too: its figures are checked against the aggregates' below.
    const liveRolling = live ? await measure(fed, token, rolling, 1, false) : null;

    t = performance.now();
    const calendars = { collections: fed.subgraphs.collections.calendar, events: fed.subgraphs['community-events'].calendar };
    await aggregateDaily({ db: collections, calendars: calendars.collections }, { full: true });
    await aggregateEventsDaily({ db: events, calendars: calendars.events }, { full: true });
    console.log(`aggregates built (full, all history): ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const uncached = await measure(fed, token, variables, requests);
    console.log(
      `regionalReport ${from}…${to}, aggregates, uncached  median ${uncached.median.toFixed(1).padStart(6)} ms   p95 ${uncached.p95.toFixed(1).padStart(6)} ms   (${requests} requests)`,
    );
    const last365 = await measure(fed, token, rolling, requests);
    console.log(
      `regionalReport ${rolling.from}…${rolling.to}, aggregates, uncached  median ${last365.median.toFixed(1).padStart(6)} ms   p95 ${last365.p95.toFixed(1).padStart(6)} ms   (${requests} requests)`,
    );
    const comparable = (rows: ReportRow[]) =>
      JSON.stringify(rows.map(({ collections: c, events: e, ...r }) => ({ ...r, c: { ...c, aggregatedThrough: 0 }, e: { ...e, aggregatedThrough: 0 } })));
    const equal = live && liveRolling ? comparable(uncached.rows) === comparable(live.rows) && comparable(last365.rows) === comparable(liveRolling.rows) : null;
    console.log(
      `  figures equal to the live computation (both periods): ${equal === null ? 'not computed (--live-requests 0)' : equal ? 'yes' : 'NO'}; aggregated through ${uncached.rows[0].collections.aggregatedThrough}`,
    );
    const statements = await statementsOf(fed, token, variables);
    console.log(`  collections ran ${statements.total} statements for the report; ${statements.loan.length} read \`loan\`, for the live day(s) after the aggregates only`);
    const totals = uncached.rows.reduce((s, r) => ({ loans: s.loans + r.collections.loans, registrations: s.registrations + r.events.registrations }), {
      loans: 0,
      registrations: 0,
    });
    console.log(`  the report counts ${totals.loans.toLocaleString('en')} loans and ${totals.registrations.toLocaleString('en')} registrations`);

    await fed.stop();
    fed = await startFederationServices({ ...config, reportCacheTtlMs: 10 * 60_000 }, { ephemeralPorts: true, seed: false, background: false });
    const cached = await measure(fed, token, variables, requests);
    console.log(
      `regionalReport ${from}…${to}, cached (TTL 10 min)   median ${cached.median.toFixed(1).padStart(6)} ms   p95 ${cached.p95.toFixed(1).padStart(6)} ms   (${requests} requests)`,
    );
  } finally {
    await fed.stop();
    if (values.drop) for (const def of SUBGRAPHS) await dropDatabase(config, def);
  }
}

main().catch((err: unknown) => {
  // The failing statement of a bulk insert is megabytes long: the message is enough.
  console.error(String(err instanceof Error ? err.message : err).slice(0, 2000));
  process.exit(1);
});
