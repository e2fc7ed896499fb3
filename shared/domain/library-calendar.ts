import type { SubgraphName } from '../platform/config';
import { AppError } from '../platform/errors';
import { CachedServiceRead, callInternal, ownerOf, type ServiceClientConfig } from '../platform/service-client';
import { addDays, isoWeekday, todayIn } from '../platform/time';

/**
 * The opening calendar of a library, owned by staff-development (`Library.timezone`,
 * `closedWeekdays`, `holidays`). Other subgraphs need it to put due dates and event days on open
 * days; they read it from staff-development's subgraph (as the gateway would, with a service
 * identity) and cache it per process, using a stale copy when staff-development is slow or
 * unreachable.
 */

export interface Holiday {
  date: string;
  name: string;
}

export interface LibraryCalendar {
  id: string;
  timezone: string;
  /** ISO weekdays the library is closed: 1 = Monday … 7 = Sunday. */
  closedWeekdays: number[];
  /** Closed dates (national and local holidays) from 60 days ago to 400 days ahead. */
  holidays: Holiday[];
}

/** True when the library opens on that date. */
export function isOpenOn(calendar: LibraryCalendar, date: string): boolean {
  return !calendar.closedWeekdays.includes(isoWeekday(date)) && !calendar.holidays.some((h) => h.date === date);
}

/** The first date on or after `date` on which the library opens (due dates move forward to it). */
export function nextOpenDay(calendar: LibraryCalendar, date: string): string {
  let day = date;
  for (let i = 0; i < 60 && !isOpenOn(calendar, day); i++) day = addDays(day, 1);
  return day;
}

const CALENDAR = ownerOf('LibraryCalendar', 'The library calendar');

/**
 * How long a calendar is fresh. Its admins edit it (staff-development: closed days, opening hours)
 * and the owner cannot reach other processes' copies, so the copy is kept short: a change reaches
 * due dates computed after the copy is older than this (the first request after that still gets
 * the old copy while it is read again). docs/staff-records.md, "Freshness".
 */
export const CALENDAR_TTL_MS = 60_000;

/**
 * The calendars of libraries as one subgraph reads them (with its own service identity), cached
 * for `ttlMs`: an expired calendar is answered at once while it is read again, and kept while its
 * owner does not answer (CachedServiceRead). An unknown library is NOT_FOUND; its owner
 * unreachable or silent past INTERNAL_CALL_TIMEOUT_MS with nothing cached, SERVICE_UNAVAILABLE.
 * Read before a database transaction, never inside one (docs/operations.md, "Honest writes").
 */
export class LibraryCalendarClient {
  private readonly calendars: CachedServiceRead<LibraryCalendar>;

  constructor(
    private readonly config: ServiceClientConfig,
    /** The subgraph asking (its service identity). */
    private readonly caller: SubgraphName,
    ttlMs = CALENDAR_TTL_MS,
  ) {
    this.calendars = new CachedServiceRead(CALENDAR, (libraryId) => this.fetch(libraryId), { ttlMs, max: 1000 });
  }

  get(libraryId: string): Promise<LibraryCalendar> {
    return this.calendars.get(libraryId);
  }

  /** Forgets cached calendars (after a change, and in tests). */
  clear(): void {
    this.calendars.clear();
  }

  private async fetch(libraryId: string): Promise<LibraryCalendar> {
    const today = todayIn('UTC');
    const body = await callInternal<{ library: LibraryCalendar | null }>(
      this.config,
      this.caller,
      'LibraryCalendar',
      { id: libraryId, from: addDays(today, -60), to: addDays(today, 400) },
      CALENDAR,
    );
    if (body.errors?.some((e) => e.extensions?.code === 'NOT_FOUND') || (body.data && !body.data.library)) {
      throw new AppError('NOT_FOUND', `Library ${libraryId} was not found`, { id: libraryId });
    }
    if (!body.data?.library) throw new Error(`calendar of ${libraryId}: ${body.errors?.[0]?.message ?? 'no data'}`);
    return body.data.library;
  }
}
