import type { DataSource } from 'typeorm';
import type { Config } from '../../shared/config';
import type { Identity } from '../../shared/auth';
import { byIdLoader, connectionLoader } from '../../shared/pagination';
import { Librarian } from './entities/librarian.entity';
import { Library } from './entities/library.entity';
import { TrainingProgramme } from './entities/training-programme.entity';

/** Per-request loaders: every list and reference goes through one of these. */
export function createLoaders(db: DataSource, _identity: Identity, _config: Config) {
  return {
    libraryById: byIdLoader(db.getRepository(Library)),
    librarianById: byIdLoader(db.getRepository(Librarian)),
    programmeById: byIdLoader(db.getRepository(TrainingProgramme)),
    librariansByLibraryId: connectionLoader({ repo: db.getRepository(Librarian), alias: 'l', parent: 'l.libraryId', sort: 'name' }),
    programmesByLibraryId: connectionLoader({
      repo: db.getRepository(TrainingProgramme),
      alias: 'p',
      parent: 'p.libraryId',
      sort: 'startsOn',
    }),
  };
}

export type StaffLoaders = ReturnType<typeof createLoaders>;
