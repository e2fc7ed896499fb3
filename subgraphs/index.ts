import type { SubgraphName } from '../shared/config';
import type { SubgraphDefinition } from '../shared/subgraph';
import { staffDevelopment } from './staff-development';

/** The registry: name (= folder = compose service), and everything needed to serve it. */
export const SUBGRAPHS: SubgraphDefinition[] = [staffDevelopment];

export function subgraphByName(name: string): SubgraphDefinition {
  const def = SUBGRAPHS.find((s) => s.name === name);
  if (!def) throw new Error(`Unknown subgraph ${name}; known: ${SUBGRAPHS.map((s) => s.name).join(', ')}`);
  return def as SubgraphDefinition<unknown>;
}

export type { SubgraphName };
