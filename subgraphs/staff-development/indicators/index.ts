import type { Feature } from '../../../shared/subgraph';
import type { StaffLoaders } from '../loaders';
import { LibraryAccreditationResolver, LibraryAccreditationsResolver, LiteracyIndexResolver, literacyReferences } from './literacy';
import { RegionalReportResolver, regionalReferences } from './regional';

/**
 * Figures: Library.staffIndicators (libraries/, through loaders.ts here), the regional report this
 * subgraph owns (regional.ts) and the literacy index with the accreditations it reads (literacy.ts).
 */
export const indicators: Feature<StaffLoaders> = {
  entities: [],
  resolvers: [RegionalReportResolver, LiteracyIndexResolver, LibraryAccreditationResolver, LibraryAccreditationsResolver],
  references: { ...regionalReferences, ...literacyReferences },
};
