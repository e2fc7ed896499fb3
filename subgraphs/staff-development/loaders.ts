import DataLoader from 'dataloader';
import { Brackets, type DataSource } from 'typeorm';
import type { Config } from '../../shared/config';
import type { Identity } from '../../shared/auth';
import { byIdLoader, connectionLoader } from '../../shared/pagination';
import { Holiday } from './entities/holiday.entity';
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
    holidaysByLibrary: holidaysLoader(db),
  };
}

/** Holidays of many libraries over one period in one query: national ones count for every library. */
function holidaysLoader(db: DataSource) {
  return new DataLoader<{ libraryId: string; from: string; to: string }, Holiday[], string>(
    async (keys) => {
      const from = keys.reduce((min, k) => (k.from < min ? k.from : min), keys[0].from);
      const to = keys.reduce((max, k) => (k.to > max ? k.to : max), keys[0].to);
      const rows = await db
        .getRepository(Holiday)
        .createQueryBuilder('h')
        .where('h.date BETWEEN :from AND :to', { from, to })
        .andWhere(
          new Brackets((w) =>
            w.where('h.libraryId IS NULL').orWhere('h.libraryId IN (:...ids)', { ids: [...new Set(keys.map((k) => k.libraryId))] }),
          ),
        )
        .orderBy('h.date', 'ASC')
        .getMany();
      return keys.map((k) => rows.filter((h) => (h.libraryId === null || h.libraryId === k.libraryId) && h.date >= k.from && h.date <= k.to));
    },
    { cacheKeyFn: (k) => `${k.libraryId}|${k.from}|${k.to}` },
  );
}

export type StaffLoaders = ReturnType<typeof createLoaders>;
