import type { ReferenceResolvers } from '../../shared/subgraph';
import type { StaffLoaders } from './loaders';

/**
 * Entities other subgraphs point at. Library, Librarian (public profile) and TrainingProgramme are
 * public; personal fields keep their own guards in the field resolvers, which run for
 * references too.
 */
export const references: ReferenceResolvers<StaffLoaders> = {
  Library: { __resolveReference: (ref, { loaders }) => loaders.libraryById.load(ref.id) },
  Librarian: { __resolveReference: (ref, { loaders }) => loaders.librarianById.load(ref.id) },
  TrainingProgramme: { __resolveReference: (ref, { loaders }) => loaders.programmeById.load(ref.id) },
};
