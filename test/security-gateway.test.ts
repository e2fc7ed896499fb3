import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Supergraph } from '@apollo/federation-internals';
import { parse } from 'graphql';
import { CROSSING_WEIGHT, ownershipFromSupergraph, queryCost } from '../gateway/cost';
import { startGateway } from '../gateway/gateway';
import { floodDistinctQueries } from '../scripts/memory-flood';
import { INTERNAL_HEADER, signInternalToken } from '../shared/platform/auth';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/registry';
import { CONTRACT_QUERY, codes, postGraphQL, startFederation, type Federation } from './helpers/federation';
import { docExamples } from './helpers/docs';

/** What no client may ever see in an error: addresses, stack frames, file paths. */
const INTERNAL_DETAIL = /127\.0\.0\.1|localhost|https?:\/\/|ECONNREFUSED|at .*\.(ts|js):\d+|\/work\/|node_modules|<html|<pre/i;

/** The tester's query: 15 aliases × 100 copies × their library × 100 copies each, no token needed. */
export const COSTLY_QUERY = `{ ${Array.from(
  { length: 15 },
  (_, i) => `a${i}: libraries { items(first: 100) { edges { node { barcode library { items(first: 100) { edges { node { id barcode record { title } } } } } } } } }`,
).join(' ')} }`;

/** POSTs a raw body (not necessarily JSON) and reads the answer, whatever it is. */
async function postRaw(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, json };
}

/** A request's answer, and whether any subgraph ran a statement for it (a refusal at the gateway runs none). */
async function refused<T>(fed: Federation, run: () => Promise<T>): Promise<{ statements: number; result: T }> {
  const count = () => Object.values(fed.subgraphs).reduce((n, s) => n + s.queries(), 0);
  const before = count();
  const result = await run();
  return { statements: count() - before, result };
}

/** A plain HTTP server standing in for a misbehaving subgraph. */
async function fakeSubgraph(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

describe('the gateway under attack', () => {
  let fed: Federation;
  let urls: Record<SubgraphName, string>;

  beforeAll(async () => {
    // Small query caches (2 MiB instead of 8), so that 1,000 distinct texts fill them: the flood tests
    // below then tell a bounded cache (a few MB kept) from an unbounded one (about 20 MB) in half the requests.
    fed = await startFederation('sqlite', { config: { queryCacheBytes: 2 * 1024 ** 2 } });
    urls = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, fed.subgraphs[n].url])) as Record<SubgraphName, string>;
  });
  afterAll(() => fed?.stop());

  describe('the cost of a query (MAX_QUERY_COST, MAX_RESPONSE_BYTES, SUBGRAPH_BODY_LIMIT)', () => {
    const sdl = fs.readFileSync('supergraph.graphql', 'utf8');
    const apiSchema = Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();
    const owners = ownershipFromSupergraph(sdl);
    const cost = (query: string) => queryCost(apiSchema, parse(query), owners, { listSize: fed.config.queryCostListSize, maxPageSize: fed.config.maxPageSize });

    it('refuses a query whose cost exceeds the budget with QUERY_TOO_COSTLY before any subgraph works on it', async () => {
      const { statements, result } = await refused(fed, () => fed.query(COSTLY_QUERY));
      expect(result.status).toBe(400);
      expect(codes(result)).toEqual(['QUERY_TOO_COSTLY']);
      expect(result.data).toBeUndefined();
      const ext = result.errors![0].extensions!;
      expect(ext.maxCost).toBe(fed.config.maxQueryCost);
      expect(ext.cost).toBeGreaterThan(ext.maxCost);
      expect(statements).toBe(0);
    });

    it('counts a page size given as a variable as the largest page', async () => {
      const res = await fed.query('query($n: Int) { libraries { items(first: $n) { edges { node { library { items(first: $n) { edges { node { id } } } } } } } } }', {
        variables: { n: 1 },
      });
      expect(codes(res)).toEqual(['QUERY_TOO_COSTLY']);
    });

    it("answers the README's contract query at once, well under the budget", async () => {
      const token = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
      const res = await fed.query(CONTRACT_QUERY, { token });
      expect(res.errors).toBeUndefined();
      expect(res.data.library.items.edges).toHaveLength(3);
      expect(cost(CONTRACT_QUERY)).toBeLessThan(fed.config.maxQueryCost / 10);
    });

    it('keeps every documented example under the default budget', () => {
      const examples = docExamples().map((e) => e.query);
      expect(examples.length).toBeGreaterThan(10);
      const over = examples.filter((q) => cost(q) > fed.config.maxQueryCost);
      expect(over).toEqual([]);
    });

    it('multiplies a selection by its page size and weighs a field that crosses into another subgraph', () => {
      const local = cost('{ library(id: "kupang") { items(first: 10) { edges { node { library { id } } } } } }');
      const crossing = cost('{ library(id: "kupang") { items(first: 10) { edges { node { library { name } } } } } }');
      // `name` is staff-development's: every copy's library goes back there in an _entities call.
      expect(crossing - local).toBeGreaterThanOrEqual(10 * CROSSING_WEIGHT);
      expect(cost('{ library(id: "kupang") { items(first: 100) { edges { node { id } } } } }')).toBeGreaterThan(
        9 * cost('{ library(id: "kupang") { items(first: 10) { edges { node { id } } } } }'),
      );
    });

    it('replaces an answer larger than MAX_RESPONSE_BYTES with RESPONSE_TOO_LARGE', async () => {
      const token = await fed.token({ role: 'ADMIN' });
      const query = `{ library(id: "kupang") {
        librarians(first: 10) { edges { node { id name } } } events(first: 10) { edges { node { id title } } }
        items(first: 10) { edges { node { id barcode } } } partners(first: 10) { edges { node { id name } } } } }`;
      const full = await fed.query(query, { token });
      expect(full.errors).toBeUndefined();
      const size = Buffer.byteLength(JSON.stringify({ data: full.data }));
      // Every subgraph's own answer fits under the cap; the four together do not.
      const gw = await startGateway({ ...fed.config, maxResponseBytes: Math.floor(size * 0.75) }, { port: 0, subgraphUrls: urls });
      try {
        const res = await postGraphQL(gw.url, { query }, { authorization: `Bearer ${token}` });
        expect(codes(res)).toEqual(['RESPONSE_TOO_LARGE']);
        expect(res.data).toBeUndefined();
      } finally {
        await gw.stop();
      }
    });

    it('refuses a subgraph answer larger than MAX_RESPONSE_BYTES, keeping the other fields', async () => {
      const gw = await startGateway({ ...fed.config, maxResponseBytes: 3000 }, { port: 0, subgraphUrls: urls });
      try {
        const res = await postGraphQL(gw.url, { query: '{ library(id: "kupang") { name items(first: 100) { edges { node { id barcode location } } } } }' });
        expect(res.data.library.name).toMatch(/Kupang/);
        expect(res.data.library.items).toBeNull();
        expect(codes(res)).toEqual(['RESPONSE_TOO_LARGE']);
        expect(JSON.stringify(res.errors)).not.toMatch(INTERNAL_DETAIL);
      } finally {
        await gw.stop();
      }
    });

    it("forwards a client's largest body plus its entities' representations to a subgraph without a 413", async () => {
      // The client's body is just under BODY_LIMIT (100 kB); the gateway's _entities call to
      // collections carries the same variable plus the libraries' representations: over 100 kB.
      const query = 'query($after: String) { libraries { id items(first: 1, after: $after) { totalCount } } }';
      const room = 100 * 1024 - Buffer.byteLength(JSON.stringify({ query, variables: { after: '' } })) - 10;
      const res = await fed.query(query, { variables: { after: 'x'.repeat(room) } });
      expect(res.status).toBe(200);
      expect(codes(res)).not.toContain('INTERNAL_SERVER_ERROR');
      expect(codes(res)).not.toContain('PAYLOAD_TOO_LARGE');
      expect(res.data.libraries).toHaveLength(4);
    });

    it("turns a subgraph's 413 into PAYLOAD_TOO_LARGE and a non-JSON answer into SERVICE_UNAVAILABLE", async () => {
      const refusing = await fakeSubgraph((_req, res) => {
        res.writeHead(413, { 'content-type': 'text/html' }).end('<html><body><pre>PayloadTooLargeError at /srv/app.js:1:1</pre></body></html>');
      });
      const html = await fakeSubgraph((_req, res) => {
        res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>');
      });
      const query = '{ library(id: "kupang") { name partners(first: 1) { totalCount } } }';
      try {
        for (const [fake, code] of [
          [refusing, 'PAYLOAD_TOO_LARGE'],
          [html, 'SERVICE_UNAVAILABLE'],
        ] as const) {
          const gw = await startGateway(fed.config, { port: 0, subgraphUrls: { ...urls, partnerships: fake.url } });
          try {
            const res = await postGraphQL(gw.url, { query }, { authorization: `Bearer ${await fed.token({ role: 'ADMIN' })}` });
            expect(res.data.library.name).toMatch(/Kupang/);
            expect(codes(res)).toEqual([code]);
            expect(JSON.stringify(res.errors)).not.toMatch(INTERNAL_DETAIL);
          } finally {
            await gw.stop();
          }
        }
      } finally {
        await refusing.close();
        await html.close();
      }
    });
  });

  describe('memory held by distinct query texts (MAX_QUERY_BYTES, QUERY_CACHE_BYTES)', () => {
    /** A flood is a thousand requests and a few full collections: seconds on a quiet machine, over a minute on a loaded one. */
    const FLOOD_TIMEOUT_MS = 180_000;
    it('refuses a query text longer than MAX_QUERY_BYTES with QUERY_TOO_LARGE, comments included', async () => {
      const res = await fed.query(`# ${'x'.repeat(fed.config.maxQueryBytes)}\n{ __typename }`);
      expect(res.status).toBe(400);
      expect(codes(res)).toEqual(['QUERY_TOO_LARGE']);
      expect(res.errors![0].extensions!.maxBytes).toBe(fed.config.maxQueryBytes);
    });

    it(
      'gives back the memory of 1,000 distinct 90 kB query texts',
      async () => {
        const figures = await floodDistinctQueries(fed.gateway.url, { requests: 1000, commentBytes: 90_000 });
        expect(figures.statuses).toEqual({ 400: 1020 });
        expect(figures.heapGrowthMB).toBeLessThan(8);
      },
      FLOOD_TIMEOUT_MS,
    );

    it(
      'gives back the memory of 1,000 distinct query texts just under the limit, once the caches are full',
      async () => {
        const figures = await floodDistinctQueries(fed.gateway.url, { requests: 1000, commentBytes: fed.config.maxQueryBytes - 100 });
        expect(figures.statuses).toEqual({ 200: 1020 });
        expect(figures.heapGrowthMB).toBeLessThan(8);
      },
      FLOOD_TIMEOUT_MS,
    );
  });

  describe('answers no browser or proxy keeps', () => {
    const cacheControl = async (query: string, headers: Record<string, string> = {}) => {
      const res = await fetch(fed.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
      await res.text();
      return { status: res.status, cacheControl: res.headers.get('cache-control') };
    };

    it("marks a library's answer, a public one and a refusal no-store", async () => {
      const token = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
      expect(await cacheControl(CONTRACT_QUERY, { authorization: `Bearer ${token}` })).toEqual({ status: 200, cacheControl: 'no-store' });
      expect(await cacheControl('{ libraries { id name } }')).toEqual({ status: 200, cacheControl: 'no-store' });
      expect(await cacheControl('{ library(id: "kupang") { members(first: 1) { totalCount } } }')).toEqual({ status: 200, cacheControl: 'no-store' });
      expect(await cacheControl('{ nosuchfield }')).toEqual({ status: 400, cacheControl: 'no-store' });
    });
  });

  describe('errors outside GraphQL keep the error format', () => {
    const noDetail = (r: { text: string }) => expect(r.text).not.toMatch(INTERNAL_DETAIL);

    it('answers a body over the limit with JSON PAYLOAD_TOO_LARGE (HTTP 413), no HTML', async () => {
      const r = await postRaw(fed.gateway.url, JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(200_000) } }));
      expect(r.status).toBe(413);
      expect(r.contentType).toMatch(/json/);
      expect(codes(r.json)).toEqual(['PAYLOAD_TOO_LARGE']);
      noDetail(r);
    });

    it('answers malformed and deeply nested JSON with BAD_REQUEST, no stack', async () => {
      const malformed = await postRaw(fed.gateway.url, '{"query": "{ __typename }"');
      expect(malformed.status).toBe(400);
      expect(codes(malformed.json)).toEqual(['BAD_REQUEST']);
      noDetail(malformed);
      const nested = await postRaw(fed.gateway.url, `{"query":"{ __typename }","variables":{"a":${'['.repeat(50_000)}`);
      expect(nested.status).toBe(400);
      expect(codes(nested.json)).toEqual(['BAD_REQUEST']);
      noDetail(nested);
      const deep = await postRaw(fed.gateway.url, `{"query":"query($a: [String]) { __typename }","variables":{"a":${'['.repeat(40_000)}${']'.repeat(40_000)}}}`);
      expect(deep.status).toBe(400);
      expect(deep.json.errors[0].extensions.code).toMatch(/^(BAD_REQUEST|BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED)$/);
      noDetail(deep);
    });

    it('refuses a persisted-query hash that does not match its query with BAD_USER_INPUT, and answers an unknown hash PERSISTED_QUERY_NOT_FOUND', async () => {
      const mismatch = await postRaw(fed.gateway.url, JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }));
      expect(mismatch.status).toBe(400);
      expect(codes(mismatch.json)).toEqual(['BAD_USER_INPUT']);
      const unknown = await postRaw(fed.gateway.url, JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }));
      expect(codes(unknown.json)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    });

    it('refuses a subscription with GRAPHQL_VALIDATION_FAILED, not an internal error', async () => {
      const res = await fed.query('subscription { libraries { id } }');
      expect(res.status).toBe(400);
      expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    });

    it('answers JSON errors on a subgraph too: too large and malformed bodies', async () => {
      const proof = { [INTERNAL_HEADER]: await signInternalToken({ sub: 'test', role: 'ADMIN' } as never, fed.config.gatewaySecret) };
      const url = fed.subgraphs.collections.url;
      const big = await postRaw(url, JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(fed.config.subgraphBodyLimit + 10) } }), proof);
      expect(big.status).toBe(413);
      expect(codes(big.json)).toEqual(['PAYLOAD_TOO_LARGE']);
      noDetail(big);
      const malformed = await postRaw(url, '{"query": ', proof);
      expect(malformed.status).toBe(400);
      expect(codes(malformed.json)).toEqual(['BAD_REQUEST']);
      noDetail(malformed);
    });

    it('refuses on a subgraph a body streamed past its limit without a length, and a body that is not JSON, running nothing', async () => {
      const proof = { [INTERNAL_HEADER]: await signInternalToken({ sub: 'test', role: 'ADMIN' } as never, fed.config.gatewaySecret) };
      const url = new URL(fed.subgraphs.collections.url);
      const { statements, result } = await refused(fed, async () => {
        const streamed = await new Promise<{ status: number; text: string }>((resolve, reject) => {
          const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...proof } }, (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          });
          req.on('error', reject);
          // Chunked: the size is known only once more than the limit has arrived.
          const chunk = 'x'.repeat(64 * 1024);
          req.write(`{"query":"{ __typename }","variables":{"pad":"`);
          for (let sent = 0; sent <= fed.config.subgraphBodyLimit; sent += chunk.length) req.write(chunk);
          req.end('"}}');
        });
        const text = await postRaw(url.href, 'query { libraries { id } }', { ...proof, 'content-type': 'text/plain' });
        return { streamed, text };
      });
      expect(result.streamed.status).toBe(413);
      expect(codes(JSON.parse(result.streamed.text))).toEqual(['PAYLOAD_TOO_LARGE']);
      expect(result.text.status).toBe(400);
      expect(result.text.contentType).toMatch(/json/);
      noDetail(result.text);
      expect(statements).toBe(0);
    });

    it('turns a subgraph that fails while its body is read into SERVICE_UNAVAILABLE', async () => {
      const broken = await fakeSubgraph((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"data":{"_entities":[');
        setTimeout(() => res.socket?.destroy(), 20);
      });
      const gw = await startGateway(fed.config, { port: 0, subgraphUrls: { ...urls, partnerships: broken.url } });
      try {
        const res = await postGraphQL(
          gw.url,
          { query: '{ library(id: "kupang") { name partners(first: 1) { totalCount } } }' },
          { authorization: `Bearer ${await fed.token({ role: 'ADMIN' })}` },
        );
        expect(res.data.library.name).toMatch(/Kupang/);
        expect(codes(res)).toEqual(['SERVICE_UNAVAILABLE']);
        expect(JSON.stringify(res.errors)).not.toMatch(INTERNAL_DETAIL);
      } finally {
        await gw.stop();
        await broken.close();
      }
    });
  });

  describe('the size of a document, before it is validated (MAX_QUERY_FIELDS, MAX_QUERY_ALIASES)', () => {
    it('refuses 660 conflicting fields with QUERY_TOO_LARGE before any subgraph works on it', async () => {
      const query = `{ libraries { ${Array.from({ length: 330 }, () => 'a: id a: name').join(' ')} } }`;
      const { statements, result } = await refused(fed, () => fed.query(query));
      expect(result.status).toBe(400);
      expect(codes(result)).toEqual(['QUERY_TOO_LARGE']);
      expect(result.errors![0].extensions).toMatchObject({ limit: 'fields', maxFields: fed.config.maxQueryFields });
      expect(statements).toBe(0);
    });

    it('counts __typename aliases against the alias limit', async () => {
      const query = `{ ${Array.from({ length: fed.config.maxAliases + 1 }, (_, i) => `t${i}: __typename`).join(' ')} }`;
      const res = await fed.query(query);
      expect(res.status).toBe(400);
      expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(res.errors![0].extensions).toMatchObject({ limit: 'aliases' });
    });

    it('refuses one field repeated over and over in a selection with QUERY_TOO_LARGE', async () => {
      const res = await fed.query(`{ ${'__typename '.repeat(400)} }`);
      expect(codes(res)).toEqual(['QUERY_TOO_LARGE']);
    });

    it('counts fragments as often as they are spread', async () => {
      const fragments = Array.from({ length: 12 }, (_, i) =>
        i === 0 ? 'fragment F0 on Library { id name }' : `fragment F${i} on Library { ...F${i - 1} ... on Library { ...F${i - 1} } }`,
      ).join(' ');
      const { statements, result } = await refused(fed, () => fed.query(`{ libraries { ...F11 } } ${fragments}`));
      expect(codes(result)).toEqual(['QUERY_TOO_LARGE']);
      expect(statements).toBe(0);
    });

    it('still answers a query with a few aliases and fragments', async () => {
      const res = await fed.query('{ a: libraries { ...L } b: library(id: "baubau") { ...L t: __typename } } fragment L on Library { id name }');
      expect(res.errors).toBeUndefined();
      expect(res.data.b).toEqual({ id: 'baubau', name: expect.any(String), t: 'Library' });
    });
  });
});
