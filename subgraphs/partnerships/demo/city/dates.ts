import { isOpenDay, type DemoRandom } from '../../../../shared/domain/demo-city';
import { addDays, isoWeekday } from '../../../../shared/platform/time';

/** Calendar helpers of the partnerships city demo. */

/** The same day `months` later (the month's last day when it has fewer days). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The last day of a term of `years` starting on `start`. */
export const termEnd = (start: string, years: number): string => addDays(addMonths(start, 12 * years), -1);

/** An office day: Monday to Friday and the library open (partners' offices keep the same holidays). */
export const isWorkday = (libraryId: string, date: string): boolean => isoWeekday(date) <= 5 && isOpenDay(libraryId, date);

/** The first office day on or after `date`. */
export function workdayFrom(libraryId: string, date: string, accept: (d: string) => boolean = () => true): string {
  let d = date;
  for (let i = 0; i < 60 && !(isWorkday(libraryId, d) && accept(d)); i++) d = addDays(d, 1);
  return d;
}

/** The last office day on or before `date`. */
export function workdayUntil(libraryId: string, date: string): string {
  let d = date;
  for (let i = 0; i < 30 && !isWorkday(libraryId, d); i++) d = addDays(d, -1);
  return d;
}

/** The Monday of the week of `date`. */
export const mondayOf = (date: string): string => addDays(date, 1 - isoWeekday(date));

/** A day drawn evenly between two days (inclusive). */
export function dayBetween(rng: DemoRandom, from: string, through: string): string {
  const span = Math.max(0, Math.round((Date.parse(`${through}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000));
  return addDays(from, Math.floor(rng.float() * (span + 1)));
}

/** A wall-clock time between two hours, HH:MM. */
export function officeTime(rng: DemoRandom, fromHour = 8, toHour = 15): string {
  return `${String(rng.int(fromHour, toHour)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`;
}
