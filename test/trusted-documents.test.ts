import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { startGateway } from '../gateway/gateway';
import { loadTrustedClients, sha256Hex, type PersistedQueryManifest } from '../gateway/trusted-documents';
import { demoId } from '../shared/domain/demo';
import { loadConfig, StartupError } from '../shared/platform/config';
import type { RunningService } from '../shared/platform/server';
import { BACKENDS, codes, postGraphQL, startFederation, subgraphUrlsOf, type Federation, type GraphQLResponse } from './helpers/federation';

/**
 * Automatic persisted queries for everyone, and trusted documents for the registered clients
 * (docs/api.md, "Persisted queries and trusted documents"): real HTTP through a development
 * gateway (TRUSTED_DOCUMENTS=off, the default outside production) and a production one (enforce).
 */

const ROOT = path.resolve(__dirname, '..');
const PERSISTED_DIR = path.join(ROOT, 'persisted');
const CONSOLE_MANIFEST = JSON.parse(fs.readFileSync(path.join(PERSISTED_DIR, 'console.json'), 'utf8')) as PersistedQueryManifest;
const consoleOperation = (name: string) => {
  const op = CONSOLE_MANIFEST.operations.find((o) => o.name === name);
  if (!op) throw new Error(`persisted/console.json has no ${name}`);
  return op;
};
const REPORT = consoleOperation('ConsoleReport');
const REPORT_VARIABLES = { from: '2026-01-01', to: '2026-10-31' };

/** A second registered client, to show that the registered clients are the manifests present. */
const KIOSK_QUERY = 'query KioskLibraries { libraries { id name } }';
const KIOSK_MANIFEST: PersistedQueryManifest = {
  format: 'apollo-persisted-query-manifest',
  version: 1,
  operations: [{ id: sha256Hex(KIOSK_QUERY), name: 'KioskLibraries', type: 'query', body: KIOSK_QUERY }],
};

/** Over the cost budget (50,000): a hundred items of each library, each item's library with a hundred items again. */
const COSTLY = '{ libraries { items(first: 100) { edges { node { library { items(first: 100) { edges { node { id } } } } } } } } }';

const CHROMIUM = '/usr/bin/chromium';
// As in test/console.test.ts: CI must not go green without the browser.
const inBrowser = fs.existsSync(CHROMIUM) || process.env.CI === 'true' ? it : it.skip;

const persisted = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });
const client = (name: string, version = 'test') => ({ 'apollographql-client-name': name, 'apollographql-client-version': version });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('configuration of persisted queries and trusted documents', () => {
  const PROD = {
    NODE_ENV: 'production',
    JWT_SECRET: 'jwt-a-production-secret-of-32-characters-or-more',
    GATEWAY_SECRET: 'gateway-a-production-secret-of-32-characters-or-more',
    SERVICE_SECRET: 'service-a-production-secret-of-32-characters-or-more',
  };

  it('enforces trusted documents in production and not elsewhere, unless TRUSTED_DOCUMENTS says otherwise', () => {
    expect(loadConfig(PROD).trustedDocuments).toEqual({ mode: 'enforce', dir: path.resolve('persisted') });
    expect(loadConfig({ NODE_ENV: 'development' }).trustedDocuments.mode).toBe('off');
    expect(loadConfig({ NODE_ENV: 'test' }).trustedDocuments.mode).toBe('off');
    expect(loadConfig({ ...PROD, TRUSTED_DOCUMENTS: 'off' }).trustedDocuments.mode).toBe('off');
    expect(loadConfig({ TRUSTED_DOCUMENTS: 'enforce', TRUSTED_DOCUMENTS_DIR: '/srv/manifests' }).trustedDocuments).toEqual({ mode: 'enforce', dir: '/srv/manifests' });
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: 'strict' })).toThrow(/TRUSTED_DOCUMENTS/);
  });

  it('bounds the APQ cache at 2 MiB unless APQ_CACHE_MAX_BYTES says otherwise (0: no APQ)', () => {
    expect(loadConfig({}).apqCacheBytes).toBe(2 * 1024 ** 2);
    expect(loadConfig({ APQ_CACHE_MAX_BYTES: '512kb' }).apqCacheBytes).toBe(512 * 1024);
    expect(loadConfig({ APQ_CACHE_MAX_BYTES: '0' }).apqCacheBytes).toBe(0);
    expect(() => loadConfig({ APQ_CACHE_MAX_BYTES: 'lots' })).toThrow(/APQ_CACHE_MAX_BYTES/);
  });
});

describe('the registered clients’ manifests', () => {
  it('are what their source gives: persisted/console.json is current (else run npm run persisted:manifest)', async () => {
    // In a process of its own: GraphQL Code Generator's CLI loads an ES module (yargs) that Jest's runtime cannot.
    const check = await promisify(execFile)(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'scripts/persisted-manifest.ts', '--check'], {
      cwd: ROOT,
      env: { ...process.env, SUPERGRAPH_PATH: path.join(ROOT, 'supergraph.graphql') },
    }).then(
      () => 'current',
      (err: Error & { stderr?: string }) => err.stderr || err.message,
    );
    expect(check).toBe('current');
    expect(CONSOLE_MANIFEST.operations.map((op) => op.name)).toEqual(['ConsoleLiteracy', 'ConsoleReport', 'ConsoleTrends']);
    for (const op of CONSOLE_MANIFEST.operations) expect(op.id).toBe(sha256Hex(op.body));
  });

  it('refuse to load when an id is not the sha256 of its body, or the file is not a manifest', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifests-'));
    try {
      const forged = { ...KIOSK_MANIFEST, operations: [{ ...KIOSK_MANIFEST.operations[0], body: '{ libraries { id name members(first: 100) { totalCount } } }' }] };
      fs.writeFileSync(path.join(dir, 'kiosk.json'), JSON.stringify(forged));
      expect(() => loadTrustedClients(dir)).toThrow(StartupError);
      fs.writeFileSync(path.join(dir, 'kiosk.json'), JSON.stringify({ operations: {} }));
      expect(() => loadTrustedClients(dir)).toThrow(/apollo-persisted-query-manifest/);
      fs.writeFileSync(path.join(dir, 'kiosk.json'), JSON.stringify(KIOSK_MANIFEST));
      expect([...loadTrustedClients(dir).keys()]).toEqual(['kiosk']);
      expect(loadTrustedClients(path.join(dir, 'absent')).size).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(BACKENDS)('persisted queries and trusted documents through the gateway (%s)', (backend) => {
  let fed: Federation;
  /** A production gateway (TRUSTED_DOCUMENTS=enforce) over the same subgraphs, with the console's and a kiosk's manifests and a 2 kB APQ cache. */
  let prod: RunningService;
  let manifests: string;
  let government: string;
  let member: string;

  beforeAll(async () => {
    fed = await startFederation(backend);
    manifests = fs.mkdtempSync(path.join(os.tmpdir(), 'manifests-'));
    fs.copyFileSync(path.join(PERSISTED_DIR, 'console.json'), path.join(manifests, 'console.json'));
    fs.writeFileSync(path.join(manifests, 'kiosk.json'), JSON.stringify(KIOSK_MANIFEST));
    prod = await startGateway(
      { ...fed.config, production: true, trustedDocuments: { mode: 'enforce', dir: manifests }, apqCacheBytes: 2048 },
      { port: 0, subgraphUrls: subgraphUrlsOf(fed) },
    );
    government = await fed.token({ role: 'GOVERNMENT' });
    member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 3) });
  });
  afterAll(async () => {
    await prod?.stop();
    await fed?.stop();
    if (manifests) fs.rmSync(manifests, { recursive: true, force: true });
  });

  describe('automatic persisted queries, for everyone', () => {
    it('answers an unknown hash PERSISTED_QUERY_NOT_FOUND, registers the query sent with it, then runs it by hash alone', async () => {
      const query = `{ libraries { id name } } # apq round trip ${backend}`;
      const hash = sha256Hex(query);
      const unknown = await postGraphQL(fed.gateway.url, { extensions: persisted(hash) });
      expect(unknown.status).toBe(200);
      expect(codes(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      const registered = await postGraphQL(fed.gateway.url, { query, extensions: persisted(hash) });
      expect(registered.errors).toBeUndefined();
      const byHash = await postGraphQL(fed.gateway.url, { extensions: persisted(hash) });
      expect(byHash.status).toBe(200);
      expect(byHash.data).toEqual(registered.data);
      expect(byHash.data.libraries.length).toBeGreaterThan(0);
    });

    it('works in production too, for a request that names no client, by GET as well', async () => {
      const query = `{ libraries { id } } # apq in production ${backend}`;
      const hash = sha256Hex(query);
      expect(codes(await postGraphQL(prod.url, { extensions: persisted(hash) }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      expect((await postGraphQL(prod.url, { query, extensions: persisted(hash) })).errors).toBeUndefined();
      const get = await fetch(`${prod.url}?extensions=${encodeURIComponent(JSON.stringify(persisted(hash)))}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect(get.status).toBe(200);
      expect(((await get.json()) as GraphQLResponse).data.libraries.length).toBeGreaterThan(0);
    });

    it('refuses an over-cost query registered by hash with QUERY_TOO_COSTLY, and does not keep it', async () => {
      const hash = sha256Hex(COSTLY);
      const res = await postGraphQL(fed.gateway.url, { query: COSTLY, extensions: persisted(hash) });
      expect(res.status).toBe(400);
      expect(codes(res)).toEqual(['QUERY_TOO_COSTLY']);
      expect(codes(await postGraphQL(fed.gateway.url, { extensions: persisted(hash) }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    });

    it('refuses a hash that is not the sha256 of the query sent with it, or another version, with BAD_USER_INPUT', async () => {
      const mismatch = await postGraphQL(fed.gateway.url, { query: '{ libraries { id } }', extensions: persisted('f'.repeat(64)) });
      expect(mismatch.status).toBe(400);
      expect(codes(mismatch)).toEqual(['BAD_USER_INPUT']);
      expect(mismatch.errors![0].extensions!.field).toBe('extensions.persistedQuery.sha256Hash');
      const version = await postGraphQL(fed.gateway.url, { extensions: { persistedQuery: { version: 2, sha256Hash: 'f'.repeat(64) } } });
      expect(version.status).toBe(400);
      expect(codes(version)).toEqual(['BAD_USER_INPUT']);
      // Nothing was registered under the hash.
      expect(codes(await postGraphQL(fed.gateway.url, { extensions: persisted('f'.repeat(64)) }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    });

    it('keeps no more than APQ_CACHE_MAX_BYTES of queries: the least recently used go first', async () => {
      const queries = Array.from(
        { length: 8 },
        (_, i) => `{ libraries { id name city } } # evicted in turn, query ${i} of ${backend}, padded to about two hundred characters ${'.'.repeat(80)}`,
      );
      for (const query of queries) expect((await postGraphQL(prod.url, { query, extensions: persisted(sha256Hex(query)) })).errors).toBeUndefined();
      // 2 × (about 220 characters + the 68 of the key) each: the 2 kB cache holds the last three.
      expect(codes(await postGraphQL(prod.url, { extensions: persisted(sha256Hex(queries[0])) }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      expect((await postGraphQL(prod.url, { extensions: persisted(sha256Hex(queries[7])) })).errors).toBeUndefined();
    });
  });

  describe('trusted documents in production (TRUSTED_DOCUMENTS=enforce)', () => {
    it('runs a console operation sent by its manifest hash alone, with its version, as the console sends it', async () => {
      const res = await postGraphQL(
        prod.url,
        { operationName: 'ConsoleReport', variables: REPORT_VARIABLES, extensions: persisted(REPORT.id) },
        { ...client('console'), ...bearer(government) },
      );
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      expect(res.data.regionalReport.length).toBeGreaterThan(0);
      // The same answer as the text sent by a client that names itself nothing.
      const text = await postGraphQL(prod.url, { query: REPORT.body, variables: REPORT_VARIABLES }, bearer(government));
      expect(text.data).toEqual(res.data);
    });

    // SQLite only, as test/console.test.ts: the page reads the same API on either backend.
    (backend === 'sqlite' ? inBrowser : it.skip)('the console page in Chromium signs in and shows the region, sending its operations by hash alone, named console', async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
      try {
        const page = await browser.newPage();
        page.setDefaultTimeout(20_000);
        const sent: { body: any; headers: Record<string, string> }[] = [];
        page.on('request', (req) => {
          if (req.url().endsWith('/graphql')) sent.push({ body: req.postDataJSON(), headers: req.headers() });
        });
        await page.goto(prod.url.replace(/\/graphql$/, '/console'));
        await page.click('#token-option summary');
        await page.fill('#token', government);
        await page.click('#token-form button[type=submit]');
        await page.waitForFunction(() => (globalThis as any).document.body.dataset.state === 'ready');
        expect((await page.$$('#report tbody tr')).length).toBeGreaterThan(0);
        expect(await page.isVisible('#app-error')).toBe(false);
        const ids = new Map(CONSOLE_MANIFEST.operations.map((op) => [op.id, op.name]));
        const { version } = (await (await fetch(prod.url.replace(/\/graphql$/, '/console/operations.json'))).json()) as { version: string };
        expect(sent.map((r) => r.body.operationName).sort()).toEqual(['ConsoleLiteracy', 'ConsoleReport', 'ConsoleTrends']);
        for (const { body, headers } of sent) {
          expect(body.query).toBeUndefined();
          expect(ids.get(body.extensions.persistedQuery.sha256Hash)).toBe(body.operationName);
          expect(headers['apollographql-client-name']).toBe('console');
          expect(headers['apollographql-client-version']).toBe(version);
        }
      } finally {
        await browser.close();
      }
    });

    it('serves the console its operations’ ids and the manifest’s version at /console/operations.json', async () => {
      const res = await fetch(prod.url.replace(/\/graphql$/, '/console/operations.json'));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { client: string; version: string; operations: Record<string, string> };
      expect(body.client).toBe('console');
      expect(body.version).toMatch(/^[0-9a-f]{16}$/);
      expect(body.operations).toEqual(Object.fromEntries(CONSOLE_MANIFEST.operations.map((op) => [op.name, op.id])));
    });

    it('still checks the caller: a console operation with a MEMBER token is FORBIDDEN, as its text is', async () => {
      const res = await postGraphQL(prod.url, { variables: REPORT_VARIABLES, extensions: persisted(REPORT.id) }, { ...client('console'), ...bearer(member) });
      expect(codes(res)).toContain('FORBIDDEN');
      expect(res.data?.regionalReport ?? null).toBeNull();
      const text = await postGraphQL(prod.url, { query: REPORT.body, variables: REPORT_VARIABLES }, bearer(member));
      expect(codes(text)).toEqual(codes(res));
      const anonymous = await postGraphQL(prod.url, { variables: REPORT_VARIABLES, extensions: persisted(REPORT.id) }, client('console'));
      expect(codes(anonymous)).toContain('UNAUTHENTICATED');
    });

    it('refuses any other request naming the console with PERSISTED_QUERY_NOT_ALLOWED (HTTP 400): arbitrary text, its own text, another hash', async () => {
      const anyQuery = await postGraphQL(prod.url, { query: '{ libraries { id name } }' }, { ...client('console'), ...bearer(government) });
      expect(anyQuery.status).toBe(400);
      expect(codes(anyQuery)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
      expect(anyQuery.errors![0].extensions!.client).toBe('console');
      expect(anyQuery.data).toBeUndefined();
      // The body comes from the manifest only: the console's own query sent as text is refused too.
      const ownText = await postGraphQL(prod.url, { query: REPORT.body, variables: REPORT_VARIABLES }, { ...client('console'), ...bearer(government) });
      expect(codes(ownText)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
      // A hash APQ knows, but not the console's manifest.
      const other = `{ libraries { id } } # registered by someone else ${backend}`;
      expect((await postGraphQL(prod.url, { query: other, extensions: persisted(sha256Hex(other)) })).errors).toBeUndefined();
      const apqHash = await postGraphQL(prod.url, { extensions: persisted(sha256Hex(other)) }, client('console'));
      expect(apqHash.status).toBe(400);
      expect(codes(apqHash)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
      // By GET as well.
      const get = await fetch(`${prod.url}?query=${encodeURIComponent('{ libraries { id } }')}`, { headers: { 'apollo-require-preflight': 'true', ...client('console') } });
      expect(get.status).toBe(400);
      expect(codes((await get.json()) as GraphQLResponse)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    });

    it('runs a console hash by GET, the body from the manifest', async () => {
      const params = new URLSearchParams({ variables: JSON.stringify(REPORT_VARIABLES), extensions: JSON.stringify(persisted(REPORT.id)) });
      const get = await fetch(`${prod.url}?${params.toString()}`, { headers: { 'apollo-require-preflight': 'true', ...client('console'), ...bearer(government) } });
      expect(get.status).toBe(200);
      expect(((await get.json()) as GraphQLResponse).data.regionalReport.length).toBeGreaterThan(0);
    });

    it('keeps arbitrary queries under the cost limit for a request naming no client, or a client without a manifest', async () => {
      const none = await postGraphQL(prod.url, { query: '{ libraries { id name } }' }, bearer(government));
      expect(none.errors).toBeUndefined();
      expect(none.data.libraries.length).toBeGreaterThan(0);
      const unknown = await postGraphQL(prod.url, { query: '{ libraries { id name } }' }, { ...client('partner-portal'), ...bearer(government) });
      expect(unknown.errors).toBeUndefined();
      expect(unknown.data).toEqual(none.data);
      const costly = await postGraphQL(prod.url, { query: COSTLY }, client('partner-portal'));
      expect(codes(costly)).toEqual(['QUERY_TOO_COSTLY']);
    });

    it('registers every manifest present: the kiosk runs its own operation and nothing else, not even the console’s', async () => {
      const own = await postGraphQL(prod.url, { extensions: persisted(KIOSK_MANIFEST.operations[0].id) }, client('kiosk'));
      expect(own.errors).toBeUndefined();
      expect(own.data.libraries.length).toBeGreaterThan(0);
      const consoles = await postGraphQL(prod.url, { variables: REPORT_VARIABLES, extensions: persisted(REPORT.id) }, { ...client('kiosk'), ...bearer(government) });
      expect(codes(consoles)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
      expect(codes(await postGraphQL(prod.url, { query: KIOSK_QUERY }, client('kiosk')))).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    });
  });

  describe('trusted documents off (development, TRUSTED_DOCUMENTS=off)', () => {
    it('runs the console’s hashes from its manifest, and arbitrary text naming the console as well', async () => {
      const byHash = await postGraphQL(fed.gateway.url, { variables: REPORT_VARIABLES, extensions: persisted(REPORT.id) }, { ...client('console'), ...bearer(government) });
      expect(byHash.errors).toBeUndefined();
      expect(byHash.data.regionalReport.length).toBeGreaterThan(0);
      const text = await postGraphQL(fed.gateway.url, { query: '{ libraries { id name } }' }, { ...client('console'), ...bearer(government) });
      expect(text.status).toBe(200);
      expect(text.errors).toBeUndefined();
      expect(text.data.libraries.length).toBeGreaterThan(0);
    });
  });
});
