import { codes, startFederation, type Federation } from './helpers/federation';
import { CORPUS } from './helpers/hostile';

/**
 * A corpus of hostile requests through the gateway, as an outside tester sends them: each one is
 * refused with a code before any subgraph runs a statement for it, and an ordinary query still
 * answers right after it. How long a refusal takes is measured by `npm run bench:hostile`.
 */

describe('a corpus of hostile queries through the gateway', () => {
  let fed: Federation;

  beforeAll(async () => {
    fed = await startFederation('sqlite');
  });
  afterAll(() => fed?.stop());

  const statements = () => Object.values(fed.subgraphs).reduce((n, s) => n + s.queries(), 0);

  it.each(CORPUS.map((h) => [h.name, h] as const))('refuses %s with a code before any subgraph works on it, and still answers a normal query after it', async (_name, hostile) => {
    const before = statements();
    const res = await fetch(fed.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: hostile.body });
    const last = { status: res.status, text: await res.text() };
    expect(statements()).toBe(before);
    const json = JSON.parse(last.text);
    expect(codes(json)).toContain(hostile.code);
    expect(last.status).toBe(hostile.status);
    expect(json.data ?? undefined).toBeUndefined();
    expect(last.text).not.toMatch(/at .*\.(ts|js):\d+|\/work\/|<html/i);

    const normal = await fed.query('{ libraries { id name } }');
    expect(normal.errors).toBeUndefined();
    expect(normal.data.libraries).toHaveLength(4);
  });
});
