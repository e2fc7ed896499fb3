import { GATEWAY_IDENTITY_SUB, STAFF_ROLES, deny, isStaffOf, readableLibraries, type Identity, type Role } from '../../shared/platform/auth';
import type { Librarian } from './librarians/librarian.entity';
import type { TrainingProgramme } from './training/training-programme.entity';

/**
 * Who may do what in staff development. Field resolvers and reference resolvers (which bypass
 * @Authorized) apply the same rules, so they live here.
 *
 * "Which libraries' internal data may this caller see" — draft programmes, staff directories,
 * figures, incentive rules, accreditations — is decided in one place, `visibleLibraries` below:
 * `readableLibraries` of shared/platform/auth (ADMIN and a region-wide GOVERNMENT token: every library; a
 * province-scoped GOVERNMENT token: its province's libraries; LIBRARIAN and LIBRARY_ADMIN: their
 * own; everyone else: none). Lists filter by it in their loaders (`programmeVariant`), single
 * fields refuse through `requireLibraryAccess`, and a draft outside it does not exist for the
 * caller (NOT_FOUND, as the direct query answers) on every path: the library's list, a partner's
 * list, `trainingProgramme(id)` and the TrainingProgramme reference.
 */

export type LibraryScope = 'ALL' | readonly string[];

/** The libraries whose internal data the caller may see (the one place this is decided). */
export function visibleLibraries(identity: Identity): LibraryScope {
  return readableLibraries(identity);
}

/** Whether `visibleLibraries` includes this library; `roles` narrows further (e.g. LIBRARY_ADMIN only for staff). */
export function canSeeLibrary(identity: Identity, libraryId: string, roles?: readonly Role[]): boolean {
  if (roles && !roles.includes(identity.role) && identity.role !== 'ADMIN') return false;
  const libraries = visibleLibraries(identity);
  return libraries === 'ALL' || libraries.includes(libraryId);
}

/** Refuses (UNAUTHENTICATED for PUBLIC, FORBIDDEN otherwise) a caller who may not see this library's data. */
export function requireLibraryAccess(identity: Identity, libraryId: string, roles?: readonly Role[], message?: string): void {
  if (canSeeLibrary(identity, libraryId, roles)) return;
  if (identity.role === 'GOVERNMENT' && (!roles || roles.includes('GOVERNMENT'))) deny(identity, 'This token covers another province');
  deny(identity, message ?? "You may not see this library's staff data");
}

/**
 * The variant a programme list loader filters drafts by: 'all' (drafts of every library),
 * 'public' (no drafts), or `drafts:<ids>` (drafts of these libraries only, published ones of all).
 */
export function programmeVariant(identity: Identity): string {
  const libraries = visibleLibraries(identity);
  if (libraries === 'ALL') return 'all';
  if (!libraries.length) return 'public';
  return `drafts:${[...libraries].sort().join(',')}`;
}

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

/** Staff records (add a librarian) and the library calendar (closed days, opening hours): the library's LIBRARY_ADMIN, ADMIN. */
export function requireLibraryAdmin(identity: Identity, libraryId: string): void {
  if (!isStaffOf(identity, libraryId, ['LIBRARY_ADMIN'])) deny(identity, "Only the library's admins may do this");
}

/** Region-wide configuration (competency units): ADMIN only. */
export function requireRegionAdmin(identity: Identity): void {
  if (identity.role !== 'ADMIN') deny(identity, 'Only ADMIN may change the configuration');
}

/**
 * Whether the caller asks who is on the staff now rather than who was: other subgraphs' SERVICE
 * look-ups (a facilitator must be a librarian of the library) and the gateway's sign-in checks.
 * For them a librarian whose employment has ended does not exist (the Librarian reference answers
 * null), so a former librarian's account stops working and they are not assigned new work; users'
 * queries still resolve them, so history (past events, completed trainings) keeps its names.
 */
export function asksForCurrentStaff(identity: Identity): boolean {
  return identity.role === 'SERVICE' || identity.sub === GATEWAY_IDENTITY_SUB;
}

/** Enrol or withdraw a librarian: the librarian themself, their library's admins, ADMIN. */
export function requireEnrolFor(identity: Identity, librarian: Pick<Librarian, 'id' | 'libraryId'>): void {
  if (identity.role === 'LIBRARIAN' && identity.librarianId === librarian.id) return;
  if (isStaffOf(identity, librarian.libraryId, ['LIBRARY_ADMIN'])) return;
  deny(identity, "A librarian enrols only themself; an admin only their own library's librarians");
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
  requireLibraryAccess(identity, libraryId, ['LIBRARY_ADMIN', 'GOVERNMENT'], "Only the library's admins, GOVERNMENT and ADMIN see these figures");
}

/**
 * A library's training needs name its librarians one by one (missing competency units, hours
 * short): the library's LIBRARY_ADMIN and ADMIN, who plan its training. GOVERNMENT is told where
 * its figures are instead (staffIndicators and the regional report count the same training, never
 * a person); a LIBRARIAN sees their own record, not their colleagues'.
 */
export function requireTrainingNeedsAccess(identity: Identity, libraryId: string): void {
  if (identity.role === 'GOVERNMENT') {
    deny(
      identity,
      "Training needs name individual librarians and are for the library's own admins; GOVERNMENT reads the training figures in Library.staffIndicators and Query.regionalReport instead",
    );
  }
  requireLibraryAccess(identity, libraryId, ['LIBRARY_ADMIN'], "Training needs name individual librarians: only the library's admins and ADMIN see them");
}

/** Aggregates over instructors (who teach region-wide): any library admin, GOVERNMENT, ADMIN. */
export function requireInstructorAggregateAccess(identity: Identity): void {
  if (!['LIBRARY_ADMIN', 'GOVERNMENT', 'ADMIN'].includes(identity.role)) deny(identity, 'Only admins and GOVERNMENT see instructor ratings');
}

/**
 * The programmes a partner provides: the partner itself, library staff, GOVERNMENT, ADMIN (the
 * published ones; drafts only of `visibleLibraries`, see `programmeVariant`).
 */
export function requirePartnerProgrammesAccess(identity: Identity, partnerId: string): void {
  if (identity.role === 'PARTNER' && identity.partnerId === partnerId) return;
  if (identity.role === 'GOVERNMENT' || identity.role === 'ADMIN' || STAFF_ROLES.includes(identity.role)) return;
  deny(identity, 'Only the partner, library staff, GOVERNMENT and ADMIN see the programmes a partner provides');
}

/** A DRAFT programme: its library's staff, GOVERNMENT (of its province), ADMIN; for everyone else it does not exist. */
export function canSeeDraftProgrammes(identity: Identity, libraryId: string): boolean {
  return canSeeLibrary(identity, libraryId);
}

/** A programme's online link: library staff, the providing partner, ADMIN. */
export function canSeeOnlineLink(identity: Identity, programme: Pick<TrainingProgramme, 'partnerId'>): boolean {
  if (identity.role === 'ADMIN' || STAFF_ROLES.includes(identity.role)) return true;
  return identity.role === 'PARTNER' && identity.partnerId === programme.partnerId;
}
