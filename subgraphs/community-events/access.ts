import { canReadLibrary, deny, isStaffOf, readableLibraries, requireStaffOrGovernment, type Identity } from '../../shared/platform/auth';
import { NotFoundError } from '../../shared/platform/errors';
import { EventStatus, type Event } from './events/event.entity';
import type { Registration } from './registration/registration.entity';

/**
 * Who may do what with community events. Kept apart from the resolvers because reference
 * resolvers (which bypass @Authorized) must apply exactly the same rules.
 *
 * - PUBLIC sees published, completed and cancelled events and registers as a guest;
 * - a MEMBER manages their own registrations (register, cancel, rate what they attended);
 * - a LIBRARIAN or LIBRARY_ADMIN runs their own library's events: drafts, publishing,
 *   cancelling, check-ins, walk-ins, no-shows, promotion links, registrations;
 * - a PARTNER sees the statistics (counts, never names) of the events it co-hosts;
 * - GOVERNMENT reads drafts and indicators across libraries (a province-scoped token: its
 *   province's), never who registered;
 * - ADMIN everything.
 */

/**
 * THE rule for drafts and every other internal part of an event: which libraries' drafts this
 * caller may see. It is `readableLibraries` (shared/platform/auth.ts), the platform's one answer to "which
 * libraries' internal data may this caller read": ALL for ADMIN and a region-wide GOVERNMENT
 * token, the province's libraries for a province-scoped one, their own library for its staff,
 * none for members, partners, services and the public. Everyone sees published, completed and
 * cancelled events.
 *
 * Every way to an event goes through it, so that an event is never listed and then "not found":
 * `event(id)`, the calendar, `Library.events`, `Librarian.facilitatedEvents`,
 * `Partner.coHostedEvents` (the loaders filter with `eventVisibility`), series and their
 * sessions, the events of registrations and check-ins, and the reference resolvers
 * (`requireVisibleEvent`).
 */
export function draftLibraries(identity: Identity): 'ALL' | readonly string[] {
  return readableLibraries(identity);
}

export function maySeeDrafts(identity: Identity, libraryId: string): boolean {
  return canReadLibrary(identity, libraryId);
}

export function maySeeEvent(identity: Identity, event: Pick<Event, 'status' | 'libraryId'>): boolean {
  return event.status !== EventStatus.DRAFT || maySeeDrafts(identity, event.libraryId);
}

/**
 * The event, or NOT_FOUND when it does not exist or is a draft this caller may not see (a draft
 * they may not see does not exist for them: the same answer either way, so ids cannot be probed).
 */
export function requireVisibleEvent<E extends Pick<Event, 'status' | 'libraryId'>>(identity: Identity, event: E | null | undefined, id: string): E {
  if (!event || !maySeeEvent(identity, event)) throw new NotFoundError('Event', id);
  return event;
}

/**
 * `draftLibraries` as a loader variant (part of the cache key): 'all', 'public', or
 * `libraries:<id>,<id>` (published, completed and cancelled events, plus the drafts of those
 * libraries). `loaders.applyVisibility` turns it into SQL.
 */
export function eventVisibility(identity: Identity): string {
  const libraries = draftLibraries(identity);
  if (libraries === 'ALL') return 'all';
  if (!libraries.length) return 'public';
  return `libraries:${[...libraries].sort().join(',')}`;
}

/**
 * Which statuses a caller may ask the calendar for: DRAFT only with a libraryId whose drafts the
 * caller may see, or without one for a caller who sees every library's drafts (ADMIN, a
 * region-wide GOVERNMENT token). Refused, never answered with an empty list.
 */
export function requireCalendarStatusesAllowed(identity: Identity, statuses: readonly EventStatus[], libraryId: string | undefined): void {
  if (!statuses.includes(EventStatus.DRAFT)) return;
  if (draftLibraries(identity) === 'ALL') return;
  if (libraryId && maySeeDrafts(identity, libraryId)) return;
  deny(identity, "Drafts are only for the library's staff (ask for your own libraryId), GOVERNMENT of its province and ADMIN");
}

/**
 * A registration is personal data: the member themself, the staff of the event's library and
 * ADMIN. GOVERNMENT reads aggregates (confirmedCount), never who registered.
 */
export function requireRegistrationAccess(identity: Identity, registration: Registration, event: Pick<Event, 'libraryId'>): void {
  if (identity.role === 'MEMBER' && registration.memberId !== null && identity.memberId === registration.memberId) return;
  if (isStaffOf(identity, event.libraryId)) return;
  deny(identity, "A registration is only for the member and the event library's staff");
}

/** Running an event (publish, cancel, complete, check-ins, walk-ins, promotion): its library's staff and ADMIN. */
export function requireEventManager(identity: Identity, event: Pick<Event, 'libraryId'>): void {
  if (!isStaffOf(identity, event.libraryId)) deny(identity, "Only the event library's staff may run it");
}

/**
 * An event's statistics (registrations, attendance, ratings — counts, never names): the staff of
 * its library, GOVERNMENT, ADMIN, and a PARTNER that co-hosts it.
 */
export function requireEventStatisticsAccess(identity: Identity, event: Pick<Event, 'libraryId'>, coHostIds: readonly string[]): void {
  if (identity.role === 'PARTNER' && identity.partnerId && coHostIds.includes(identity.partnerId)) return;
  if (canReadLibrary(identity, event.libraryId)) return;
  deny(identity, "An event's statistics are for its library's staff, its co-hosts, GOVERNMENT and ADMIN");
}

/** Indicators and survey results: the library's staff, GOVERNMENT, ADMIN. */
export function requireIndicatorAccess(identity: Identity, libraryId: string): void {
  requireStaffOrGovernment(identity, libraryId);
}

/**
 * A member's registrations: the member themself, the staff of their home library (known from
 * collections through @requires), ADMIN.
 */
export function requireMemberRegistrationsAccess(identity: Identity, memberId: string, homeLibraryId: string | undefined): void {
  if (identity.role === 'MEMBER' && identity.memberId === memberId) return;
  if (identity.role === 'ADMIN') return;
  if (homeLibraryId && isStaffOf(identity, homeLibraryId)) return;
  deny(identity, "A member's registrations are only for them and their library's staff");
}

/**
 * A librarian's event figures (their performance review): the librarian themself, the
 * LIBRARY_ADMIN of their library (known from staff-development through @requires), ADMIN.
 */
export function requireFacilitationAccess(identity: Identity, librarianId: string, libraryId: string | undefined): void {
  if (identity.role === 'LIBRARIAN' && identity.librarianId === librarianId) return;
  if (identity.role === 'ADMIN') return;
  if (libraryId && isStaffOf(identity, libraryId, ['LIBRARY_ADMIN'])) return;
  deny(identity, "A librarian's figures are for them and their library's admins");
}

/**
 * Free-text answers are the respondents' own words and may name or identify them: the LIBRARIAN
 * and LIBRARY_ADMIN of the survey's library and ADMIN read them. GOVERNMENT reads the results
 * (figures only); other libraries, partners and members do not read them.
 */
export function requireSurveyTextAccess(identity: Identity, survey: { libraryId: string }): void {
  if (isStaffOf(identity, survey.libraryId)) return;
  if (identity.role === 'GOVERNMENT') deny(identity, "Free-text answers are for the survey library's staff; GOVERNMENT reads the results (figures only)");
  deny(identity, "Free-text answers are only for the survey library's staff");
}
