import { STAFF_ROLES, deny, governs, isStaffOf, type Identity } from '../../shared/auth';
import type { Librarian } from './entities/librarian.entity';
import type { TrainingProgramme } from './entities/training-programme.entity';

/**
 * Who may do what in staff development. Field resolvers and reference resolvers (which bypass
 * @Authorized) apply the same rules, so they live here.
 */

/** A librarian's personal data: the librarian, their library's admins, ADMIN. */
export function canSeePersonal(identity: Identity, librarian: Pick<Librarian, 'id' | 'libraryId'>): boolean {
  if (identity.role === 'LIBRARIAN' && identity.librarianId === librarian.id) return true;
  return isStaffOf(identity, librarian.libraryId, ['LIBRARY_ADMIN']);
}

export function requirePersonalAccess(identity: Identity, librarian: Pick<Librarian, 'id' | 'libraryId'>): void {
  if (!canSeePersonal(identity, librarian)) deny(identity, "A librarian's personal data is only for them and their library's admins");
}

/** Manage a librarian's record (reviews, credit points, competencies, activities): their library's admins, ADMIN. */
export function requireLibrarianAdmin(identity: Identity, librarian: Pick<Librarian, 'libraryId'>): void {
  if (!isStaffOf(identity, librarian.libraryId, ['LIBRARY_ADMIN'])) deny(identity, "Only the librarian's library admins may do this");
}

/** Enrol or withdraw a librarian: the librarian themself, their library's admins, ADMIN. */
export function requireEnrolFor(identity: Identity, librarian: Pick<Librarian, 'id' | 'libraryId'>): void {
  if (identity.role === 'LIBRARIAN' && identity.librarianId === librarian.id) return;
  if (isStaffOf(identity, librarian.libraryId, ['LIBRARY_ADMIN'])) return;
  deny(identity, 'A librarian enrols only themself; an admin only their own library’s librarians');
}

/** Manage a programme (sessions, attendance, completion, participants): its library's admins, ADMIN. */
export function isProgrammeAdmin(identity: Identity, programme: Pick<TrainingProgramme, 'libraryId'>): boolean {
  return isStaffOf(identity, programme.libraryId, ['LIBRARY_ADMIN']);
}

export function requireProgrammeAdmin(identity: Identity, programme: Pick<TrainingProgramme, 'libraryId'>): void {
  if (!isProgrammeAdmin(identity, programme)) deny(identity, "Only the programme library's admins may do this");
}

/** Aggregates of a library (evaluations, indicators): its admins, GOVERNMENT, ADMIN. */
export function requireAggregateAccess(identity: Identity, libraryId: string): void {
  if (governs(identity, libraryId)) return;
  if (!isStaffOf(identity, libraryId, ['LIBRARY_ADMIN'])) deny(identity, "Only the library's admins, GOVERNMENT and ADMIN see these figures");
}

/** Aggregates over instructors (who teach region-wide): any library admin, GOVERNMENT, ADMIN. */
export function requireInstructorAggregateAccess(identity: Identity): void {
  if (!['LIBRARY_ADMIN', 'GOVERNMENT', 'ADMIN'].includes(identity.role)) deny(identity, 'Only admins and GOVERNMENT see instructor ratings');
}

/** The programmes a partner provides: the partner itself, library staff, GOVERNMENT, ADMIN. */
export function requirePartnerProgrammesAccess(identity: Identity, partnerId: string): void {
  if (identity.role === 'PARTNER' && identity.partnerId === partnerId) return;
  if (identity.role === 'GOVERNMENT' || identity.role === 'ADMIN' || STAFF_ROLES.includes(identity.role)) return;
  deny(identity, 'Only the partner, library staff, GOVERNMENT and ADMIN see the programmes a partner provides');
}

/** A DRAFT programme: its library's staff, GOVERNMENT, ADMIN; for everyone else it does not exist. */
export function canSeeDraftProgrammes(identity: Identity, libraryId: string): boolean {
  return governs(identity, libraryId) || isStaffOf(identity, libraryId);
}

/** A programme's online link: library staff, the providing partner, ADMIN. */
export function canSeeOnlineLink(identity: Identity, programme: Pick<TrainingProgramme, 'partnerId'>): boolean {
  if (identity.role === 'ADMIN' || STAFF_ROLES.includes(identity.role)) return true;
  return identity.role === 'PARTNER' && identity.partnerId === programme.partnerId;
}
