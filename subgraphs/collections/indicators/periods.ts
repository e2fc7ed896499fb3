import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { persisted } from '../../../shared/platform/database';
import { BadUserInputError } from '../../../shared/platform/errors';
import { addDays, daysBetween, zonedToUtc } from '../../../shared/platform/time';

/**
 * Periods of calendar days in each library's own zone, as SQL over instant columns: the
 * `(libraryId = ? AND col >= ? AND col < ?) OR …` that grouped figures use for all the libraries
 * of a request at once.
 */

export function zonedRange(
  db: DataSource,
  target: EntityTarget<ObjectLiteral>,
  column: { library: string; instant: string; property: string },
  zones: Map<string, string>,
  from: string,
  to: string,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const sql = [...zones]
    .map(([id, zone]) => {
      params.push(id, persisted(db, target, column.property, zonedToUtc(from, '00:00', zone)), persisted(db, target, column.property, zonedToUtc(addDays(to, 1), '00:00', zone)));
      return `(${column.library} = ? AND ${column.instant} >= ? AND ${column.instant} < ?)`;
    })
    .join(' OR ');
  return { sql: `(${sql})`, params };
}

/** The longest period asked at once: five years. */
const MAX_PERIOD_DAYS = 5 * 366;

/** A period of figures (indicators, visits, digital usage): `to` not before `from`, at most five years. */
export function validatePeriod(from: string, to: string): void {
  if (to < from) throw new BadUserInputError('to', 'to must not be before from');
  if (daysBetween(from, to) > MAX_PERIOD_DAYS) throw new BadUserInputError('to', 'A period is at most five years');
}
