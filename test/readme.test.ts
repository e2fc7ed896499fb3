import fs from 'node:fs';
import { setClock } from '../shared/clock';
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

/**
 * The day the examples are read on: the demo data is fixed in time (around DEMO_TODAY), so the
 * examples run on a fixed Monday morning shortly after it — enrolment windows, surveys and
 * registrations open then stay open however late the suite runs.
 */
const README_DAY = '2026-11-23T02:00:00Z';

describe('the README', () => {
  const examples = readmeExamples();
  let fed: Federation;

  beforeAll(async () => {
    setClock(README_DAY);
    fed = await startFederation('sqlite');
  });
  afterAll(async () => {
    await fed?.stop();
    setClock(null);
  });

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
