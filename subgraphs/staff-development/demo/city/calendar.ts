import { demoId, type DemoLibrary } from '../../../../shared/domain/demo';
import { CLOSED_WEEKDAYS, OPENING_HOURS } from '../../../../shared/domain/demo-calendar';
import { cityAnniversariesBetween, isOpenDay, nationalHolidaysBetween } from '../../../../shared/domain/demo-city';
import { addDays, isoWeekday } from '../../../../shared/platform/time';
import type { Holiday } from '../../libraries/holiday.entity';
import type { Library } from '../../libraries/library.entity';
import type { OpeningHours } from '../../libraries/opening-hours.entity';

export type HolidayRow = Pick<Holiday, 'id' | 'libraryId' | 'date' | 'name'>;

/** The collective leave around Idul Fitri, loaded as the library's own closed days. */
export const CUTI_BERSAMA = 'Cuti bersama Idul Fitri';

/** The library's row, as the fixture has it (directory data and weekly closed days). */
export function libraryRow(library: DemoLibrary): Library {
  return { ...library, closedWeekdays: CLOSED_WEEKDAYS[library.id] };
}

/** The library's published opening hours, one row per open weekday (fixture and city alike). */
export function openingHoursRows(libraryId: string): OpeningHours[] {
  return OPENING_HOURS[libraryId].map(([weekday, opensAt, closesAt]) => ({ libraryId, weekday, opensAt, closesAt }));
}

/**
 * The closed days of the library from `from` through `through`, each date once: the national
 * holidays (libraryId null, ids as the fixture's), the city's anniversary and the collective leave
 * around Idul Fitri (the library's own rows). Exactly the days shared/domain/demo-city.ts's
 * isOpenDay closes, so the calendar the services read from these rows agrees with the one the
 * other subgraphs' generators planned by.
 */
export function cityHolidays(libraryId: string, from: string, through: string): HolidayRow[] {
  const national = nationalHolidaysBetween(from, through);
  const taken = new Set<string>();
  const rows: HolidayRow[] = [];
  for (const [date, name] of national) {
    if (taken.has(date)) continue;
    taken.add(date);
    rows.push({ id: demoId('holiday', 'national', date), libraryId: null, date, name });
  }
  for (const [date, name] of cityAnniversariesBetween(libraryId, from, through)) {
    if (taken.has(date)) continue;
    taken.add(date);
    rows.push({ id: demoId('holiday', libraryId, date.slice(0, 4)), libraryId, date, name });
  }
  // the collective leave: the day before Idul Fitri and the second and third days after its first
  // day, and whatever else isOpenDay closes on a working weekday (years whose Idul Fitri the
  // national table does not list yet)
  const fitri = national.filter(([date, name], k) => name.startsWith('Idul Fitri') && !(k > 0 && national[k - 1][1] === name && national[k - 1][0] === addDays(date, -1)));
  const leave = new Set(fitri.flatMap(([date]) => [-1, 2, 3].map((n) => addDays(date, n))));
  const closedWeekdays = CLOSED_WEEKDAYS[libraryId];
  for (let date = from; date <= through; date = addDays(date, 1)) {
    if (taken.has(date)) continue;
    if (!leave.has(date) && (closedWeekdays.includes(isoWeekday(date)) || isOpenDay(libraryId, date))) continue;
    taken.add(date);
    rows.push({ id: demoId('holiday', libraryId, date), libraryId, date, name: CUTI_BERSAMA });
  }
  return rows.sort((a, b) => a.date.localeCompare(b.date));
}
