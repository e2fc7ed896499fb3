import type { ReferenceResolvers } from '../../shared/platform/subgraph';
import type { StaffLoaders } from './loaders';
import { visibleProgramme } from './training/training-programme.service';

/**
 * Entities other subgraphs point at. Library, Librarian (public profile) and TrainingProgramme are
 * public; personal fields keep their own guards in the field resolvers, which run for
 * references too. The Partner stub's reference: federation/; the report rows': indicators/.
 */
export const references: ReferenceResolvers<StaffLoaders> = {
  Library: { __resolveReference: (ref, { loaders }) => loaders.libraryById.load(ref.id) },
  Librarian: { __resolveReference: (ref, { loaders }) => loaders.librarianById.load(ref.id) },
  /** Drafts stay hidden here too (reference resolvers bypass @Authorized). */
  TrainingProgramme: { __resolveReference: (ref, ctx) => visibleProgramme(ref.id, ctx) },
};
