import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { IDENTITY_STORE } from '../gateway/auth';
import { signUserToken } from '../shared/platform/auth';
import { loadConfig, portVariable, type Config, type SubgraphName } from '../shared/platform/config';
import { dropDatabase, type Backend } from '../shared/platform/database';
import { SUBGRAPHS } from '../subgraphs';
import { SUBGRAPH_NAMES } from '../subgraphs/registry';
import { BACKENDS, CONTRACT_QUERY, testConfig } from './helpers/federation';
import { copyTemplate } from './helpers/templates';

/**
 * The all-in-one process (main.ts: the gateway and the four subgraphs) stopped by SIGTERM under
 * load: every request in flight, and every connection accepted before the signal, is answered in
 * full with `Connection: close`; the process exits 0 within SHUTDOWN_GRACE_MS.
 */

const IN_FLIGHT = 50;
const ACCEPTED_UNREAD = 10;
// Long: the test counts requests the drain drops; on a machine busy with other test files a drain
// of fifty contract queries took 10.6 s (none dropped).
const GRACE_MS = 20_000;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Outcome {
  status?: number;
  connection?: string;
  body?: string;
  error?: string;
}

/** A contract query's answer in full: 200, the library with data from every subgraph, no errors. */
function complete(outcome: Outcome): boolean {
  if (outcome.status !== 200 || !outcome.body) return false;
  try {
    const body = JSON.parse(outcome.body) as { data?: { library?: Record<string, { totalCount?: number } | null> }; errors?: unknown[] };
    const library = body.data?.library;
    return !body.errors && !!library && ['librarians', 'items', 'events', 'partners'].every((f) => typeof library[f]?.totalCount === 'number');
  } catch {
    return false;
  }
}

/** The process runs main.ts as `npm start` does (ts-node instead of the build), on its own ports and databases. */
async function startProcess(
  config: Config,
  backend: string,
  services: string[] = [],
  extraEnv: Record<string, string> = {},
): Promise<{ child: ChildProcess; gatewayPort: number; ports: Record<string, string>; output: () => string }> {
  const ports: Record<string, string> = {};
  for (const service of [...SUBGRAPH_NAMES, 'gateway'] as const) ports[portVariable(service)] = String(await freePort());
  // Not NODE_ENV=test: ApolloServer then installs its own signal handlers, as in production.
  const { NODE_ENV: _nodeEnv, ...env } = process.env;
  const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', 'main.ts', ...services], {
    env: {
      ...env,
      ...ports,
      HOST: '127.0.0.1',
      DATA_DIR: config.dataDir,
      DATABASE_URL: backend === 'mysql' ? config.databaseUrl : '',
      DATABASE_PREFIX: config.databasePrefix,
      DEMO_DATASET: 'fixture',
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: process.env.SHUTDOWN_LOG_LEVEL ?? 'warn',
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      // The test counts requests the drain drops, not slow ones: on a machine busy with other test
      // files, fifty contract queries at once must not fail by the gateway's or the calendars' deadline.
      SUBGRAPH_TIMEOUT_MS: '30000',
      INTERNAL_CALL_TIMEOUT_MS: '15000',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const gatewayPort = Number(ports.GATEWAY_PORT);
  const readyPort = services.length ? ports[portVariable(services[0] as SubgraphName)] : gatewayPort;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`main.ts exited ${child.exitCode} at start:\n${output}`);
    const ready = await fetch(`http://127.0.0.1:${readyPort}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() - started > 90_000) {
      child.kill('SIGKILL'); // not left running when the test gives up on it
      throw new Error(`main.ts not ready after 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, gatewayPort, ports, output: () => output };
}

/** POSTs the contract query on a keep-alive agent. */
function contractQuery(agent: http.Agent, port: number, token: string): Promise<Outcome> {
  const body = JSON.stringify({ query: CONTRACT_QUERY });
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection, body: text }));
        res.on('error', (err) => resolve({ error: `${err.message} in the answer after ${text.length} bytes at ${Date.now()}` }));
      },
    );
    req.on('error', (err) => resolve({ error: `${err.message} at ${Date.now()}, reused ${req.reusedSocket}, port ${req.socket?.localPort}` }));
    req.end(body);
  });
}

/** A connection open before the signal whose request is written only after it: its raw answer. */
async function openConnection(port: number): Promise<{ send(token: string): Promise<Outcome> }> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return {
    send: (token) =>
      new Promise((resolve) => {
        const body = JSON.stringify({ query: CONTRACT_QUERY });
        let raw = '';
        socket.setEncoding('utf8');
        socket.on('data', (d: string) => (raw += d));
        socket.on('error', (err) => resolve({ error: err.message }));
        socket.on('close', () => {
          const [head, ...rest] = raw.split('\r\n\r\n');
          if (!head) return resolve({ error: 'closed without an answer' });
          const status = Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1]);
          const connection = /^connection: *(.+)$/im.exec(head)?.[1]?.trim();
          let payload = rest.join('\r\n\r\n');
          // Chunked: the JSON is the chunks' data.
          if (/^transfer-encoding: *chunked/im.test(head)) {
            let out = '';
            for (let i = 0; ;) {
              const eol = payload.indexOf('\r\n', i);
              const size = parseInt(payload.slice(i, eol), 16);
              if (!size) break;
              out += payload.slice(eol + 2, eol + 2 + size);
              i = eol + 2 + size + 2;
            }
            payload = out;
          }
          resolve({ status, connection, body: payload });
        });
        socket.write(
          `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAuthorization: Bearer ${token}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      }),
  };
}

// Two threads is what `npm start` runs on a machine of two cores or more (THREADS); one, on one core.
describe.each<[Backend, string]>([...BACKENDS.map((backend): [Backend, string] => [backend, '2']), ['sqlite', '1']])(
  'the all-in-one process on %s with THREADS=%s, stopped by SIGTERM under load',
  (backend, threads) => {
    const config = testConfig(backend);
    let proc: Awaited<ReturnType<typeof startProcess>>;
    let token: string;

    beforeAll(async () => {
      await copyTemplate(loadConfig({ ...process.env, NODE_ENV: 'test' }), config, backend, 'seeded');
      proc = await startProcess(config, backend, [], { THREADS: threads });
      token = await signUserToken({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' }, config.jwtSecret, '1h');
    }, 120_000);

    afterAll(async () => {
      if (proc?.child.exitCode === null) proc.child.kill('SIGKILL');
      await Promise.all([...SUBGRAPHS, IDENTITY_STORE].map((def) => dropDatabase(config, def)));
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    });

    it('answers every request in flight and every connection accepted at the signal in full, with Connection: close, and exits 0', async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
      // Warm: the query plan is cached and a keep-alive connection is open before the load.
      const warm = await contractQuery(agent, proc.gatewayPort, token);
      if (!complete(warm)) console.log('the warm-up query was not answered in full', warm, proc.output());
      expect(complete(warm)).toBe(true);
      const waiting = await Promise.all(Array.from({ length: ACCEPTED_UNREAD }, () => openConnection(proc.gatewayPort)));

      let signalledAt = 0;
      const exited = new Promise<number | null>((resolve) => proc.child.once('exit', (code) => resolve(code)));
      // Each request its own caller, as at a real library: the gateway shares one subgraph request
      // between identical queries of one caller in flight, which would answer all fifty at once.
      const callers = await Promise.all(
        Array.from({ length: IN_FLIGHT }, (_, i) => signUserToken({ role: 'LIBRARY_ADMIN', libraryId: 'kupang', sub: `librarian:kupang:${i}` }, config.jwtSecret, '1h')),
      );
      const load = callers.map((caller) =>
        contractQuery(agent, proc.gatewayPort, caller).then((outcome) => {
          // SIGTERM as the first answer arrives: the others are still being worked on.
          if (!signalledAt) {
            signalledAt = Date.now();
            proc.child.kill('SIGTERM');
          }
          return outcome;
        }),
      );
      const first = await Promise.race(load);
      expect(complete(first)).toBe(true);
      // The accepted connections send their requests only now, after the signal.
      await new Promise((r) => setTimeout(r, 100));
      const late = await Promise.all(waiting.map((w) => w.send(token)));
      const outcomes = await Promise.all(load);
      const code = await exited;
      const stoppedInMs = Date.now() - signalledAt;
      agent.destroy();

      // Every answer but the first came after the signal was sent.
      const inFlight = outcomes.filter((o) => o !== first);
      const failed = [...inFlight, ...late].filter((o) => !complete(o));
      const closing = (list: Outcome[]) => list.filter((o) => o.connection?.toLowerCase() === 'close').length;
      console.log(
        `drain on ${backend}: ${inFlight.length} of ${IN_FLIGHT} requests in flight at SIGTERM and ${late.length} connections accepted but unread; ` +
          `failed ${failed.length} of ${inFlight.length + late.length}; Connection: close on ${closing(inFlight)} of ${inFlight.length} and ${closing(late)} of ${late.length}; ` +
          `exit code ${code} after ${stoppedInMs} ms`,
      );
      if (failed.length) console.log(`SIGTERM at ${signalledAt}`, failed.slice(0, 3), proc.output());

      expect(failed).toEqual([]);
      // The requests read after the signal are answered `Connection: close`. So are those in flight,
      // but for an answer already on its way while the signal was delivered (its connection is then
      // closed after it, not reset); before this drain all of them said keep-alive.
      expect(closing(late)).toBe(late.length);
      expect(closing(inFlight)).toBeGreaterThan(inFlight.length / 2);
      expect(code).toBe(0);
      expect(stoppedInMs).toBeLessThan(GRACE_MS);
    }, 60_000);
  },
);

describe('one idle service (main.ts partnerships) stopped by SIGTERM', () => {
  const config = testConfig('sqlite');

  afterAll(() => fs.rmSync(config.dataDir, { recursive: true, force: true }));

  it('exits 0 at once (not 143: no library re-raises the signal)', async () => {
    await copyTemplate(loadConfig({ ...process.env, NODE_ENV: 'test' }), config, 'sqlite', 'seeded');
    const proc = await startProcess(config, 'sqlite', ['partnerships']);
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => proc.child.once('exit', (code, signal) => resolve([code, signal])));
    const signalledAt = Date.now();
    proc.child.kill('SIGTERM');
    const [code, signal] = await exited;
    console.log(`idle partnerships: exit code ${code} (signal ${signal}) after ${Date.now() - signalledAt} ms`);
    expect([code, signal]).toEqual([0, null]);
    expect(Date.now() - signalledAt).toBeLessThan(2_000);
  }, 120_000);
});

describe('the all-in-one process with a port of its second thread taken', () => {
  const config = testConfig('sqlite');

  afterAll(() => fs.rmSync(config.dataDir, { recursive: true, force: true }));

  it('exits 1 at start with the one line that says which port to change', async () => {
    await copyTemplate(loadConfig({ ...process.env, NODE_ENV: 'test' }), config, 'sqlite', 'seeded');
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = String((taken.address() as net.AddressInfo).port);
    try {
      const started = startProcess(config, 'sqlite', [], { THREADS: '2', [portVariable('community-events')]: port });
      await expect(started).rejects.toThrow(/exited 1 at start/);
      const output = await started.catch((err: Error) => err.message);
      expect(output).toContain(`community-events: port ${port} is in use — set COMMUNITY_EVENTS_PORT to another port`);
      expect(output).not.toMatch(/\n\s+at /); // no stack
    } finally {
      taken.close();
    }
  }, 120_000);
});
