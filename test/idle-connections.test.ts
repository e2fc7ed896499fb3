import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { callInternal } from '../shared/platform/service-client';

/**
 * Calls between services ride kept-alive connections. A thread busy for longer than the callee
 * keeps an idle connection (65 s for our servers; 3 s for the stand-ins here) sends its next call
 * on a connection the callee closes, unread, at that moment: over ten million loans, the
 * daily-aggregate build's next library calendar came back SERVICE_UNAVAILABLE that way.
 */

/** Holds this thread for `ms` without returning to the event loop, as a long synchronous statement does. */
const block = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const IDLE_MS = 3_000;

/**
 * A callee that keeps an idle connection IDLE_MS. (The gateway's calls are not exposed the same
 * way: they answer a client's request, which is read after the callee's idle timer has run.)
 */
async function standIn() {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests += 1;
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { libraries: [] } }));
    });
  });
  server.keepAliveTimeout = IDLE_MS;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe('a call from one subgraph to another, after this thread was busy for longer than the owner keeps an idle connection', () => {
  let owner: Awaited<ReturnType<typeof standIn>>;
  beforeAll(async () => {
    owner = await standIn();
  });
  afterAll(() => owner.close());

  it('is answered, and reaches the owner once', async () => {
    const config = { serviceSecret: 's'.repeat(32), internalCallTimeoutMs: 2_000, subgraphUrls: { 'staff-development': owner.url } as never };
    const call = () => callInternal(config, 'collections', 'LibraryDirectory');
    await expect(call()).resolves.toHaveProperty('data');
    for (let i = 0; i < 2; i++) {
      block(IDLE_MS + 500);
      await expect(call()).resolves.toHaveProperty('data');
    }
    // The reset request never reached the owner.
    expect(owner.requests()).toBe(3);
  });
});
