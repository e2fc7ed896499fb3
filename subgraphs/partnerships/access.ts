import { BadUserInputError } from '../../shared/platform/errors';
import { deny, isStaffOf, readableLibraries, type Identity } from '../../shared/platform/auth';
import type { Agreement } from './agreements/agreement.entity';
import type { Internship } from './internships/internship.entity';

/**
 * Who may see what in partnerships. Kept apart from the resolvers because reference resolvers
 * (which bypass @Authorized) must apply exactly the same rules.
 *
 * Every list, field and reference resolver of this subgraph decides "which libraries' rows may
 * this caller see" through `visibleLibraries` below, which is `readableLibraries` from
 * shared/platform/auth (ADMIN and a region-wide GOVERNMENT token: all; a province-scoped GOVERNMENT token:
 * its province's libraries; staff: their own library; everyone else: none), narrowed by what the
 * rows are. A PARTNER's access goes by its own id, never by library: it sees the rows that name it.
 */

/** What the rows are: the narrower kinds drop a role that `readableLibraries` lets in. */
export type Records =
  /** agreements, programmes, a library's partners and partnership figures */
  | 'RECORDS'
  /** internships: students' personal data — never GOVERNMENT */
  | 'PERSONAL'
  /** single funding contributions — not librarians (a library's admins, GOVERNMENT, ADMIN) */
  | 'FUNDING';

export type LibraryScope = 'ALL' | readonly string[];

/** The libraries whose rows of this kind the caller may see (the one place this is decided). */
export function visibleLibraries(identity: Identity, records: Records = 'RECORDS'): LibraryScope {
  if (records === 'PERSONAL' && identity.role === 'GOVERNMENT') return [];
  if (records === 'FUNDING' && identity.role === 'LIBRARIAN') return [];
  return readableLibraries(identity);
}

/** Whether `visibleLibraries` includes this library. */
export function canSeeLibrary(identity: Identity, libraryId: string, records: Records = 'RECORDS'): boolean {
  const libraries = visibleLibraries(identity, records);
  return libraries === 'ALL' || libraries.includes(libraryId);
}

/** Refuses (UNAUTHENTICATED for PUBLIC, FORBIDDEN otherwise) a caller who may not see this library's rows. */
export function requireLibraryAccess(identity: Identity, libraryId: string, records: Records = 'RECORDS'): void {
  if (canSeeLibrary(identity, libraryId, records)) return;
  if (identity.role === 'GOVERNMENT') deny(identity, 'This token covers another province');
  deny(identity, "You may not see this library's partnership records");
}

/** The PARTNER token of this very partner. */
export const isPartnerSelf = (identity: Identity, partnerId: string): boolean => identity.role === 'PARTNER' && identity.partnerId === partnerId;

/** One row (an agreement, a programme, an internship, a contribution): its library is visible, or it names the calling partner. */
export function canSeeRow(identity: Identity, row: { libraryId: string; partnerId: string }, records: Records = 'RECORDS'): boolean {
  return isPartnerSelf(identity, row.partnerId) || canSeeLibrary(identity, row.libraryId, records);
}

/**
 * Before listing rows of a partner (its agreements, programmes, internships): the partner itself
 * and callers who see every library may; a caller scoped to libraries may when the partner works
 * with one of them (the list is then filtered to those libraries by the loader). Anyone else — who
 * could see none of the list — is refused rather than answered with an empty list.
 */
export function requirePartnerListAccess(identity: Identity, partnerId: string, partnerLibraryIds: readonly string[], records: Records = 'RECORDS'): void {
  if (isPartnerSelf(identity, partnerId)) return;
  const libraries = visibleLibraries(identity, records);
  if (libraries === 'ALL' || partnerLibraryIds.some((id) => libraries.includes(id))) return;
  deny(identity, 'Only the partner, the staff of the libraries it works with, GOVERNMENT (of their province) and ADMIN may see this');
}

/**
 * What a partner's list loader filters by: nothing for the partner itself and for callers who see
 * every library; otherwise the caller's libraries.
 */
export function partnerListLibraries(identity: Identity, partnerId: string, records: Records = 'RECORDS'): readonly string[] | undefined {
  if (isPartnerSelf(identity, partnerId)) return undefined;
  const libraries = visibleLibraries(identity, records);
  return libraries === 'ALL' ? undefined : libraries;
}

// ---- links between a library and a partner --------------------------------------------------

/**
 * "This library works with this partner" (a library_partner row) gates the partner's contact
 * person, changes to its details, and everything other subgraphs let a partner's libraries do
 * (co-hosted events, training, institution loans). So a link is made only by an act both sides
 * own, never as a side effect:
 *   - `createPartner`: the library that registers a new partner (it owns that record);
 *   - `signAgreement` by the partner itself (its PARTNER token) on a draft a library proposed;
 *   - ADMIN (`createAgreement` signed, or `signAgreement` on the partner's behalf).
 * Funding, programmes and internships need the link to exist already.
 */
export function requireWorksWith(identity: Identity, libraryId: string, partnerId: string, linked: boolean, field = 'partnerId'): void {
  if (linked) return;
  if (identity.role === 'ADMIN') throw new BadUserInputError(field, `${libraryId} does not work with partner ${partnerId}: an agreement the partner signs comes first`);
  deny(identity, 'Your library does not work with this partner: propose a draft agreement for the partner to sign first');
}

// ---- agreements and contact ----------------------------------------------------------------

/** An agreement (or a programme under one): staff of its library, the partner itself, GOVERNMENT (of its province), ADMIN. */
export function canReadAgreement(identity: Identity, agreement: Pick<Agreement, 'libraryId' | 'partnerId'>): boolean {
  return canSeeRow(identity, agreement, 'RECORDS');
}

export function requireAgreementAccess(identity: Identity, agreement: Pick<Agreement, 'libraryId' | 'partnerId'>): void {
  if (!canReadAgreement(identity, agreement)) deny(identity, 'Only the parties to an agreement, GOVERNMENT (of its province) and ADMIN may see it');
}

/**
 * Renewing, amending or terminating an agreement: the LIBRARY_ADMIN of its library, ADMIN. A
 * caller who may not even read it learns nothing more than FORBIDDEN.
 */
export function requireAgreementManager(identity: Identity, agreement: Pick<Agreement, 'libraryId' | 'partnerId'>): void {
  requireAgreementAccess(identity, agreement);
  if (!isStaffOf(identity, agreement.libraryId, ['LIBRARY_ADMIN'])) deny(identity, "Only the library's admins may renew, amend or terminate its agreements");
}

/** A partner's contact person: staff of a library it works with, the partner itself, ADMIN (not GOVERNMENT). */
export function requireContactAccess(identity: Identity, partnerId: string, libraryIds: readonly string[]): void {
  if (isPartnerSelf(identity, partnerId)) return;
  if (identity.role === 'ADMIN' || libraryIds.some((libraryId) => isStaffOf(identity, libraryId))) return;
  deny(identity, "A partner's contact person is only for the libraries it works with");
}

/** Whether a caller needs the partner's libraries loaded to decide on contact access. */
export const contactNeedsLibraries = (identity: Identity): boolean => identity.role === 'LIBRARIAN' || identity.role === 'LIBRARY_ADMIN';

// ---- internships -------------------------------------------------------------------------

type InternshipScope = Pick<Internship, 'libraryId' | 'partnerId' | 'supervisorId'>;

/** The supervising librarian: a LIBRARIAN token of the host library naming that librarian. */
export function isSupervisor(identity: Identity, internship: InternshipScope): boolean {
  return identity.role === 'LIBRARIAN' && internship.supervisorId !== null && identity.librarianId === internship.supervisorId && identity.libraryId === internship.libraryId;
}

/**
 * An internship (a student's personal data): the host library's staff, the university itself,
 * ADMIN. GOVERNMENT reads the aggregate (partnershipIndicators.internsHosted), not the students.
 */
export function requireInternshipAccess(identity: Identity, internship: InternshipScope): void {
  if (canSeeRow(identity, internship, 'PERSONAL')) return;
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
  deny(identity, "Only the supervising librarian and the host library's admins may do this");
}

/** The final evaluation: the supervisor, the host library's admins, the university, ADMIN (not other librarians). */
export function requireEvaluationAccess(identity: Identity, internship: InternshipScope): void {
  if (isPartnerSelf(identity, internship.partnerId)) return;
  if (isSupervisor(identity, internship) || isStaffOf(identity, internship.libraryId, ['LIBRARY_ADMIN'])) return;
  deny(identity, "An evaluation is only for the supervisor, the host library's admins and the university");
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

/** A library's funding contributions, one by one: its LIBRARY_ADMIN, GOVERNMENT (of its province), ADMIN. */
export function requireFundingAccess(identity: Identity, libraryId: string): void {
  requireLibraryAccess(identity, libraryId, 'FUNDING');
}

/** A partner's integration settings (webhooks, delivery log): the partner itself, ADMIN. */
export function requirePartnerSelf(identity: Identity, partnerId: string): void {
  if (identity.role === 'ADMIN' || isPartnerSelf(identity, partnerId)) return;
  deny(identity, 'Only the partner itself may see or change its integration');
}
