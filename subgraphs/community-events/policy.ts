import { deny, isStaffOf, type Identity } from '../../shared/auth';
import { EventStatus, type Event } from './entities/event.entity';
import type { Registration } from './entities/registration.entity';

/**
 * Who sees drafts: the staff of the library (LIBRARIAN, LIBRARY_ADMIN), ADMIN, and GOVERNMENT,
 * which supervises every library's programme. Everyone else sees published, completed and
 * cancelled events only. One rule for lists, `event(id)` and references, so that an event is
 * never listed and then "not found".
 */
export function maySeeDrafts(identity: Identity, libraryId: string): boolean {
  return identity.role === 'GOVERNMENT' || isStaffOf(identity, libraryId);
}

export function maySeeEvent(identity: Identity, event: Event): boolean {
  return event.status !== EventStatus.DRAFT || maySeeDrafts(identity, event.libraryId);
}

/** The connection variant of a library's events for this caller (part of the loader's cache key). */
export function eventsVariant(identity: Identity, libraryId: string): 'all' | 'public' {
  return maySeeDrafts(identity, libraryId) ? 'all' : 'public';
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
