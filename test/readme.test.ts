import fs from 'node:fs';
import { identityFromFlags } from '../scripts/token';
import { codes, startFederation, type Federation } from './helpers/federation';

interface Example {
  flags: string[] | null;
  expect?: string;
  query: string;
}

/** Every ```graphql block of the README, with its `# token:` and `# expect:` comment lines. */
function readmeExamples(): Example[] {
  const readme = fs.readFileSync('README.md', 'utf8');
  return [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map(([, block]) => {
    const token = /^# token: (.*)$/m.exec(block)?.[1]?.trim();
    if (!token) throw new Error(`A README example has no "# token:" line:\n${block}`);
    return {
      flags: token === 'none' ? null : (token.match(/"[^"]*"|\S+/g) ?? []).map((f) => f.replace(/^"|"$/g, '')),
      expect: /^# expect: (\S+)$/m.exec(block)?.[1],
      query: block,
    };
  });
}

describe('the README', () => {
  const examples = readmeExamples();
  let fed: Federation;

  beforeAll(async () => {
    fed = await startFederation('sqlite');
  });
  afterAll(() => fed?.stop());

  it('shows examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  it.each(examples.map((e, i) => [i + 1, e.query.split('\n').find((l) => /^(query|mutation|\{)/.test(l.trim())) ?? '', e] as const))(
    'example %i (%s) does what the README says',
    async (_n, _first, example) => {
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
