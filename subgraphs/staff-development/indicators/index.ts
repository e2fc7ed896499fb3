import type { Feature } from '../../../shared/platform/subgraph';
import type { StaffLoaders } from '../loaders';
import { LiteracyIndexResolver, literacyRow } from './literacy';
import { RegionalReportResolver, regionalRow } from './regional';

/**
 * Figures: Library.staffIndicators (libraries/, through loaders.ts here), the regional report this
 * subgraph owns (regional.ts) and the literacy index (literacy.ts), whose row types come from
 * shared/domain/regional-contribution.ts. The accreditations the index reads: libraries/.
 */
export const indicators: Feature<StaffLoaders> = {
  entities: [],
  resolvers: [RegionalReportResolver, regionalRow.Resolver, LiteracyIndexResolver],
  references: { ...regionalRow.references, ...literacyRow.references },
};
