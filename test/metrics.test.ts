import type { AddressInfo } from 'node:net';
import { loadConfig } from '../shared/platform/config';
import { transaction } from '../shared/platform/database';
import { deliverDue, type Outbox } from '../shared/platform/outbox';
import { EventNotice } from '../subgraphs/community-events/notices/event-notice.entity';
import { eventNoticeOutbox } from '../subgraphs/community-events/notices/notices.service';
import { createLogger } from '../shared/platform/logger';
import { ServiceMetrics } from '../shared/platform/metrics';
import { createHttpApp } from '../shared/platform/server';
import { SUBGRAPH_NAMES } from '../subgraphs/registry';
import { librarianToken, memberToken, publishedEvent, REGISTER } from './community-events.fixtures';
import { BACKENDS, CONTRACT_QUERY, codes, startFederation, type Federation } from './helpers/federation';

const baseConfig = loadConfig();

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

const value = (samples: Sample[], name: string, labels: Record<string, string>) => find(samples, name, labels)[0]?.value;

/** Scrapes until `ready` holds for the samples (a background job's first pass), for at most 20 s. */
async function scrapeUntil(graphqlUrl: string, ready: (samples: Sample[]) => boolean): Promise<Sample[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const samples = await scrape(graphqlUrl);
    if (ready(samples) || Date.now() > deadline) return samples;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(BACKENDS)('Prometheus metrics (%s)', (backend) => {
  let fed: Federation;

  beforeAll(async () => {
    // The background jobs run (they are what the job and outbox series report); the webhook
    // worker polls every 100 ms, and no SMTP_URL: event notices stay in their outbox.
    fed = await startFederation(backend, {
      background: true,
      config: { metricsToken: METRICS_TOKEN, partnerWebhooks: { ...baseConfig.partnerWebhooks, pollMs: 100 }, notices: { ...baseConfig.notices, smtpUrl: undefined } },
    });
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

  it("counts the webhook worker's passes by outcome, times them and stamps its last success", async () => {
    const url = fed.subgraphs.partnerships.url;
    const samples = await scrapeUntil(url, (s) => (value(s, 'job_runs_total', { job: 'partner-webhooks', outcome: 'ok' }) ?? 0) > 0);
    expect(value(samples, 'job_runs_total', { service: 'partnerships', job: 'partner-webhooks', outcome: 'ok' })).toBeGreaterThan(0);
    expect(value(samples, 'job_runs_total', { job: 'partner-webhooks', outcome: 'error' }) ?? 0).toBe(0);
    expect(value(samples, 'job_duration_seconds_count', { job: 'partner-webhooks' })).toBeGreaterThan(0);
    const lastSuccess = value(samples, 'job_last_success_timestamp_seconds', { job: 'partner-webhooks' });
    expect(Math.abs(lastSuccess - Date.now() / 1000)).toBeLessThan(60);
    // Each service reports only its own jobs.
    expect(find(await scrape(fed.subgraphs['staff-development'].url), 'job_runs_total', { job: 'partner-webhooks' })).toEqual([]);
  });

  it("shows a cancelled event's notices to a guest and to a member as pending, then leased while a worker sends them, in the event-notices outbox", async () => {
    const url = fed.subgraphs['community-events'].url;
    const depth = async () => {
      const samples = await scrape(url);
      return Object.fromEntries(
        ['pending', 'leased', 'failed'].map((state) => [state, value(samples, 'outbox_messages', { service: 'community-events', outbox: 'event-notices', state })]),
      );
    };
    const before = await depth();
    expect(before).toEqual({ pending: expect.any(Number), leased: 0, failed: expect.any(Number) });
    const eventId = await publishedEvent(fed, { title: 'Klub Baca Metrik' });
    const guest = await fed.query(REGISTER, { variables: { eventId, guest: { name: 'Maria Ndun', email: `maria.${backend}@contoh.id` } } });
    expect(guest.errors).toBeUndefined();
    const member = await fed.query(REGISTER, { token: await memberToken(fed, 0), variables: { eventId } });
    expect(member.errors).toBeUndefined();
    const cancelled = await fed.query('mutation($id: ID!) { cancelEvent(id: $id, reason: "Ruang baca direnovasi") { id status } }', {
      token: await librarianToken(fed, 'kupang'),
      variables: { id: eventId },
    });
    expect(cancelled.errors).toBeUndefined();
    expect(await depth()).toEqual({ pending: before.pending + 2, leased: 0, failed: before.failed });

    // A worker claims the notices and is still sending them: leased, no longer pending.
    let finish = () => undefined as void;
    const sending = new Promise<void>((resolve) => (finish = resolve));
    const slowOutbox: Outbox<EventNotice> = {
      ...eventNoticeOutbox,
      name: 'event notice',
      attempt: async () => {
        await sending;
        return { error: 'the receiver hung up' };
      },
      columns: ({ attempt }) => ({ lastError: attempt.error }),
      logFields: (notice) => ({ notice: notice.id }),
    };
    const pass = deliverDue(fed.subgraphs['community-events'].db, slowOutbox, new Date(), { maxAttempts: 5, backoffMs: () => 60_000, timeoutMs: 5_000 });
    const leased = await (async () => {
      for (let tries = 0; tries < 100; tries++) {
        // Each message is leased by its own statement: wait until the pass has claimed them all.
        const now = await depth();
        if (now.leased === before.pending + 2) return now;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return depth();
    })();
    finish();
    expect((await pass).retrying).toBeGreaterThan(0);
    expect(leased).toEqual({ pending: 0, leased: before.pending + 2, failed: before.failed });
    expect(await depth()).toEqual({ pending: before.pending + 2, leased: 0, failed: before.failed });
  });

  it('reports the outboxes of collections and partnerships, none of their messages leased', async () => {
    const states = async (url: string, outbox: string) => Object.fromEntries(find(await scrape(url), 'outbox_messages', { outbox }).map((s) => [s.labels.state, s.value]));
    expect(await states(fed.subgraphs.collections.url, 'circulation-notices')).toEqual({ pending: expect.any(Number), leased: 0, failed: expect.any(Number) });
    expect(await states(fed.subgraphs.partnerships.url, 'partner-webhooks')).toEqual({ pending: expect.any(Number), leased: 0, failed: expect.any(Number) });
  });

  it('counts an idle pool, then connections held by transactions as in use and a transaction that must wait as waiting', async () => {
    const { db, url } = fed.subgraphs['staff-development'];
    const idle = await scrape(url);
    const max = value(idle, 'db_pool_max_connections', {});
    expect(max).toBe(backend === 'sqlite' ? 1 : 10);
    expect(value(idle, 'db_pool_connections', { state: 'in_use' })).toBe(0);
    expect(value(idle, 'db_pool_connections', { state: 'idle' })).toBeGreaterThan(0);
    expect(value(idle, 'db_pool_waiting', {})).toBe(0);

    // Every connection the pool may open holds a transaction, and one more transaction waits.
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    const held = Array.from({ length: max + 1 }, () =>
      transaction(db, async (tx) => {
        await tx.query('SELECT 1');
        started += 1;
        await gate;
      }),
    );
    const busy = await scrapeUntil(url, (s) => started === max && value(s, 'db_pool_waiting', {}) === 1);
    release();
    await Promise.all(held);
    expect(value(busy, 'db_pool_connections', { state: 'in_use' })).toBe(max);
    expect(value(busy, 'db_pool_connections', { state: 'idle' })).toBe(0);
    expect(value(busy, 'db_pool_waiting', {})).toBe(1);
    expect(value(await scrape(url), 'db_pool_connections', { state: 'in_use' })).toBe(0);
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
