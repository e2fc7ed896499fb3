import fs from 'node:fs';
import { DEV_GATEWAY_SECRET, DEV_JWT_SECRET, loadConfig, requireProductionSecrets } from '../shared/platform/config';
import { SUBGRAPH_NAMES } from '../subgraphs/registry';

/** Every variable shared/platform/config.ts reads, the per-subgraph ones spelled out. */
function variablesRead(): string[] {
  const source = fs.readFileSync('shared/platform/config.ts', 'utf8');
  const plain = [...source.matchAll(/env\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]);
  const perSubgraph = [...source.matchAll(/env\[`\$\{envKey\(name\)\}(_[A-Z_]+)`\]/g)].map((m) => m[1]);
  const keys = SUBGRAPH_NAMES.map((n) => n.toUpperCase().replace(/-/g, '_'));
  // NODE_ENV is Node's own, not a setting.
  const internal = new Set(['NODE_ENV']);
  return [...new Set([...plain.filter((v) => !internal.has(v)), ...keys.flatMap((k) => perSubgraph.map((suffix) => k + suffix))])].sort();
}

describe('configuration', () => {
  const documented = fs.readFileSync('docs/configuration.md', 'utf8');
  const example = fs.readFileSync('.env.example', 'utf8');

  it.each(variablesRead())('documents %s in docs/configuration.md', (name) => {
    const generic = name.replace(/^(STAFF_DEVELOPMENT|COLLECTIONS|COMMUNITY_EVENTS|PARTNERSHIPS)_/, '<SUBGRAPH>_');
    expect(documented.includes(`\`${name}\``) || documented.includes(`\`${generic}\``)).toBe(true);
  });

  it('lists every setting that has a default in .env.example', () => {
    const perSubgraph = /^(STAFF_DEVELOPMENT|COLLECTIONS|COMMUNITY_EVENTS|PARTNERSHIPS)_/;
    const secretsAndDevOnly = new Set(['TEST_MYSQL_URL', 'SUPERGRAPH_PATH', 'PORT', 'DATABASE_PREFIX', 'SMTP_URL', 'NOTICE_WEBHOOK_URL', 'NOTICE_WEBHOOK_SECRET']);
    const missing = variablesRead().filter((v) => !perSubgraph.test(v) && !secretsAndDevOnly.has(v) && !new RegExp(`^#? ?${v}=`, 'm').test(example));
    expect(missing).toEqual([]);
  });

  it('refuses a setting that is not a number where one is needed, naming it', () => {
    expect(() => loadConfig({ WEBHOOK_POLL_MS: 'soon' })).toThrow(/WEBHOOK_POLL_MS/);
    expect(() => loadConfig({ LITERACY_COPIES_PER_CAPITA: '-1' })).toThrow(/LITERACY_COPIES_PER_CAPITA/);
  });

  it('writes nothing to process.env (it only reads the environment it is given)', () => {
    const before = { ...process.env };
    loadConfig({ ...process.env });
    loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), GATEWAY_SECRET: 'g'.repeat(40), SERVICE_SECRET: 's'.repeat(40) });
    loadConfig();
    expect({ ...process.env }).toEqual(before);
  });

  it('reads the partner webhook worker settings', () => {
    expect(loadConfig({ WEBHOOK_POLL_MS: '0', WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_TIMEOUT_MS: '2500' }).partnerWebhooks).toEqual({
      pollMs: 0,
      maxAttempts: 3,
      timeoutMs: 2500,
      allowPrivateAddresses: true,
      secretOverlapHours: 24,
    });
  });

  describe('secrets, tokens and addresses', () => {
    const strong = (name: string) => `${name}-a-production-secret-of-32-characters-or-more`;
    const PROD = { NODE_ENV: 'production', JWT_SECRET: strong('jwt'), GATEWAY_SECRET: strong('gateway'), SERVICE_SECRET: strong('service') };
    const GATEWAY_PUBLIC_KEY = '9utFugOlODP_M2IOLVw5u1HyoUG2_hFPc1_FQJy8TdY';

    it('listens on 127.0.0.1 unless HOST says otherwise', () => {
      expect(loadConfig({}).host).toBe('127.0.0.1');
      expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    });

    it('refuses a development secret in production, even one set explicitly', () => {
      expect(() => loadConfig({ ...PROD, JWT_SECRET: DEV_JWT_SECRET })).toThrow(/JWT_SECRET is the development value/);
      expect(() => loadConfig({ ...PROD, GATEWAY_SECRET: DEV_GATEWAY_SECRET })).toThrow(/GATEWAY_SECRET/);
    });

    it('refuses a production secret shorter than 32 characters', () => {
      expect(() => loadConfig({ ...PROD, SERVICE_SECRET: 'short-but-not-dev-0123456789' })).toThrow(/SERVICE_SECRET must be at least 32/);
    });

    it('refuses to start a production gateway without JWT_SECRET or GATEWAY_SECRET', () => {
      const { JWT_SECRET: _j, ...noJwt } = PROD;
      const { GATEWAY_SECRET: _g, ...noGateway } = PROD;
      expect(() => requireProductionSecrets(loadConfig(noJwt), { gateway: true })).toThrow(/JWT_SECRET/);
      expect(() => requireProductionSecrets(loadConfig(noGateway), { gateway: true })).toThrow(/GATEWAY_SECRET/);
      expect(() => requireProductionSecrets(loadConfig(PROD), { gateway: true, subgraph: true })).not.toThrow();
    });

    it('refuses to start a production subgraph given neither GATEWAY_PUBLIC_KEY nor GATEWAY_SECRET, or without SERVICE_SECRET', () => {
      const subgraphEnv = { NODE_ENV: 'production', SERVICE_SECRET: PROD.SERVICE_SECRET };
      expect(() => requireProductionSecrets(loadConfig(subgraphEnv), { subgraph: true })).toThrow(/GATEWAY_PUBLIC_KEY/);
      expect(() => requireProductionSecrets(loadConfig({ NODE_ENV: 'production', GATEWAY_PUBLIC_KEY }), { subgraph: true })).toThrow(/SERVICE_SECRET/);
      // what docker-compose gives a subgraph: the public key and SERVICE_SECRET, nothing else
      expect(() => requireProductionSecrets(loadConfig({ ...subgraphEnv, GATEWAY_PUBLIC_KEY }), { subgraph: true })).not.toThrow();
      // …which is not enough to run the gateway
      expect(() => requireProductionSecrets(loadConfig({ ...subgraphEnv, GATEWAY_PUBLIC_KEY }), { gateway: true })).toThrow(/JWT_SECRET, GATEWAY_SECRET/);
    });

    it('lets development run without any secret', () => {
      expect(() => requireProductionSecrets(loadConfig({}), { gateway: true, subgraph: true })).not.toThrow();
    });

    it('reads TOKEN_MAX_TTL (24 h by default) and refuses a TOKEN_TTL longer than it', () => {
      expect(loadConfig({}).tokenMaxTtl).toBe(86_400);
      expect(loadConfig({ TOKEN_MAX_TTL: '90m' }).tokenMaxTtl).toBe(5400);
      expect(() => loadConfig({ TOKEN_TTL: '48h' })).toThrow(/TOKEN_TTL .* must not exceed TOKEN_MAX_TTL/);
      expect(() => loadConfig({ TOKEN_MAX_TTL: 'forever' })).toThrow(/TOKEN_MAX_TTL/);
      // the default TOKEN_TTL (8h) shortens itself to a smaller maximum
      expect(loadConfig({ TOKEN_MAX_TTL: '1h' }).tokenTtl).toBe('3600s');
    });

    it('allows webhooks to private addresses outside production only, unless WEBHOOK_ALLOW_PRIVATE says otherwise', () => {
      expect(loadConfig({}).notices.allowPrivateAddresses).toBe(true);
      expect(loadConfig(PROD).notices.allowPrivateAddresses).toBe(false);
      expect(loadConfig(PROD).partnerWebhooks.allowPrivateAddresses).toBe(false);
      expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'false' }).partnerWebhooks.allowPrivateAddresses).toBe(false);
      expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'maybe' })).toThrow(/WEBHOOK_ALLOW_PRIVATE/);
    });
  });
});
