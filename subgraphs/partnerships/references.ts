import type { ReferenceResolvers } from '../../shared/subgraph';
import { requireAgreementAccess } from './access';
import type { PartnershipsLoaders } from './loaders';

/**
 * Entities other subgraphs point at. Reference resolvers run outside @Authorized, so each applies
 * its entity's rule itself: Library and Partner are public (Partner's contact fields keep their
 * own guards, which run for references too); an Agreement is checked here and a refusal throws —
 * null would read as "no such agreement".
 */
export const references: ReferenceResolvers<PartnershipsLoaders> = {
  Library: { __resolveReference: (ref) => ({ id: ref.id }) },
  Partner: { __resolveReference: (ref, { loaders }) => loaders.partnerById.load(ref.id) },
  Agreement: {
    __resolveReference: async (ref, { identity, loaders }) => {
      const agreement = await loaders.agreementById.load(ref.id);
      if (!agreement) return null;
      requireAgreementAccess(identity, agreement);
      return agreement;
    },
  },
};
