import type { Feature } from '../feature';
import { RegionalReportRow, RegionalReportRowResolver, regionalReferences } from './regional.resolver';

/** Partnership figures: Library.partnershipIndicators (federation/) and the regional report's part. */
export const indicators: Feature = {
  entities: [],
  resolvers: [RegionalReportRowResolver],
  // The regional report row is reached only through the gateway's _entities calls.
  orphanedTypes: [RegionalReportRow],
  references: regionalReferences,
};
