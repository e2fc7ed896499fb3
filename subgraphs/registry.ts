/**
 * Which subgraphs exist: each name (= folder = compose service = database with `_` = the prefix
 * of its variables, STAFF_DEVELOPMENT_PORT …) with its default port, in registry order (the order
 * they start in and are composed in). Data only: it imports no subgraph code, so shared/ reads
 * it (shared/platform/config.ts) without depending on any subgraph; subgraphs/index.ts pairs each name
 * with its definition.
 */
export const SUBGRAPH_PORTS = {
  'staff-development': 4001,
  collections: 4002,
  'community-events': 4003,
  partnerships: 4004,
} as const;

export type SubgraphName = keyof typeof SUBGRAPH_PORTS;

/** The registry's names, in its order. */
export const SUBGRAPH_NAMES = Object.keys(SUBGRAPH_PORTS) as readonly SubgraphName[];
