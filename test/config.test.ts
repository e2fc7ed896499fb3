import fs from 'node:fs';
import { SUBGRAPH_NAMES, loadConfig } from '../shared/config';

/** Every variable shared/config.ts reads, the per-subgraph ones spelled out. */
function variablesRead(): string[] {
  const source = fs.readFileSync('shared/config.ts', 'utf8');
  const plain = [...source.matchAll(/env\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]);
  const perSubgraph = [...source.matchAll(/env\[`\$\{envKey\(name\)\}(_[A-Z_]+)`\]/g)].map((m) => m[1]);
  const keys = SUBGRAPH_NAMES.map((n) => n.toUpperCase().replace(/-/g, '_'));
  // NODE_ENV is Node's own; APOLLO_TELEMETRY_DISABLED is set by us, not a setting.
  const internal = new Set(['NODE_ENV', 'APOLLO_TELEMETRY_DISABLED']);
  return [...new Set([...plain.filter((v) => !internal.has(v)), ...keys.flatMap((k) => perSubgraph.map((suffix) => k + suffix))])].sort();
}

describe('configuration', () => {
  const readme = fs.readFileSync('README.md', 'utf8');
  const example = fs.readFileSync('.env.example', 'utf8');

  it.each(variablesRead())('documents %s in the README', (name) => {
    const generic = name.replace(/^(STAFF_DEVELOPMENT|COLLECTIONS|COMMUNITY_EVENTS|PARTNERSHIPS)_/, '<SUBGRAPH>_');
    expect(readme.includes(`\`${name}\``) || readme.includes(`\`${generic}\``)).toBe(true);
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

  it("turns Apollo's anonymous telemetry off in the real environment, also when loaded from a copy of it", () => {
    const before = process.env.APOLLO_TELEMETRY_DISABLED;
    try {
      delete process.env.APOLLO_TELEMETRY_DISABLED;
      loadConfig({ ...process.env });
      expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('1');
    } finally {
      if (before === undefined) delete process.env.APOLLO_TELEMETRY_DISABLED;
      else process.env.APOLLO_TELEMETRY_DISABLED = before;
    }
  });

  it('reads the partner webhook worker settings', () => {
    expect(loadConfig({ WEBHOOK_POLL_MS: '0', WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_TIMEOUT_MS: '2500' }).partnerWebhooks).toEqual({
      pollMs: 0,
      maxAttempts: 3,
      timeoutMs: 2500,
    });
  });
});
