import type { DataSource } from 'typeorm';
import { todayIn } from '../../../shared/time';
import type { StaffLoaders } from '../loaders';
import { Library } from './library.entity';

/** The library directory: every library of the region, by name (public). */
export function libraryDirectory(db: DataSource): Promise<Library[]> {
  return db.getRepository(Library).find({ order: { name: 'ASC' } });
}

/** Today in the library's own time zone. */
export async function libraryToday({ loaders }: { loaders: StaffLoaders }, libraryId: string): Promise<string> {
  const library = await loaders.libraryById.load(libraryId);
  return todayIn(library?.timezone ?? 'UTC');
}
