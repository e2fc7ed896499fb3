import type { Feature } from '../../../shared/platform/subgraph';
import type { CollectionsLoaders } from '../loaders';
import { SlimsImportMap } from './slims-import-map.entity';

/** Moving a SLiMS 9 library in (npm run import:slims): no API, only the table of imported ids. */
export const slims: Feature<CollectionsLoaders> = {
  entities: [SlimsImportMap],
  resolvers: [],
};
