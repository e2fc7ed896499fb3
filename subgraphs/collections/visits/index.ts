import type { Feature } from '../../../shared/platform/subgraph';
import type { CollectionsLoaders } from '../loaders';
import { VisitCorrection } from './visit-correction.entity';
import { VisitCount } from './visit-count.entity';
import { LibraryVisitsResolver, VisitCorrectionResolver, VisitCountResolver } from './visit.resolver';

/** Daily visitor counts and their corrections. */
export const visits: Feature<CollectionsLoaders> = {
  entities: [VisitCount, VisitCorrection],
  resolvers: [VisitCountResolver, VisitCorrectionResolver, LibraryVisitsResolver],
};
