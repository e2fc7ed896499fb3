import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import { pathOf, type PlainHandler } from './plain-http';
import { now as clockNow } from './clock';
import { poolUse } from './database';
import type { OutboxTable, OutboxRow } from './outbox';

/** The outcome of one gateway → subgraph call, as `subgraph_fetch_duration_seconds` labels it. */
export type SubgraphFetchOutcome = 'ok' | 'error' | 'timeout' | 'circuit_open';

/** The mount points an HTTP request is labelled with; anything else is `other` (labels stay bounded). */
const ROUTES = new Set(['/graphql', '/health', '/ready', '/metrics', '/auth', '/reports', '/oai', '/console', '/explorer']);
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
/** At most this many distinct operation names (and error codes) per service; later ones count as `other`. */
const MAX_LABEL_VALUES = 200;

/** An outbox whose depth is read at each scrape. */
interface WatchedOutbox {
  name: string;
  db: DataSource;
  table: OutboxTable<OutboxRow>;
}

/**
 * The metrics of the service whose background work is being started: startSubgraph runs its
 * `background` hook inside it, so a job or an outbox worker reports to its own service (several
 * share a process) without every job's signature carrying the metrics. Outside it (a CLI run, a
 * test calling a job directly) nothing is recorded.
 */
const backgroundScope = new AsyncLocalStorage<ServiceMetrics>();
export const withServiceMetrics = <T>(metrics: ServiceMetrics, start: () => T): T => backgroundScope.run(metrics, start);
export const currentServiceMetrics = (): ServiceMetrics | undefined => backgroundScope.getStore();

/**
 * One service's Prometheus metrics, in a registry of its own (several services may share a process:
 * `npm start`, the tests), every series labelled with `service`.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly graphqlOperations: Counter<'operation' | 'type'>;
  readonly graphqlErrors: Counter<'code'>;
  readonly subgraphFetchDuration: Histogram<'subgraph' | 'outcome'>;
  readonly jobRuns: Counter<'job' | 'outcome'>;
  readonly jobDuration: Histogram<'job'>;
  readonly jobLastSuccess: Gauge<'job'>;
  private readonly databases: DataSource[] = [];
  private readonly outboxes: WatchedOutbox[] = [];
  private readonly operationNames = new Set<string>();
  private readonly errorCodes = new Set<string>();
  private processMetrics = false;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route (the mount point) and status, in seconds',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.graphqlOperations = new Counter({
      name: 'graphql_operations_total',
      help: 'GraphQL operations resolved, by operation name ("anonymous" without one) and type',
      labelNames: ['operation', 'type'],
      registers: [this.registry],
    });
    this.graphqlErrors = new Counter({
      name: 'graphql_errors_total',
      help: 'GraphQL errors sent to callers, by extensions.code',
      labelNames: ['code'],
      registers: [this.registry],
    });
    this.subgraphFetchDuration = new Histogram({
      name: 'subgraph_fetch_duration_seconds',
      help: "The gateway's calls to each subgraph, by outcome (ok, error, timeout, circuit_open), in seconds",
      labelNames: ['subgraph', 'outcome'],
      registers: [this.registry],
    });
    this.jobRuns = new Counter({
      name: 'job_runs_total',
      help: 'Passes of the periodic jobs (hold expiry, notices, webhooks, aggregates), by job and outcome (ok, error)',
      labelNames: ['job', 'outcome'],
      registers: [this.registry],
    });
    this.jobDuration = new Histogram({
      name: 'job_duration_seconds',
      help: 'How long a periodic job pass took, by job, in seconds',
      labelNames: ['job'],
      // Passes run from milliseconds (nothing due) to minutes (a slow receiver, a rebuild).
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900],
      registers: [this.registry],
    });
    this.jobLastSuccess = new Gauge({
      name: 'job_last_success_timestamp_seconds',
      help: 'When each periodic job last finished a pass without error, in Unix seconds (alert on time() minus it)',
      labelNames: ['job'],
      registers: [this.registry],
    });
    const databases = this.databases;
    new Gauge({
      name: 'db_pool_connections',
      help:
        'Database connections by state. MySQL/MariaDB: the mysql2 pool, in_use (lent to a query or transaction) and idle (open, free); ' +
        'SQLite: its one connection, in_use while a write transaction runs, else idle',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const db of databases) {
          const use = poolUse(db);
          if (!use) continue;
          this.inc({ state: 'in_use' }, use.inUse);
          this.inc({ state: 'idle' }, use.idle);
        }
      },
    });
    new Gauge({
      name: 'db_pool_waiting',
      help: 'Waiting for a database connection. MySQL/MariaDB: requests queued for a free pool connection; SQLite: write transactions queued behind the running one (reads never wait)',
      registers: [this.registry],
      collect() {
        this.reset();
        for (const db of databases) this.inc(poolUse(db)?.waiting ?? 0);
      },
    });
    new Gauge({
      name: 'db_pool_max_connections',
      help: 'The most connections the pool opens (MySQL/MariaDB connectionLimit; SQLite 1)',
      registers: [this.registry],
      collect() {
        this.reset();
        for (const db of databases) this.inc(poolUse(db)?.max ?? 0);
      },
    });
    const outboxes = this.outboxes;
    new Gauge({
      name: 'outbox_messages',
      help: 'Messages in each outbox not yet delivered, by state: pending (waiting for a pass or a retry), leased (claimed by a worker, being sent), failed (given up, until requeued); read at each scrape',
      labelNames: ['outbox', 'state'],
      registers: [this.registry],
      async collect() {
        const counts = await Promise.all(outboxes.map((o) => within(OUTBOX_DEPTH_DEADLINE_MS, outboxDepth(o))));
        this.reset();
        counts.forEach((count, i) => {
          // A database that fails or is slow to answer (down, its pool exhausted) leaves the outbox
          // out of this scrape, rather than failing or stalling the scrape.
          if (!count) return;
          for (const [state, n] of Object.entries(count)) this.set({ outbox: outboxes[i].name, state }, n);
        });
      },
    });
  }

  /** Reports the pool of this service's database at each scrape. */
  watchDatabase(db: DataSource): void {
    this.databases.push(db);
  }

  /** Reports an outbox's depth at each scrape (two COUNTs over its undelivered rows). */
  watchOutbox<Row extends OutboxRow>(name: string, db: DataSource, table: OutboxTable<Row>): void {
    if (!this.outboxes.some((o) => o.name === name)) this.outboxes.push({ name, db, table });
  }

  /** Starts timing one pass of job `name`; the returned function records it with its outcome. */
  jobPass(name: string): (outcome: 'ok' | 'error') => void {
    const end = this.jobDuration.startTimer({ job: name });
    return (outcome) => {
      end();
      this.jobRuns.inc({ job: name, outcome });
      if (outcome === 'ok') this.jobLastSuccess.set({ job: name }, Date.now() / 1000);
    };
  }

  /**
   * The exposition text. Node's process metrics (CPU, memory, event-loop lag, GC) start at the
   * first scrape, not with the service: prom-client's collectors (a GC observer, an event-loop
   * monitor) cannot be stopped, and the tests start ~200 services that are never scraped.
   */
  async text(): Promise<string> {
    if (!this.processMetrics) {
      collectDefaultMetrics({ register: this.registry });
      this.processMetrics = true;
    }
    return this.registry.metrics();
  }

  /** A label value from a client-chosen set, bounded: the first MAX_LABEL_VALUES seen, then `other`. */
  private bounded(seen: Set<string>, value: string): string {
    if (seen.has(value)) return value;
    if (seen.size >= MAX_LABEL_VALUES) return 'other';
    seen.add(value);
    return value;
  }

  operation(name: string | null | undefined, type: string): void {
    const operation = name && /^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name) ? this.bounded(this.operationNames, name) : 'anonymous';
    this.graphqlOperations.inc({ operation, type });
  }

  error(code: unknown): void {
    const value = typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? this.bounded(this.errorCodes, code) : 'INTERNAL_SERVER_ERROR';
    this.graphqlErrors.inc({ code: value });
  }

  /** Starts timing one call to `subgraph`; the returned function records it with its outcome. */
  subgraphFetch(subgraph: string): (outcome: SubgraphFetchOutcome) => void {
    const end = this.subgraphFetchDuration.startTimer({ subgraph });
    return (outcome) => {
      end({ outcome });
    };
  }
}

/** How long a scrape waits for an outbox's COUNT. */
const OUTBOX_DEPTH_DEADLINE_MS = 1_000;

/** The promise's value, or null when it fails or takes longer than `ms`. */
async function within<T>(ms: number, promise: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise.catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * PENDING rows split by a live lease, and FAILED ones. Two plain COUNTs (by status, on the
 * status index; then the leased among the PENDING): on MariaDB with 130,000 notices they take
 * about 7 ms each, where one query grouping by status and lease took 700 ms (a temporary table).
 */
async function outboxDepth({ db, table }: WatchedOutbox): Promise<Record<'pending' | 'leased' | 'failed', number>> {
  const { pending, failed } = table.statuses;
  const repo = db.getRepository(table.entity);
  const [byStatus, leased] = await Promise.all([
    repo
      .createQueryBuilder('o')
      .select('o.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('o.status IN (:...statuses)', { statuses: [pending, failed] })
      .groupBy('o.status')
      .getRawMany<{ status: string; n: number | string }>(),
    // The leases are written in the services' clock (tests move it), so they are read in it too.
    repo.createQueryBuilder('o').where('o.status = :pending AND o.lockedUntil > :at', { pending, at: clockNow() }).getCount(),
  ]);
  const count = (status: string) => Number(byStatus.find((r) => r.status === status)?.n ?? 0);
  // Two reads, not one snapshot: a row claimed between them must not make `pending` negative.
  return { pending: Math.max(0, count(pending) - leased), leased, failed: count(failed) };
}

/** Times every request (the first middleware of createHttpApp). */
export function httpMetrics(metrics: ServiceMetrics): PlainHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    const segment = `/${pathOf(req).split('/')[1] ?? ''}`;
    res.once('close', () => {
      end({
        method: req.method && METHODS.has(req.method) ? req.method : 'other',
        route: ROUTES.has(segment) ? segment : 'other',
        status: String(res.statusCode),
      });
    });
    next();
  };
}

/** Counts each resolved operation and each error in the answer, with the code the caller sees. */
export function metricsPlugin(metrics: ServiceMetrics): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operation, operationName }) => {
        if (operation) metrics.operation(operationName, operation.operation);
      },
      willSendResponse: async ({ response }) => {
        if (response.body.kind !== 'single') return;
        for (const error of response.body.singleResult.errors ?? []) metrics.error(error.extensions?.code);
      },
    }),
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * GET /metrics, Prometheus text format. With METRICS_TOKEN set, only for a caller that sends it as
 * `Authorization: Bearer <token>` (else 401); without it, open outside production and not served
 * (404) in production.
 */
export function metricsRoute(config: Config, metrics: ServiceMetrics): RequestHandler {
  const expected = config.metricsToken ? digest(`Bearer ${config.metricsToken}`) : undefined;
  return async (req, res, next) => {
    if (!expected) {
      if (config.production) return next();
    } else if (!timingSafeEqual(digest(req.header('authorization') ?? ''), expected)) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer')
        .json({ errors: [{ message: 'The metrics need the METRICS_TOKEN bearer token', extensions: { code: 'UNAUTHENTICATED' } }] });
      return;
    }
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.text());
  };
}
