import type { Identity } from '../../shared/platform/auth';
import { AppError, BadUserInputError } from '../../shared/platform/errors';
import type { LibraryCalendar } from '../../shared/domain/library-calendar';
import { todayAt } from '../../shared/platform/time';

/**
 * Pieces shared by visits, digital resources and acquisitions: who did something (kept in audit
 * columns) and a library's "today". (A CONFLICT that says why is shared/platform/errors' StateConflict.)
 */

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
    return { calendar, today: todayAt(calendar) };
  } catch (err) {
    if (err instanceof AppError && err.extensions.code === 'NOT_FOUND') throw new BadUserInputError(field, `There is no library ${libraryId}`);
    throw err;
  }
}
