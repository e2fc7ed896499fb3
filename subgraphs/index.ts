import type { SubgraphDefinition } from '../shared/platform/subgraph';
// Import order fixes the order of fields in the composed schema: keep it.
import { collections } from './collections';
import { communityEvents } from './community-events';
import { partnerships } from './partnerships';
import { SUBGRAPH_NAMES, type SubgraphName } from './registry';
import { staffDevelopment } from './staff-development';

/** Each name of the registry (subgraphs/registry.ts) with all it takes to serve it. */
const DEFINITIONS: Record<SubgraphName, SubgraphDefinition> = {
  'staff-development': staffDevelopment,
  collections,
  'community-events': communityEvents,
  partnerships,
};

/** The subgraphs, in registry order. */
export const SUBGRAPHS: SubgraphDefinition[] = SUBGRAPH_NAMES.map((name) => {
  if (DEFINITIONS[name].name !== name) throw new Error(`The registry's ${name} is defined as ${DEFINITIONS[name].name}`);
  return DEFINITIONS[name];
});

export function subgraphByName(name: string): SubgraphDefinition {
  const def = SUBGRAPHS.find((s) => s.name === name);
  if (!def) throw new Error(`Unknown subgraph ${name}; known: ${SUBGRAPHS.map((s) => s.name).join(', ')}`);
  return def;
}

export type { SubgraphName };
