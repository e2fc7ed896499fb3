import fs from 'node:fs';
import { composeSupergraph } from '../gateway/supergraph';
import { loadConfig } from '../shared/platform/config';

describe('supergraph.graphql', () => {
  it('is exactly what composing the current subgraphs gives (run `npm run compose` when this fails)', async () => {
    const committed = fs.readFileSync(loadConfig().supergraphPath, 'utf8');
    expect(committed).toBe(await composeSupergraph());
  });

  it('uses no Router-only directive that @apollo/gateway refuses', () => {
    const committed = fs.readFileSync(loadConfig().supergraphPath, 'utf8');
    expect(committed).not.toMatch(/@authenticated|@requiresScopes|@policy/);
  });
});
