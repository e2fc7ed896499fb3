import type { DataSource } from 'typeorm';
import { todayAt } from '../../../shared/platform/time';
import type { StaffLoaders } from '../loaders';
import { Library } from './library.entity';

/** The library directory: every library of the region, by name (public). */
export function libraryDirectory(db: DataSource): Promise<Library[]> {
  return db.getRepository(Library).find({ order: { name: 'ASC' } });
}

/**
 * Today in the library's own time zone, read from this subgraph's own table (UTC for an unknown
 * library); other subgraphs ask the calendar client (shared/platform/time.ts libraryToday).
 */
export async function ownLibraryToday({ loaders }: { loaders: StaffLoaders }, libraryId: string): Promise<string> {
  const library = await loaders.libraryById.load(libraryId);
  return todayAt(library ?? { timezone: 'UTC' });
}

export { checkRecordDate } from '../../../shared/platform/validation';
