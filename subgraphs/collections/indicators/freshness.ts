import type { DataSource } from 'typeorm';
import { addDays, daysBetween } from '../../../shared/time';
import { dateString } from '../rows';

/**
 * How a period splits between the daily aggregates and the live tables: the closed days up to a
 * library's `aggregatedThrough` come from the aggregates, the days after it are counted live.
 */

export interface Freshness {
  /** Last day in the aggregates (library's zone); null: none yet, everything is live. */
  aggregatedThrough: string | null;
  /** When the job built them. */
  aggregatedAt: Date | null;
}

export interface Split {
  /** Days answered from the aggregates, or null. */
  closed: { from: string; to: string } | null;
  /** Days counted live, or null. */
  live: { from: string; to: string } | null;
}

export async function freshnessOf(db: DataSource, libraries: string[]): Promise<Map<string, Freshness>> {
  const result = new Map<string, Freshness>(libraries.map((id) => [id, { aggregatedThrough: null, aggregatedAt: null }]));
  if (!libraries.length) return result;
  const rows: { libraryId: string; aggregatedThrough: string | Date; aggregatedAt: string | Date }[] = await db.query(
    `SELECT libraryId, aggregatedThrough, aggregatedAt FROM daily_aggregate_state WHERE libraryId IN (${libraries.map(() => '?').join(', ')})`,
    libraries,
  );
  for (const r of rows) {
    const at = r.aggregatedAt instanceof Date ? r.aggregatedAt : new Date(`${String(r.aggregatedAt).replace(' ', 'T')}Z`);
    result.set(r.libraryId, { aggregatedThrough: dateString(r.aggregatedThrough), aggregatedAt: at });
  }
  return result;
}

export function split(from: string, to: string, through: string | null): Split {
  if (!through || through < from) return { closed: null, live: { from, to } };
  if (through >= to) return { closed: { from, to }, live: null };
  return { closed: { from, to: through }, live: { from: addDays(through, 1), to } };
}

/** Day of the year, 1-based (1 January = 1): the position of a day in member_activity.days. */
export function dayOfYear(day: string): number {
  return daysBetween(`${day.slice(0, 4)}-01-01`, day) + 1;
}
