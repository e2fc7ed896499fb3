import type { Feature } from '../../../shared/platform/subgraph';
import type { CollectionsLoaders } from '../loaders';
import { MarcResolver } from './marc.resolver';

/** MARC 21 exchange with other library systems (Koha, SLiMS): import into the catalogue, export from it. */
export const marc: Feature<CollectionsLoaders> = {
  entities: [],
  resolvers: [MarcResolver],
};
