import type { EntityManager, ObjectLiteral, Repository } from 'typeorm';
import { DEMO_COUNTS, addDays } from '../../../shared/domain/demo';
import type { SeedSummary } from '../../../shared/platform/subgraph';

/** What the demo steps of the features (events/, registration/, surveys/ demo.ts) share. */

/** Indonesia keeps no daylight saving: a fixed offset per zone is exact. */
export const UTC_OFFSET_HOURS: Record<string, number> = { 'Asia/Jakarta': 7, 'Asia/Makassar': 8, 'Asia/Jayapura': 9 };

/** A local wall-clock time in the library's zone as a UTC instant (09:00 WITA → 01:00Z). */
export function atLocalTime(date: string, time: string, timezone: string): Date {
  const offset = UTC_OFFSET_HOURS[timezone];
  if (offset === undefined) throw new Error(`No UTC offset known for ${timezone}`);
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h - offset, mi));
}

/** The first day on or after `date` that suits the template (its weekday, or any day but Sunday). */
export function scheduledDay(date: string, weekday: number | undefined): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === undefined) return day === 0 ? addDays(date, 1) : date;
  return addDays(date, (weekday - day + 7) % 7);
}

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;
/** Members 0..2 of each library are institutions (partner schools' cards): they do not register. */
const FIRST_PERSON_MEMBER = 3;

export async function insertInChunks<T extends ObjectLiteral>(repo: Repository<T>, rows: T[], size = 200): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await repo.insert(rows.slice(i, i + size));
}

export const personMembers = () => Array.from({ length: DEMO_COUNTS.membersPerLibrary - FIRST_PERSON_MEMBER }, (_, i) => i + FIRST_PERSON_MEMBER);

/** One step of the demo data, with the marker that says it already ran. */
export interface DemoStep {
  name: string;
  done: (tx: EntityManager) => Promise<boolean>;
  run: (tx: EntityManager) => Promise<SeedSummary>;
}
