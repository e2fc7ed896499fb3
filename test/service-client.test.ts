import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { callInternal } from '../shared/platform/service-client';

/** Holds this thread for `ms` without returning to the event loop, as a long synchronous statement does. */
const block = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Internal calls ride kept-alive connections. A thread busy for longer than the owner keeps an idle
 * connection (65 s for our servers; 3 s for this stand-in) then sends its next call on a connection
 * the owner closes unread at that moment: over ten million loans, the daily-aggregate build's
 * next library calendar came back SERVICE_UNAVAILABLE that way.
 */
describe('a call from one subgraph to another', () => {
  let server: http.Server;
  let url: string;
  let requests = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests += 1;
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { library: { id: 'x' } } })));
    });
    server.keepAliveTimeout = 3_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('is answered after this thread was busy for longer than the owner keeps an idle connection', async () => {
    const config = { serviceSecret: 's'.repeat(32), internalCallTimeoutMs: 2_000, subgraphUrls: { 'staff-development': url } as never };
    const call = () => callInternal(config, 'collections', 'LibraryDirectory');
    await expect(call()).resolves.toHaveProperty('data');
    for (let i = 0; i < 2; i++) {
      block(3_500);
      await expect(call()).resolves.toHaveProperty('data');
    }
    // Each call answered once: the reset request never reached the owner.
    expect(requests).toBe(3);
  });
});
