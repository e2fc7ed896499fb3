import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Config } from './config';

/** The outcome of one gateway → subgraph call, as `subgraph_fetch_duration_seconds` labels it. */
export type SubgraphFetchOutcome = 'ok' | 'error' | 'timeout' | 'circuit_open';

/** The mount points an HTTP request is labelled with; anything else is `other` (labels stay bounded). */
const ROUTES = new Set(['/graphql', '/health', '/ready', '/metrics', '/auth', '/reports', '/oai', '/console', '/explorer']);
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
/** At most this many distinct operation names (and error codes) per service; later ones count as `other`. */
const MAX_LABEL_VALUES = 200;

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

/** Times every request (the first middleware of createHttpApp). */
export function httpMetrics(metrics: ServiceMetrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.once('close', () => {
      const segment = `/${(req.originalUrl.split('?')[0] ?? '').split('/')[1] ?? ''}`;
      end({
        method: METHODS.has(req.method) ? req.method : 'other',
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
