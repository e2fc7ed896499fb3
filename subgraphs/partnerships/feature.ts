import type { ReferenceResolvers } from '../../shared/subgraph';
import type { PartnershipsLoaders } from './loaders';

/**
 * What a feature folder exports (its index.ts); the subgraph's index.ts concatenates them. Each
 * feature's per-request loaders are concatenated in loaders.ts.
 */
export interface Feature {
  /** TypeORM entities (tables); federation stubs are not. */
  entities: Function[];
  /** type-graphql resolver classes. */
  resolvers: Function[];
  /** Types reached only through `_entities`. */
  orphanedTypes?: Function[];
  /** __resolveReference functions of the feature's own types. */
  references?: ReferenceResolvers<PartnershipsLoaders>;
}
