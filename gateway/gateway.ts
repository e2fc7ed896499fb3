import fs from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import { GraphQLError, type GraphQLFormattedError, type ValidationContext } from 'graphql';
import { INTERNAL_HEADER, identityFromAuthorization, signInternalToken, type Identity } from '../shared/auth';
import { SUBGRAPH_NAMES, type Config, type SubgraphName } from '../shared/config';
import { formatError } from '../shared/errors';
import { createLogger, type Logger } from '../shared/logger';
import { apolloPlugins, createHttpApp, listen, type RunningService } from '../shared/server';
import { consoleRouter } from './console';
import { reportsRouter } from './reports';

export interface GatewayContext {
  identity: Identity;
  /** The gateway's proof for the subgraphs, minted once per request. */
  internalToken: string;
}

const reportRejection = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

/**
 * The default fetcher has no timeout (a hung subgraph would hold the request forever), and its
 * failures carry the subgraph's internal URL. This one gives up after `timeoutMs` and fails with
 * SERVICE_UNAVAILABLE naming only the service; the gateway keeps the other subgraphs' data.
 */
function subgraphFetcher(service: string, timeoutMs: number, log: Logger) {
  return async (url: string, init: RequestInit) => {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      log.warn({ service, err: String(err) }, 'subgraph unavailable');
      throw new GraphQLError(`The ${service} service is unavailable`, { extensions: { code: 'SERVICE_UNAVAILABLE', service } });
    }
    // A subgraph answers 400 when an input value fails its scalar (a Date of "2026-13-01"): the
    // gateway cannot check custom scalars itself, and would turn the 400 into an opaque error.
    // Passing the body on as a 200 hands the subgraph's coded errors to the client.
    if (res.status === 400 && res.headers.get('content-type')?.includes('json')) {
      return new Response(await res.text(), { status: 200, headers: res.headers });
    }
    return res;
  };
}

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

/** Serves the committed static supergraph over the subgraphs at `subgraphUrls`. */
export async function startGateway(
  config: Config,
  options: { port?: number; subgraphUrls?: Record<SubgraphName, string>; supergraphSdl?: string } = {},
): Promise<RunningService> {
  const log = createLogger(config, 'gateway');
  const subgraphUrls = options.subgraphUrls ?? config.subgraphUrls;
  const timeoutMs = config.subgraphTimeoutMs;

  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl ?? fs.readFileSync(config.supergraphPath, 'utf8'),
    logger: log,
    buildService: ({ name }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url: subgraphUrls[name as SubgraphName],
        fetcher: subgraphFetcher(name, timeoutMs, log) as never,
        willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
          if (context.internalToken) request.http?.headers.set(INTERNAL_HEADER, context.internalToken);
        },
      }),
  });

  const app = createHttpApp(config, log, async () => {
    const down: string[] = [];
    await Promise.all(
      SUBGRAPH_NAMES.map(async (name) => {
        const health = subgraphUrls[name].replace(/\/graphql$/, '/health');
        const ok = await fetch(health, { signal: AbortSignal.timeout(timeoutMs) }).then((r) => r.ok, () => false);
        if (!ok) down.push(name);
      }),
    );
    return down.length ? { down } : null;
  });
  const { server, port } = await listen(app, options.port ?? config.ports.gateway, config.host);

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !config.production,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: config.production,
    parseOptions: { maxTokens: config.maxTokens },
    // Reported as validation errors (HTTP 400), not thrown: a thrown rule error becomes a 500.
    validationRules: [
      maxDepthRule({ n: config.maxDepth, ...reportRejection }),
      maxAliasesRule({ n: config.maxAliases, ...reportRejection }),
    ],
    formatError: (formatted, error) => formatError(inputErrorsAsBadUserInput(formatted), error, (err) => log.error({ err }, 'request failed')),
    plugins: apolloPlugins(config, server),
  });
  await apollo.start();

  app.set('trust proxy', config.trustProxy);
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
  app.use(
    '/graphql',
    limiter,
    express.json({ limit: config.bodyLimit }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const identity = await identityFromAuthorization(req.header('authorization'), config.jwtSecret);
        return { identity, internalToken: await signInternalToken(identity, config.gatewaySecret) };
      },
    }),
  );
  // The regional report as CSV and XLSX (GOVERNMENT, ADMIN): the same query, run through `apollo`.
  app.use('/reports', limiter, reportsRouter(apollo, config, log));
  // The government console: a static page that reads /graphql and /reports with the analyst's token.
  app.use('/console', consoleRouter());
  log.info({ port }, 'gateway ready');

  return {
    name: 'gateway',
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      await apollo.stop();
      server.closeAllConnections();
    },
  };
}
