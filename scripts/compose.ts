/**
 * Composes the four subgraph schemas with @apollo/composition into supergraph.graphql, which is
 * committed and served by the gateway (a test fails when it is stale).
 *
 *   npm run compose            write supergraph.graphql
 */
import 'reflect-metadata';
import fs from 'node:fs';
import { composeSupergraph } from '../gateway/supergraph';
import { loadConfig } from '../shared/platform/config';

async function main() {
  const config = loadConfig();
  const sdl = await composeSupergraph();
  fs.writeFileSync(config.supergraphPath, sdl);
  console.log(`wrote ${config.supergraphPath}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
