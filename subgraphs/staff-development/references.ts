import type { ReferenceResolvers } from '../../shared/platform/subgraph';
import { asksForCurrentStaff } from './access';
import { isCurrentStaff } from './librarians/librarian.service';
import type { StaffLoaders } from './loaders';
import { visibleProgramme } from './training/training-programme.service';

/**
 * Entities other subgraphs point at. Library, Librarian (public profile) and TrainingProgramme are
 * public (a former librarian: see below); personal fields keep their own guards in the field resolvers, which run for
 * references too. The Partner stub's reference: federation/; the report rows': indicators/.
 */
export const references: ReferenceResolvers<StaffLoaders> = {
  Library: { __resolveReference: (ref, { loaders }) => loaders.libraryById.load(ref.id) },
  /** A librarian who has left does not exist for staff look-ups and sign-in checks (access.ts `asksForCurrentStaff`). */
  Librarian: {
    __resolveReference: async (ref, ctx) => {
      const librarian = await ctx.loaders.librarianById.load(ref.id);
      if (librarian && asksForCurrentStaff(ctx.identity) && !(await isCurrentStaff(ctx, librarian))) return null;
      return librarian;
    },
  },
  /** Drafts stay hidden here too (reference resolvers bypass @Authorized). */
  TrainingProgramme: { __resolveReference: (ref, ctx) => visibleProgramme(ref.id, ctx) },
};
