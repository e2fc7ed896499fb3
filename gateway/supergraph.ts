import { composeServices } from '@apollo/composition';
import { subgraphTypeDefs } from '../shared/platform/federation';
import { SUBGRAPHS } from '../subgraphs';
import { SUBGRAPH_PORTS } from '../subgraphs/registry';

/**
 * Composes the supergraph from the subgraphs' type-graphql schemas. The URLs written into it are
 * the local defaults; the gateway routes by subgraph name to its configured URLs.
 */
export async function composeSupergraph(): Promise<string> {
  const services = await Promise.all(
    SUBGRAPHS.map(async (def) => ({
      name: def.name,
      url: `http://localhost:${SUBGRAPH_PORTS[def.name]}/graphql`,
      typeDefs: await subgraphTypeDefs(def),
    })),
  );
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
