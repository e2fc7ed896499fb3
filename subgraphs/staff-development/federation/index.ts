import type { Feature } from '../../../shared/platform/subgraph';
import type { StaffLoaders } from '../loaders';
import { PartnerResolver } from './partner.resolver';

/**
 * Partner is a GraphQL stub only (owned by partnerships), not a table: this subgraph adds
 * `Partner.trainingProgrammes`, and checks a programme's provider with partnerships
 * (partner-links.ts).
 */
export const federation: Feature<StaffLoaders> = {
  entities: [],
  resolvers: [PartnerResolver],
  references: {
    /** Only its id lives here; Partner.trainingProgrammes guards itself. */
    Partner: { __resolveReference: (ref) => ({ id: ref.id }) },
  },
};
