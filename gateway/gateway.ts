import fs from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { expressMiddleware } from '@as-integrations/express5';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import { GraphQLError, type GraphQLFormattedError, type ValidationContext } from 'graphql';
import { Agent, request, type Dispatcher } from 'undici';
import type { Span } from '@opentelemetry/api';
import { INTERNAL_HEADER, identityFromAuthorization, internalTokenFor, type Identity } from '../shared/platform/auth';
import type { Config } from '../shared/platform/config';
import { formatError } from '../shared/platform/errors';
import { createLogger, type Logger } from '../shared/platform/logger';
import { ServiceMetrics, type SubgraphFetchOutcome } from '../shared/platform/metrics';
import { oidcVerifier } from '../shared/platform/oidc';
import { apolloPlugins, createHttpApp, jsonErrorHandler, listen, type RunningService } from '../shared/platform/server';
import { ServiceTracing } from '../shared/platform/tracing';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/registry';
import { authRouter } from './auth/routes';
import { openIdentityStore } from './auth/store';
import { CircuitBreaker } from './breaker';
import { gatewayCaches } from './caches';
import { consoleRouter } from './console';
import { costRule, ownershipFromSupergraph } from './cost';
import { CALLER_KEY_HEADER, callerKey, InFlightRequests, type SubgraphAnswer } from './dedupe';
import { explorerRouter } from './explorer';
import { knownOperationTypeRule, limitCodeOf, queryBytesLimit, queryLimitsPlugin, refusedDocumentRule } from './limits';
import { oaiRouter } from './oai/router';
import { referenceRouter } from './reference';
import { reportsRouter } from './reports';
import { clientOperationsRoute, loadTrustedClients, trustedDocuments } from './trusted-documents';

export interface GatewayContext {
  identity: Identity;
  /** The gateway's proof for the subgraphs, minted once per request. */
  internalToken: string;
  /** Who is asking, as in-flight de-duplication tells callers apart (gateway/dedupe.ts). */
  callerKey: string;
}

const reportRejection = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

class SubgraphAnswerTooLarge extends Error {}

/** The SERVICE_UNAVAILABLE errors of calls that gave up at their timeout (outcome `timeout` in the metrics). */
const timedOut = new WeakSet<object>();

/** Reads a subgraph's answer, giving up as soon as it passes `maxBytes` (the header first, then the bytes). */
async function readCapped(res: Dispatcher.ResponseData, maxBytes: number): Promise<string> {
  if (Number(res.headers['content-length']) > maxBytes) {
    // Dropped unread: the connection is closed, and the abort it reports is no one's error.
    res.body.on('error', () => undefined).destroy();
    throw new SubgraphAnswerTooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    // Leaving the loop destroys the body.
    if (total > maxBytes) throw new SubgraphAnswerTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Headers of a subgraph's answer that describe the connection or the encoding, not the answer passed on. */
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding']);

/** The request headers @apollo/gateway hands the fetcher (node-fetch's Headers, not the global one; or a plain record), as undici takes them. */
function plainHeaders(init: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!init) return out;
  if (Array.isArray(init)) for (const [name, value] of init) out[name.toLowerCase()] = value;
  else if (typeof (init as Headers).forEach === 'function') (init as Headers).forEach((value, name) => (out[name] = value));
  else for (const [name, value] of Object.entries(init as Record<string, string>)) out[name.toLowerCase()] = value;
  return out;
}

/**
 * The default fetcher has no timeout (a hung subgraph would hold the request forever), and its
 * failures carry the subgraph's internal URL. This one gives up after `timeoutMs` and fails with
 * SERVICE_UNAVAILABLE naming only the service; the gateway keeps the other subgraphs' data.
 *
 * Every call goes through the subgraph's circuit breaker (gateway/breaker.ts): SUBGRAPH_BREAKER_FAILURES
 * such failures in a row open it, and while it is open the call fails at once with the same
 * SERVICE_UNAVAILABLE (and `retryAfterSeconds`) instead of waiting out the timeout again. Only
 * SERVICE_UNAVAILABLE counts as a failure: a subgraph that answers, even with errors or too much, is up.
 *
 * It reads the whole answer itself, inside the timeout and capped at MAX_RESPONSE_BYTES, so that a
 * subgraph failing while its body is read, answering something that is not JSON (an HTML error
 * page, a proxy's 502) or answering too much is a coded error — SERVICE_UNAVAILABLE,
 * PAYLOAD_TOO_LARGE, RESPONSE_TOO_LARGE — never INTERNAL_SERVER_ERROR. It never sends a body
 * larger than the subgraphs accept (SUBGRAPH_BODY_LIMIT).
 */
function subgraphFetcher(
  service: string,
  limits: { timeoutMs: number; maxRequestBytes: number; maxResponseBytes: number },
  breaker: CircuitBreaker,
  log: Logger,
  metrics: ServiceMetrics,
  tracing: ServiceTracing,
  inFlight: InFlightRequests | null,
  agent: Dispatcher,
) {
  const unavailable = (reason: string) => {
    log.warn({ service, reason }, 'subgraph unavailable');
    return new GraphQLError(`The ${service} service is unavailable`, { extensions: { code: 'SERVICE_UNAVAILABLE', service } });
  };
  const tooLarge = () =>
    new GraphQLError(`The request to the ${service} service is larger than it accepts: ask for fewer objects at once`, {
      extensions: { code: 'PAYLOAD_TOO_LARGE', service },
    });
  const call = async (url: string, body: string | undefined, headers: Record<string, string>): Promise<SubgraphAnswer> => {
    let res: Dispatcher.ResponseData;
    let text: string;
    // One timer per call bounds the whole exchange, the answer's body included.
    const abort = new AbortController();
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      abort.abort();
    }, limits.timeoutMs);
    try {
      res = await request(url, { method: 'POST', headers, body, dispatcher: agent, signal: abort.signal });
      text = await readCapped(res, limits.maxResponseBytes);
    } catch (err) {
      if (err instanceof SubgraphAnswerTooLarge) {
        throw new GraphQLError(`The ${service} service's answer is larger than ${limits.maxResponseBytes} bytes: ask for smaller pages or fewer fields`, {
          extensions: { code: 'RESPONSE_TOO_LARGE', service, maxBytes: limits.maxResponseBytes },
        });
      }
      const error = unavailable(expired ? `timed out after ${limits.timeoutMs} ms` : String(err));
      if (expired) timedOut.add(error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    const contentType = String(res.headers['content-type'] ?? '');
    if (res.statusCode === 413) throw tooLarge();
    if (!contentType.includes('json')) throw unavailable(`HTTP ${res.statusCode}, ${contentType || 'no content type'}`);
    try {
      JSON.parse(text);
    } catch {
      throw unavailable(`HTTP ${res.statusCode}, malformed JSON`);
    }
    // A subgraph answers 400 when an input value fails its scalar (a Date of "2026-13-01"): the
    // gateway cannot check custom scalars itself, and would turn the 400 into an opaque error.
    // Passing the body on as a 200 hands the subgraph's coded errors to the client.
    const answerHeaders = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined || HOP_HEADERS.has(name)) continue;
      for (const one of Array.isArray(value) ? value : [value]) answerHeaders.append(name, one);
    }
    return { status: res.statusCode === 400 ? 200 : res.statusCode, headers: answerHeaders, text };
  };
  const attempt = async (url: string, body: string | undefined, headers: Record<string, string>, span: Span | undefined): Promise<SubgraphAnswer> => {
    if (body !== undefined && Buffer.byteLength(body, 'utf8') > limits.maxRequestBytes) throw tooLarge();
    const done = metrics.subgraphFetch(service);
    const permit = breaker.permit();
    if (!permit.allowed) {
      done('circuit_open');
      log.debug({ service }, 'subgraph circuit open: call refused');
      throw new GraphQLError(`The ${service} service is unavailable`, {
        extensions: { code: 'SERVICE_UNAVAILABLE', service, retryAfterSeconds: Math.max(1, Math.ceil(permit.retryAfterMs / 1000)) },
      });
    }
    let failed = true;
    let outcome: SubgraphFetchOutcome = 'error';
    try {
      const res = await call(url, body, headers);
      failed = false;
      outcome = 'ok';
      return res;
    } catch (err) {
      failed = err instanceof GraphQLError && err.extensions.code === 'SERVICE_UNAVAILABLE';
      if (timedOut.has(err as object)) outcome = 'timeout';
      throw err;
    } finally {
      done(outcome);
      span?.setAttribute('subgraph.outcome', outcome);
      const before = breaker.state;
      if (failed) breaker.failed();
      else breaker.succeeded();
      if (breaker.state === 'open' && before !== 'open') log.warn({ service, probe: permit.probe }, 'subgraph circuit opened');
      else if (breaker.state === 'closed' && before !== 'closed') log.info({ service }, 'subgraph circuit closed');
    }
  };
  // Each call is a span of the client request's trace; its `traceparent` makes the subgraph's request its child.
  // An identical query of the same caller already in flight is joined, not sent again (gateway/dedupe.ts).
  return (url: string, init: RequestInit) =>
    tracing.client(`subgraph ${service}`, { 'subgraph.name': service, 'http.request.method': 'POST', 'url.full': url }, async (trace, span) => {
      const headers = plainHeaders(init.headers);
      const caller = headers[CALLER_KEY_HEADER] ?? null;
      delete headers[CALLER_KEY_HEADER];
      Object.assign(headers, trace);
      const body = typeof init.body === 'string' ? init.body : undefined;
      const send = () => attempt(url, body, headers, span);
      const { answer, shared } = inFlight ? inFlight.run(url, caller, init.body, send) : { answer: send(), shared: false };
      if (shared) span?.setAttribute('subgraph.deduplicated', true);
      return answered(url, await answer);
    });
}

/**
 * What @apollo/gateway's RemoteGraphQLDataSource reads of the fetcher's Response — ok, status,
 * statusText, url, headers, json(), text() — over an answer already read in full: a WHATWG
 * Response would put the text back into a web stream, only for json() to read it out of it again
 * (#19: undici's stream and body helpers, ~2 % of the stack's CPU a contract query).
 */
function answered(url: string, { status, headers, text }: SubgraphAnswer) {
  return { ok: status >= 200 && status < 300, status, statusText: '', url, headers, json: async (): Promise<unknown> => JSON.parse(text), text: async () => text };
}

/** How long the gateway's /ready waits for each subgraph's /ready (at most the subgraph's timeout): it answers within a 1 s probe. */
const READY_DEADLINE_MS = 800;

/**
 * The client's operation passed the gateway's validation, so a subgraph that still finds it
 * invalid is refusing an input value (a custom scalar): that is BAD_USER_INPUT to the client.
 */
function inputErrorsAsBadUserInput(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && formatted.extensions?.serviceName) {
    return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
  }
  return formatted;
}

/**
 * No anonymous telemetry leaves our servers (with it on, @apollo/gateway also probes cloud
 * metadata addresses such as 169.254.169.254). The gateway has no option for it: its constructor
 * reads APOLLO_TELEMETRY_DISABLED from process.env, once. Unless the environment says otherwise,
 * the variable is set for that constructor only, so tests and benchmarks are covered too and
 * process.env is left as it was.
 */
export function withoutApolloTelemetry<T>(construct: () => T): T {
  if (process.env.APOLLO_TELEMETRY_DISABLED !== undefined) return construct();
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  try {
    return construct();
  } finally {
    delete process.env.APOLLO_TELEMETRY_DISABLED;
  }
}

/** Serves the committed static supergraph over the subgraphs at `subgraphUrls`. */
export async function startGateway(
  config: Config,
  options: {
    port?: number;
    subgraphUrls?: Record<SubgraphName, string>;
    supergraphSdl?: string;
    /** seed the demo sign-in accounts (default SEED_DEMO_DATA; never in production) */ seed?: boolean;
  } = {},
): Promise<RunningService> {
  const log = createLogger(config, 'gateway');
  const metrics = new ServiceMetrics('gateway');
  const tracing = new ServiceTracing(config, 'gateway', false, log);
  const subgraphUrls = options.subgraphUrls ?? config.subgraphUrls;
  // Per subgraph: its own <NAME>_TIMEOUT_MS, else SUBGRAPH_TIMEOUT_MS; and one circuit breaker each.
  const timeoutOf = (name: SubgraphName) => config.subgraphTimeouts[name] ?? config.subgraphTimeoutMs;
  const breakers = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, new CircuitBreaker(config.subgraphBreaker)])) as Record<SubgraphName, CircuitBreaker>;
  // Identical queries of one caller in flight at once share one subgraph request (SUBGRAPH_DEDUPLICATION).
  const inFlight = config.subgraphDeduplication ? new InFlightRequests() : null;
  // The subgraph calls' own keep-alive pool (undici's request, without fetch's WHATWG streams and
  // per-call AbortSignal.timeout: about a fifth of the gateway's CPU in the profile of #19).
  const agent = new Agent();
  const supergraphSdl = options.supergraphSdl ?? fs.readFileSync(config.supergraphPath, 'utf8');
  // Caches keyed by query text, bounded by the bytes they hold (gateway/caches.ts).
  const caches = gatewayCaches(config.queryCacheBytes, config.apqCacheBytes);
  // The registered clients' manifests: their operations by hash (gateway/trusted-documents.ts).
  const trustedClients = loadTrustedClients(config.trustedDocuments.dir);
  if (config.trustedDocuments.mode === 'enforce' && !trustedClients.size) log.warn({ dir: config.trustedDocuments.dir }, 'trusted documents: no manifest, no client registered');
  else log.info({ clients: [...trustedClients.keys()], mode: config.trustedDocuments.mode }, 'trusted documents');
  const fetchLimits = (name: SubgraphName) => ({ timeoutMs: timeoutOf(name), maxRequestBytes: config.subgraphBodyLimit, maxResponseBytes: config.maxResponseBytes });
  // Accounts, refresh tokens and the sign-in log: the identity store (gateway/auth/, docs/auth.md).
  const identityStore = await openIdentityStore(config, subgraphUrls, log, { seed: options.seed });

  const gateway = withoutApolloTelemetry(
    () =>
      new ApolloGateway({
        supergraphSdl,
        // The supergraph is composed and validated by `npm run compose` (test/supergraph.test.ts
        // checks the committed one is current). Apollo validates it again at every start unless
        // NODE_ENV is production: ~0.8 s of CPU for each gateway, in development and in every test.
        validateSupergraph: false,
        logger: log,
        queryPlannerConfig: { cache: caches.queryPlanStore },
        buildService: ({ name }) =>
          new RemoteGraphQLDataSource<GatewayContext>({
            url: subgraphUrls[name as SubgraphName],
            fetcher: subgraphFetcher(name, fetchLimits(name as SubgraphName), breakers[name as SubgraphName], log, metrics, tracing, inFlight, agent) as never,
            willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
              // Only a client's operation carries the GatewayContext; the other request kinds' context is untyped.
              const token: unknown = context.internalToken;
              if (typeof token === 'string' && token) request.http?.headers.set(INTERNAL_HEADER, token);
              const caller: unknown = context.callerKey;
              if (inFlight && typeof caller === 'string') request.http?.headers.set(CALLER_KEY_HEADER, caller);
            },
          }),
      }),
  );

  // Ready when every subgraph is: its breaker is not open (within its cool-down) and its own /ready
  // (its database) answers 2xx within READY_DEADLINE_MS. Names only, never an address.
  const app = createHttpApp(
    config,
    log,
    metrics,
    async () => {
      const reasons = await Promise.all(
        SUBGRAPH_NAMES.map(async (name): Promise<string | null> => {
          if (breakers[name].state === 'open') return 'circuit open';
          const ready = subgraphUrls[name].replace(/\/graphql$/, '/ready');
          return fetch(ready, { signal: AbortSignal.timeout(Math.min(READY_DEADLINE_MS, timeoutOf(name))) }).then(
            async (r) => {
              await r.body?.cancel().catch(() => undefined);
              return r.ok ? null : 'not ready';
            },
            () => 'no answer',
          );
        }),
      );
      const down = SUBGRAPH_NAMES.filter((_, i) => reasons[i]);
      return down.length ? { down, reasons: Object.fromEntries(down.map((name) => [name, reasons[SUBGRAPH_NAMES.indexOf(name)]])) } : null;
    },
    tracing,
  );
  const { server, port } = await listen(app, options.port ?? config.ports.gateway, config.host, 'gateway');

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // main.ts owns SIGTERM/SIGINT (one shutdown: the gateway drains before its subgraphs stop).
    stopOnTerminationSignals: false,
    introspection: !config.production,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: config.production,
    parseOptions: { maxTokens: config.maxTokens },
    documentStore: caches.documentStore,
    // Automatic persisted queries in a bounded cache (APQ_CACHE_MAX_BYTES; 0: off). A query is
    // registered only once it passed validation; trustedDocuments (below) refuses a hash that does
    // not match its text with a coded error before Apollo sees it.
    persistedQueries: caches.persistedQueries ? { cache: caches.persistedQueries } : false,
    cache: new InMemoryLRUCache({ maxSize: 2 ** 20 }),
    // Reported as validation errors (HTTP 400), not thrown: a thrown rule error becomes a 500.
    // The document's size (fields, aliases) is checked before these run: gateway/limits.ts.
    validationRules: [
      refusedDocumentRule,
      knownOperationTypeRule,
      maxDepthRule({ n: config.maxDepth, ...reportRejection }),
      // `__typename` aliases count too (graphql-armor lets them through by default).
      maxAliasesRule({ n: config.maxAliases, allowList: [], ...reportRejection }),
      costRule(ownershipFromSupergraph(supergraphSdl), {
        maxCost: config.maxQueryCost,
        listSize: config.queryCostListSize,
        maxPageSize: config.maxPageSize,
      }),
    ],
    formatError: (formatted, error) => formatError(limitCodeOf(inputErrorsAsBadUserInput(formatted), error), error, (err) => log.error({ err }, 'request failed')),
    plugins: [
      ...apolloPlugins(config, server, metrics, log, tracing),
      queryLimitsPlugin({
        maxQueryFields: config.maxQueryFields,
        maxAliases: config.maxAliases,
        maxResponseBytes: config.maxResponseBytes,
      }),
    ],
  });
  await apollo.start();

  app.set('trust proxy', config.trustProxy);
  const identify = (req: express.Request) =>
    identityFromAuthorization(req.header('authorization'), config.jwtSecret, { maxTtlSeconds: config.tokenMaxTtl, provider: oidcVerifier(config) });
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: config.rateLimitPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: () => config.rateLimitPerMinute === 0,
    handler: (_req, res) => {
      res.status(429).json({ errors: [{ message: 'Too many requests: slow down', extensions: { code: 'RATE_LIMITED' } }] });
    },
  });
  // Outside production, GraphiQL from our own packages at /explorer, and at /graphql for a browser
  // (before Apollo, whose CDN-loaded landing page it replaces): gateway/explorer.ts.
  if (!config.production) app.use(explorerRouter({ schema: () => gateway.schema }));
  if (!config.production) app.use(referenceRouter({ schema: () => gateway.schema }));
  app.use(
    '/graphql',
    limiter,
    express.json({ limit: config.bodyLimit }),
    queryBytesLimit(config.maxQueryBytes),
    trustedDocuments(trustedClients, config.trustedDocuments.mode),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const identity = await identify(req);
        return { identity, internalToken: await internalTokenFor(identity, config.gatewaySecret), callerKey: callerKey(identity) };
      },
    }),
  );
  // The regional report as CSV and XLSX (GOVERNMENT, ADMIN): the same query, run through `apollo`.
  app.use('/reports', limiter, reportsRouter(apollo, config, log));
  // OAI-PMH for catalogue harvesters, public, run as PUBLIC through `apollo` (gateway/oai/, docs/oai-pmh.md).
  app.use('/oai', limiter, oaiRouter(apollo, config, log));
  // Sign-in: login, refresh, logout, accounts, resets, the sign-in log (gateway/auth/routes.ts).
  app.use('/auth', authRouter({ service: identityStore.service, identify, limiter, bodyLimit: config.bodyLimit, log }));
  // The government console: a static page that reads /graphql and /reports with the analyst's token.
  app.get('/console/operations.json', clientOperationsRoute(trustedClients, 'console'));
  app.use('/console', consoleRouter());
  // Body-parser refusals (413, malformed JSON) and anything else thrown outside GraphQL: JSON, coded.
  app.use(jsonErrorHandler(log));
  await identityStore.seedMembers();
  log.info({ port }, 'gateway ready');

  return {
    name: 'gateway',
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      await apollo.stop();
      server.closeAllConnections();
      await agent.close();
      await identityStore.close();
      await tracing.shutdown();
    },
  };
}
