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
export const DEV_SERVICE_SECRET = 'dev-only-service-secret-change-me-in-production-0123456789';

/** Circulation notices (collections): where they go and how often the job runs. README, "Notices". */
export interface NoticeSettings {
  /** smtp://user:pass@host:587 or smtps://…:465; empty = no e-mail notices. */
  smtpUrl?: string;
  /** The From of notice e-mails. */
  from: string;
  /** Where WEBHOOK notices are POSTed (a WhatsApp/SMS gateway); empty = no webhook notices. */
  webhookUrl?: string;
  /** Signs webhook bodies (x-signature: sha256=HMAC) when set. */
  webhookSecret?: string;
  /** How often the running collections service runs the notice job, in ms; 0 = not at all. */
  intervalMs: number;
  /** Delivery attempts before a notice is FAILED. */
  maxAttempts: number;
  /** Wait before the 2nd attempt, in ms; doubled for every further attempt (at most 6 h). */
  retryBaseMs: number;
  /** Per delivery attempt (SMTP conversation or webhook request), in ms. */
  timeoutMs: number;
}

/** The partnerships webhook worker (README, "Partnerships", webhooks). */
export interface PartnerWebhookSettings {
  /** How often the running partnerships service looks for deliveries due, in ms; 0 = not at all. */
  pollMs: number;
  /** Attempts before a delivery is FAILED. */
  maxAttempts: number;
  /** Per attempt, in ms. */
  timeoutMs: number;
}

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
  /** Signs the tokens one subgraph sends another (role SERVICE, internal operations only). */
  serviceSecret: string;
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
  /** Circulation notices of collections: transports, scheduler and retries. */
  notices: NoticeSettings;
  /** The partnerships webhook worker. */
  partnerWebhooks: PartnerWebhookSettings;
  /** A MySQL server for the test suite and the migration generator (tests also run on it when set). */
  testMysqlUrl?: string;
  /** The committed, composed supergraph the gateway serves. */
  supergraphPath: string;
  /** How long finished regional report figures are reused, per process (0 = no cache; default 5 min, 0 under NODE_ENV=test). */
  reportCacheTtlMs: number;
  /** The literacy index's (IPLM) standardisation constants: what counts as 100 % of each element. */
  literacy: LiteracyStandards;
}

/**
 * The population standards of the literacy index's seven elements (UPLM1–7). Each element's ratio
 * is divided by its standard and capped at 1. Defaults and their sources: README, "Literacy index".
 */
export interface LiteracyStandards {
  /** UPLM1: inhabitants one library service point serves. */
  inhabitantsPerLibrary: number;
  /** UPLM2: copies per inhabitant. */
  copiesPerCapita: number;
  /** UPLM3: inhabitants per librarian. */
  inhabitantsPerLibrarian: number;
  /** UPLM4: visitors per day per 1,000 inhabitants. */
  dailyVisitsPer1000: number;
  /** UPLM5: years an accreditation counts for after the year it was granted in (that year included). */
  accreditationValidYears: number;
  /** UPLM6: participants in the library's events per year per 1,000 inhabitants. */
  participantsPer1000: number;
  /** UPLM7: members (valid cards) per inhabitant. */
  membersPerCapita: number;
}

const envKey = (name: SubgraphName) => name.toUpperCase().replace(/-/g, '_');

/** A positive number (fractions allowed), or the fallback when unset. */
function positiveFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`Configuration: ${name} must be a positive number, got "${value}"`);
  return n;
}

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
    serviceSecret: env.SERVICE_SECRET || DEV_SERVICE_SECRET,
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
    notices: {
      smtpUrl: env.SMTP_URL || undefined,
      from: env.NOTICE_FROM || 'Perpustakaan Umum <pemberitahuan@perpustakaan.example>',
      webhookUrl: env.NOTICE_WEBHOOK_URL || undefined,
      webhookSecret: env.NOTICE_WEBHOOK_SECRET || undefined,
      intervalMs: intFrom(env.NOTICE_INTERVAL_MS, 15 * 60_000, 'NOTICE_INTERVAL_MS'),
      maxAttempts: Math.max(1, intFrom(env.NOTICE_MAX_ATTEMPTS, 6, 'NOTICE_MAX_ATTEMPTS')),
      retryBaseMs: intFrom(env.NOTICE_RETRY_BASE_MS, 60_000, 'NOTICE_RETRY_BASE_MS'),
      timeoutMs: intFrom(env.NOTICE_TIMEOUT_MS, 10_000, 'NOTICE_TIMEOUT_MS'),
    },
    partnerWebhooks: {
      pollMs: intFrom(env.WEBHOOK_POLL_MS, 5_000, 'WEBHOOK_POLL_MS'),
      maxAttempts: Math.max(1, intFrom(env.WEBHOOK_MAX_ATTEMPTS, 8, 'WEBHOOK_MAX_ATTEMPTS')),
      timeoutMs: Math.max(1, intFrom(env.WEBHOOK_TIMEOUT_MS, 10_000, 'WEBHOOK_TIMEOUT_MS')),
    },
    testMysqlUrl: env.TEST_MYSQL_URL || undefined,
    supergraphPath: path.resolve(env.SUPERGRAPH_PATH || 'supergraph.graphql'),
    // Off by default in tests: they count SQL statements; the cache's own tests turn it on.
    reportCacheTtlMs: intFrom(env.REPORT_CACHE_TTL_MS, env.NODE_ENV === 'test' ? 0 : 300_000, 'REPORT_CACHE_TTL_MS'),
    literacy: {
      inhabitantsPerLibrary: positiveFrom(env.LITERACY_INHABITANTS_PER_LIBRARY, 50000, 'LITERACY_INHABITANTS_PER_LIBRARY'),
      copiesPerCapita: positiveFrom(env.LITERACY_COPIES_PER_CAPITA, 1.5, 'LITERACY_COPIES_PER_CAPITA'),
      inhabitantsPerLibrarian: positiveFrom(env.LITERACY_INHABITANTS_PER_LIBRARIAN, 2500, 'LITERACY_INHABITANTS_PER_LIBRARIAN'),
      dailyVisitsPer1000: positiveFrom(env.LITERACY_DAILY_VISITS_PER_1000, 1, 'LITERACY_DAILY_VISITS_PER_1000'),
      accreditationValidYears: positiveFrom(env.LITERACY_ACCREDITATION_VALID_YEARS, 5, 'LITERACY_ACCREDITATION_VALID_YEARS'),
      participantsPer1000: positiveFrom(env.LITERACY_PARTICIPANTS_PER_1000, 10, 'LITERACY_PARTICIPANTS_PER_1000'),
      membersPerCapita: positiveFrom(env.LITERACY_MEMBERS_PER_CAPITA, 0.1, 'LITERACY_MEMBERS_PER_CAPITA'),
    },
  };
  // @apollo/gateway reads process.env itself: no anonymous telemetry leaves our servers (with it
  // on, the gateway also probes cloud metadata addresses such as 169.254.169.254). Set on the real
  // environment even when the config is loaded from a copy (tests, benchmarks).
  process.env.APOLLO_TELEMETRY_DISABLED = env.APOLLO_TELEMETRY_DISABLED ?? process.env.APOLLO_TELEMETRY_DISABLED ?? '1';

  if (production) {
    if (config.jwtSecret === DEV_JWT_SECRET || config.gatewaySecret === DEV_GATEWAY_SECRET || config.serviceSecret === DEV_SERVICE_SECRET) {
      throw new Error('Configuration: JWT_SECRET, GATEWAY_SECRET and SERVICE_SECRET must be set in production');
    }
  }
  if (new Set([config.jwtSecret, config.gatewaySecret, config.serviceSecret]).size !== 3) {
    throw new Error('Configuration: JWT_SECRET, GATEWAY_SECRET and SERVICE_SECRET must differ');
  }
  return config;
}

/** The database name of a subgraph: its registry name with `_` (staff-development → staff_development). */
export function databaseName(config: Config, name: SubgraphName): string {
  return `${config.databasePrefix}${name.replace(/-/g, '_')}`;
}
