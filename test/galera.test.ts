import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { In, IsNull } from 'typeorm';
import { demoId } from '../shared/domain/demo';
import { setClock } from '../shared/platform/clock';
import { loadConfig } from '../shared/platform/config';
import { nodeUrls } from '../shared/platform/database-nodes';
import { dropDatabase, openDatabase, transaction } from '../shared/platform/database';
import { ConflictError } from '../shared/platform/errors';
import { SUBGRAPHS } from '../subgraphs';
import { startFederationServices } from '../gateway/federation';
import { Hold, HoldStatus } from '../subgraphs/collections/circulation/hold.entity';
import { Loan } from '../subgraphs/collections/circulation/loan.entity';
import { ItemStatus } from '../subgraphs/collections/catalogue/item.entity';
import { MemberType } from '../subgraphs/collections/members/member.entity';
import { Registration, RegistrationStatus } from '../subgraphs/community-events/registration/registration.entity';
import { TrainingEnrolment, TrainingEnrolmentStatus } from '../subgraphs/staff-development/training/training-enrolment.entity';
import { newMember, newTitle, setToday } from './helpers/collections';
import { BACKENDS, codes, postGraphQL, startFederation, testConfig, type Federation, type GraphQLResponse } from './helpers/federation';
import { memberToken, publishedEvent, REGISTER } from './community-events.fixtures';

/**
 * The federation on a three-node MariaDB Galera cluster (scripts/galera.sh): two federations, each
 * on its own node, race every limit a lock guards. On Galera a SELECT … FOR UPDATE locks only on
 * its own node and a transaction is certified only against the rows it writes, so each limit's
 * transaction also writes the row it locks (shared/platform/row-lock.ts): two nodes' transactions
 * then conflict at commit and the loser is retried, seeing the winner's rows. And a node killed
 * under a subgraph: its next request goes to the next node of its DATABASE_URL.
 *
 * Runs only with TEST_GALERA_URLS (two or more node URLs, e.g. `scripts/galera.sh urls`).
 */

const GALERA = loadConfig({ ...process.env, NODE_ENV: 'test' }).testGaleraUrls;
const run = promisify(execFile);

const CHECKOUT = 'mutation ($barcode: String!, $memberId: ID!) { checkoutItem(barcode: $barcode, memberId: $memberId) { id } }';
const PLACE = 'mutation ($recordId: ID!, $memberId: ID!) { placeHold(recordId: $recordId, memberId: $memberId, pickupLibraryId: "kupang") { id } }';
const ENROL = 'mutation ($p: ID!, $l: ID!) { enrollInTraining(programmeId: $p, librarianId: $l) { id status } }';

/** host:port of a node URL, for a DATABASE_URL listing several nodes. */
const hostOf = (url: string) => new URL(url).host;

type Send = (query: string, token: string, variables: Record<string, unknown>) => Promise<GraphQLResponse>;

const outcome = (rs: GraphQLResponse[]) => ({
  ok: rs.filter((r) => !r.errors).length,
  codes: [...new Set(rs.filter((r) => r.errors).map((r) => codes(r)[0]))].sort(),
  // Anything but the refusals expected, word for word, for a failure to show.
  unexpected: [...new Set(rs.flatMap((r) => (r.errors ?? []).filter((e) => e.extensions?.code !== 'CONFLICT').map((e) => `${e.extensions?.code}: ${e.message}`)))],
});

(GALERA.length >= 2 ? describe : describe.skip)(
  `limits across two Galera nodes${GALERA.length >= 2 ? '' : ' (skipped: set TEST_GALERA_URLS to two or more node URLs, e.g. from scripts/galera.sh urls)'}`,
  () => {
    let fed: Federation;
    let other: Awaited<ReturnType<typeof startFederationServices>>;
    let desk: string;
    /** Sends through the federation on node 1 (even i) or node 2 (odd i): the two desks race. */
    let via: (i: number) => Send;

    beforeAll(async () => {
      // Two nodes of one cluster, both synced: else the federations would race on one server (or fail over to it).
      for (const url of GALERA.slice(0, 2)) {
        const c = await mysql.createConnection(url);
        const [rows] = await c.query("SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_state_comment', 'wsrep_cluster_size')");
        await c.end();
        const status = Object.fromEntries((rows as { Variable_name: string; Value: string }[]).map((r) => [r.Variable_name, r.Value]));
        if (status.wsrep_local_state_comment !== 'Synced' || Number(status.wsrep_cluster_size) < 2)
          throw new Error(`${hostOf(url)} is not a synced Galera node: ${JSON.stringify(status)}`);
      }
      // Node 1 listed first for the first federation, node 2 first for the second; each fails over to the other.
      fed = await startFederation('mysql', { config: { databaseUrl: `mysql://root@${[GALERA[0], GALERA[1]].map(hostOf).join(',')}` } });
      other = await startFederationServices(
        { ...fed.config, databaseUrl: `mysql://root@${[GALERA[1], GALERA[0]].map(hostOf).join(',')}` },
        { ephemeralPorts: true, seed: false, seedAccounts: false },
      );
      const first: Send = (query, token, variables) => fed.query(query, { token, variables });
      const second: Send = (query, token, variables) => postGraphQL(other.gateway.url, { query, variables }, { authorization: `Bearer ${token}` });
      via = (i) => (i % 2 ? second : first);
      desk = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 2) });
    }, 240_000);
    afterAll(async () => {
      setClock(null);
      await other?.stop();
      await fed?.stop();
    }, 60_000);
    beforeEach(() => setToday('2026-11-02'));

    it('lends a copy exactly once when desks on two nodes check it out together, the losers told CONFLICT (8 rounds)', async () => {
      const db = fed.subgraphs.collections.db;
      const results = [];
      for (let round = 0; round < 8; round++) {
        const { items } = await newTitle(db, { kupang: 1 });
        const members = await Promise.all(Array.from({ length: 4 }, () => newMember(db, 'kupang')));
        const rs = await Promise.all(members.map((m, i) => via(i)(CHECKOUT, desk, { barcode: items[0].barcode, memberId: m.id })));
        results.push({ ...outcome(rs), loans: await db.getRepository(Loan).countBy({ itemId: items[0].id }) });
      }
      expect(results.filter((r) => r.ok !== 1 || r.loans !== 1 || r.codes.join() !== 'CONFLICT')).toEqual([]);
    }, 120_000);

    it('keeps a member to their loan limit when their copies are checked out through two nodes at once (24 rounds)', async () => {
      const db = fed.subgraphs.collections.db;
      const rounds = [];
      for (let round = 0; round < 24; round++) {
        const { items } = await newTitle(db, { kupang: 8 });
        const child = await newMember(db, 'kupang', { memberType: MemberType.CHILD }); // three at most
        const rs = await Promise.all(items.map((item, i) => via(i)(CHECKOUT, desk, { barcode: item.barcode, memberId: child.id })));
        rounds.push({ ...outcome(rs), loans: await db.getRepository(Loan).countBy({ memberId: child.id, returnedAt: IsNull() }) });
      }
      // Every round: exactly three lent, the other five refused with CONFLICT, and the database agrees.
      expect(rounds.filter((r) => r.loans !== 3 || r.ok !== 3 || r.codes.join() !== 'CONFLICT')).toEqual([]);
    }, 240_000);

    it('keeps a member to their hold limit when holds are placed through two nodes at once (8 rounds)', async () => {
      const db = fed.subgraphs.collections.db;
      const rounds = [];
      for (let round = 0; round < 8; round++) {
        const titles = await Promise.all(Array.from({ length: 6 }, () => newTitle(db, { kupang: 1 }, { status: ItemStatus.ON_LOAN })));
        const child = await newMember(db, 'kupang', { memberType: MemberType.CHILD }); // three holds at most
        const rs = await Promise.all(titles.map((t, i) => via(i)(PLACE, desk, { recordId: t.record.id, memberId: child.id })));
        const holds = await db.getRepository(Hold).countBy({ memberId: child.id, status: In([HoldStatus.WAITING, HoldStatus.IN_TRANSIT, HoldStatus.READY]) });
        rounds.push({ ...outcome(rs), holds });
      }
      expect(rounds.filter((r) => r.holds !== 3 || r.ok !== 3 || r.codes.join() !== 'CONFLICT')).toEqual([]);
    }, 240_000);

    it('confirms exactly an event’s capacity when members register through two nodes at once, and waitlists the rest (4 rounds)', async () => {
      const db = fed.subgraphs['community-events'].db;
      const rounds = [];
      for (let round = 0; round < 4; round++) {
        const eventId = await publishedEvent(fed, { capacity: 4, title: `Klub Baca Galera ${round}` });
        const tokens = await Promise.all(Array.from({ length: 12 }, (_, i) => memberToken(fed, 3000 + round * 20 + i)));
        const rs = await Promise.all(tokens.map((token, i) => via(i)(REGISTER, token, { eventId })));
        const confirmed = await db.getRepository(Registration).countBy({ eventId, status: RegistrationStatus.CONFIRMED });
        const waitlisted = await db.getRepository(Registration).countBy({ eventId, status: RegistrationStatus.WAITLISTED });
        rounds.push({ ...outcome(rs), confirmed, waitlisted });
      }
      expect(rounds.filter((r) => r.ok !== 12 || r.confirmed !== 4 || r.waitlisted !== 8)).toEqual([]);
    }, 240_000);

    it('never enrols more librarians in a training programme than its capacity through two nodes at once (4 rounds)', async () => {
      const db = fed.subgraphs['staff-development'].db;
      const admin = await fed.token({ role: 'ADMIN' });
      const rounds = [];
      for (let round = 0; round < 4; round++) {
        const programmeId = await openProgramme(fed, admin, 3, round);
        const librarians = Array.from({ length: 6 }, (_, i) => demoId('librarian', 'kupang', i));
        const rs = await Promise.all(librarians.map((l, i) => via(i)(ENROL, admin, { p: programmeId, l })));
        const enrolled = await db.getRepository(TrainingEnrolment).countBy({ programmeId, status: TrainingEnrolmentStatus.ENROLLED });
        rounds.push({ ...outcome(rs), enrolled });
      }
      expect(rounds.filter((r) => r.enrolled !== 3 || r.ok !== 3 || r.codes.join() !== 'CONFLICT')).toEqual([]);
    }, 240_000);

    describe('a node killed under a subgraph', () => {
      // scripts/galera.sh numbers the nodes as `scripts/galera.sh urls` lists them: the second URL is node 2.
      const galera = (...args: string[]) => run('scripts/galera.sh', args);

      it('answers every checkout through the dead node’s federation after at most one retryable error, and node 2 rejoins', async () => {
        const db = fed.subgraphs.collections.db;
        const members = await Promise.all(Array.from({ length: 12 }, () => newMember(db, 'kupang')));
        const { items } = await newTitle(db, { kupang: 12 });
        const checkout = (i: number) => via(1)(CHECKOUT, desk, { barcode: items[i].barcode, memberId: members[i].id });
        /** First answer, then (after a retryable error) the answer to one retry. */
        const withOneRetry = async (i: number) => {
          const first = await checkout(i);
          if (!first.errors) return { first: 'ok', retry: undefined };
          // As a client would: after the wait the error asks for, or a second (the gateway's breaker on
          // collections opens after five SERVICE_UNAVAILABLE in a row, and answers that at once until it may probe).
          const wait = Number(first.errors[0].extensions?.retryAfterSeconds ?? 1);
          await new Promise((resolve) => setTimeout(resolve, wait * 1000));
          const again = await checkout(i);
          // A checkout whose COMMIT reached the cluster before the node died is CONFLICT on retry: the copy is lent to them.
          const lentToThem = (await db.getRepository(Loan).countBy({ itemId: items[i].id, memberId: members[i].id, returnedAt: IsNull() })) === 1;
          const retry = again.errors ? (lentToThem && codes(again)[0] === 'CONFLICT' ? 'lent' : `${codes(again)[0]}: ${again.errors[0].message}`) : 'ok';
          return { first: codes(first)[0], firstMessage: first.errors[0].message, retry };
        };
        // Six checkouts in flight when node 2 dies, then six after.
        const during = Promise.all([0, 1, 2, 3, 4, 5].map(withOneRetry));
        await galera('kill', '2');
        let inFlight, after;
        try {
          inFlight = await during;
          after = [];
          for (const i of [6, 7, 8, 9, 10, 11]) after.push(await withOneRetry(i));
        } catch (err) {
          await galera('restart', '2'); // the cluster whole again for whoever runs next
          throw err;
        }
        const started = Date.now();
        await galera('restart', '2');
        const rejoinMs = Date.now() - started;

        const all = [...inFlight, ...after];
        const retryable = all.filter((a) => a.first !== 'ok');
        console.log(`galera failover: ${retryable.length} of ${all.length} checkouts needed a retry (${JSON.stringify(retryable)})`);
        expect(retryable.filter((a) => a.first !== 'SERVICE_UNAVAILABLE' || (a.retry !== 'ok' && a.retry !== 'lent'))).toEqual([]);
        // Once the dead node is known, nothing more is lost: every later checkout succeeds at once.
        expect(after.map((a) => a.first)).toEqual(Array(6).fill('ok'));
        const { stdout } = await galera('status');
        expect(stdout).toMatch(/node2 .* Synced cluster_size=3 ready=ON/);
        console.log(`galera failover: node 2 rejoined (synced) in ${rejoinMs} ms`);
      }, 120_000);
    });
  },
);

/** A published training programme with `capacity` places; returns its id. */
async function openProgramme(fed: Federation, token: string, capacity: number, round: number): Promise<string> {
  const created = await fed.query(`mutation ($input: CreateTrainingProgrammeInput!) { createTrainingProgramme(input: $input) { id } }`, {
    token,
    variables: {
      input: {
        libraryId: 'kupang',
        title: `Pelatihan Galera ${round}`,
        module: 'CUSTOMER_SERVICE',
        lessonHours: 16,
        capacity,
        startsOn: '2026-12-02',
        endsOn: '2026-12-03',
        methods: ['ROLE_PLAY'],
      },
    },
  });
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  const id = created.data.createTrainingProgramme.id as string;
  const opened = await fed.query(`mutation ($id: ID!) { openTrainingProgramme(id: $id) { status } }`, { token, variables: { id } });
  if (opened.errors) throw new Error(JSON.stringify(opened.errors));
  return id;
}

describe('a DATABASE_URL that lists several nodes', () => {
  it('gives one URL per node, sharing the credentials, database and parameters', () => {
    expect(nodeUrls('mysql://lib:s%40cret@10.0.0.1:3306,10.0.0.2,10.0.0.3:3307/collections?ssl=true')).toEqual([
      'mysql://lib:s%40cret@10.0.0.1:3306/collections?ssl=true',
      'mysql://lib:s%40cret@10.0.0.2/collections?ssl=true',
      'mysql://lib:s%40cret@10.0.0.3:3307/collections?ssl=true',
    ]);
    expect(nodeUrls('mysql://root@127.0.0.1:3306')).toEqual(['mysql://root@127.0.0.1:3306']);
  });

  (BACKENDS.includes('mysql') ? it : it.skip)('opens, migrates and answers through the next node when the first listed is down (MariaDB)', async () => {
    const server = new URL(loadConfig({ ...process.env, NODE_ENV: 'test' }).testMysqlUrl!);
    // Port 9 (discard) on loopback: nothing listens, every connect is refused.
    const config = testConfig('mysql', { databaseUrl: `mysql://${server.username || 'root'}${server.password ? `:${server.password}` : ''}@127.0.0.1:9,${server.host}` });
    const def = SUBGRAPHS.find((d) => d.name === 'partnerships')!;
    const db = await openDatabase(config, def);
    try {
      const ports = await Promise.all(Array.from({ length: 4 }, () => db.query('SELECT @@port AS port')));
      expect(ports.map((r: { port: number }[]) => Number(r[0].port))).toEqual(Array(4).fill(Number(server.port || 3306)));
    } finally {
      await db.destroy();
      await dropDatabase(config, def);
    }
  });
});

(BACKENDS.includes('mysql') ? describe : describe.skip)('a transaction that keeps losing certification or deadlocks (MariaDB)', () => {
  it('is retried, and after five losses answers CONFLICT, never an internal error', async () => {
    const config = testConfig('mysql');
    const def = SUBGRAPHS.find((d) => d.name === 'partnerships')!;
    const db = await openDatabase(config, def);
    let attempts = 0;
    try {
      const outcome = transaction(db, async () => {
        attempts += 1;
        // What mysql2 reports for a Galera certification failure at COMMIT, and for a deadlock.
        throw Object.assign(new Error('Deadlock found when trying to get lock; try restarting transaction'), { errno: 1213, code: 'ER_LOCK_DEADLOCK' });
      });
      await expect(outcome).rejects.toBeInstanceOf(ConflictError);
      await expect(outcome).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
      expect(attempts).toBe(5);
    } finally {
      await db.destroy();
      await dropDatabase(config, def);
    }
  });
});
