import { STAFF_ROLES, deny, governs, isStaffOf, requireStaffOrGovernment, type Identity } from '../../shared/auth';
import { EventStatus, type Event } from './entities/event.entity';
import type { Registration } from './entities/registration.entity';

/**
 * Who may do what with community events. Kept apart from the resolvers because reference
 * resolvers (which bypass @Authorized) must apply exactly the same rules.
 *
 * - PUBLIC sees published, completed and cancelled events and registers as a guest;
 * - a MEMBER manages their own registrations (register, cancel, rate what they attended);
 * - a LIBRARIAN or LIBRARY_ADMIN runs their own library's events: drafts, publishing,
 *   cancelling, check-ins, walk-ins, no-shows, promotion links, registrations;
 * - a PARTNER sees the statistics (counts, never names) of the events it co-hosts;
 * - GOVERNMENT reads drafts and indicators across libraries, never who registered;
 * - ADMIN everything.
 */

/**
 * Who sees drafts: the staff of the library (LIBRARIAN, LIBRARY_ADMIN), ADMIN, and GOVERNMENT,
 * which supervises every library's programme. Everyone else sees published, completed and
 * cancelled events only. One rule for lists, `event(id)` and references, so that an event is
 * never listed and then "not found".
 */
export function maySeeDrafts(identity: Identity, libraryId: string): boolean {
  return governs(identity, libraryId) || isStaffOf(identity, libraryId);
}

export function maySeeEvent(identity: Identity, event: Pick<Event, 'status' | 'libraryId'>): boolean {
  return event.status !== EventStatus.DRAFT || maySeeDrafts(identity, event.libraryId);
}

/** The connection variant of a library's events for this caller (part of the loader's cache key). */
export function eventsVariant(identity: Identity, libraryId: string): 'all' | 'public' {
  return maySeeDrafts(identity, libraryId) ? 'all' : 'public';
}

/**
 * The variant of a list that spans libraries (a librarian's or a partner's events): 'all' for
 * GOVERNMENT and ADMIN, `staff:<library>` (drafts of that library only) for its staff, else
 * 'public'. `loaders.applyVisibility` turns it into SQL.
 */
export function crossLibraryVariant(identity: Identity): string {
  if (identity.role === 'GOVERNMENT' || identity.role === 'ADMIN') return 'all';
  if (STAFF_ROLES.includes(identity.role) && identity.libraryId) return `staff:${identity.libraryId}`;
  return 'public';
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
  if (governs(identity, event.libraryId) || isStaffOf(identity, event.libraryId)) return;
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
