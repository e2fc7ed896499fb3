import path from 'node:path';
import os from 'node:os';
// Which subgraphs exist, and their default ports, is the registry's knowledge (data only, no subgraph code).
import { SUBGRAPH_NAMES, SUBGRAPH_PORTS, type SubgraphName } from '../../subgraphs/registry';
import { standardSecretProblem } from './standard-webhooks';

/**
 * The only place that reads process.env (and it writes nothing to it). Everything else receives a
 * Config. Every variable is listed in docs/configuration.md and in .env.example.
 * (APOLLO_TELEMETRY_DISABLED is @apollo/gateway's own: gateway/gateway.ts turns it on for the
 * gateway's constructor unless it is set.)
 */

export type { SubgraphName };

/** Default ports: gateway 4000, each subgraph the registry's (4001-4004 in registry order). */
export const DEFAULT_PORTS: Record<SubgraphName | 'gateway', number> = { gateway: 4000, ...SUBGRAPH_PORTS };

export const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-in-production-0123456789';
export const DEV_GATEWAY_SECRET = 'dev-only-gateway-secret-change-me-in-production-0123456789';
export const DEV_SERVICE_SECRET = 'dev-only-service-secret-change-me-in-production-0123456789';

/** Circulation notices (collections): where they go and how often the job runs (docs/collections.md, "Notices"). */
export interface NoticeSettings {
  /** smtp://user:pass@host:587 or smtps://…:465; empty = no e-mail notices. */
  smtpUrl?: string;
  /** The From of notice e-mails. */
  from: string;
  /** Where WEBHOOK notices are POSTed (a WhatsApp/SMS gateway); empty = no webhook notices. */
  webhookUrl?: string;
  /** Signs webhook bodies (Standard Webhooks, shared/platform/standard-webhooks.ts) when set: `whsec_…` or a legacy string. */
  webhookSecret?: string;
  /** NOTICE_WEBHOOK_PREVIOUS_SECRET: also signs while set (a rotation's overlap). */
  webhookPreviousSecret?: string;
  /** How often the running collections service runs the notice job, in ms; 0 = not at all. */
  intervalMs: number;
  /** Delivery attempts before a notice is FAILED. */
  maxAttempts: number;
  /** Wait before the 2nd attempt, in ms; doubled for every further attempt (at most 6 h). */
  retryBaseMs: number;
  /** Per delivery attempt (SMTP conversation or webhook request), in ms. */
  timeoutMs: number;
  /**
   * WEBHOOK_ALLOW_PRIVATE: may the webhook connect to a loopback/private/link-local address
   * (shared/platform/outbound-guard.ts)? Absent counts as no.
   */
  allowPrivateAddresses?: boolean;
}

/** The partnerships webhook worker (docs/partnerships.md, webhooks). */
export interface PartnerWebhookSettings {
  /** How often the running partnerships service looks for deliveries due, in ms; 0 = not at all. */
  pollMs: number;
  /** Attempts before a delivery is FAILED. */
  maxAttempts: number;
  /** Per attempt, in ms. */
  timeoutMs: number;
  /** WEBHOOK_ALLOW_PRIVATE (as for notices). Absent counts as no. */
  allowPrivateAddresses?: boolean;
  /** WEBHOOK_SECRET_OVERLAP_HOURS: how long a rotated-out secret still signs, in hours. Absent counts as 24. */
  secretOverlapHours?: number;
}

/** Built-in sign-in at the gateway (gateway/auth/, docs/auth.md). */
export interface AuthSettings {
  /** Lifetime of an access token, in seconds (AUTH_ACCESS_TTL, default 15m). */
  accessTtl: number;
  /** Lifetime of a refresh token, in seconds (AUTH_REFRESH_TTL, default 30d). */
  refreshTtl: number;
  /** scrypt's cost N for new hashes, a power of two (AUTH_SCRYPT_N, default 2^15: 32 MiB with r=8). */
  scryptN: number;
  /** Delay after the first failed sign-in of an account or address, doubled for every further one (AUTH_DELAY_BASE_MS, default 500). */
  delayBaseMs: number;
  /** The longest such delay (AUTH_DELAY_MAX_MS, default 30000). */
  delayMaxMs: number;
  /** Failed sign-ins in a row that lock an account name (AUTH_LOCK_AFTER, default 10). */
  lockAfter: number;
  /** Failed sign-ins in a row that lock a client address (AUTH_ADDRESS_LOCK_AFTER, default 50). */
  addressLockAfter: number;
  /** How long a lock lasts, in seconds (AUTH_LOCK_DURATION, default 15m). */
  lockSeconds: number;
  /** Lifetime of a reset code, in seconds (AUTH_RESET_CODE_TTL, default 15m). */
  resetCodeTtl: number;
}

export interface Config {
  production: boolean;
  logLevel: string;
  /** A request that went well is logged at info only when it took at least this long (else at debug). */
  slowRequestMs: number;
  /** Where the logs go instead of stdout (tests read them; never from the environment). */
  logStream?: { write(line: string): void };
  /** Folder for the embedded SQLite files. */
  dataDir: string;
  /** mysql://user:pass@host:port (no database) — one database per subgraph. Empty = embedded SQLite. */
  databaseUrl?: string;
  /** Per-subgraph override of the full database URL (database name included). */
  databaseUrls: Partial<Record<SubgraphName, string>>;
  /** Prefix for database names (tests use it to isolate runs). */
  databasePrefix: string;
  jwtSecret: string;
  /** The gateway's signing secret: its Ed25519 key is derived from it (shared/platform/auth.ts). Only the gateway needs it. */
  gatewaySecret: string;
  /**
   * The public key subgraphs verify the gateway's proof with (base64url of the raw 32 bytes, or a
   * PEM); when absent, derived from GATEWAY_SECRET (development, all-in-one).
   */
  gatewayPublicKey?: string;
  /** Signs the tokens one subgraph sends another (role SERVICE, internal operations only). */
  serviceSecret: string;
  /** Token lifetime for `npm run token`. */
  tokenTtl: string;
  /** The longest lifetime (exp − iat) of a user token the gateway accepts, in seconds. */
  tokenMaxTtl: number;
  host: string;
  ports: Record<SubgraphName | 'gateway', number>;
  /** Where the gateway finds each subgraph. */
  subgraphUrls: Record<SubgraphName, string>;
  /** SUBGRAPH_TIMEOUT_MS: how long the gateway waits for a subgraph's answer, in ms (unless `<NAME>_TIMEOUT_MS` says otherwise). */
  subgraphTimeoutMs: number;
  /**
   * INTERNAL_CALL_TIMEOUT_MS: the deadline of every call a subgraph makes to another (calendars,
   * directory, links), below SUBGRAPH_TIMEOUT_MS so that the subgraph answers with its own coded
   * error before the gateway stops listening (default 2000, or half the gateway's shortest wait
   * when that is less; docs/operations.md, "Honest writes").
   */
  internalCallTimeoutMs: number;
  /**
   * SUBGRAPH_DEDUPLICATION: identical subgraph queries in flight at once — same subgraph, same body,
   * same caller — share one request (never a mutation, never across callers). On by default.
   */
  subgraphDeduplication: boolean;
  /** `<NAME>_TIMEOUT_MS` (COLLECTIONS_TIMEOUT_MS, …): the gateway's wait for that subgraph, instead of SUBGRAPH_TIMEOUT_MS. */
  subgraphTimeouts: Partial<Record<SubgraphName, number>>;
  /** The gateway's circuit breaker per subgraph (gateway/breaker.ts, docs/operations.md). */
  subgraphBreaker: BreakerSettings;
  bodyLimit: string;
  /** Largest request body a subgraph accepts: above what the gateway can send it (client body + representations). */
  subgraphBodyLimit: number;
  corsOrigins: string[];
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  /** Largest `query` text at the gateway, in bytes (comments count), refused before parsing. */
  maxQueryBytes: number;
  /** Most fields (aliases and __typename included) in one document, counted before validation. */
  maxQueryFields: number;
  /** The gateway's static cost budget (gateway/cost.ts). */
  maxQueryCost: number;
  /** The list size the cost analysis assumes for a list without a `first`/`last` argument. */
  queryCostListSize: number;
  /** Largest answer the gateway sends (and largest answer it reads from a subgraph), in bytes. */
  maxResponseBytes: number;
  /** Bytes the gateway's parsed-document and query-plan caches may hold together. */
  queryCacheBytes: number;
  /** APQ_CACHE_MAX_BYTES: bytes the gateway's automatic persisted query cache (hash → query text) may hold; 0 turns APQ off. */
  apqCacheBytes: number;
  /**
   * Trusted documents (gateway/trusted-documents.ts): TRUSTED_DOCUMENTS (`enforce`: a request naming a
   * registered client runs only that client's registered operations; default in production, `off`
   * otherwise) and TRUSTED_DOCUMENTS_DIR, the folder of the registered clients' manifests.
   */
  trustedDocuments: { mode: 'enforce' | 'off'; dir: string };
  maxPageSize: number;
  /** Requests per minute per client address at the gateway's /graphql (0 = unlimited). */
  rateLimitPerMinute: number;
  /** Proxies in front of the gateway whose X-Forwarded-For is trusted (Express "trust proxy"). */
  trustProxy: number;
  /** SHUTDOWN_GRACE_MS: on SIGTERM/SIGINT, how long requests in flight may take to finish before their connections are cut, in ms. */
  shutdownGraceMs: number;
  /**
   * THREADS: the event loops `npm start` runs the federation on: 1, everything in one; 2 (the
   * default on a machine with two cores or more), three subgraphs in a second (gateway/federation.ts).
   */
  threads: number;
  /** IDEMPOTENCY_KEY_RETENTION_HOURS: how long a create mutation's idempotency key is remembered (a retry within it returns the first outcome). */
  idempotencyKeyRetentionHours: number;
  /** READY_TIMEOUT_MS: how long `/ready` waits for a subgraph's database before answering 503, in ms. */
  readyTimeoutMs: number;
  /** METRICS_TOKEN: the bearer token `/metrics` asks for; unset, `/metrics` is open outside production and not served in production. */
  metricsToken?: string;
  /**
   * OTEL_EXPORTER_OTLP_ENDPOINT: the OTLP/HTTP collector traces are sent to (`/v1/traces` is
   * appended); unset, no span is recorded or sent, but trace ids are still made and passed on.
   */
  otlpEndpoint?: string;
  /** OTEL_RESOURCE_ATTRIBUTES: `key=value,…` added to every service's spans (deployment.environment.name=staging); service.name is always the service's own. */
  otelResourceAttributes?: string;
  seedDemoData: boolean;
  /** Which demo data a fresh database gets, and for which day (docs/demo.md). */
  demo: DemoSettings;
  /** Circulation notices of collections: transports, scheduler and retries. */
  notices: NoticeSettings;
  /** WAIVER_LIBRARIAN_MAX: the largest waiver, in rupiah, a LIBRARIAN may grant; above it only LIBRARY_ADMIN and ADMIN (docs/charges.md). */
  waiverLibrarianMax: number;
  /** EVENT_CHECK_IN_OPENS_MINUTES: how long before an event's start check-ins and walk-ins open, in minutes (default 60; docs/community-events.md, "Attendance"). */
  eventCheckInOpensMinutes: number;
  /** The partnerships webhook worker. */
  partnerWebhooks: PartnerWebhookSettings;
  /**
   * OUTBOX_LEASE_MARGIN_MS: how long, beyond an attempt's timeout, an outbox worker holds a row it
   * claimed (notices, event notices, partner webhooks; renewed while the attempt runs), so that a
   * replica takes over the row of a worker that died (docs/operations.md, "Running replicas").
   */
  outboxLeaseMarginMs: number;
  /** A MySQL server for the test suite and the migration generator (tests also run on it when set). */
  testMysqlUrl?: string;
  /** TEST_GALERA_URLS: the nodes of a Galera cluster (scripts/galera.sh), comma-separated mysql:// URLs; test/galera.test.ts runs only when set. */
  testGaleraUrls: string[];
  /** The committed, composed supergraph the gateway serves. */
  supergraphPath: string;
  /** How long finished regional report figures are reused, per process (0 = no cache; default 5 min, 0 under NODE_ENV=test). */
  reportCacheTtlMs: number;
  /** The literacy index's (IPLM) standardisation constants: what counts as 100 % of each element. */
  literacy: LiteracyStandards;
  /** A city's own identity provider whose access tokens the gateway also accepts (OIDC_*; docs/oidc.md). Absent without OIDC_ISSUER. */
  oidc?: OidcSettings;
  /** Built-in sign-in at the gateway (gateway/auth/, docs/auth.md). */
  auth: AuthSettings;
  /** The OAI-PMH provider at the gateway's /oai (OAI_*; docs/oai-pmh.md). */
  oai: OaiSettings;
  /** Remote catalogues searched for copy cataloguing over SRU (SRU_*; docs/collections.md, "Copy cataloguing (SRU)"). */
  sru: SruSettings;
}

/** The gateway's circuit breaker, one per subgraph (gateway/breaker.ts). */
export interface BreakerSettings {
  /** SUBGRAPH_BREAKER_FAILURES: failed or timed-out calls in a row that open a subgraph's breaker (0 = no breaker). */
  failures: number;
  /** SUBGRAPH_BREAKER_COOLDOWN_MS: how long an open breaker answers at once before it lets one probe call through, in ms. */
  cooldownMs: number;
}

export interface SruSettings {
  /** SRU_TARGETS: the remote catalogues by name, in the order given; none by default. */
  targets: { name: string; url: string }[];
  /** SRU_TIMEOUT_MS: the whole request, answer included. */
  timeoutMs: number;
  /** SRU_MAX_RESPONSE_BYTES: a larger answer is refused unread. */
  maxResponseBytes: number;
}

/** The OAI-PMH provider (gateway/oai/, subgraphs/collections/oai/; docs/oai-pmh.md). */
export interface OaiSettings {
  /** OAI_REPOSITORY_ID: the namespace of identifiers, `oai:<id>:<record id>` (a domain name the operator controls). */
  repositoryId: string;
  /** OAI_REPOSITORY_NAME: Identify's repositoryName. */
  repositoryName: string;
  /** OAI_ADMIN_EMAIL: Identify's adminEmail. */
  adminEmail: string;
  /** OAI_BASE_URL: Identify's baseURL; empty = this request's own address. */
  baseUrl?: string;
  /** OAI_PAGE_SIZE: records (or headers) per list answer, 1-200; the rest through a resumption token. */
  pageSize: number;
  /** OAI_TOKEN_TTL: how long a resumption token is honoured, in seconds. */
  tokenTtl: number;
  /** OAI_REFRESH_INTERVAL_MS: how often, at most, the provider looks for changed and removed records (0 = at every request). */
  refreshIntervalMs: number;
}

/** The roles and scope claims an identity provider's token carries, by claim name (a dotted path reaches into objects). */
export interface OidcClaimNames {
  role: string;
  libraryId: string;
  librarianId: string;
  memberId: string;
  partnerId: string;
  province: string;
}

/** The external identity provider (shared/platform/oidc.ts). */
export interface OidcSettings {
  /** The provider's `iss`, exactly as its tokens spell it. */
  issuer: string;
  /** Accepted `aud` values (any one suffices); empty = not checked (refused in production). */
  audience: string[];
  /** The JWKS address; absent = `jwks_uri` from `${issuer}/.well-known/openid-configuration`. */
  jwksUrl?: string;
  /** Signature algorithms accepted from the provider (asymmetric only). */
  algorithms: string[];
  /** Where the role and scope claims are read. */
  claims: OidcClaimNames;
  /** Stripped from role values before they are matched with our roles (`library-` → `library-librarian` is LIBRARIAN). */
  rolePrefix: string;
  /** Whether the provider may grant ADMIN (never SERVICE). */
  allowAdmin: boolean;
  /** How long a fetched JWKS is used before it is fetched again (jose's cacheMaxAge), ms. */
  jwksCacheMaxAgeMs: number;
  /** Least time between two fetches of the JWKS (jose's cooldown; also the wait after a failed fetch), ms. */
  jwksCooldownMs: number;
  /** Timeout of the discovery and JWKS requests, ms. */
  timeoutMs: number;
  /** http:// addresses on loopback allowed (outside production). */
  allowInsecureLoopback: boolean;
}

/**
 * The demo data: `city` — two years of four city libraries at their real scale, ending the day
 * before the load day (`today`, default the real date in each library's zone) — or `fixture`, the
 * small fixed set the tests and the examples in docs/ run on (its day is 2026-11-01). `scale`
 * multiplies the city volumes (0.01 for a quick load).
 */
export interface DemoSettings {
  dataset: 'city' | 'fixture';
  scale: number;
  today?: string;
}

/** The small fixed data set of the tests. */
export const FIXTURE_DEMO: DemoSettings = { dataset: 'fixture', scale: 1 };

/**
 * The population standards of the literacy index's seven elements (UPLM1–7). Each element's ratio
 * is divided by its standard and capped at 1. Defaults and their sources: docs/regional.md, "Literacy index (IPLM)".
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

/** The variable that sets a service's port: GATEWAY_PORT, STAFF_DEVELOPMENT_PORT, … */
export const portVariable = (service: SubgraphName | 'gateway'): string => (service === 'gateway' ? 'GATEWAY_PORT' : `${envKey(service)}_PORT`);

/**
 * A start that fails for a reason the operator fixes (a setting, a port in use, a native module
 * built for another Node.js): main.ts prints its message, one line, without a stack.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** A positive number (fractions allowed), or the fallback when unset. */
function positiveFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new StartupError(`Configuration: ${name} must be a positive number, got "${value}"`);
  return n;
}

/** A size: bytes, or a number with kb/mb (BODY_LIMIT's format); the fallback when unset. */
function bytesFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const m = /^\s*(\d+)\s*(b|kb|mb)?\s*$/i.exec(value);
  if (!m || Number(m[1]) <= 0) throw new StartupError(`Configuration: ${name} must be a positive size in bytes (or with kb/mb), got "${value}"`);
  return Number(m[1]) * { b: 1, kb: 1024, mb: 1024 ** 2 }[(m[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb'];
}

/**
 * A duration in seconds: `3600`, `90s`, `30m`, `8h`, `1d` (the forms of TOKEN_TTL); null when not
 * one. `npm run token` checks `--ttl` with it.
 */
export function durationSeconds(value: string): number | null {
  const m = /^\s*(\d+)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)?\s*$/i.exec(value);
  if (!m) return null;
  const unit = (m[2] ?? 's').toLowerCase()[0] as 's' | 'm' | 'h' | 'd';
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[unit];
}

/** Signature algorithms an identity provider may use: asymmetric only (an HS256 token is ours, never the provider's). */
export const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
const CLAIM_PATH = /^[A-Za-z0-9_$@:/#-]+(?:\.[A-Za-z0-9_$@:/#-]+)*$/;

/**
 * Why an identity provider's address (issuer, JWKS) is not acceptable, or null: https, or — only
 * where `allowInsecureLoopback` (outside production) — http on 127.0.0.1, ::1 or localhost.
 */
export function oidcUrlProblem(value: string, allowInsecureLoopback: boolean): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL';
  }
  if (url.username || url.password || url.search || url.hash) return 'must carry no credentials, query or fragment';
  if (url.protocol === 'https:') return null;
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  if (url.protocol === 'http:' && loopback && allowInsecureLoopback) return null;
  return allowInsecureLoopback ? 'must be https (or http on 127.0.0.1/localhost)' : 'must be https in production';
}

/** OIDC_* (docs/oidc.md): undefined without OIDC_ISSUER; any other OIDC_* without it is refused. */
function oidcFrom(env: NodeJS.ProcessEnv, production: boolean): OidcSettings | undefined {
  const issuer = env.OIDC_ISSUER?.trim();
  if (!issuer) {
    const stray = Object.keys(env).filter((name) => name.startsWith('OIDC_') && env[name]);
    if (stray.length) throw new StartupError(`Configuration: ${stray.join(', ')} need OIDC_ISSUER`);
    return undefined;
  }
  const allowInsecureLoopback = !production;
  const urlCheck = (name: string, value: string) => {
    const problem = oidcUrlProblem(value, allowInsecureLoopback);
    if (problem) throw new StartupError(`Configuration: ${name} ${problem}, got "${value}"`);
    return value;
  };
  urlCheck('OIDC_ISSUER', issuer);
  const list = (value: string | undefined) =>
    (value ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  const audience = list(env.OIDC_AUDIENCE);
  if (production && !audience.length)
    throw new StartupError('Configuration: OIDC_AUDIENCE must be set in production (else any token of the provider, for any application, would do)');
  const algorithms = env.OIDC_ALGORITHMS ? list(env.OIDC_ALGORITHMS) : ['RS256', 'ES256'];
  const unknown = algorithms.filter((alg) => !(OIDC_ALGORITHMS as readonly string[]).includes(alg));
  if (!algorithms.length || unknown.length) throw new StartupError(`Configuration: OIDC_ALGORITHMS must name some of ${OIDC_ALGORITHMS.join(', ')}, got "${env.OIDC_ALGORITHMS}"`);
  const claim = (name: string, fallback: string) => {
    const value = env[name]?.trim() || fallback;
    if (!CLAIM_PATH.test(value)) throw new StartupError(`Configuration: ${name} must be a claim name or a dotted path such as realm_access.roles, got "${value}"`);
    return value;
  };
  return {
    issuer,
    audience,
    jwksUrl: env.OIDC_JWKS_URL?.trim() ? urlCheck('OIDC_JWKS_URL', env.OIDC_JWKS_URL.trim()) : undefined,
    algorithms,
    claims: {
      role: claim('OIDC_ROLE_CLAIM', 'role'),
      libraryId: claim('OIDC_CLAIM_LIBRARY_ID', 'libraryId'),
      librarianId: claim('OIDC_CLAIM_LIBRARIAN_ID', 'librarianId'),
      memberId: claim('OIDC_CLAIM_MEMBER_ID', 'memberId'),
      partnerId: claim('OIDC_CLAIM_PARTNER_ID', 'partnerId'),
      province: claim('OIDC_CLAIM_PROVINCE', 'province'),
    },
    rolePrefix: env.OIDC_ROLE_PREFIX?.trim() ?? '',
    allowAdmin: booleanFrom(env.OIDC_ALLOW_ADMIN, false, 'OIDC_ALLOW_ADMIN'),
    jwksCacheMaxAgeMs: intFrom(env.OIDC_JWKS_CACHE_MAX_AGE_MS, 10 * 60_000, 'OIDC_JWKS_CACHE_MAX_AGE_MS'),
    jwksCooldownMs: intFrom(env.OIDC_JWKS_COOLDOWN_MS, 30_000, 'OIDC_JWKS_COOLDOWN_MS'),
    timeoutMs: Math.max(1, intFrom(env.OIDC_TIMEOUT_MS, 5_000, 'OIDC_TIMEOUT_MS')),
    allowInsecureLoopback,
  };
}

/** The secrets a production process must be given real values of (and their development values). */
const SECRETS = [
  ['JWT_SECRET', DEV_JWT_SECRET],
  ['GATEWAY_SECRET', DEV_GATEWAY_SECRET],
  ['SERVICE_SECRET', DEV_SERVICE_SECRET],
] as const;

/** Shortest secret accepted in production. */
export const MIN_SECRET_LENGTH = 32;

/** A webhook signing secret: a `whsec_` one must be well formed (a legacy string is taken as it is). */
function webhookSecretFrom(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  const problem = standardSecretProblem(value);
  if (problem) throw new StartupError(`Configuration: ${name} is a malformed whsec_ secret: ${problem}`);
  return value;
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new StartupError(`Configuration: ${name} must be a non-negative integer, got "${value}"`);
  return n;
}

/** A duration (durationSeconds' forms) in seconds, or the fallback when unset. */
function durationFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const seconds = durationSeconds(value);
  if (!seconds) throw new StartupError(`Configuration: ${name} must be a positive duration such as 24h, 30m or 3600s, got "${value}"`);
  return seconds;
}

/** true/false (also 1/0, yes/no), or the fallback when unset. */
function booleanFrom(value: string | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new StartupError(`Configuration: ${name} must be true or false, got "${value}"`);
}

function demoDatasetFrom(value: string | undefined, fallback: DemoSettings['dataset']): DemoSettings['dataset'] {
  if (value === undefined || value === '') return fallback;
  if (value === 'city' || value === 'fixture') return value;
  throw new StartupError(`Configuration: DEMO_DATASET must be city or fixture, got "${value}"`);
}

function positiveNumberFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new StartupError(`Configuration: ${name} must be a positive number, got "${value}"`);
  return n;
}

/** A power of two between 2^10 and 2^20 (scrypt's N), or the fallback when unset. */
function powerOfTwoFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2 ** 10 || n > 2 ** 20 || (n & (n - 1)) !== 0)
    throw new StartupError(`Configuration: ${name} must be a power of two from 1024 to 1048576, got "${value}"`);
  return n;
}

/** SRU_TARGETS: `name=url` pairs, comma-separated (`perpusnas=https://…/sru,koha-kupang=http://…`). */
function sruTargetsFrom(value: string | undefined): SruSettings['targets'] {
  const targets: SruSettings['targets'] = [];
  for (const pair of (value ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    const url = pair.slice(at + 1).trim();
    if (at < 1 || !/^[a-z0-9][a-z0-9_-]{0,39}$/i.test(name))
      throw new StartupError(`Configuration: SRU_TARGETS must be name=url pairs (names of letters, digits, - and _), got "${pair}"`);
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new StartupError(`Configuration: SRU_TARGETS: ${name} must be an http(s) URL, got "${url}"`);
    if (targets.some((t) => t.name === name)) throw new StartupError(`Configuration: SRU_TARGETS names ${name} twice`);
    targets.push({ name, url });
  }
  return targets;
}

function trustedDocumentsModeFrom(value: string | undefined, fallback: 'enforce' | 'off'): 'enforce' | 'off' {
  if (value === undefined || value === '') return fallback;
  if (value === 'enforce' || value === 'off') return value;
  throw new StartupError(`Configuration: TRUSTED_DOCUMENTS must be enforce or off, got "${value}"`);
}

/** A calendar day YYYY-MM-DD, or undefined when unset. */
function dateFrom(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new StartupError(`Configuration: ${name} must be a date YYYY-MM-DD, got "${value}"`);
  }
  return value;
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

  // Webhooks (partner deliveries, notices) to loopback/private addresses: refused in production.
  const webhookAllowPrivate = booleanFrom(env.WEBHOOK_ALLOW_PRIVATE, !production, 'WEBHOOK_ALLOW_PRIVATE');

  const config: Config = {
    production,
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    slowRequestMs: intFrom(env.SLOW_REQUEST_MS, 1000, 'SLOW_REQUEST_MS'),
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseUrls,
    databasePrefix: env.DATABASE_PREFIX || '',
    jwtSecret: env.JWT_SECRET || DEV_JWT_SECRET,
    gatewaySecret: env.GATEWAY_SECRET || DEV_GATEWAY_SECRET,
    gatewayPublicKey: env.GATEWAY_PUBLIC_KEY?.trim() || undefined,
    serviceSecret: env.SERVICE_SECRET || DEV_SERVICE_SECRET,
    tokenTtl: env.TOKEN_TTL || '8h',
    tokenMaxTtl: durationFrom(env.TOKEN_MAX_TTL, 24 * 3600, 'TOKEN_MAX_TTL'),
    // Loopback unless told otherwise: containers set HOST=0.0.0.0 (Dockerfile, docker-compose.yml).
    host: env.HOST || '127.0.0.1',
    ports,
    subgraphUrls,
    subgraphTimeoutMs: intFrom(env.SUBGRAPH_TIMEOUT_MS, 5000, 'SUBGRAPH_TIMEOUT_MS'),
    subgraphDeduplication: booleanFrom(env.SUBGRAPH_DEDUPLICATION, true, 'SUBGRAPH_DEDUPLICATION'),
    internalCallTimeoutMs: intFrom(env.INTERNAL_CALL_TIMEOUT_MS, 2000, 'INTERNAL_CALL_TIMEOUT_MS'),
    subgraphTimeouts: Object.fromEntries(
      SUBGRAPH_NAMES.filter((name) => env[`${envKey(name)}_TIMEOUT_MS`]).map((name) => [
        name,
        Math.max(1, intFrom(env[`${envKey(name)}_TIMEOUT_MS`], 5000, `${envKey(name)}_TIMEOUT_MS`)),
      ]),
    ),
    subgraphBreaker: {
      failures: intFrom(env.SUBGRAPH_BREAKER_FAILURES, 5, 'SUBGRAPH_BREAKER_FAILURES'),
      cooldownMs: Math.max(1, intFrom(env.SUBGRAPH_BREAKER_COOLDOWN_MS, 30_000, 'SUBGRAPH_BREAKER_COOLDOWN_MS')),
    },
    bodyLimit: env.BODY_LIMIT || '100kb',
    subgraphBodyLimit: bytesFrom(env.SUBGRAPH_BODY_LIMIT, 5 * 1024 ** 2, 'SUBGRAPH_BODY_LIMIT'),
    corsOrigins: (env.CORS_ORIGINS || 'http://localhost:3000,http://localhost:4000')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    maxDepth: intFrom(env.MAX_QUERY_DEPTH, 10, 'MAX_QUERY_DEPTH'),
    maxAliases: intFrom(env.MAX_QUERY_ALIASES, 15, 'MAX_QUERY_ALIASES'),
    maxTokens: intFrom(env.MAX_QUERY_TOKENS, 2000, 'MAX_QUERY_TOKENS'),
    maxQueryBytes: bytesFrom(env.MAX_QUERY_BYTES, 20 * 1024, 'MAX_QUERY_BYTES'),
    maxQueryFields: Math.max(1, intFrom(env.MAX_QUERY_FIELDS, 500, 'MAX_QUERY_FIELDS')),
    maxQueryCost: Math.max(1, intFrom(env.MAX_QUERY_COST, 50_000, 'MAX_QUERY_COST')),
    queryCostListSize: Math.max(1, intFrom(env.QUERY_COST_LIST_SIZE, 10, 'QUERY_COST_LIST_SIZE')),
    maxResponseBytes: bytesFrom(env.MAX_RESPONSE_BYTES, 2 * 1024 ** 2, 'MAX_RESPONSE_BYTES'),
    queryCacheBytes: bytesFrom(env.QUERY_CACHE_BYTES, 8 * 1024 ** 2, 'QUERY_CACHE_BYTES'),
    apqCacheBytes: env.APQ_CACHE_MAX_BYTES?.trim() === '0' ? 0 : bytesFrom(env.APQ_CACHE_MAX_BYTES, 2 * 1024 ** 2, 'APQ_CACHE_MAX_BYTES'),
    trustedDocuments: {
      mode: trustedDocumentsModeFrom(env.TRUSTED_DOCUMENTS, production ? 'enforce' : 'off'),
      dir: path.resolve(env.TRUSTED_DOCUMENTS_DIR || 'persisted'),
    },
    maxPageSize: intFrom(env.MAX_PAGE_SIZE, 100, 'MAX_PAGE_SIZE'),
    rateLimitPerMinute: intFrom(env.RATE_LIMIT_PER_MINUTE, 600, 'RATE_LIMIT_PER_MINUTE'),
    trustProxy: intFrom(env.TRUST_PROXY, 0, 'TRUST_PROXY'),
    shutdownGraceMs: intFrom(env.SHUTDOWN_GRACE_MS, 25_000, 'SHUTDOWN_GRACE_MS'),
    threads: Math.min(2, Math.max(1, intFrom(env.THREADS, Math.min(2, os.availableParallelism()), 'THREADS'))),
    idempotencyKeyRetentionHours: Math.max(1, intFrom(env.IDEMPOTENCY_KEY_RETENTION_HOURS, 48, 'IDEMPOTENCY_KEY_RETENTION_HOURS')),
    readyTimeoutMs: Math.max(1, intFrom(env.READY_TIMEOUT_MS, 2_000, 'READY_TIMEOUT_MS')),
    metricsToken: env.METRICS_TOKEN || undefined,
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || undefined,
    otelResourceAttributes: env.OTEL_RESOURCE_ATTRIBUTES?.trim() || undefined,
    seedDemoData: env.SEED_DEMO_DATA ? env.SEED_DEMO_DATA !== 'false' : true,
    demo: {
      dataset: demoDatasetFrom(env.DEMO_DATASET, env.NODE_ENV === 'test' ? 'fixture' : 'city'),
      scale: positiveNumberFrom(env.DEMO_SCALE, 1, 'DEMO_SCALE'),
      today: dateFrom(env.DEMO_TODAY, 'DEMO_TODAY'),
    },
    notices: {
      smtpUrl: env.SMTP_URL || undefined,
      from: env.NOTICE_FROM || 'Perpustakaan Umum <pemberitahuan@perpustakaan.example>',
      webhookUrl: env.NOTICE_WEBHOOK_URL || undefined,
      webhookSecret: webhookSecretFrom(env.NOTICE_WEBHOOK_SECRET, 'NOTICE_WEBHOOK_SECRET'),
      webhookPreviousSecret: webhookSecretFrom(env.NOTICE_WEBHOOK_PREVIOUS_SECRET, 'NOTICE_WEBHOOK_PREVIOUS_SECRET'),
      intervalMs: intFrom(env.NOTICE_INTERVAL_MS, 15 * 60_000, 'NOTICE_INTERVAL_MS'),
      maxAttempts: Math.max(1, intFrom(env.NOTICE_MAX_ATTEMPTS, 6, 'NOTICE_MAX_ATTEMPTS')),
      retryBaseMs: intFrom(env.NOTICE_RETRY_BASE_MS, 60_000, 'NOTICE_RETRY_BASE_MS'),
      timeoutMs: intFrom(env.NOTICE_TIMEOUT_MS, 10_000, 'NOTICE_TIMEOUT_MS'),
      allowPrivateAddresses: webhookAllowPrivate,
    },
    waiverLibrarianMax: intFrom(env.WAIVER_LIBRARIAN_MAX, 50_000, 'WAIVER_LIBRARIAN_MAX'),
    eventCheckInOpensMinutes: intFrom(env.EVENT_CHECK_IN_OPENS_MINUTES, 60, 'EVENT_CHECK_IN_OPENS_MINUTES'),
    outboxLeaseMarginMs: Math.max(1000, intFrom(env.OUTBOX_LEASE_MARGIN_MS, 60_000, 'OUTBOX_LEASE_MARGIN_MS')),
    partnerWebhooks: {
      pollMs: intFrom(env.WEBHOOK_POLL_MS, 5_000, 'WEBHOOK_POLL_MS'),
      maxAttempts: Math.max(1, intFrom(env.WEBHOOK_MAX_ATTEMPTS, 8, 'WEBHOOK_MAX_ATTEMPTS')),
      timeoutMs: Math.max(1, intFrom(env.WEBHOOK_TIMEOUT_MS, 10_000, 'WEBHOOK_TIMEOUT_MS')),
      allowPrivateAddresses: webhookAllowPrivate,
      secretOverlapHours: intFrom(env.WEBHOOK_SECRET_OVERLAP_HOURS, 24, 'WEBHOOK_SECRET_OVERLAP_HOURS'),
    },
    testMysqlUrl: env.TEST_MYSQL_URL || undefined,
    testGaleraUrls: (env.TEST_GALERA_URLS ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean),
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
    oidc: oidcFrom(env, production),
    auth: {
      accessTtl: durationFrom(env.AUTH_ACCESS_TTL, 15 * 60, 'AUTH_ACCESS_TTL'),
      refreshTtl: durationFrom(env.AUTH_REFRESH_TTL, 30 * 86400, 'AUTH_REFRESH_TTL'),
      scryptN: powerOfTwoFrom(env.AUTH_SCRYPT_N, 2 ** 15, 'AUTH_SCRYPT_N'),
      delayBaseMs: intFrom(env.AUTH_DELAY_BASE_MS, 500, 'AUTH_DELAY_BASE_MS'),
      delayMaxMs: intFrom(env.AUTH_DELAY_MAX_MS, 30_000, 'AUTH_DELAY_MAX_MS'),
      lockAfter: Math.max(1, intFrom(env.AUTH_LOCK_AFTER, 10, 'AUTH_LOCK_AFTER')),
      addressLockAfter: Math.max(1, intFrom(env.AUTH_ADDRESS_LOCK_AFTER, 50, 'AUTH_ADDRESS_LOCK_AFTER')),
      lockSeconds: durationFrom(env.AUTH_LOCK_DURATION, 15 * 60, 'AUTH_LOCK_DURATION'),
      resetCodeTtl: durationFrom(env.AUTH_RESET_CODE_TTL, 15 * 60, 'AUTH_RESET_CODE_TTL'),
    },
    oai: {
      repositoryId: env.OAI_REPOSITORY_ID || 'perpustakaan.example',
      repositoryName: env.OAI_REPOSITORY_NAME || 'Katalog Induk Perpustakaan Umum Kota',
      adminEmail: env.OAI_ADMIN_EMAIL || 'katalog@perpustakaan.example',
      baseUrl: env.OAI_BASE_URL || undefined,
      pageSize: Math.min(200, Math.max(1, intFrom(env.OAI_PAGE_SIZE, 50, 'OAI_PAGE_SIZE'))),
      tokenTtl: durationFrom(env.OAI_TOKEN_TTL, 24 * 3600, 'OAI_TOKEN_TTL'),
      refreshIntervalMs: intFrom(env.OAI_REFRESH_INTERVAL_MS, 600_000, 'OAI_REFRESH_INTERVAL_MS'),
    },
    sru: {
      targets: sruTargetsFrom(env.SRU_TARGETS),
      timeoutMs: Math.max(1, intFrom(env.SRU_TIMEOUT_MS, 10_000, 'SRU_TIMEOUT_MS')),
      maxResponseBytes: bytesFrom(env.SRU_MAX_RESPONSE_BYTES, 2 * 1024 ** 2, 'SRU_MAX_RESPONSE_BYTES'),
    },
  };
  // A subgraph's calls to others end before the gateway stops waiting for it (its shortest wait:
  // SUBGRAPH_TIMEOUT_MS or a shorter <NAME>_TIMEOUT_MS). Unset, the deadline is at most half of it.
  const gatewayWait = Math.min(config.subgraphTimeoutMs, ...Object.values(config.subgraphTimeouts));
  if (!env.INTERNAL_CALL_TIMEOUT_MS) config.internalCallTimeoutMs = Math.max(1, Math.min(config.internalCallTimeoutMs, Math.floor(gatewayWait / 2)));
  if (config.internalCallTimeoutMs < 1 || config.internalCallTimeoutMs >= gatewayWait) {
    throw new StartupError(
      `Configuration: INTERNAL_CALL_TIMEOUT_MS (${config.internalCallTimeoutMs}) must be at least 1 and below the gateway's wait for a subgraph (SUBGRAPH_TIMEOUT_MS, <NAME>_TIMEOUT_MS: ${gatewayWait}), so that a subgraph answers before the gateway stops listening`,
    );
  }
  if (config.otlpEndpoint && !/^https?:\/\/[^/]/.test(config.otlpEndpoint)) {
    throw new StartupError(`Configuration: OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL such as http://localhost:4318, got "${config.otlpEndpoint}"`);
  }
  if (config.auth.accessTtl > config.tokenMaxTtl)
    throw new StartupError(`Configuration: AUTH_ACCESS_TTL (${config.auth.accessTtl} s) must not exceed TOKEN_MAX_TTL (${config.tokenMaxTtl} s)`);
  const ttl = durationSeconds(config.tokenTtl);
  if (ttl === null || ttl <= 0) throw new StartupError(`Configuration: TOKEN_TTL must be a duration such as 8h, 30m or 3600s, got "${config.tokenTtl}"`);
  if (ttl > config.tokenMaxTtl && !env.TOKEN_TTL)
    config.tokenTtl = `${config.tokenMaxTtl}s`; // the default, shortened to the maximum
  else if (ttl > config.tokenMaxTtl) throw new StartupError(`Configuration: TOKEN_TTL (${config.tokenTtl}) must not exceed TOKEN_MAX_TTL (${config.tokenMaxTtl} s)`);
  if (production) {
    // Which of them a process needs depends on what it runs: see requireProductionSecrets.
    for (const [name, devValue] of SECRETS) {
      const value = env[name];
      if (value && value === devValue) throw new StartupError(`Configuration: ${name} is the development value; set a secret of your own in production`);
      if (value && value.length < MIN_SECRET_LENGTH) throw new StartupError(`Configuration: ${name} must be at least ${MIN_SECRET_LENGTH} characters in production`);
    }
  }
  if (new Set([config.jwtSecret, config.gatewaySecret, config.serviceSecret]).size !== 3) {
    throw new StartupError('Configuration: JWT_SECRET, GATEWAY_SECRET and SERVICE_SECRET must differ');
  }
  return config;
}

/**
 * Production only: refuses to start a process without the secrets of what it runs. The gateway
 * verifies user tokens (JWT_SECRET) and signs its proof (GATEWAY_SECRET); a subgraph verifies the
 * proof (GATEWAY_PUBLIC_KEY, or GATEWAY_SECRET when it runs with the gateway) and calls other
 * subgraphs (SERVICE_SECRET). An unset secret is its development value, refused here.
 */
export function requireProductionSecrets(config: Config, runs: { gateway?: boolean; subgraph?: boolean }): void {
  if (!config.production) return;
  const missing: string[] = [];
  if (runs.gateway && config.jwtSecret === DEV_JWT_SECRET) missing.push('JWT_SECRET');
  if (runs.gateway && config.gatewaySecret === DEV_GATEWAY_SECRET) missing.push('GATEWAY_SECRET');
  if (runs.subgraph && !config.gatewayPublicKey && config.gatewaySecret === DEV_GATEWAY_SECRET) missing.push('GATEWAY_PUBLIC_KEY (or GATEWAY_SECRET)');
  if (runs.subgraph && config.serviceSecret === DEV_SERVICE_SECRET) missing.push('SERVICE_SECRET');
  if (missing.length) throw new StartupError(`Configuration: ${missing.join(', ')} must be set in production (at least ${MIN_SECRET_LENGTH} characters)`);
}

/** The database name of a subgraph: its registry name with `_` (staff-development → staff_development). */
export function databaseName(config: Config, name: SubgraphName): string {
  return `${config.databasePrefix}${name.replace(/-/g, '_')}`;
}
