import type { Identity } from '../../shared/auth';
import { AppError, BadUserInputError } from '../../shared/errors';
import type { LibraryCalendar } from '../../shared/library-calendar';
import { todayIn } from '../../shared/time';
import { now } from '../../shared/clock';

/**
 * Pieces shared by visits, digital resources and acquisitions: a CONFLICT that says why in
 * `extensions.reason`, who did something (kept in audit columns), and a library's "today".
 */

import { StateConflict } from '../../shared/errors';

export { StateConflict };

/** Who acted, as kept in the audit columns: the token's subject and role, and the librarian when the token names one. */
export interface Actor {
  sub: string;
  role: string;
  librarianId: string | null;
}

export const actorOf = (identity: Identity): Actor => ({
  sub: identity.sub.slice(0, 100),
  role: identity.role,
  librarianId: identity.librarianId ?? null,
});

/** MySQL `datetime` keeps whole seconds (and would round): instants are cut here so what we return is what is stored. */
export const wholeSeconds = (d: Date): Date => new Date(Math.floor(d.getTime() / 1000) * 1000);

/**
 * A library's calendar and today's date in its zone (from the collections clock). An unknown
 * library is bad input on `field`.
 */
export async function libraryToday(
  calendars: { get(libraryId: string): Promise<LibraryCalendar> },
  libraryId: string,
  field = 'libraryId',
): Promise<{ calendar: LibraryCalendar; today: string }> {
  try {
    const calendar = await calendars.get(libraryId);
    return { calendar, today: todayIn(calendar.timezone, now()) };
  } catch (err) {
    if (err instanceof AppError && err.extensions.code === 'NOT_FOUND') throw new BadUserInputError(field, `There is no library ${libraryId}`);
    throw err;
  }
}
