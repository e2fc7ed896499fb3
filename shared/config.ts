import path from 'node:path';

/**
 * The only place that reads process.env. Everything else receives a Config.
 * Every variable is listed in the README's configuration table and in .env.example.
 */

export const SUBGRAPH_NAMES = ['staff-development', 'collections', 'community-events', 'partnerships'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** Default ports: gateway 4000, subgraphs 4001-4004 in registry order. */
export const DEFAULT_PORTS: Record<SubgraphName | 'gateway', number> = {
  gateway: 4000,
  'staff-development': 4001,
  collections: 4002,
  'community-events': 4003,
  partnerships: 4004,
};

export const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-in-production-0123456789';
export const DEV_GATEWAY_SECRET = 'dev-only-gateway-secret-change-me-in-production-0123456789';

export interface Config {
  production: boolean;
  logLevel: string;
  /** Folder for the embedded SQLite files. */
  dataDir: string;
  /** mysql://user:pass@host:port (no database) — one database per subgraph. Empty = embedded SQLite. */
  databaseUrl?: string;
  /** Per-subgraph override of the full database URL (database name included). */
  databaseUrls: Partial<Record<SubgraphName, string>>;
  /** Prefix for database names (tests use it to isolate runs). */
  databasePrefix: string;
  jwtSecret: string;
  gatewaySecret: string;
  /** Token lifetime for `npm run token`. */
  tokenTtl: string;
  host: string;
  ports: Record<SubgraphName | 'gateway', number>;
  /** Where the gateway finds each subgraph. */
  subgraphUrls: Record<SubgraphName, string>;
  subgraphTimeoutMs: number;
  bodyLimit: string;
  corsOrigins: string[];
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxPageSize: number;
  /** Requests per minute per client address at the gateway's /graphql (0 = unlimited). */
  rateLimitPerMinute: number;
  /** Proxies in front of the gateway whose X-Forwarded-For is trusted (Express "trust proxy"). */
  trustProxy: number;
  seedDemoData: boolean;
  /** A MySQL server for the test suite and the migration generator (tests also run on it when set). */
  testMysqlUrl?: string;
  /** The committed, composed supergraph the gateway serves. */
  supergraphPath: string;
}

const envKey = (name: SubgraphName) => name.toUpperCase().replace(/-/g, '_');

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Configuration: ${name} must be a non-negative integer, got "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const ports = { ...DEFAULT_PORTS };
  ports.gateway = intFrom(env.GATEWAY_PORT ?? env.PORT, ports.gateway, 'GATEWAY_PORT');
  for (const name of SUBGRAPH_NAMES) ports[name] = intFrom(env[`${envKey(name)}_PORT`], ports[name], `${envKey(name)}_PORT`);

  const subgraphUrls = {} as Record<SubgraphName, string>;
  const databaseUrls: Partial<Record<SubgraphName, string>> = {};
  for (const name of SUBGRAPH_NAMES) {
    subgraphUrls[name] = env[`${envKey(name)}_URL`] || `http://localhost:${ports[name]}/graphql`;
    const dbUrl = env[`${envKey(name)}_DATABASE_URL`];
    if (dbUrl) databaseUrls[name] = dbUrl;
  }

  const config: Config = {
    production,
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseUrls,
    databasePrefix: env.DATABASE_PREFIX || '',
    jwtSecret: env.JWT_SECRET || DEV_JWT_SECRET,
    gatewaySecret: env.GATEWAY_SECRET || DEV_GATEWAY_SECRET,
    tokenTtl: env.TOKEN_TTL || '8h',
    host: env.HOST || '0.0.0.0',
    ports,
    subgraphUrls,
    subgraphTimeoutMs: intFrom(env.SUBGRAPH_TIMEOUT_MS, 5000, 'SUBGRAPH_TIMEOUT_MS'),
    bodyLimit: env.BODY_LIMIT || '100kb',
    corsOrigins: (env.CORS_ORIGINS || 'http://localhost:3000,http://localhost:4000')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    maxDepth: intFrom(env.MAX_QUERY_DEPTH, 10, 'MAX_QUERY_DEPTH'),
    maxAliases: intFrom(env.MAX_QUERY_ALIASES, 15, 'MAX_QUERY_ALIASES'),
    maxTokens: intFrom(env.MAX_QUERY_TOKENS, 2000, 'MAX_QUERY_TOKENS'),
    maxPageSize: intFrom(env.MAX_PAGE_SIZE, 100, 'MAX_PAGE_SIZE'),
    rateLimitPerMinute: intFrom(env.RATE_LIMIT_PER_MINUTE, 600, 'RATE_LIMIT_PER_MINUTE'),
    trustProxy: intFrom(env.TRUST_PROXY, 0, 'TRUST_PROXY'),
    seedDemoData: env.SEED_DEMO_DATA ? env.SEED_DEMO_DATA !== 'false' : true,
    testMysqlUrl: env.TEST_MYSQL_URL || undefined,
    supergraphPath: path.resolve(env.SUPERGRAPH_PATH || 'supergraph.graphql'),
  };
  // @apollo/gateway reads this itself: no anonymous telemetry leaves our servers.
  env.APOLLO_TELEMETRY_DISABLED ??= '1';

  if (production) {
    if (config.jwtSecret === DEV_JWT_SECRET || config.gatewaySecret === DEV_GATEWAY_SECRET) {
      throw new Error('Configuration: JWT_SECRET and GATEWAY_SECRET must be set in production');
    }
  }
  if (config.jwtSecret === config.gatewaySecret) {
    throw new Error('Configuration: JWT_SECRET and GATEWAY_SECRET must differ');
  }
  return config;
}

/** The database name of a subgraph: its registry name with `_` (staff-development → staff_development). */
export function databaseName(config: Config, name: SubgraphName): string {
  return `${config.databasePrefix}${name.replace(/-/g, '_')}`;
}
