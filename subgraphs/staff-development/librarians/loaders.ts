import type { DataSource } from 'typeorm';
import { byForeignKeyLoader, byIdLoader, connectionLoader } from '../../../shared/platform/pagination';
import { Librarian } from './librarian.entity';

/** Per-request loaders of librarians. */
export function librarianLoaders(db: DataSource) {
  return {
    librarianById: byIdLoader(db.getRepository(Librarian)),
    librariansByLibraryId: connectionLoader({ repo: db.getRepository(Librarian), alias: 'l', parent: 'l.libraryId', sort: 'name' }),
    /** Every librarian of a library (training needs, incentive eligibility). */
    allLibrariansByLibraryId: byForeignKeyLoader(db.getRepository(Librarian), 'libraryId', { name: 'ASC' }),
  };
}
