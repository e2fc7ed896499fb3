import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoId } from '../shared/domain/demo';
import { startGateway } from '../gateway/gateway';
import type { RunningService } from '../shared/platform/server';
import { codes, postGraphQL, startFederation, subgraphUrlsOf, type Federation } from './helpers/federation';

/**
 * In-flight de-duplication at the gateway (gateway/dedupe.ts): identical subgraph queries of one
 * caller in flight at once share one request to the subgraph; never across callers, never a
 * mutation. A second gateway talks to collections through a proxy that holds every request 300 ms
 * (so the clients' requests are surely in flight together) and counts what reaches collections.
 * The schema and the caller rules do not depend on the backend: SQLite only.
 */

interface Proxy {
  url: string;
  /** Bodies of the requests that reached collections. */
  bodies: string[];
  stop(): Promise<void>;
}

async function slowCountingProxy(target: string, holdMs: number): Promise<Proxy> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      bodies.push(body);
      setTimeout(() => {
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k))) as Record<string, string>;
        fetch(target, { method: req.method, headers, body })
          .then(async (answer) => {
            res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
            res.end(await answer.text());
          })
          .catch(() => res.writeHead(502).end());
      }, holdMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    bodies,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const ITEMS = '{ library(id: "kupang") { items(first: 3) { edges { node { barcode } } } } }';

describe('identical subgraph queries in flight at the gateway', () => {
  let fed: Federation;
  let proxy: Proxy;
  const gateways: RunningService[] = [];

  const gatewayVia = async (deduplication: boolean) => {
    const gateway = await startGateway({ ...fed.config, subgraphDeduplication: deduplication }, { port: 0, subgraphUrls: subgraphUrlsOf(fed, { collections: proxy.url }) });
    gateways.push(gateway);
    return gateway;
  };
  const librarian = (sub: string) => fed.token({ sub, role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 0) });
  /** Requests that reached collections since `from`, as [kind, count]. */
  const reached = (from: number) => proxy.bodies.slice(from);

  beforeAll(async () => {
    fed = await startFederation('sqlite');
    proxy = await slowCountingProxy(fed.subgraphs.collections.url, 300);
  });
  afterAll(async () => {
    for (const g of gateways) await g.stop();
    await proxy?.stop();
    await fed?.stop();
  });

  it('sends one request to the subgraph for five clients of one caller asking the same at once, and each gets the answer', async () => {
    const gateway = await gatewayVia(true);
    const token = await librarian('desk-1');
    const from = proxy.bodies.length;
    const answers = await Promise.all(Array.from({ length: 5 }, () => postGraphQL(gateway.url, { query: ITEMS }, { authorization: `Bearer ${token}` })));
    for (const a of answers) expect(a.errors).toBeUndefined();
    const barcodes = answers.map((a) => a.data.library.items.edges.map((e: { node: { barcode: string } }) => e.node.barcode));
    expect(barcodes[0]).toHaveLength(3);
    for (const b of barcodes) expect(b).toEqual(barcodes[0]);
    expect(reached(from)).toHaveLength(1);
  });

  it('never shares between two callers, even of the same role and library: five identities, five requests', async () => {
    const gateway = await gatewayVia(true);
    const tokens = await Promise.all(Array.from({ length: 5 }, (_, k) => librarian(`desk-${10 + k}`)));
    const from = proxy.bodies.length;
    const answers = await Promise.all(tokens.map((token) => postGraphQL(gateway.url, { query: ITEMS }, { authorization: `Bearer ${token}` })));
    for (const a of answers) expect(a.errors).toBeUndefined();
    expect(reached(from)).toHaveLength(5);
  });

  it("gives each member their own answer when members ask for the same record at once: one's data never reaches another", async () => {
    const gateway = await gatewayVia(true);
    const own = demoId('member', 'kupang', 21);
    const query = `{ member(id: "${own}") { id name } }`;
    const [owner, other] = await Promise.all([
      fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: own }),
      fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 22) }),
    ]);
    const [mine, theirs] = await Promise.all([
      postGraphQL(gateway.url, { query }, { authorization: `Bearer ${owner}` }),
      postGraphQL(gateway.url, { query }, { authorization: `Bearer ${other}` }),
    ]);
    expect(mine.errors).toBeUndefined();
    expect(mine.data.member.id).toBe(own);
    expect(codes(theirs)).toEqual(['FORBIDDEN']);
    expect(theirs.data?.member ?? null).toBeNull();
  });

  it('sends every mutation, however identical: three at once, three requests', async () => {
    const gateway = await gatewayVia(true);
    const token = await librarian('desk-20');
    const mutation = `mutation { updateMemberContact(id: "${demoId('member', 'kupang', 23)}", input: { phone: "+6281230000023" }) { id phone } }`;
    const from = proxy.bodies.length;
    const answers = await Promise.all(Array.from({ length: 3 }, () => postGraphQL(gateway.url, { query: mutation }, { authorization: `Bearer ${token}` })));
    for (const a of answers) expect(a.errors).toBeUndefined();
    expect(reached(from).filter((body) => body.includes('updateMemberContact'))).toHaveLength(3);
  });

  it('sends each request on its own with SUBGRAPH_DEDUPLICATION=false', async () => {
    const gateway = await gatewayVia(false);
    const token = await librarian('desk-30');
    const from = proxy.bodies.length;
    const answers = await Promise.all(Array.from({ length: 5 }, () => postGraphQL(gateway.url, { query: ITEMS }, { authorization: `Bearer ${token}` })));
    for (const a of answers) expect(a.errors).toBeUndefined();
    expect(reached(from)).toHaveLength(5);
  });
});
