import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFederationServices } from '../../gateway/federation';
import { signUserToken, type Identity } from '../../shared/platform/auth';
import { loadConfig, type Config, type SubgraphName } from '../../shared/platform/config';
import { dropDatabase } from '../../shared/platform/database';
import type { RunningService, RunningSubgraph } from '../../shared/platform/server';
import { IDENTITY_STORE } from '../../gateway/auth';
import { SUBGRAPHS } from '../../subgraphs';
import { copyTemplate } from './templates';

export type Backend = 'sqlite' | 'mysql';

/** The README's contract query, "the whole library in one request" (all four subgraphs). */
export const CONTRACT_QUERY = /* GraphQL */ `
  {
    library(id: "kupang") {
      id
      name
      city
      province
      timezone
      population
      librarians(first: 3) {
        totalCount
        edges {
          node {
            id
            name
          }
        }
      }
      items(first: 3) {
        totalCount
        edges {
          node {
            id
            barcode
            status
            record {
              id
              title
              isbn
            }
          }
        }
      }
      events(first: 3) {
        totalCount
        edges {
          node {
            id
            title
            startsAt
            facilitators {
              id
              name
            }
          }
        }
      }
      partners(first: 3) {
        totalCount
        edges {
          node {
            id
            name
            kind
          }
        }
      }
    }
    libraries {
      id
      name
    }
  }
`;

const baseConfig = loadConfig({ ...process.env, NODE_ENV: 'test' });

/** SQLite always; MySQL/MariaDB too when TEST_MYSQL_URL is set (always in CI). */
export const BACKENDS: Backend[] = baseConfig.testMysqlUrl ? ['sqlite', 'mysql'] : ['sqlite'];

let runs = 0;

/** A config of its own for one test federation: a fresh data folder or fresh MySQL databases. */
export function testConfig(backend: Backend, overrides: Partial<Config> = {}): Config {
  runs += 1;
  return {
    ...baseConfig,
    host: '127.0.0.1',
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'libfed-')),
    databaseUrl: backend === 'mysql' ? baseConfig.testMysqlUrl : undefined,
    databaseUrls: {},
    databasePrefix: `t${process.pid}_${runs}_`,
    rateLimitPerMinute: 0, // tests fire hundreds of requests; the limit has its own test
    ...overrides,
  };
}

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface Federation {
  config: Config;
  gateway: RunningService;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  /** POSTs a GraphQL request to the gateway, as a client would. */
  query<T = any>(query: string, options?: { token?: string; variables?: Record<string, unknown> }): Promise<GraphQLResponse<T>>;
  /** A user token signed with the configured JWT secret. */
  token(identity: Omit<Identity, 'sub'> & { sub?: string }, ttl?: string): Promise<string>;
  stop(): Promise<void>;
}

/** The running subgraphs' URLs as startGateway takes them; `overrides` puts some behind something else (a proxy, a door). */
export function subgraphUrlsOf(fed: Federation, overrides: Partial<Record<SubgraphName, string>> = {}): Record<SubgraphName, string> {
  return { ...(Object.fromEntries(Object.entries(fed.subgraphs).map(([name, s]) => [name, s.url])) as Record<SubgraphName, string>), ...overrides };
}

/** POSTs a GraphQL request to any URL. */
export async function postGraphQL<T = any>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  let json: any = {};
  try {
    json = JSON.parse(text);
  } catch {
    json = { errors: [{ message: text }] };
  }
  return { status: res.status, ...json };
}

/** Starts the four subgraphs and the gateway on ephemeral ports, talking real HTTP. */
export async function startFederation(
  backend: Backend,
  options: { seed?: boolean; config?: Partial<Config>; /** start the subgraphs' background jobs (off: tests call the jobs) */ background?: boolean } = {},
): Promise<Federation> {
  const seed = options.seed ?? true;
  const fresh = testConfig(backend, options.config);
  // A copy of the run's template (migrated, and seeded unless asked not to) instead of migrating
  // and seeding four databases: test/helpers/templates.ts.
  const copied = await copyTemplate(baseConfig, fresh, backend, seed ? 'seeded' : 'empty');
  const fed = await startFederationServices(fresh, {
    ephemeralPorts: true,
    seed: seed && !copied,
    // The gateway's identity store is not templated: it migrates in a few statements and seeds its demo accounts itself.
    seedAccounts: seed,
    background: options.background ?? false,
  });
  const { config, gateway, subgraphs } = fed;

  return {
    config,
    gateway,
    subgraphs,
    query: (query, { token, variables } = {}) => postGraphQL(gateway.url, { query, variables }, token ? { authorization: `Bearer ${token}` } : {}),
    token: (identity, ttl = '1h') => signUserToken(identity, config.jwtSecret, ttl),
    async stop() {
      await fed.stop();
      await Promise.all([...SUBGRAPHS, IDENTITY_STORE].map((def) => dropDatabase(config, def)));
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** The extension codes of a response's errors, for assertions. */
export const codes = (res: GraphQLResponse) => (res.errors ?? []).map((e) => e.extensions?.code);
