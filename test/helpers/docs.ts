import fs from 'node:fs';
import path from 'node:path';

/**
 * The pages whose ```graphql blocks are run, in the order they run: the README's first query, then
 * docs/api.md's tour, then one page per subgraph, then the regional government. Examples rely on
 * earlier ones (a mutation before the query that reads its result), and this is the order they
 * had when they were all in one README; each page runs top to bottom.
 */
export const EXAMPLE_PAGES = [
  'README.md',
  'docs/api.md',
  'docs/staff-development.md',
  'docs/staff-records.md',
  'docs/collections.md',
  'docs/community-events.md',
  'docs/partnerships.md',
  'docs/regional.md',
  'docs/stocktake.md',
  'docs/members.md',
  'docs/charges.md',
  'docs/desk.md',
  'docs/catalogue.md',
  'docs/integrators.md',
] as const;

/** README.md and every page of docs/, the Markdown the project ships. */
export function markdownPages(): string[] {
  const docs = fs
    .readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => path.posix.join('docs', f));
  return ['README.md', ...docs];
}

/** The ```graphql blocks of one page, in order. */
export function graphqlBlocks(page: string): string[] {
  const text = fs.readFileSync(page, 'utf8');
  return [...text.matchAll(/```graphql\n([\s\S]*?)```/g)].map(([, block]) => block);
}

export interface DocExample {
  page: string;
  /** 1-based position of the block on its page. */
  n: number;
  /** The flags of `npm run token` from the `# token:` line; null for `# token: none`. */
  flags: string[] | null;
  /** The `# expect: CODE` line: the example shows a refusal with that extensions.code. */
  expect?: string;
  query: string;
}

/** Every documented example, in running order, with its `# token:` and `# expect:` lines. */
export function docExamples(): DocExample[] {
  return EXAMPLE_PAGES.flatMap((page) =>
    graphqlBlocks(page).map((block, i) => {
      const token = /^# token: (.*)$/m.exec(block)?.[1]?.trim();
      if (!token) throw new Error(`Example ${i + 1} of ${page} has no "# token:" line:\n${block}`);
      return {
        page,
        n: i + 1,
        flags: token === 'none' ? null : (token.match(/"[^"]*"|\S+/g) ?? []).map((f) => f.replace(/^"|"$/g, '')),
        expect: /^# expect: (\S+)$/m.exec(block)?.[1],
        query: block,
      };
    }),
  );
}
