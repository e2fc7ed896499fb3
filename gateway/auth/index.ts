import type { SubgraphDefinition } from '../../shared/platform/subgraph';
import { AUTH_ENTITIES } from './entities';
import { migrations } from './migrations';

/**
 * The identity store: a database of its own (`identity`, SQLite file or MySQL database, like a
 * subgraph's), described in the shape `openDatabase`, `dropDatabase` and the migration generator
 * take. It has no GraphQL schema: the gateway serves it at /auth (gateway/auth/routes.ts).
 */
export const IDENTITY_STORE = {
  name: 'identity',
  entities: AUTH_ENTITIES,
  migrations,
} as unknown as SubgraphDefinition;
