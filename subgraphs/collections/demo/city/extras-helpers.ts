import { demoId } from '../../../../shared/domain/demo';
import { zonedToUtc } from '../../../../shared/platform/time';
import type { CityCollection } from './context';

/**
 * What the extras steps (visits, digital, acquisitions, notices) share: a fast wall clock for the
 * library's zone (Indonesia keeps no summer time, so one offset holds for the whole history; a
 * per-row Intl call would cost seconds over a city's notices), and who the staff are.
 */
export interface ZoneClock {
  /** The instant at which the library's wall clock shows `date` at `minuteOfDay` (0–1439), plus seconds. */
  at(date: string, minuteOfDay: number, seconds?: number): Date;
  /** The library's calendar date of an instant. */
  dayOf(instant: Date): string;
}

export function zoneClock(timezone: string): ZoneClock {
  const offset = Date.parse('2026-01-01T00:00:00Z') - zonedToUtc('2026-01-01', '00:00', timezone).getTime();
  if (Date.parse('2026-07-01T00:00:00Z') - zonedToUtc('2026-07-01', '00:00', timezone).getTime() !== offset) throw new Error(`${timezone} keeps summer time`);
  return {
    at: (date, minuteOfDay, seconds = 0) => new Date(Date.parse(`${date}T00:00:00Z`) + minuteOfDay * 60_000 + seconds * 1000 - offset),
    dayOf: (instant) => new Date(instant.getTime() + offset).toISOString().slice(0, 10),
  };
}

/** Librarian k of the library (the directory's staff, as staff-development seeds them). */
export const librarianOf = (c: CityCollection, k: number): string => demoId('librarian', c.library.id, k % c.profile.staff);

/** Whole seconds, as MySQL keeps them. */
export const whole = (t: number): Date => new Date(Math.floor(t / 1000) * 1000);
