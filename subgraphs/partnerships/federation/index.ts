import type { Feature } from '../feature';
import { LibraryResolver } from './library.resolver';

/**
 * Library, Librarian and TrainingProgramme are GraphQL stubs only (owned by staff-development), not
 * tables. Library's partnership fields (partners, interns, programmes, funding, indicators) are here.
 */
export const federation: Feature = {
  entities: [],
  resolvers: [LibraryResolver],
};
