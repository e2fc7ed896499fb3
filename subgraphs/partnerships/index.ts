import type { SubgraphDefinition } from '../../shared/subgraph';
import { Agreement } from './entities/agreement.entity';
import { LibraryPartner } from './entities/library-partner.entity';
import { Partner } from './entities/partner.entity';
import { createLoaders, type PartnershipsLoaders } from './loaders';
import { migrations } from './migrations';
import { references } from './references';
import { AgreementResolver } from './resolvers/agreement.resolver';
import { LibraryResolver } from './resolvers/library.resolver';
import { PartnerResolver } from './resolvers/partner.resolver';
import { seed } from './seed';

export type { PartnershipsLoaders };

export const partnerships: SubgraphDefinition<PartnershipsLoaders> = {
  name: 'partnerships',
  // Library is a GraphQL stub only (owned by staff-development), so it is not listed here.
  entities: [Partner, LibraryPartner, Agreement],
  migrations,
  resolvers: [LibraryResolver, PartnerResolver, AgreementResolver],
  references,
  createLoaders,
  seed,
};
