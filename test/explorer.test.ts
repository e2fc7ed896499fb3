import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AUTHORIZATION_PLACEHOLDER, EXPLORER_CSP, explorerCsp } from '../gateway/explorer';
import { startGateway } from '../gateway/gateway';
import { BACKENDS, postGraphQL, startFederation, subgraphUrlsOf, type Federation } from './helpers/federation';

/**
 * The API explorer: GraphiQL served by the gateway from its own packages, outside production. A
 * browser opening /graphql (or /explorer) gets it, every file it loads comes from the gateway, and
 * a query typed into it is answered in its result pane — offline, in Debian's headless Chromium.
 */

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
// CI must not go green without the browser: there the browser tests run and fail loudly.
const IN_CI = process.env.CI === 'true';
const describeInBrowser = HAS_CHROMIUM || IN_CI ? describe : describe.skip;
if (!HAS_CHROMIUM && !IN_CI) {
  console.warn(`test/explorer.test.ts: no Chromium at ${CHROMIUM}, the browser tests are skipped (apt-get install -y chromium)`);
}

/** What Chromium sends when a person opens a URL. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8';

/** The URLs a page or stylesheet refers to (src, href, CSS url(), @import). */
function references(text: string): string[] {
  const patterns = [/\s(?:src|href)\s*=\s*["']([^"']+)["']/gi, /url\(\s*["']?([^"')]+)["']?\s*\)/gi, /@import\s+["']([^"']+)["']/gi];
  return patterns.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]));
}

describe.each(BACKENDS)('the API explorer (%s)', (backend) => {
  let fed: Federation;
  let base: string;

  beforeAll(async () => {
    fed = await startFederation(backend);
    base = new URL(fed.gateway.url).origin;
  });
  afterAll(() => fed?.stop());

  it('opens GraphiQL at /graphql for a browser and at /explorer, under a policy that allows this origin only', async () => {
    const nonces = new Set<string>();
    for (const path of ['/graphql', '/explorer']) {
      const res = await fetch(`${base}${path}`, { headers: { accept: BROWSER_ACCEPT } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      const config = JSON.parse(/<script type="application\/json" id="explorer-config">([^<]*)<\/script>/.exec(html)![1]);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toBe(explorerCsp(config.styleNonce));
      nonces.add(config.styleNonce);
      // Every fetch directive names this origin alone (or nothing); style-src adds the page's nonce.
      for (const directive of csp.split(';').map((d) => d.trim())) {
        const [name, ...sources] = directive.split(/\s+/);
        const allowed = (s: string) => s === "'self'" || s === "'none'" || (name === 'style-src' && s === `'nonce-${config.styleNonce}'`);
        if (name.endsWith('-src')) expect(sources.filter((s) => !allowed(s))).toEqual([]);
      }
      expect(csp).not.toMatch(/unsafe|data:|https?:|\*/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(html).toContain('<div id="graphiql">');
      expect(html).not.toMatch(/sandbox|apollographql|embeddable/i);
      // No inline script (the JSON configuration block is data) and no inline style.
      for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        if (/type="application\/json"/.test(attributes)) JSON.parse(body);
        else expect(body.trim()).toBe('');
      }
      expect(html).not.toMatch(/\son[a-z]+\s*=/i);
      expect(html).not.toMatch(/\sstyle\s*=|<style/i);
    }
    expect(nonces.size).toBe(2); // a nonce per page
    expect((await fetch(`${base}/explorer/explorer.js`)).headers.get('content-security-policy')).toBe(EXPLORER_CSP);
  });

  it('loads every file of the page, and every file those files name, from the gateway itself', async () => {
    const html = await (await fetch(`${base}/explorer`)).text();
    const seen = new Set<string>();
    const queue = references(html).map((ref) => new URL(ref, `${base}/explorer`).href);
    expect(queue.length).toBeGreaterThanOrEqual(6); // icon, two style sheets, React, ReactDOM, GraphiQL, the boot script
    let fonts = 0;
    while (queue.length) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      expect(new URL(url).origin).toBe(base);
      const res = await fetch(url);
      expect([url, res.status]).toEqual([url, 200]);
      const type = res.headers.get('content-type') ?? '';
      if (/^font\//.test(type)) fonts += 1;
      if (/^text\/css/.test(type)) {
        const css = await res.text();
        expect(css).not.toMatch(/url\(\s*["']?(data:|https?:|\/\/)/i);
        queue.push(...references(css).map((ref) => new URL(ref, url).href));
      } else {
        await res.arrayBuffer();
      }
    }
    // GraphiQL's fonts, which its stylesheet embeds, are served as files.
    expect(fonts).toBeGreaterThan(0);
    expect([...seen].some((u) => u.endsWith('/graphiql.min.js'))).toBe(true);
    expect([...seen].some((u) => u.endsWith('/react-dom.production.min.js'))).toBe(true);
  });

  it('gives the page the API schema, as introspection through /graphql describes it', async () => {
    const res = await fetch(`${base}/explorer/schema.json`);
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: any };
    expect(data.__schema.queryType.name).toBe('Query');
    const names = data.__schema.types.map((t: any) => t.name).sort();
    const viaGraphQL = await fed.query('{ __schema { types { name } } }');
    expect(names).toEqual(viaGraphQL.data.__schema.types.map((t: any) => t.name).sort());
    expect(names).toContain('Library');
    expect(names.filter((n: string) => /^(join|link)__/.test(n))).toEqual([]); // the API schema, not the supergraph
    const library = data.__schema.types.find((t: any) => t.name === 'Library');
    expect(library.fields.map((f: any) => f.name)).toEqual(expect.arrayContaining(['id', 'name', 'librarians', 'items', 'events', 'partners']));
  });

  it('leaves the API as it was: POST /graphql answers, a plain GET is still refused (CSRF prevention)', async () => {
    const res = await fed.query('{ libraries { id } }');
    expect(res.status).toBe(200);
    expect(res.data.libraries.length).toBeGreaterThan(0);
    const get = await fetch(`${base}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } });
    expect(get.status).toBe(400);
    const preflighted = await fetch(`${base}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(await preflighted.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await fetch(`${base}/explorer/nope.js`)).status).toBe(404);
    expect((await fetch(`${base}/explorer/vendor/other/graphiql.min.js`)).status).toBe(404);
  });

  it('serves no explorer in production', async () => {
    const prod = await startGateway({ ...fed.config, production: true }, { port: 0, subgraphUrls: subgraphUrlsOf(fed) });
    try {
      const prodBase = new URL(prod.url).origin;
      const page = await fetch(`${prodBase}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
      expect(page.headers.get('content-type') ?? '').not.toMatch(/html/);
      expect(await page.text()).not.toMatch(/graphiql|sandbox/i);
      const explorer = await fetch(`${prodBase}/explorer`, { headers: { accept: BROWSER_ACCEPT } });
      expect(explorer.status).toBe(404);
      expect(await explorer.text()).not.toMatch(/graphiql/i);
      expect((await fetch(`${prodBase}/explorer/schema.json`)).status).toBe(404);
      // The API itself still answers.
      const res = await postGraphQL(prod.url, { query: '{ libraries { id } }' });
      expect(res.data.libraries.length).toBeGreaterThan(0);
    } finally {
      await prod.stop();
    }
  });

  describeInBrowser('in headless Chromium, offline', () => {
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const requests: { url: string; method: string; authorization?: string }[] = [];
    const problems: string[] = [];

    /** The text of the CodeMirror editor under `selector`. */
    const editorText = (selector: string) =>
      page.evaluate((sel) => ((globalThis as any).document.querySelector(`${sel} .CodeMirror`)?.CodeMirror?.getValue() ?? null) as string | null, selector);
    const setEditorText = (selector: string, text: string) =>
      page.evaluate(([sel, value]) => (globalThis as any).document.querySelector(`${sel} .CodeMirror`).CodeMirror.setValue(value), [selector, text] as const);

    /** Types a query, runs it with the run button and returns what the result pane then shows. */
    async function run(query: string): Promise<any> {
      await setEditorText('.graphiql-query-editor', query);
      await setEditorText('.graphiql-response', '');
      const before = requests.length;
      await page.click('.graphiql-execute-button');
      await page.waitForFunction(() => {
        const text = (globalThis as any).document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue() ?? '';
        try {
          return typeof JSON.parse(text) === 'object';
        } catch {
          return false;
        }
      });
      expect(requests.length).toBeGreaterThan(before);
      return JSON.parse((await editorText('.graphiql-response'))!);
    }

    beforeAll(async () => {
      if (!HAS_CHROMIUM) throw new Error(`No Chromium at ${CHROMIUM}: install it (apt-get install -y chromium); CI=true requires it`);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      context.setDefaultTimeout(20_000);
      // Every request the page makes, whatever it is for (scripts, styles, fonts, workers, GraphQL).
      context.on('request', (req) => {
        requests.push({ url: req.url(), method: req.method(), authorization: req.headers().authorization });
      });
      page = await context.newPage();
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      await page.goto(`${base}/graphql`);
      await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror');
    });
    afterAll(async () => {
      await context?.close();
      await browser?.close();
    });

    it('renders GraphiQL with the starter query and the Authorization header to fill in', async () => {
      expect(await page.title()).toContain('API explorer');
      expect(await page.isVisible('.graphiql-execute-button')).toBe(true);
      const query = await editorText('.graphiql-query-editor');
      expect(query).toContain('npm run token');
      expect(query).toContain('libraries');
      // The headers tab is open, with the header's shape and the placeholder to replace.
      await page.waitForFunction(
        (p) => [...(globalThis as any).document.querySelectorAll('.graphiql-editor-tool .CodeMirror')].some((el: any) => el.CodeMirror.getValue().includes(p)),
        AUTHORIZATION_PLACEHOLDER,
      );
      const headers = await page.evaluate(() =>
        [...(globalThis as any).document.querySelectorAll('.graphiql-editor-tool .CodeMirror')]
          .map((el: any) => el.CodeMirror.getValue())
          .find((v: string) => v.includes('Authorization')),
      );
      expect(JSON.parse(headers)).toEqual({ Authorization: AUTHORIZATION_PLACEHOLDER });
    });

    it('loads the schema from the gateway (the documentation explorer lists Query)', async () => {
      await page.click('.graphiql-sidebar button[aria-label="Show Documentation Explorer"]');
      await page.waitForSelector('.graphiql-doc-explorer');
      await page.waitForFunction(() => /Query/.test((globalThis as any).document.querySelector('.graphiql-doc-explorer')?.textContent ?? ''));
      expect(requests.some((r) => r.url === `${base}/explorer/schema.json`)).toBe(true);
      // A type of the federation, from the schema the gateway serves.
      await page.fill('.graphiql-doc-explorer-search-input input', 'Library');
      await page.waitForSelector('.graphiql-doc-explorer-search [role="option"]:has-text("Library")');
    });

    it('runs a public query and shows its answer in the result pane, sending no placeholder token', async () => {
      const answer = await run('{ libraries { id name } }');
      const expected = await fed.query('{ libraries { id name } }');
      expect(answer).toEqual({ data: expected.data });
      const posts = requests.filter((r) => r.method === 'POST');
      expect(posts.length).toBeGreaterThan(0);
      expect(posts.every((r) => r.authorization === undefined)).toBe(true);
    });

    it('sends the token typed into the headers editor, as Authorization', async () => {
      const query = '{ library(id: "kupang") { librarians(first: 2) { totalCount } } }';
      const anonymous = await fed.query(query);
      expect(anonymous.errors?.length).toBeGreaterThan(0);
      const token = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
      await page.evaluate(
        ([placeholder, value]) => {
          const el: any = [...(globalThis as any).document.querySelectorAll('.graphiql-editor-tool .CodeMirror')].find((e: any) => e.CodeMirror.getValue().includes(placeholder));
          el.CodeMirror.setValue(JSON.stringify({ Authorization: `Bearer ${value}` }));
        },
        [AUTHORIZATION_PLACEHOLDER, token] as const,
      );
      const answer = await run(query);
      const expected = await fed.query(query, { token });
      expect(expected.errors).toBeUndefined();
      expect(answer).toEqual({ data: expected.data });
      expect(answer.data.library.librarians.totalCount).toBeGreaterThan(0);
      expect(requests.at(-1)).toMatchObject({ method: 'POST', url: `${base}/graphql`, authorization: `Bearer ${token}` });
    });

    it('opens the settings dialog (its scroll lock is the one inline style the policy lets in)', async () => {
      await page.click('.graphiql-sidebar button[aria-label="Open settings dialog"]');
      await page.waitForSelector('.graphiql-dialog');
      expect(await page.textContent('.graphiql-dialog')).toContain('Theme');
      await page.keyboard.press('Escape');
      await page.waitForSelector('.graphiql-dialog', { state: 'detached' });
    });

    it('made every request to the gateway, and logged no error (a blocked file or policy violation would show here)', () => {
      const elsewhere = requests.filter((r) => new URL(r.url).origin !== base);
      expect(elsewhere).toEqual([]);
      expect(requests.length).toBeGreaterThan(5);
      expect(problems).toEqual([]);
    });
  });
});
