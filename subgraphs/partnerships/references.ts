import type { ReferenceResolvers } from '../../shared/platform/subgraph';
import { requireAgreementAccess, requireInternshipAccess } from './access';
import type { PartnershipsLoaders } from './loaders';

/**
 * Entities other subgraphs point at. Reference resolvers run outside @Authorized, so each applies
 * its entity's rule itself: Library and Partner are public (Partner's contact fields and lists keep
 * their own guards, which run for references too); an Agreement, a programme or an internship is
 * checked here with the same access.ts rules as the queries (`visibleLibraries`: a province-scoped
 * GOVERNMENT token reaches only its province's) and a refusal throws — null would read as "no such
 * thing".
 */
export const references: ReferenceResolvers<PartnershipsLoaders> = {
  Library: { __resolveReference: (ref) => ({ id: ref.id }) },
  // The representation carries `library { id }` when supervisedInternships (@requires) is asked.
  Librarian: { __resolveReference: (ref) => ref },
  Partner: { __resolveReference: (ref, { loaders }) => loaders.partnerById.load(ref.id) },
  Agreement: {
    __resolveReference: async (ref, { identity, loaders }) => {
      const agreement = await loaders.agreementById.load(ref.id);
      if (!agreement) return null;
      requireAgreementAccess(identity, agreement);
      return agreement;
    },
  },
  PartnershipProgramme: {
    __resolveReference: async (ref, { identity, loaders }) => {
      const programme = await loaders.programmeById.load(ref.id);
      if (!programme) return null;
      requireAgreementAccess(identity, programme);
      return programme;
    },
  },
  Internship: {
    __resolveReference: async (ref, { identity, loaders }) => {
      const internship = await loaders.internshipById.load(ref.id);
      if (!internship) return null;
      requireInternshipAccess(identity, internship);
      return internship;
    },
  },
};
