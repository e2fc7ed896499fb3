import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSchema, isIntrospectionType } from 'graphql';
import { startGateway } from '../gateway/gateway';
import { documentedExamples } from '../gateway/reference';
import { apiSchemaOf, supergraphPath } from '../scripts/schema-api';
import { startFederation, subgraphUrlsOf, type Federation } from './helpers/federation';

/**
 * The schema reference a person browses offline: one page generated from the API schema, served by
 * the gateway at /reference next to the explorer (not in production), or written to a file to hand
 * to a partner. The schema does not depend on the backend, so SQLite only.
 */

/** The URLs a page refers to (src, href, CSS url(), @import). */
function references(text: string): string[] {
  const patterns = [/\s(?:src|href)\s*=\s*["']([^"']+)["']/gi, /url\(\s*["']?([^"')]+)["']?\s*\)/gi, /@import\s+["']([^"']+)["']/gi];
  return patterns.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]));
}

describe('the schema reference', () => {
  let fed: Federation;
  let base: string;
  const api = buildSchema(apiSchemaOf(supergraphPath()));

  beforeAll(async () => {
    fed = await startFederation('sqlite');
    base = new URL(fed.gateway.url).origin;
  });
  afterAll(() => fed?.stop());

  it('lists every query, mutation and type of the API with its description, and every link lands on an entry', async () => {
    const res = await fetch(`${base}/reference`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    for (const name of Object.keys(api.getQueryType()!.getFields())) expect(ids).toContain(`Query.${name}`);
    for (const name of Object.keys(api.getMutationType()!.getFields())) expect(ids).toContain(`Mutation.${name}`);
    for (const type of Object.values(api.getTypeMap()).filter((t) => !isIntrospectionType(t) && !['Query', 'Mutation'].includes(t.name))) {
      expect(ids).toContain(type.name);
    }
    // A description as the schema has it, with its `code` spans.
    const deskLoans = api.getQueryType()!.getFields().deskLoans;
    const opening = deskLoans.description!.split(/`|\n/)[0];
    expect(opening.length).toBeGreaterThan(10);
    expect(html).toContain(opening.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
    // Internal operations (@inaccessible) are not documented.
    expect(ids).not.toContain('Query.institutionCopiesLent');
    expect(ids).not.toContain('Query.memberNoticeContacts');
    const dangling = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]).filter((id) => !ids.has(id));
    expect(dangling).toEqual([]);
  });

  it('shows under each query and mutation the README and docs examples that call it', async () => {
    const html = await (await fetch(`${base}/reference`)).text();
    const examples = documentedExamples();
    const desk = examples.filter((e) => e.page === 'docs/desk.md' && e.coordinates.includes('Query.deskLoans'));
    expect(desk.length).toBeGreaterThan(0);
    const entry = html.slice(html.indexOf('id="Query.deskLoans"'), html.indexOf('</section>', html.indexOf('id="Query.deskLoans"')));
    expect(entry).toContain('From <code>docs/desk.md</code>');
    expect(entry).toContain('deskLoans(libraryId: &quot;kupang&quot;, due: OVERDUE');
    const checkout = html.slice(html.indexOf('id="Mutation.checkoutItem"'), html.indexOf('</section>', html.indexOf('id="Mutation.checkoutItem"')));
    expect(checkout).toMatch(/Examples \(\d+\)/);
  });

  it('loads nothing from another host and runs no inline script or style', async () => {
    const res = await fetch(`${base}/reference`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).not.toMatch(/<script>|<style>/);
    const loaded = references(html).filter((u) => !u.startsWith('#'));
    expect(loaded.sort()).toEqual(['/explorer', '/reference/reference.css', '/reference/reference.js']);
    for (const file of ['/reference/reference.css', '/reference/reference.js']) {
      const asset = await fetch(`${base}${file}`);
      expect(asset.status).toBe(200);
      expect(references(await asset.text()).filter((u) => /^[a-z]+:/i.test(u))).toEqual([]);
    }
  });

  it('is written to one file that opens offline: styles and the index filter inside the page', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reference-')), 'reference.html');
    const printed = execFileSync(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'scripts/schema-reference.ts', out], { encoding: 'utf8' });
    expect(printed).toMatch(/^wrote .*reference\.html: \d+ types, \d+ examples/);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toContain('<style>');
    expect(html).toContain('id="Query.deskLoans"');
    expect(references(html).filter((u) => !u.startsWith('#') && u !== '/explorer')).toEqual([]);
  });

  it('is not served in production, where the explorer is not either', async () => {
    const prod = await startGateway({ ...fed.config, production: true }, { port: 0, subgraphUrls: subgraphUrlsOf(fed) });
    try {
      const prodBase = new URL(prod.url).origin;
      expect((await fetch(`${prodBase}/reference`)).status).toBe(404);
      expect((await fetch(`${prodBase}/reference/reference.js`)).status).toBe(404);
    } finally {
      await prod.stop();
    }
  });
});
