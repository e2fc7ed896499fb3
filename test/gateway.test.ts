import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import * as apolloGatewayTelemetry from '@apollo/gateway/dist/utilities/opentelemetry';
import { startGateway } from '../gateway/gateway';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/registry';
import { codes, postGraphQL, startFederation, testConfig, type Federation } from './helpers/federation';

/** What no client may ever see in an error. */
const INTERNAL_DETAIL = /127\.0\.0\.1|localhost|https?:\/\/|ECONNREFUSED|at .*\.(ts|js):\d+/;

describe('the gateway on the open internet', () => {
  let fed: Federation;
  let urls: Record<SubgraphName, string>;

  beforeAll(async () => {
    fed = await startFederation('sqlite');
    urls = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, fed.subgraphs[n].url])) as Record<SubgraphName, string>;
  });
  afterAll(() => fed?.stop());

  it('refuses a query nested deeper than the limit', async () => {
    const deep = `{ libraries { ${'librarians(first: 1) { edges { node { library { '.repeat(3)}id${' } } } }'.repeat(3)} } }`;
    const res = await fed.query(deep);
    expect(codes(res)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(res.data).toBeUndefined();
  });

  it('refuses a query with too many aliases', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: libraries { id }`).join(' ');
    const res = await fed.query(`{ ${aliases} }`);
    expect(codes(res)).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a document with too many tokens before validating it', async () => {
    const res = await fed.query(`{ libraries { ${'id '.repeat(5000)} } }`);
    expect(res.status).toBe(400);
    expect(codes(res)).toContain('GRAPHQL_PARSE_FAILED');
  });

  it('refuses a body over the limit with HTTP 413', async () => {
    const res = await postGraphQL(fed.gateway.url, { query: '{ libraries { id } }', variables: { pad: 'x'.repeat(200_000) } });
    expect(res.status).toBe(413);
  });

  it('blocks a simple cross-site GET (CSRF prevention)', async () => {
    const res = await fetch(`${fed.gateway.url}?query=${encodeURIComponent('{ libraries { id } }')}`);
    expect(res.status).toBe(400);
  });

  it('serves a GET query that carries the preflight header', async () => {
    const res = await fetch(`${fed.gateway.url}?query=${encodeURIComponent('{ libraries { id } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(200);
  });

  it('allows introspection outside production and refuses it in production', async () => {
    const dev = await fed.query('{ __schema { queryType { name } } }');
    expect(dev.data.__schema.queryType.name).toBe('Query');
    const prod = await startGateway({ ...fed.config, production: true }, { port: 0, subgraphUrls: urls });
    try {
      const res = await postGraphQL(prod.url, { query: '{ __schema { queryType { name } } }' });
      expect(codes(res)).toContain('GRAPHQL_VALIDATION_FAILED');
      const landing = await fetch(prod.url, { headers: { accept: 'text/html' } });
      expect(await landing.text()).not.toMatch(/sandbox/i);
    } finally {
      await prod.stop();
    }
  });

  it('refuses an impossible Date with BAD_USER_INPUT, as a literal or a variable', async () => {
    const literal = await fed.query('{ library(id: "kupang") { holidays(from: "2026-13-01", to: "2026-12-31") { date } } }');
    expect(codes(literal)).toEqual(['BAD_USER_INPUT']);
    const variable = await fed.query('query($from: Date!) { library(id: "kupang") { holidays(from: $from, to: "2026-12-31") { date } } }', {
      variables: { from: '2026-02-30' },
    });
    expect(codes(variable)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(variable.errors)).not.toMatch(INTERNAL_DETAIL);
  });

  it('answers HTTP 429 with RATE_LIMITED once a client passes its requests per minute', async () => {
    const gw = await startGateway({ ...fed.config, rateLimitPerMinute: 5 }, { port: 0, subgraphUrls: urls });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await postGraphQL(gw.url, { query: '{ __typename }' })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const refused = await postGraphQL(gw.url, { query: '{ __typename }' });
      expect(codes(refused)).toEqual(['RATE_LIMITED']);
    } finally {
      await gw.stop();
    }
  });

  it('answers /health and /ready on the gateway and on every subgraph', async () => {
    for (const url of [fed.gateway.url, ...Object.values(urls)]) {
      const base = url.replace(/\/graphql$/, '');
      expect((await fetch(`${base}/health`)).status).toBe(200);
      const ready = await fetch(`${base}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
    }
  });

  describe('when a subgraph fails', () => {
    let hanging: http.Server;
    let hangingUrl: string;

    beforeAll(async () => {
      hanging = http.createServer(() => {
        /* never answers */
      });
      await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
      hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/graphql`;
    });
    afterAll(async () => {
      hanging.closeAllConnections();
      await new Promise((r) => hanging.close(r));
    });

    it('keeps the partial data and masks the failure of a dead subgraph (no internal URL)', async () => {
      const gw = await startGateway(fed.config, { port: 0, subgraphUrls: { ...urls, partnerships: 'http://127.0.0.1:9/graphql' } });
      try {
        const token = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
        const res = await postGraphQL(gw.url, { query: '{ library(id: "kupang") { name partners(first: 1) { totalCount } } }' }, { authorization: `Bearer ${token}` });
        expect(res.status).toBe(200);
        expect(res.data.library.name).toMatch(/Kupang/);
        expect(codes(res)).toEqual(['SERVICE_UNAVAILABLE']);
        expect(JSON.stringify(res.errors)).not.toMatch(INTERNAL_DETAIL);
        const ready = await fetch(gw.url.replace(/\/graphql$/, '/ready'));
        expect(ready.status).toBe(503);
        expect(await ready.json()).toMatchObject({ down: ['partnerships'] });
      } finally {
        await gw.stop();
      }
    });

    it('gives up on a hung subgraph after the configured timeout', async () => {
      const gw = await startGateway({ ...fed.config, subgraphTimeoutMs: 500 }, { port: 0, subgraphUrls: { ...urls, partnerships: hangingUrl } });
      try {
        const token = await fed.token({ role: 'ADMIN' });
        const started = Date.now();
        const res = await postGraphQL(gw.url, { query: '{ library(id: "kupang") { name partners(first: 1) { totalCount } } }' }, { authorization: `Bearer ${token}` });
        expect(Date.now() - started).toBeLessThan(5000);
        expect(res.data.library.name).toMatch(/Kupang/);
        expect(codes(res)).toEqual(['SERVICE_UNAVAILABLE']);
        expect(JSON.stringify(res.errors)).not.toMatch(INTERNAL_DETAIL);
      } finally {
        await gw.stop();
      }
    });
  });
});

describe("Apollo's anonymous telemetry", () => {
  // @apollo/gateway starts its usage exporter in its constructor unless APOLLO_TELEMETRY_DISABLED
  // is set; here it is replaced by a spy that sends nothing.
  let exporter: jest.SpyInstance;
  const before = process.env.APOLLO_TELEMETRY_DISABLED;
  beforeEach(() => {
    delete process.env.APOLLO_TELEMETRY_DISABLED;
    exporter = jest.spyOn(apolloGatewayTelemetry, 'createDataCollectionExporter').mockReturnValue({ shutdown: async () => undefined } as never);
  });
  afterEach(() => {
    exporter.mockRestore();
    if (before === undefined) delete process.env.APOLLO_TELEMETRY_DISABLED;
    else process.env.APOLLO_TELEMETRY_DISABLED = before;
  });

  it('is never started by our gateway, even when the environment says nothing, and process.env is left as it was', async () => {
    const gw = await startGateway(testConfig('sqlite'), { port: 0 });
    await gw.stop();
    expect(exporter).not.toHaveBeenCalled();
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBeUndefined();
  });

  it('would be started by a bare ApolloGateway (the spy sees it)', () => {
    new ApolloGateway({ supergraphSdl: 'type Query { a: Int }' });
    expect(exporter).toHaveBeenCalledTimes(1);
  });
});
