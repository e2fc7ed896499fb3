import { STAFF_ROLES, deny, governs, isStaffOf, type Identity } from '../../shared/auth';
import type { Agreement } from './entities/agreement.entity';
import type { Internship } from './entities/internship.entity';

/**
 * Who may see what in partnerships. Kept apart from the resolvers because reference resolvers
 * (which bypass @Authorized) must apply exactly the same rules.
 */

/** An agreement: staff of its library, the partner itself, GOVERNMENT, ADMIN. */
export function canReadAgreement(identity: Identity, agreement: Pick<Agreement, 'libraryId' | 'partnerId'>): boolean {
  if (governs(identity, agreement.libraryId)) return true;
  if (identity.role === 'PARTNER') return identity.partnerId === agreement.partnerId;
  return isStaffOf(identity, agreement.libraryId);
}

export function requireAgreementAccess(identity: Identity, agreement: Pick<Agreement, 'libraryId' | 'partnerId'>): void {
  if (!canReadAgreement(identity, agreement)) deny(identity, 'Only the parties to an agreement, GOVERNMENT and ADMIN may see it');
}

/**
 * Before listing a partner's agreements: refuses callers who could see none of them (rather than
 * answering with an empty list that looks like "no agreements"). Staff get the list filtered to
 * their own library by the loader.
 */
export function requireAgreementListAccess(identity: Identity, partnerId: string): void {
  if (identity.role === 'GOVERNMENT' || identity.role === 'ADMIN' || STAFF_ROLES.includes(identity.role)) return;
  if (identity.role === 'PARTNER' && identity.partnerId === partnerId) return;
  deny(identity, "Only the partner, its libraries' staff, GOVERNMENT and ADMIN may see its agreements");
}

/** A partner's contact person: staff of a library it works with, the partner itself, ADMIN. */
export function requireContactAccess(identity: Identity, partnerId: string, libraryIds: readonly string[]): void {
  if (identity.role === 'PARTNER' && identity.partnerId === partnerId) return;
  if (identity.role === 'ADMIN' || libraryIds.some((libraryId) => isStaffOf(identity, libraryId))) return;
  deny(identity, "A partner's contact person is only for the libraries it works with");
}

/** Whether a caller needs the partner's libraries loaded to decide on contact access. */
export const contactNeedsLibraries = (identity: Identity): boolean => STAFF_ROLES.includes(identity.role);

// ---- internships -------------------------------------------------------------------------

type InternshipScope = Pick<Internship, 'libraryId' | 'partnerId' | 'supervisorId'>;

/** The supervising librarian: a LIBRARIAN token of the host library naming that librarian. */
export function isSupervisor(identity: Identity, internship: InternshipScope): boolean {
  return (
    identity.role === 'LIBRARIAN' &&
    internship.supervisorId !== null &&
    identity.librarianId === internship.supervisorId &&
    identity.libraryId === internship.libraryId
  );
}

/**
 * An internship (a student's personal data): the host library's staff, the university itself,
 * ADMIN. GOVERNMENT reads the aggregate (partnershipIndicators.internsHosted), not the students.
 */
export function requireInternshipAccess(identity: Identity, internship: InternshipScope): void {
  if (identity.role === 'PARTNER' && identity.partnerId === internship.partnerId) return;
  if (isStaffOf(identity, internship.libraryId)) return;
  deny(identity, "An internship is only for the host library's staff and the university");
}

/** Accepting and cancelling on the library's side: the host library's LIBRARY_ADMIN, ADMIN. */
export function requireInternshipManager(identity: Identity, internship: InternshipScope): void {
  if (isStaffOf(identity, internship.libraryId, ['LIBRARY_ADMIN'])) return;
  deny(identity, "Only the host library's admins may do this");
}

/** Starting and completing: the supervising librarian, the host library's LIBRARY_ADMIN, ADMIN. */
export function requireSupervisorOrManager(identity: Identity, internship: InternshipScope): void {
  if (isSupervisor(identity, internship) || isStaffOf(identity, internship.libraryId, ['LIBRARY_ADMIN'])) return;
  deny(identity, 'Only the supervising librarian and the host library\'s admins may do this');
}

/** The final evaluation: the supervisor, the host library's admins, the university, ADMIN (not other librarians). */
export function requireEvaluationAccess(identity: Identity, internship: InternshipScope): void {
  if (identity.role === 'PARTNER' && identity.partnerId === internship.partnerId) return;
  if (isSupervisor(identity, internship) || isStaffOf(identity, internship.libraryId, ['LIBRARY_ADMIN'])) return;
  deny(identity, 'An evaluation is only for the supervisor, the host library\'s admins and the university');
}

/**
 * Before listing a partner's internships: the partner itself and ADMIN see all; staff see their
 * own library's (the loader filters); everyone else is refused.
 */
export function requireInternshipListAccess(identity: Identity, partnerId: string): void {
  if (identity.role === 'ADMIN' || STAFF_ROLES.includes(identity.role)) return;
  if (identity.role === 'PARTNER' && identity.partnerId === partnerId) return;
  deny(identity, "Only the university and its host libraries' staff may see its internships");
}

/** Before listing a librarian's supervised internships: the librarian, their library's admins, ADMIN. */
export function requireSupervisedListAccess(identity: Identity, librarianId: string, libraryId: string | undefined): void {
  if (identity.role === 'LIBRARIAN' && identity.librarianId === librarianId) return;
  if (libraryId && isStaffOf(identity, libraryId, ['LIBRARY_ADMIN'])) return;
  if (identity.role === 'ADMIN') return;
  deny(identity, "A librarian's interns are only for the librarian and their library's admins");
}

// ---- programmes and funding --------------------------------------------------------------

/** Managing a library's programmes and funding records: its LIBRARY_ADMIN, ADMIN. */
export function requireLibraryAdmin(identity: Identity, libraryId: string): void {
  if (isStaffOf(identity, libraryId, ['LIBRARY_ADMIN'])) return;
  deny(identity, "Only the library's admins may do this");
}

/** A library's funding contributions, one by one: its LIBRARY_ADMIN, GOVERNMENT, ADMIN. */
export function requireFundingAccess(identity: Identity, libraryId: string): void {
  if (governs(identity, libraryId)) return;
  requireLibraryAdmin(identity, libraryId);
}

/** A partner's integration settings (webhooks, delivery log): the partner itself, ADMIN. */
export function requirePartnerSelf(identity: Identity, partnerId: string): void {
  if (identity.role === 'ADMIN') return;
  if (identity.role === 'PARTNER' && identity.partnerId === partnerId) return;
  deny(identity, "Only the partner itself may see or change its integration");
}
