import type { SubgraphName } from '../shared/config';
import type { SubgraphDefinition } from '../shared/subgraph';
import { collections } from './collections';
import { communityEvents } from './community-events';
import { partnerships } from './partnerships';
import { staffDevelopment } from './staff-development';

/** The registry: name (= folder = compose service = database with `_`), and all it takes to serve it. */
export const SUBGRAPHS: SubgraphDefinition[] = [staffDevelopment, collections, communityEvents, partnerships];

export function subgraphByName(name: string): SubgraphDefinition {
  const def = SUBGRAPHS.find((s) => s.name === name);
  if (!def) throw new Error(`Unknown subgraph ${name}; known: ${SUBGRAPHS.map((s) => s.name).join(', ')}`);
  return def;
}

export type { SubgraphName };
