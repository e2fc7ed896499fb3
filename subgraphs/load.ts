/* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand, one subgraph at a time */
import type { SubgraphDefinition } from '../shared/platform/subgraph';
import { SUBGRAPH_NAMES, type SubgraphName } from './registry';

const LOADERS: Record<SubgraphName, () => SubgraphDefinition> = {
  'staff-development': () => (require('./staff-development') as typeof import('./staff-development')).staffDevelopment,
  collections: () => (require('./collections') as typeof import('./collections')).collections,
  'community-events': () => (require('./community-events') as typeof import('./community-events')).communityEvents,
  partnerships: () => (require('./partnerships') as typeof import('./partnerships')).partnerships,
};

/**
 * One subgraph's definition, loading that subgraph's modules only (subgraphs/index.ts loads all
 * four, for composing the supergraph): a thread or process that serves some subgraphs does not
 * carry the others' code — every module loaded costs each thread's heap (docs/performance.md).
 * A subgraph's schema is the same loaded alone or with the others.
 */
export function loadSubgraph(name: string): SubgraphDefinition {
  if (!(SUBGRAPH_NAMES as readonly string[]).includes(name)) throw new Error(`Unknown subgraph ${name}; known: ${SUBGRAPH_NAMES.join(', ')}`);
  const def = LOADERS[name as SubgraphName]();
  if (def.name !== name) throw new Error(`The registry's ${name} is defined as ${def.name}`);
  return def;
}
