import fs from 'node:fs';
import path from 'node:path';
import { setClock } from '../shared/platform/clock';
import { identityFromFlags } from '../scripts/token';
import { EXAMPLE_PAGES, docExamples, graphqlBlocks, markdownPages } from './helpers/docs';
import { codes, startFederation, type Federation } from './helpers/federation';

/**
 * The day the examples are read on: the demo data is fixed in time (around DEMO_TODAY), so the
 * examples run on a fixed Monday morning shortly after it — enrolment windows, surveys and
 * registrations open then stay open however late the suite runs.
 */
const DOCS_DAY = '2026-11-23T02:00:00Z';

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** A page's text without fenced blocks and inline code, where brackets are not links. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** The anchors a page's headings make, duplicates numbered as GitHub numbers them. */
function anchors(page: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, heading] of prose(fs.readFileSync(page, 'utf8')).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    out.add(count ? `${base}-${count}` : base);
  }
  return out;
}

/** Every relative link of every page: [text](target) and ![alt](target). */
function relativeLinks(): { page: string; target: string }[] {
  return markdownPages().flatMap((page) =>
    [...prose(fs.readFileSync(page, 'utf8')).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
      .map(([, target]) => ({ page, target }))
      .filter(({ target }) => !/^[a-z][a-z0-9+.-]*:/i.test(target)),
  );
}

describe('the documentation', () => {
  it('runs the examples of every page that has any', () => {
    const withExamples = markdownPages().filter((page) => graphqlBlocks(page).length > 0);
    expect(withExamples.filter((page) => !(EXAMPLE_PAGES as readonly string[]).includes(page))).toEqual([]);
    for (const page of EXAMPLE_PAGES) expect(graphqlBlocks(page).length).toBeGreaterThan(0);
  });

  it("shows the two commands and the first query on the README's first screen", () => {
    const firstScreen = fs.readFileSync('README.md', 'utf8').split('\n').slice(0, 40).join('\n');
    expect(firstScreen).toContain('npm install && npm start');
    expect(firstScreen).toMatch(/^npm test\b/m);
    expect(firstScreen).toMatch(/```graphql\n# token: [^\n]+\n[\s\S]*?```/);
  });

  it('links only to files that exist, and to headings that exist', () => {
    const links = relativeLinks();
    expect(links.length).toBeGreaterThan(20);
    const broken = links.filter(({ page, target }) => {
      const [file, fragment] = target.split('#');
      const resolved = file ? path.normalize(path.join(path.dirname(page), decodeURIComponent(file))) : page;
      if (!fs.existsSync(resolved)) return true;
      if (fragment === undefined || !resolved.endsWith('.md')) return false;
      return !anchors(resolved).has(fragment);
    });
    expect(broken).toEqual([]);
  });
});

describe('the documented examples', () => {
  const examples = docExamples();
  let fed: Federation;

  beforeAll(async () => {
    setClock(DOCS_DAY);
    fed = await startFederation('sqlite');
  });
  afterAll(async () => {
    await fed?.stop();
    setClock(null);
  });

  it('are many', () => {
    expect(examples.length).toBeGreaterThanOrEqual(100);
  });

  // Run in order, one after the other: later examples read what earlier ones wrote.
  it.each(examples.map((e) => [e.page, e.n, e.query.split('\n').find((l) => /^(query|mutation|\{)/.test(l.trim())) ?? '', e] as const))(
    '%s, example %i (%s), does what the page says',
    async (_page, _n, _first, example) => {
      let token: string | undefined;
      if (example.flags) {
        const parsed = identityFromFlags(example.flags);
        if (typeof parsed === 'string') throw new Error(parsed);
        token = await fed.token(parsed.identity);
      }
      const res = await fed.query(example.query, { token });
      if (example.expect) {
        expect(codes(res)).toContain(example.expect);
      } else {
        expect(res.errors).toBeUndefined();
        expect(Object.values(res.data ?? {}).every((v) => v !== null)).toBe(true);
      }
    },
  );
});
