import fs from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import express from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { INTERNAL_HEADER, identityFromAuthorization, signInternalToken, type Identity } from '../shared/auth';
import { SUBGRAPH_NAMES, type Config, type SubgraphName } from '../shared/config';
import { formatError } from '../shared/errors';
import { createLogger } from '../shared/logger';
import { apolloPlugins, createHttpApp, listen, type RunningService } from '../shared/server';

export interface GatewayContext {
  identity: Identity;
  /** The gateway's proof for the subgraphs, minted once per request. */
  internalToken: string;
}

/** Subgraph errors reach clients with their code; transport failures are masked (no internal URLs). */
function formatGatewayError(formatted: GraphQLFormattedError, error: unknown, log: (e: unknown) => void): GraphQLFormattedError {
  const shaped = formatError(formatted, error, log);
  if (shaped.extensions?.code !== 'INTERNAL_SERVER_ERROR') return shaped;
  const service = formatted.extensions?.serviceName;
  return typeof service === 'string'
    ? { ...shaped, message: `The ${service} service is unavailable`, extensions: { code: 'SERVICE_UNAVAILABLE', service } }
    : shaped;
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
        // The default fetcher has no timeout: a hung subgraph would hold the request forever.
        fetcher: ((url: string, init: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as never,
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
    validationRules: [maxDepthRule({ n: config.maxDepth }), maxAliasesRule({ n: config.maxAliases })],
    formatError: (formatted, error) => formatGatewayError(formatted, error, (err) => log.error({ err }, 'request failed')),
    plugins: apolloPlugins(config, server),
  });
  await apollo.start();

  app.use(
    '/graphql',
    express.json({ limit: config.bodyLimit }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const identity = await identityFromAuthorization(req.header('authorization'), config.jwtSecret);
        return { identity, internalToken: await signInternalToken(identity, config.gatewaySecret) };
      },
    }),
  );
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
