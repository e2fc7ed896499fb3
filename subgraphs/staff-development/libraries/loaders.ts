import DataLoader from 'dataloader';
import { Brackets, type DataSource } from 'typeorm';
import { byForeignKeyLoader, byIdLoader } from '../../../shared/platform/pagination';
import { Holiday } from './holiday.entity';
import { LibraryAccreditation } from './library-accreditation.entity';
import { Library } from './library.entity';
import { OpeningHours } from './opening-hours.entity';

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
        .andWhere(new Brackets((w) => w.where('h.libraryId IS NULL').orWhere('h.libraryId IN (:...ids)', { ids: [...new Set(keys.map((k) => k.libraryId))] })))
        .orderBy('h.date', 'ASC')
        .getMany();
      return keys.map((k) => rows.filter((h) => (h.libraryId === null || h.libraryId === k.libraryId) && h.date >= k.from && h.date <= k.to));
    },
    { cacheKeyFn: (k) => `${k.libraryId}|${k.from}|${k.to}` },
  );
}

/** Per-request loaders of libraries, their calendars and accreditations. */
export function libraryLoaders(db: DataSource) {
  return {
    libraryById: byIdLoader(db.getRepository(Library)),
    holidaysByLibrary: holidaysLoader(db),
    /** A library's opening hours, Monday first. */
    openingHoursByLibraryId: byForeignKeyLoader(db.getRepository(OpeningHours), 'libraryId', { weekday: 'ASC' }),
    /** A library's accreditations, latest first. */
    accreditationsByLibraryId: byForeignKeyLoader(db.getRepository(LibraryAccreditation), 'libraryId', { year: 'DESC' }),
  };
}
