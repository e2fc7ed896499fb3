import type { Feature } from '../../../shared/platform/subgraph';
import type { CollectionsLoaders } from '../loaders';
import { MarcSourceRecord } from './marc-source.entity';
import { MarcResolver } from './marc.resolver';
import { SruResolver } from './sru.resolver';

/** MARC 21 exchange with other library systems (Koha, SLiMS): import into the catalogue, export from it. */
export const marc: Feature<CollectionsLoaders> = {
  entities: [MarcSourceRecord],
  resolvers: [MarcResolver, SruResolver],
};
