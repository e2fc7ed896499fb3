import type { DataSource } from 'typeorm';
import { BadUserInputError } from '../../../shared/platform/errors';
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

/** The earliest date staff records and calendars accept (the Republic's first year). */
export const EARLIEST_DATE = '1945-01-01';
/** How far ahead a date may lie, in years. */
export const YEARS_AHEAD = 5;

/**
 * A date a record may carry: not before 1945 and not more than five years after `today`;
 * BAD_USER_INPUT on `field` otherwise. Used by staff records, promotions and the calendar.
 */
export function checkRecordDate(field: string, date: string, today: string): void {
  if (date < EARLIEST_DATE) throw new BadUserInputError(field, `${field} must not be before ${EARLIEST_DATE}`);
  const latest = `${Number(today.slice(0, 4)) + YEARS_AHEAD}${today.slice(4)}`;
  if (date > latest) throw new BadUserInputError(field, `${field} must not be more than ${YEARS_AHEAD} years ahead`);
}
