import http from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import cors from 'cors';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { DataSource } from 'typeorm';
import { parseGatewayPublicKey } from './auth';
import { portVariable, StartupError, type Config, type SubgraphName } from './config';
import { openDatabase, QueryLogger, traceStatements } from './database';
import { formatError } from './errors';
import { httpErrorAnswer, subgraphGraphqlHandler } from './graphql-http';
import { buildFederatedSchema } from './federation';
import { LibraryCalendarClient } from '../domain/library-calendar';
import { withProvinceScope } from '../domain/library-directory';
import { createLogger, type Logger } from './logger';
import { requestLog } from './request-log';
import { ServiceTracing } from './tracing';
import { chain, pathOf, type PlainHandler } from './plain-http';
import { httpMetrics, metricsPlugin, metricsRoute, ServiceMetrics, withServiceMetrics } from './metrics';
import type { ServiceClientConfig } from './service-client';
import { purgeIdempotencyKeys } from './idempotency';
import { startPeriodicJob } from './jobs';
import type { BackgroundServices, SubgraphContext, SubgraphDefinition } from './subgraph';

export interface RunningService {
  name: string;
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface RunningSubgraph extends RunningService {
  db: DataSource;
  calendar: LibraryCalendarClient;
  /** Statements run so far (tests compare it before and after a request). */
  queries(): number;
}

/** An Express app with request metrics, structured request logs, CORS, /health, /ready and /metrics (metrics.ts says who may read it). */
export function createHttpApp(config: Config, log: Logger, metrics: ServiceMetrics, ready: () => Promise<Record<string, unknown> | null>, tracing?: ServiceTracing): Express {
  const app = express();
  app.disable('x-powered-by');
  // No answer is cacheable (cache-control: no-store): an ETag is a hash of every body for nothing.
  app.set('etag', false);
  app.use(...observed(config, log, metrics, tracing));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const problem = await ready().catch((err: Error) => ({ error: err.message }));
    if (problem) res.status(503).json({ status: 'unavailable', ...problem });
    else res.json({ status: 'ready' });
  });
  app.get('/metrics', metricsRoute(config, metrics));
  app.use(cors({ origin: config.corsOrigins, credentials: false }));
  return app;
}

/**
 * What every request of a service goes through first, on express or not: its metrics, its span
 * and its log line. The span before the log: the line, written when the response ends, carries
 * the trace id and the answer's error codes.
 */
function observed(config: Config, log: Logger, metrics: ServiceMetrics, tracing?: ServiceTracing): PlainHandler[] {
  return [httpMetrics(metrics), ...(tracing ? [tracing.httpMiddleware()] : []), requestLog(log, config.slowRequestMs)];
}

/** How long an idle keep-alive connection is kept open. */
const KEEP_ALIVE_MS = 65_000;

/**
 * Listens and resolves once the port is bound; stop() closes idle keep-alive connections too.
 * A port that cannot be had fails with one line naming the service and the variable to change.
 */
export async function listen(app: http.RequestListener, port: number, host: string, service: SubgraphName | 'gateway'): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(app);
  // An idle connection is kept longer than any client keeps one (undici/fetch 4 s, browsers and
  // proxies up to 60 s): the client closes first, so it never sends a request on a socket the
  // server is closing that same moment (ECONNRESET — seen when the event loop was busy for 5 s).
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new StartupError(`${service}: port ${port} is in use — set ${portVariable(service)} to another port`));
      else if (err.code === 'EACCES') reject(new StartupError(`${service}: port ${port} may not be opened by this user — set ${portVariable(service)} to another port`));
      else reject(err);
    });
    server.listen(port, host, () => resolve());
  });
  drains.set(server, new HttpDrain(server));
  return { server, port: (server.address() as AddressInfo).port };
}

/** How long a connection accepted before the drain may take to send its first request. */
const FIRST_REQUEST_MS = 1_000;

/** Set by the process's shutdown (main.ts): no drain waits past it, whatever its own grace. */
let shutdownDeadline: number | undefined;

/** The whole process stops by `deadline` (epoch ms): every server's drain ends by then. */
export function shutdownBy(deadline: number): void {
  shutdownDeadline = deadline;
}

/** The deadline `shutdownBy` set, if the process is stopping (a service thread drains by the same). */
export function shutdownDeadlineSet(): number | undefined {
  return shutdownDeadline;
}

/**
 * A server's graceful stop, tracking its connections from the start:
 *
 * - the listener closes (new connections are refused) once the event loop has taken the
 *   connections the kernel already accepted (closing before would reset them);
 * - every request in flight, and every request that arrives during the drain on a connection
 *   already open, is answered in full with `Connection: close`, and its connection then closed;
 * - a connection accepted but whose request has not been read yet gets FIRST_REQUEST_MS, and
 *   until nothing else is in flight, to send it (answered the same way); an idle keep-alive
 *   connection is closed at once;
 * - what is still open at the grace period's end is cut (and counted in the log).
 *
 * With nothing in flight it ends at once (the tests stop ~150 federations).
 */
class HttpDrain {
  private readonly sockets = new Map<Socket, { active: number; served: number }>();
  private readonly responses = new Set<http.ServerResponse>();
  private draining: Promise<number> | undefined;
  private accepted = 0;

  constructor(private readonly server: http.Server) {
    server.on('connection', (socket: Socket) => {
      this.accepted += 1;
      this.sockets.set(socket, { active: 0, served: 0 });
      socket.once('close', () => this.sockets.delete(socket));
    });
    // Before the app's own listener, so that a response the app sends at once carries it too.
    server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const state = this.sockets.get(req.socket) ?? { active: 0, served: 0 };
      state.active += 1;
      this.responses.add(res);
      if (this.draining) res.setHeader('Connection', 'close');
      res.once('close', () => {
        this.responses.delete(res);
        state.active -= 1;
        state.served += 1;
        // A response whose headers left before the drain said keep-alive: its connection closes after it.
        if (this.draining && state.active === 0) setImmediate(() => req.socket.destroySoon());
      });
    });
  }

  /** Requests being answered. */
  private inFlight(): number {
    let n = 0;
    for (const state of this.sockets.values()) n += state.active;
    return n;
  }

  /** Drains within `graceMs` (or by the process's deadline); resolves with the connections cut. */
  drain(graceMs: number): Promise<number> {
    this.draining ??= this.run(graceMs);
    return this.draining;
  }

  private async run(graceMs: number): Promise<number> {
    const deadline = Math.min(Date.now() + graceMs, shutdownDeadline ?? Infinity);
    for (const res of this.responses) if (!res.headersSent) res.setHeader('Connection', 'close');
    // Connections waiting in the kernel's backlog (its handshake done: the client believes it is
    // connected) are accepted by the event loop's next poll; closing the listener before would
    // reset them. Polls until one accepts nothing new (a few microseconds when idle).
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    for (let turn = 0; turn < 20; turn++) {
      const before = this.accepted;
      await nextTurn();
      await nextTurn();
      if (this.accepted === before) break;
    }
    // net's close, not http's: http.Server#close also destroys the connections whose request is
    // not read yet (a reset for their client).
    const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(this.server, () => resolve()));
    // Idle keep-alive connections: nothing to answer on them. Ended, not destroyed: an answer just
    // finished may still be on its way out, and a close with anything unsent or unread is a reset
    // that can take that answer with it; the client closes its side on our FIN (else the grace
    // period's end cuts it).
    for (const [socket, state] of this.sockets) if (state.active === 0 && state.served > 0) socket.end();
    let cut = 0;
    let done = false;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());
    // A connection accepted but not read yet: its request may be waiting for a busy event loop.
    // It is closed only once FIRST_REQUEST_MS have passed AND nothing is in flight (the loop is
    // free to read it), if it has still sent nothing.
    void (async () => {
      if (![...this.sockets.values()].some((state) => state.served === 0)) return;
      await sleep(Math.min(FIRST_REQUEST_MS, deadline - Date.now()));
      while (!done && this.inFlight() > 0 && Date.now() < deadline) await sleep(50);
      await nextTurn();
      await nextTurn();
      for (const [socket, state] of this.sockets) if (state.active === 0 && socket.bytesRead === 0) socket.destroy();
    })();
    const cutAll = setTimeout(
      () => {
        cut = this.sockets.size;
        for (const socket of this.sockets.keys()) socket.destroy();
      },
      Math.max(0, deadline - Date.now()),
    );
    await closed;
    done = true;
    clearTimeout(cutAll);
    return cut;
  }
}

const drains = new WeakMap<http.Server, HttpDrain>();

/**
 * Stops a server gracefully (HttpDrain) within `graceMs`, resolving once every connection is
 * closed: the number of connections cut at the end of the grace period (0 = every request answered).
 */
export function drainServer(server: http.Server, graceMs: number): Promise<number> {
  const drain = drains.get(server);
  if (!drain) return new Promise((resolve) => server.close(() => resolve(0)));
  return drain.drain(graceMs);
}

/**
 * The last handler of every express app: whatever fails outside GraphQL (body-parser's refusals, a
 * route that throws) is answered in the API's error format (httpErrorAnswer), never Express's HTML
 * page with its stack trace and file paths.
 */
export function jsonErrorHandler(log: Logger): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const answer = httpErrorAnswer(err, log);
    res.status(answer.status).json(answer.body);
  };
}

/** A subgraph's own background work and what every subgraph runs: the purge of expired idempotency keys, hourly. */
function startBackground(def: SubgraphDefinition, services: BackgroundServices): () => Promise<void> {
  const { db, config, log } = services;
  const stopOwn = def.background?.(services);
  const stopPurge = startPeriodicJob(
    'idempotency-key-purge',
    async () => {
      const purged = await purgeIdempotencyKeys(db, config.idempotencyKeyRetentionHours);
      if (purged) log.info({ purged }, 'expired idempotency keys deleted');
    },
    { everyMs: 3_600_000, firstAfterMs: 60_000, onError: (err) => log.warn({ err }, 'idempotency key purge failed') },
  );
  return async () => {
    await Promise.all([stopOwn?.(), stopPurge()]);
  };
}

/**
 * The plugins of every service's ApolloServer. Its stop() first drains the HTTP server
 * (drainServer, within SHUTDOWN_GRACE_MS); GraphQL keeps being served until the drain ends.
 * Operations and errors are counted in the service's metrics; the request's span is named after its operation.
 */
export function apolloPlugins(config: Config, server: http.Server, metrics: ServiceMetrics, log?: Logger, tracing?: ServiceTracing): ApolloServerPlugin[] {
  return [
    metricsPlugin(metrics),
    ...(tracing ? [tracing.apolloPlugin()] : []),
    {
      serverWillStart: async () => ({
        drainServer: async () => {
          const cut = await drainServer(server, config.shutdownGraceMs);
          if (cut) log?.warn({ cut, graceMs: config.shutdownGraceMs }, 'connections cut at the end of the shutdown grace period');
        },
      }),
    },
    config.production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
    // No answer is cacheable (it is the caller's, and no field has a cache hint), so Apollo's
    // cache-control plugin only ever concluded `no-store` — after wrapping every field's resolver to
    // collect hints on each request (2–3 % of a subgraph's CPU in the #19 profile). Off; the header
    // it wrote is written here.
    ApolloServerPluginCacheControlDisabled(),
    {
      requestDidStart: async () => ({
        willSendResponse: async ({ response }) => {
          response.http.headers.set('cache-control', 'no-store');
        },
      }),
    },
  ];
}

/** Opens the database, loads the demo data if asked, and serves the subgraph over HTTP. */
export async function startSubgraph(
  def: SubgraphDefinition,
  config: Config,
  options: { port?: number; seed?: boolean; /** false: don't start background work (tests) */ background?: boolean } = {},
): Promise<RunningSubgraph> {
  const log = createLogger(config, def.name);
  const tracing = new ServiceTracing(config, def.name, true, log);
  if (config.gatewayPublicKey) {
    try {
      parseGatewayPublicKey(config.gatewayPublicKey);
    } catch {
      throw new StartupError('Configuration: GATEWAY_PUBLIC_KEY must be an Ed25519 public key: base64url of its 32 bytes (`npm run -s keys`) or a PEM');
    }
  }
  const queryLog = new QueryLogger((query, ms) => log.warn({ query, ms }, 'slow query'));
  const db = await openDatabase(config, def, queryLog);
  // Each statement in a span of its own, beneath the request's (only when spans are exported).
  if (tracing.exporting) traceStatements(db, (sql, database, run) => tracing.statement(sql, database, run));
  if (options.seed ?? config.seedDemoData) {
    const summary = await def.seed(db, config.demo);
    log.info({ seeded: summary }, 'demo data checked');
  }
  const schema = await buildFederatedSchema(def);

  // Ready when the database answers within READY_TIMEOUT_MS; the driver's words (a host, a port)
  // go to the log, never to the caller.
  const metrics = new ServiceMetrics(def.name);
  metrics.watchDatabase(db);
  const app = createHttpApp(
    config,
    log,
    metrics,
    async () => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${config.readyTimeoutMs} ms`)), config.readyTimeoutMs);
      });
      try {
        await Promise.race([db.query('SELECT 1'), deadline]);
        return null;
      } catch (err) {
        log.warn({ err }, 'database not ready');
        return { error: 'database unavailable' };
      } finally {
        clearTimeout(timer);
      }
    },
    tracing,
  );
  // `/graphql` on node's http, once Apollo has started (graphql-http.ts); the rest on express.
  const plain: { graphql?: (req: http.IncomingMessage, res: http.ServerResponse) => void } = {};
  const route: http.RequestListener = (req, res) => {
    if (plain.graphql && pathOf(req) === '/graphql') plain.graphql(req, res);
    else void app(req, res);
  };
  const { server, port } = await listen(route, options.port ?? config.ports[def.name], config.host, def.name).catch(async (err: unknown) => {
    await db.destroy();
    throw err;
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  // What this subgraph's resolvers, calendar, directory and jobs run with: its calls to itself
  // (the owner of calendars and the directory reads them too) go to the port it bound, which the
  // address book may not know (an ephemeral port); the rest of the address book is shared as is.
  const own: Config & ServiceClientConfig = { ...config, self: { name: def.name, url }, tracing };
  const calendar = new LibraryCalendarClient(own, def.name);

  const apollo = new ApolloServer<SubgraphContext>({
    schema,
    introspection: !config.production,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: config.production,
    formatError: (formatted, error) => formatError(formatted, error, (err) => log.error({ err }, 'unexpected error'), def.name),
    // No Apollo Studio here: subgraphs don't compute traces for it.
    plugins: [...apolloPlugins(config, server, metrics, log, tracing), ApolloServerPluginInlineTraceDisabled()],
    // One shutdown per process (main.ts), not one signal handler per server.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  plain.graphql = chain(
    ...observed(config, log, metrics, tracing),
    subgraphGraphqlHandler(apollo, {
      config,
      service: def.name,
      log,
      context: async (caller) => {
        // A province-scoped GOVERNMENT token learns its libraries here, once per request.
        const identity = await withProvinceScope(caller, own, def.name);
        const loaders = def.createLoaders(db, identity, own) as SubgraphContext['loaders'];
        await def.admit?.(identity, loaders);
        return { identity, db, config: own, log, calendar, loaders };
      },
    }),
  );
  app.use(jsonErrorHandler(log));
  const stopBackground = options.background === false ? undefined : withServiceMetrics(metrics, () => startBackground(def, { db, config: own, log, calendar }));
  log.info({ port }, 'subgraph ready');

  return {
    name: def.name,
    port,
    url,
    db,
    calendar,
    queries: () => queryLog.queries,
    // The requests in flight are answered (the drain) while background work winds down; the
    // database closes after both.
    async stop() {
      await Promise.all([apollo.stop(), stopBackground?.()]);
      server.closeAllConnections();
      await db.destroy();
      await tracing.shutdown();
    },
  };
}
