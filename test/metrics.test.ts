import type { AddressInfo } from 'node:net';
import { loadConfig } from '../shared/platform/config';
import { createLogger } from '../shared/platform/logger';
import { ServiceMetrics } from '../shared/platform/metrics';
import { createHttpApp } from '../shared/platform/server';
import { SUBGRAPH_NAMES } from '../subgraphs/registry';
import { BACKENDS, CONTRACT_QUERY, codes, startFederation, type Federation } from './helpers/federation';

const METRICS_TOKEN = 'metrics-token-for-the-test-0123456789';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * Parses Prometheus text: every `name{labels} value` line (comments skipped); throws on a line that
 * is neither. prom-client writes NaN as `Nan` (Prometheus reads it case-insensitively).
 */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.eE+-]+|[Nn]a[Nn]|[+-]Inf)$/.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

const metricsUrl = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql$/, '/metrics');

async function scrape(graphqlUrl: string): Promise<Sample[]> {
  const res = await fetch(metricsUrl(graphqlUrl), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return parse(await res.text());
}

const find = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

describe.each(BACKENDS)('Prometheus metrics (%s)', (backend) => {
  let fed: Federation;

  beforeAll(async () => {
    fed = await startFederation(backend, { config: { metricsToken: METRICS_TOKEN } });
    const token = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    const contract = await fed.query(`query LibraryContract ${CONTRACT_QUERY.trim()}`, { token });
    expect(contract.errors).toBeUndefined();
    // Signed out, the librarians are refused by staff-development; the gateway passes the code on.
    const refused = await fed.query('query RefusedLibrarians { library(id: "kupang") { id librarians(first: 1) { totalCount } } }');
    expect(codes(refused)).toEqual(['UNAUTHENTICATED']);
  }, 120_000);

  afterAll(() => fed?.stop());

  it("times the gateway's calls to each of the four subgraphs, by outcome", async () => {
    const samples = await scrape(fed.gateway.url);
    for (const subgraph of SUBGRAPH_NAMES) {
      const [count] = find(samples, 'subgraph_fetch_duration_seconds_count', { service: 'gateway', subgraph, outcome: 'ok' });
      expect(count?.value).toBeGreaterThan(0);
    }
  });

  it('counts the operation by its name, and the refusal by its code', async () => {
    const samples = await scrape(fed.gateway.url);
    expect(find(samples, 'graphql_operations_total', { service: 'gateway', operation: 'LibraryContract', type: 'query' })[0]?.value).toBe(1);
    expect(find(samples, 'graphql_operations_total', { service: 'gateway', operation: 'RefusedLibrarians', type: 'query' })[0]?.value).toBe(1);
    expect(find(samples, 'graphql_errors_total', { service: 'gateway', code: 'UNAUTHENTICATED' })[0]?.value).toBe(1);
    // The subgraph that refused counts it too, under its own service label.
    expect(find(await scrape(fed.subgraphs['staff-development'].url), 'graphql_errors_total', { code: 'UNAUTHENTICATED' })[0]?.value).toBeGreaterThan(0);
  });

  it('times the HTTP requests by route, without ids or query strings', async () => {
    const samples = await scrape(fed.gateway.url);
    const graphql = find(samples, 'http_request_duration_seconds_count', { service: 'gateway', method: 'POST', route: '/graphql' });
    expect(graphql.map((s) => s.labels.status)).toEqual(['200']);
    expect(graphql[0].value).toBe(2);
    const routes = new Set(samples.filter((s) => s.name.startsWith('http_request_duration_seconds')).map((s) => s.labels.route));
    expect([...routes].every((route) => /^(\/[a-z]+|other)$/.test(route))).toBe(true);
  });

  it('serves each subgraph its own metrics: the operations the gateway sent it, its HTTP requests and the process', async () => {
    for (const name of SUBGRAPH_NAMES) {
      const samples = await scrape(fed.subgraphs[name].url);
      expect(samples.every((s) => s.labels.service === name)).toBe(true);
      expect(find(samples, 'graphql_operations_total', { type: 'query' }).reduce((sum, s) => sum + s.value, 0)).toBeGreaterThan(0);
      expect(find(samples, 'http_request_duration_seconds_count', { method: 'POST', route: '/graphql', status: '200' })[0]?.value).toBeGreaterThan(0);
      expect(find(samples, 'process_cpu_user_seconds_total', {})).toHaveLength(1);
      expect(find(samples, 'subgraph_fetch_duration_seconds_count', {})).toEqual([]);
    }
  });

  it('refuses a caller without the token, or with another, with 401 on every service', async () => {
    for (const url of [fed.gateway.url, ...SUBGRAPH_NAMES.map((name) => fed.subgraphs[name].url)]) {
      const anonymous = await fetch(metricsUrl(url));
      expect(anonymous.status).toBe(401);
      expect(await anonymous.text()).not.toMatch(/graphql_operations_total/);
      const wrong = await fetch(metricsUrl(url), { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
      expect(wrong.status).toBe(401);
    }
  });
});

describe('who may read /metrics without METRICS_TOKEN', () => {
  it.each([
    ['outside production', 200, false],
    ['in production', 404, true],
  ])('%s: answers %s', async (_where, status, production) => {
    const config = { ...loadConfig({ NODE_ENV: 'test' }), production };
    const app = createHttpApp(config, createLogger(config, 'gateway'), new ServiceMetrics('gateway'), async () => null);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
      expect(res.status).toBe(status);
      expect((await res.text()).includes('process_cpu_user_seconds_total{service="gateway"}')).toBe(status === 200);
    } finally {
      server.close();
    }
  });
});
