import type { ReferenceResolvers } from '../../shared/platform/subgraph';
import { requireLoanAccess, requireMayReadLoans, requireMayReadMember, requireMemberAccess } from './access';
import type { CollectionsLoaders } from './loaders';

/**
 * Entities other subgraphs point at. Records and items are public. Members and loans are
 * personal: reference resolvers bypass @Authorized, so they check the caller here and throw
 * (UNAUTHENTICATED / FORBIDDEN) rather than answer null, which would read as "no such member".
 * An unknown id is null, as federation expects.
 */
export const references: ReferenceResolvers<CollectionsLoaders> = {
  // population comes along when the gateway resolves Library.collectionIndicators (@requires).
  Library: { __resolveReference: (ref: { id: string; population?: number }) => ({ id: ref.id, population: ref.population }) },
  Partner: { __resolveReference: (ref) => ({ id: ref.id }) },
  BibliographicRecord: { __resolveReference: (ref, { loaders }) => loaders.recordById.load(ref.id) },
  Item: { __resolveReference: (ref, { loaders }) => loaders.itemById.load(ref.id) },
  Member: {
    __resolveReference: async (ref, { loaders, identity }) => {
      requireMayReadMember(identity, ref.id);
      const member = await loaders.memberById.load(ref.id);
      if (member) requireMemberAccess(identity, member);
      return member;
    },
  },
  Loan: {
    __resolveReference: async (ref, { loaders, identity }) => {
      requireMayReadLoans(identity);
      const loan = await loaders.loanById.load(ref.id);
      if (loan) requireLoanAccess(identity, loan);
      return loan;
    },
  },
};
