import type { Feature } from '../../../shared/platform/subgraph';
import type { StaffLoaders } from '../loaders';
import { Librarian } from './librarian.entity';
import { LibrarianResolver } from './librarian.resolver';

/** Librarians: the public profile and the personal fields (their record: career/). */
export const librarians: Feature<StaffLoaders> = {
  entities: [Librarian],
  resolvers: [LibrarianResolver],
};
