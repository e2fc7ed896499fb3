/**
 * Dates and time zones. Instants are stored in UTC; "today", due dates and event days are
 * computed in the library's IANA zone (Asia/Makassar = WITA, Asia/Jakarta = WIB). Calendar dates
 * are plain YYYY-MM-DD strings end to end.
 */

import { now as clockNow } from './clock';

/** MySQL `datetime` keeps whole seconds (and would round): cut here so that what is returned and compared is what is stored. */
export const wholeSeconds = (d: Date): Date => new Date(Math.floor(d.getTime() / 1000) * 1000);

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(tz, f);
  }
  return f;
}

function wallClock(instant: Date, tz: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(instant)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The calendar date of an instant in a zone. */
export function localDate(instant: Date, tz: string): string {
  const w = wallClock(instant, tz);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** Today's date in the zone. */
export function todayIn(tz: string, now: Date = clockNow()): string {
  return localDate(now, tz);
}

/** Today in a library's zone, given its calendar (shared/domain/library-calendar.ts) or anything with its `timezone`. */
export function todayAt(library: { timezone: string }, now: Date = clockNow()): string {
  return todayIn(library.timezone, now);
}

/**
 * Today in the zone of the library `libraryId`, read from the calendars (a LibraryCalendarClient):
 * NOT_FOUND for an unknown library, SERVICE_UNAVAILABLE when its calendar cannot be had.
 */
export async function libraryToday(calendars: { get(libraryId: string): Promise<{ timezone: string }> }, libraryId: string, now: Date = clockNow()): Promise<string> {
  return todayAt(await calendars.get(libraryId), now);
}

/** The zone's offset from UTC at that instant, in minutes (WITA +480, WIB +420). */
export function offsetMinutes(instant: Date, tz: string): number {
  const w = wallClock(instant, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/** The instant at which the zone's wall clock shows `date` `time` (HH:MM). */
export function zonedToUtc(date: string, time: string, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  let instant = new Date(guess - offsetMinutes(new Date(guess), tz) * 60000);
  // once more, in case the offset differs at the corrected instant (zones with DST)
  instant = new Date(guess - offsetMinutes(instant, tz) * 60000);
  return instant;
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday of a YYYY-MM-DD date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
}
