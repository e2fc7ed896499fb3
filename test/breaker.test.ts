import http from 'node:http';
import net from 'node:net';
import { CircuitBreaker } from '../gateway/breaker';
import { startGateway } from '../gateway/gateway';
import { loadConfig } from '../shared/platform/config';
import type { RunningService } from '../shared/platform/server';
import { BACKENDS, CONTRACT_QUERY, codes, postGraphQL, startFederation, type Federation, type GraphQLResponse } from './helpers/federation';

/**
 * A hung subgraph (issue 20, item 5): the gateway's circuit breaker per subgraph. The first
 * SUBGRAPH_BREAKER_FAILURES calls wait out the subgraph's timeout; then the breaker is open and the
 * gateway answers at once, partial data and SERVICE_UNAVAILABLE for the hung subgraph's fields;
 * after the cool-down one probe goes through and closes it. The gateway's /ready follows.
 */

const TIMEOUT_MS = 900;
/**
 * "At once": well before the timeout. That no request reached the hung subgraph
 * (`door.requestsWhileHung`) is what shows the breaker answered; the time only shows that nothing
 * waited for the timeout (a busy CI machine took 430 ms for a short-circuited contract query).
 */
const AT_ONCE_MS = TIMEOUT_MS - 150;
const FAILURES = 3;
const COOLDOWN_MS = 1500;

/**
 * A TCP door in front of a subgraph: it passes connections through, or — hung — accepts them,
 * reads what they send and never answers (a subgraph stopped by SIGSTOP looks like that).
 */
class Door {
  hung = false;
  /** GraphQL requests that arrived while hung (their first lines). */
  requestsWhileHung = 0;
  private readonly sockets = new Set<net.Socket>();
  private readonly server: net.Server;

  constructor(private readonly target: number) {
    this.server = net.createServer((client) => {
      this.track(client);
      if (this.hung) {
        client.on('data', (chunk: Buffer) => (this.requestsWhileHung += (chunk.toString('latin1').match(/^POST \/graphql /gm) ?? []).length));
        return;
      }
      const upstream = this.track(net.connect(this.target, '127.0.0.1'));
      client.pipe(upstream).pipe(client);
    });
  }

  private track(socket: net.Socket): net.Socket {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    return socket;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}/graphql`;
  }

  /** Hangs (or reopens): connections made before are cut, so none of them passes anything on. */
  set(hung: boolean): void {
    this.hung = hung;
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.set(false);
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the circuit breaker of one subgraph', () => {
  let clock = 0;
  const breaker = (failures = 3) => new CircuitBreaker({ failures, cooldownMs: 1000 }, () => clock);

  it('opens after the configured failures in a row, not before, and a success in between starts the count again', () => {
    const b = breaker();
    b.failed();
    b.failed();
    b.succeeded();
    b.failed();
    b.failed();
    expect(b.state).toBe('closed');
    expect(b.permit()).toEqual({ allowed: true, probe: false });
    b.failed();
    expect(b.state).toBe('open');
    expect(b.permit()).toEqual({ allowed: false, retryAfterMs: 1000 });
  });

  it('lets exactly one probe through after the cool-down; its failure opens it for another cool-down, its success closes it', () => {
    clock = 0;
    const b = breaker(1);
    b.failed();
    clock = 999;
    expect(b.permit().allowed).toBe(false);
    clock = 1000;
    expect(b.state).toBe('half-open');
    expect(b.permit()).toEqual({ allowed: true, probe: true });
    expect(b.permit()).toEqual({ allowed: false, retryAfterMs: 0 });
    b.failed();
    expect(b.state).toBe('open');
    expect(b.permit()).toEqual({ allowed: false, retryAfterMs: 1000 });
    clock = 2000;
    expect(b.permit()).toEqual({ allowed: true, probe: true });
    b.succeeded();
    expect(b.state).toBe('closed');
    expect(b.permit()).toEqual({ allowed: true, probe: false });
  });

  it('never opens when SUBGRAPH_BREAKER_FAILURES is 0', () => {
    const b = breaker(0);
    for (let i = 0; i < 10; i++) b.failed();
    expect(b.state).toBe('closed');
    expect(b.permit().allowed).toBe(true);
  });

  it('reads the timeout per subgraph and the breaker settings, and refuses a value that is not a number, naming it', () => {
    const config = loadConfig({ COMMUNITY_EVENTS_TIMEOUT_MS: '300', SUBGRAPH_BREAKER_FAILURES: '3', SUBGRAPH_BREAKER_COOLDOWN_MS: '1500' });
    expect(config.subgraphTimeouts).toEqual({ 'community-events': 300 });
    expect(config.subgraphTimeoutMs).toBe(5000);
    expect(config.subgraphBreaker).toEqual({ failures: 3, cooldownMs: 1500 });
    expect(loadConfig({}).subgraphBreaker).toEqual({ failures: 5, cooldownMs: 30_000 });
    expect(() => loadConfig({ COLLECTIONS_TIMEOUT_MS: 'soon' })).toThrow(/COLLECTIONS_TIMEOUT_MS/);
    expect(() => loadConfig({ SUBGRAPH_BREAKER_FAILURES: '-1' })).toThrow(/SUBGRAPH_BREAKER_FAILURES/);
  });
});

describe.each(BACKENDS)('a hung subgraph behind the gateway (%s)', (backend) => {
  let fed: Federation;
  let door: Door;
  let gateway: RunningService;
  let token: string;

  /** The contract query through the gateway in front of the door, timed. */
  const contract = async (): Promise<{ res: GraphQLResponse; ms: number }> => {
    const started = performance.now();
    const res = await postGraphQL(gateway.url, { query: CONTRACT_QUERY }, { authorization: `Bearer ${token}` });
    return { res, ms: performance.now() - started };
  };
  /** A query only community-events answers: with its breaker open, no subgraph is called at all. */
  const eventsOnly = async (as = token): Promise<{ res: GraphQLResponse; ms: number }> => {
    const started = performance.now();
    const res = await postGraphQL(gateway.url, { query: '{ events(first: 1) { totalCount } }' }, { authorization: `Bearer ${as}` });
    return { res, ms: performance.now() - started };
  };
  const ready = async () => {
    const res = await fetch(gateway.url.replace(/\/graphql$/, '/ready'));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  /** Everything but community-events' fields is there; those are null with one coded error. */
  const expectPartial = (res: GraphQLResponse) => {
    expect(res.status).toBe(200);
    expect(res.data.library.name).toMatch(/Kupang/);
    expect(res.data.library.librarians.edges).toHaveLength(3);
    expect(res.data.library.items.edges).toHaveLength(3);
    expect(res.data.library.partners.totalCount).toBeGreaterThan(0);
    expect(res.data.library.events).toBeNull();
    expect(codes(res)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(res.errors![0].extensions).toMatchObject({ service: 'community-events' });
    expect(res.errors![0].message).toBe('The community-events service is unavailable');
  };

  beforeAll(async () => {
    fed = await startFederation(backend, {
      config: { subgraphTimeouts: { 'community-events': TIMEOUT_MS }, subgraphBreaker: { failures: FAILURES, cooldownMs: COOLDOWN_MS } },
    });
    door = new Door(fed.subgraphs['community-events'].port);
    const doorUrl = await door.listen();
    gateway = await startGateway(fed.config, { port: 0, subgraphUrls: { ...fed.config.subgraphUrls, 'community-events': doorUrl }, seed: false });
    token = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
  });
  afterAll(async () => {
    await gateway?.stop();
    await door?.close();
    await fed?.stop();
  });

  it('answers the contract query in full and is ready while community-events answers', async () => {
    await contract(); // plans the query
    const { res, ms } = await contract();
    console.log(`breaker closed (${backend}): the contract query answered in ${ms.toFixed(1)} ms`);
    expect(res.errors).toBeUndefined();
    expect(res.data.library.events.totalCount).toBeGreaterThan(0);
    expect((await eventsOnly()).res.data.events.totalCount).toBeGreaterThan(0);
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it("is not ready while a subgraph's /health answers but its /ready does not (its database is down), naming it", async () => {
    const unready = http.createServer((req, res) => {
      res.statusCode = req.url === '/health' ? 200 : 503;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.url === '/health' ? { status: 'ok' } : { status: 'unavailable', error: 'database unavailable' }));
    });
    await new Promise<void>((resolve) => unready.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(unready.address() as net.AddressInfo).port}/graphql`;
    const other = await startGateway(fed.config, { port: 0, subgraphUrls: { ...fed.config.subgraphUrls, partnerships: url }, seed: false });
    try {
      const res = await fetch(other.url.replace(/\/graphql$/, '/ready'));
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', down: ['partnerships'], reasons: { partnerships: 'not ready' } });
    } finally {
      await other.stop();
      unready.closeAllConnections();
      await new Promise((resolve) => unready.close(resolve));
    }
  });

  it('is not ready while community-events does not answer, naming it (and no address)', async () => {
    door.set(true);
    const { status, body } = await ready();
    expect(status).toBe(503);
    expect(body).toEqual({ status: 'unavailable', down: ['community-events'], reasons: { 'community-events': 'no answer' } });
  });

  it(`waits community-events' own timeout for the first ${FAILURES} queries, each answering the other subgraphs' data and SERVICE_UNAVAILABLE`, async () => {
    for (let i = 0; i < FAILURES; i++) {
      const { res, ms } = await contract();
      expectPartial(res);
      expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
      // COMMUNITY_EVENTS_TIMEOUT_MS, not SUBGRAPH_TIMEOUT_MS (5 s), is what it waited.
      expect(ms).toBeLessThan(fed.config.subgraphTimeoutMs);
    }
    expect(door.requestsWhileHung).toBe(FAILURES);
  });

  it('then answers at once from the open breaker, without calling community-events, and says so in /ready', async () => {
    const { res, ms } = await contract();
    const alone = await eventsOnly();
    console.log(
      `breaker open (${backend}): the contract query answered in ${ms.toFixed(1)} ms, a query of community-events alone in ${alone.ms.toFixed(1)} ms (its timeout: ${TIMEOUT_MS} ms)`,
    );
    expectPartial(res);
    // What is left of the cool-down, in whole seconds: under a loaded machine some of it has passed.
    const retryAfter = res.errors![0].extensions!.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(COOLDOWN_MS / 1000));
    expect(ms).toBeLessThan(AT_ONCE_MS);
    expect(alone.res.data.events).toBeNull();
    expect(codes(alone.res)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(alone.ms).toBeLessThan(AT_ONCE_MS);
    expect(door.requestsWhileHung).toBe(FAILURES);
    expect(await ready()).toEqual({ status: 503, body: { status: 'unavailable', down: ['community-events'], reasons: { 'community-events': 'circuit open' } } });
  });

  it('after the cool-down lets one probe through; while community-events still hangs the probe fails and the breaker opens again', async () => {
    await sleep(COOLDOWN_MS + 50);
    // Three callers at once (three identities: one caller's identical queries would share the probe's
    // request, gateway/dedupe.ts): one is the probe and waits the timeout; the other two are answered at once.
    const callers = await Promise.all([1, 2, 3].map((k) => fed.token({ sub: `probe-${k}`, role: 'LIBRARY_ADMIN', libraryId: 'kupang' })));
    const three = await Promise.all(callers.map((as) => eventsOnly(as)));
    for (const { res } of three) {
      expect(res.data.events).toBeNull();
      expect(codes(res)).toEqual(['SERVICE_UNAVAILABLE']);
    }
    const times = three.map((t) => t.ms).sort((a, b) => a - b);
    expect(times[2]).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
    expect(times[1]).toBeLessThan(AT_ONCE_MS);
    expect(door.requestsWhileHung).toBe(FAILURES + 1);
    const { ms } = await contract();
    expect(ms).toBeLessThan(AT_ONCE_MS);
    expect(door.requestsWhileHung).toBe(FAILURES + 1);
  });

  it('once community-events is back and the cool-down has passed, a probe closes the breaker: full data and ready again', async () => {
    door.set(false);
    // Back, but the breaker is still open until its cool-down ends.
    expect((await ready()).body).toMatchObject({ reasons: { 'community-events': 'circuit open' } });
    expectPartial((await contract()).res);
    await sleep(COOLDOWN_MS + 50);
    const { res } = await contract();
    expect(res.errors).toBeUndefined();
    expect(res.data.library.events.totalCount).toBeGreaterThan(0);
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready' } });
    // Closed: the next failures are counted from nothing again.
    door.set(true);
    const { res: slow, ms } = await contract();
    expectPartial(slow);
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
    door.set(false);
  });
});
