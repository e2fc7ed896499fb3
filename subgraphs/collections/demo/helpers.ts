import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { DemoLibrary } from '../../../shared/domain/demo';
import { zonedToUtc } from '../../../shared/platform/time';

/** What the demo steps (circulation, visits, digital, acquisitions, notices) share. */

/** A wall-clock time on a calendar day in the library's zone, as the UTC instant stored. */
export function localInstant(library: Pick<DemoLibrary, 'timezone'>, date: string, hour: number, minute = 0): Date {
  return zonedToUtc(date, `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`, library.timezone);
}

export async function insertAll<T extends ObjectLiteral>(tx: EntityManager, target: new () => T, rows: T[]): Promise<void> {
  // Chunks keep each INSERT well below the drivers' placeholder limits.
  for (let i = 0; i < rows.length; i += 200) await tx.getRepository(target).insert(rows.slice(i, i + 200));
}
