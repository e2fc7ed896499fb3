import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { formatError } from '../shared/platform/errors';
import { databaseName } from '../shared/platform/config';
import { BACKENDS, codes, startFederation, type Federation, type GraphQLResponse } from './helpers/federation';

/**
 * A subgraph's database that goes away is an outage, not a bug: clients get SERVICE_UNAVAILABLE
 * (retryable) naming the subgraph, its `/ready` answers 503 "database unavailable" within
 * READY_TIMEOUT_MS and without the database's address, and both recover when the database returns.
 */

const COUNT = `{ library(id: "kupang") { name partners(first: 1) { totalCount } } }`;
const CREATE = `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { id name } }`;
const READY_TIMEOUT_MS = 1_000;

const school = (npsn: string) => ({
  libraryId: 'kupang',
  kind: 'SCHOOL',
  name: `SD Negeri ${npsn}`,
  npsn,
  city: 'Kupang',
  address: 'Jl. Timor Raya Km. 8, Oesapa Barat, Kota Kupang',
  contactName: 'Yohana Ndun',
  contactEmail: 'perpustakaan@sdn.sch.id',
});

/** A TCP proxy between a subgraph and MariaDB that the test takes down, hangs and brings back. */
class DatabaseProxy {
  port = 0;
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private hanging = false;

  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    this.hanging = false;
    for (const socket of this.sockets) socket.destroy();
    if (this.server) return;
    const server = net.createServer((client) => {
      this.track(client);
      if (this.hanging) return; // accepted, never answered
      const upstream = this.track(net.connect(this.target.port, this.target.host));
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** MariaDB gone: connections refused, those open lost. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  /** MariaDB frozen: connections accepted, nothing answered on any of them. */
  hang(): void {
    this.hanging = true;
    for (const socket of this.sockets) {
      socket.unpipe();
      socket.pause();
    }
  }

  private track(socket: net.Socket): net.Socket {
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => this.sockets.delete(socket));
    return socket;
  }
}

/** A subgraph's /ready: status, body and how long it took. */
async function ready(fed: Federation, subgraph: 'partnerships'): Promise<{ status: number; body: string; ms: number }> {
  const started = Date.now();
  const res = await fetch(fed.subgraphs[subgraph].url.replace(/\/graphql$/, '/ready'));
  return { status: res.status, body: await res.text(), ms: Date.now() - started };
}

/** Retries `probe` until it passes or `ms` run out (recovery is not instantaneous: a pool reconnects). */
async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const partnersOf = (res: GraphQLResponse) => res.data?.library?.partners?.totalCount as number | undefined;

describe("the drivers' words for a database that is unavailable", () => {
  /** What a client sees of a resolver that failed with `driverError` (as TypeORM wraps it, then GraphQL). */
  const shaped = (driverError: { code: string; message: string; errno?: number }) => {
    const failed = new QueryFailedError('SELECT 1', [], Object.assign(new Error(driverError.message), driverError));
    const error = new GraphQLError(failed.message, { originalError: failed, path: ['partners'] });
    return formatError({ message: error.message, path: ['partners'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error, () => undefined, 'partnerships');
  };

  it.each([
    ['connection refused', { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.5:3306' }],
    ['connection lost', { code: 'PROTOCOL_CONNECTION_LOST', message: 'Connection lost: The server closed the connection.' }],
    ['a connect that timed out', { code: 'ETIMEDOUT', message: 'connect ETIMEDOUT' }],
    ['the server out of connections', { code: 'ER_CON_COUNT_ERROR', errno: 1040, message: 'Too many connections' }],
    ['the server shutting down', { code: 'ER_SERVER_SHUTDOWN', errno: 1053, message: 'Server shutdown in progress' }],
    ['an SQLite file busy past its timeout', { code: 'SQLITE_BUSY', message: 'database is locked' }],
  ])('makes %s SERVICE_UNAVAILABLE naming the subgraph, without the driver’s words', (_what, driverError) => {
    expect(shaped(driverError)).toEqual({
      message: 'The partnerships database is unavailable; try again shortly',
      path: ['partners'],
      extensions: { code: 'SERVICE_UNAVAILABLE', service: 'partnerships' },
    });
  });

  it('leaves a statement the database refuses (a bug of ours) INTERNAL_SERVER_ERROR', () => {
    expect(shaped({ code: 'ER_PARSE_ERROR', errno: 1064, message: 'You have an error in your SQL syntax' }).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(shaped({ code: 'SQLITE_ERROR', message: 'no such table: partner' }).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});

(BACKENDS.includes('mysql') ? describe : describe.skip)('partnerships while its MariaDB goes away (mysql)', () => {
  const testUrl = new URL(process.env.TEST_MYSQL_URL ?? 'mysql://127.0.0.1'); // the describe runs only when it is set
  const proxy = new DatabaseProxy({ host: testUrl.hostname, port: Number(testUrl.port || 3306) });
  let fed: Federation;
  let admin: string;

  beforeAll(async () => {
    await proxy.up();
    const prefix = `toutage${process.pid}_`;
    const viaProxy = new URL(testUrl);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    viaProxy.pathname = `/${prefix}partnerships`;
    fed = await startFederation('mysql', { config: { databasePrefix: prefix, databaseUrls: { partnerships: viaProxy.toString() }, readyTimeoutMs: READY_TIMEOUT_MS } });
    admin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
  }, 120_000);
  afterAll(async () => {
    await proxy.up();
    await fed?.stop();
    await proxy.down();
  });

  it('answers, and is ready, while the database is up', async () => {
    const res = await fed.query(COUNT, { token: admin });
    expect(res.errors).toBeUndefined();
    expect(partnersOf(res)).toBeGreaterThan(0);
    expect((await ready(fed, 'partnerships')).status).toBe(200);
  });

  it('answers SERVICE_UNAVAILABLE naming partnerships while the database refuses connections, with the other subgraphs’ data', async () => {
    await proxy.down();
    for (let i = 0; i < 3; i++) {
      const res = await fed.query(COUNT, { token: admin });
      expect(res.data.library.name).toBe('Perpustakaan Umum Kota Kupang');
      expect(codes(res)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(res.errors![0].message).toMatch(/partnerships/);
      expect(JSON.stringify(res)).not.toMatch(/ECONNREFUSED|PROTOCOL|127\.0\.0\.1|:\d{4,5}\b/);
    }
    const write = await fed.query(CREATE, { token: admin, variables: { input: school('50399001') } });
    expect(codes(write)).toEqual(['SERVICE_UNAVAILABLE']);
  });

  it('is not ready then: 503 "database unavailable", without the host, port or the driver’s words', async () => {
    const res = await ready(fed, 'partnerships');
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toEqual({ status: 'unavailable', error: 'database unavailable' });
  });

  it('recovers without a restart when the database returns, and the write refused during the outage was not made', async () => {
    await proxy.up();
    const res = await eventually(
      () => fed.query(COUNT, { token: admin }),
      (r) => !r.errors,
    );
    expect(res.errors).toBeUndefined();
    expect((await ready(fed, 'partnerships')).status).toBe(200);
    const again = await fed.query(CREATE, { token: admin, variables: { input: school('50399001') } });
    expect(again.errors).toBeUndefined();
  });

  it('answers /ready 503 within READY_TIMEOUT_MS while the database hangs, and recovers after', async () => {
    proxy.hang();
    const res = await ready(fed, 'partnerships');
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body).error).toBe('database unavailable');
    expect(res.ms).toBeGreaterThanOrEqual(READY_TIMEOUT_MS - 50);
    expect(res.ms).toBeLessThan(READY_TIMEOUT_MS + 1_000);
    await proxy.up();
    expect(
      (
        await eventually(
          () => ready(fed, 'partnerships'),
          (r) => r.status === 200,
        )
      ).status,
    ).toBe(200);
    expect((await fed.query(COUNT, { token: admin })).errors).toBeUndefined();
  });
});

(BACKENDS.includes('sqlite') ? describe : describe.skip)('partnerships while its SQLite file is locked by another process (sqlite)', () => {
  let fed: Federation;
  let admin: string;
  let file: string;

  beforeAll(async () => {
    // A busy wait (up to SQLite's busy timeout, 5 s) would block this process, the gateway included: its wait for the subgraph is longer.
    fed = await startFederation('sqlite', { config: { subgraphTimeoutMs: 30_000 } });
    admin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    file = path.join(fed.config.dataDir, `${databaseName(fed.config, 'partnerships')}.sqlite`);
  });
  afterAll(() => fed?.stop());

  it('answers a write the locked file refuses (SQLITE_BUSY) with SERVICE_UNAVAILABLE naming partnerships, writes nothing, and takes it once the lock is gone', async () => {
    const before = partnersOf(await fed.query(COUNT, { token: admin }))!;
    const locker = new Database(file);
    try {
      locker.exec('BEGIN EXCLUSIVE');
      const res = await fed.query(CREATE, { token: admin, variables: { input: school('50399002') } });
      expect(codes(res)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(res.errors![0].message).toMatch(/partnerships/);
      expect(JSON.stringify(res)).not.toMatch(/SQLITE|locked|\.sqlite/);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    expect(partnersOf(await fed.query(COUNT, { token: admin }))).toBe(before);
    const again = await fed.query(CREATE, { token: admin, variables: { input: school('50399002') } });
    expect(again.errors).toBeUndefined();
    expect(partnersOf(await fed.query(COUNT, { token: admin }))).toBe(before + 1);
  }, 60_000);
});
