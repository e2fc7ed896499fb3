import { deny, isStaffOf, readableLibraries, type Identity } from '../../shared/platform/auth';
import type { Loan } from './circulation/loan.entity';
import type { Member } from './members/member.entity';

/**
 * "Which libraries' data may this caller see" is decided in one place, `visibleLibraries`:
 * `readableLibraries` of shared/platform/auth (ADMIN and a region-wide GOVERNMENT token: every library; a
 * province-scoped GOVERNMENT token: its province's libraries; LIBRARIAN and LIBRARY_ADMIN: their
 * own; members, partners and PUBLIC: none), narrowed by what the data is:
 *   - FIGURES: aggregates and totals (indicators, visit totals, digital usage, budgets, a
 *     partner's institution loan counts) — GOVERNMENT included, by province;
 *   - RECORDS: the library's own rows (members, holds, day counts, orders, suggestions, the
 *     copies lent to a partner) — never GOVERNMENT.
 * Library fields refuse through `requireLibraryAccess`; lists that span libraries (a partner's
 * institution loans) filter by `visibleLibraries` in their loaders and refuse a caller who may see
 * none of them. A member's or a loan's own rules (below) add the member and the borrower.
 */

export type Records = 'FIGURES' | 'RECORDS';
export type LibraryScope = 'ALL' | readonly string[];

/** The libraries whose data of this kind the caller may see (the one place this is decided). */
export function visibleLibraries(identity: Identity, records: Records): LibraryScope {
  if (records === 'RECORDS' && identity.role === 'GOVERNMENT') return [];
  return readableLibraries(identity);
}

/** Whether `visibleLibraries` includes this library. */
export function canSeeLibrary(identity: Identity, libraryId: string, records: Records): boolean {
  const libraries = visibleLibraries(identity, records);
  return libraries === 'ALL' || libraries.includes(libraryId);
}

/** Refuses (UNAUTHENTICATED for PUBLIC, FORBIDDEN otherwise) a caller who may not see this library's data of this kind. */
export function requireLibraryAccess(identity: Identity, libraryId: string, records: Records): void {
  if (canSeeLibrary(identity, libraryId, records)) return;
  if (identity.role === 'GOVERNMENT' && records === 'FIGURES') deny(identity, 'This token covers another province');
  deny(identity, records === 'FIGURES' ? "Only the library's staff, GOVERNMENT and ADMIN see these figures" : "Only the library's staff and ADMIN see this");
}

/**
 * The libraries of `among` the caller may see data of this kind of: undefined for all of them,
 * else the visible ones (possibly none).
 */
export function visibleAmong(identity: Identity, among: readonly string[], records: Records): readonly string[] | undefined {
  const libraries = visibleLibraries(identity, records);
  return libraries === 'ALL' ? undefined : among.filter((id) => libraries.includes(id));
}

/**
 * Who may read personal circulation data. Reference resolvers run outside @Authorized, so every
 * way to a Member or a Loan calls one of these. GOVERNMENT and PARTNER never pass: no member data.
 */

/**
 * Refuses, before any lookup, callers who could see no member by this id whatever it holds, so
 * that an unknown id does not answer them differently from a known one.
 */
export function requireMayReadMember(identity: Identity, memberId: string): void {
  if (identity.role === 'ADMIN' || identity.role === 'LIBRARIAN' || identity.role === 'LIBRARY_ADMIN') return;
  if (identity.role === 'MEMBER' && identity.memberId === memberId) return;
  deny(identity, "A member's data is only for them and their library's staff");
}

/** Like requireMayReadMember, for loans: only members and staff can ever see one. */
export function requireMayReadLoans(identity: Identity): void {
  if (['ADMIN', 'LIBRARIAN', 'LIBRARY_ADMIN', 'MEMBER'].includes(identity.role)) return;
  deny(identity, 'A loan is only for the borrower and the lending library');
}

/** The member themself, staff of their home library, ADMIN. */
export function requireMemberAccess(identity: Identity, member: Pick<Member, 'id' | 'libraryId'>): void {
  if (identity.role === 'MEMBER' && identity.memberId === member.id) return;
  if (isStaffOf(identity, member.libraryId)) return;
  deny(identity, "A member's data is only for them and their library's staff");
}

/** The borrower, staff of the lending library, ADMIN. */
export function requireLoanAccess(identity: Identity, loan: Pick<Loan, 'memberId' | 'libraryId'>): void {
  if (identity.role === 'MEMBER' && identity.memberId === loan.memberId) return;
  if (isStaffOf(identity, loan.libraryId)) return;
  deny(identity, 'A loan is only for the borrower and the lending library');
}

/** Circulation desks: LIBRARIAN and LIBRARY_ADMIN (of their own library, checked per copy and member) and ADMIN. */
export const DESK_ROLES = ['LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN'] as const;

/** Refuses, before any lookup, callers who never run a circulation desk. */
export function requireDeskRole(identity: Identity): void {
  if (!(DESK_ROLES as readonly string[]).includes(identity.role)) deny(identity, 'Circulation is for library staff');
}

/**
 * A hold is the member's, and also the business of the pickup library's desk: the member, staff
 * of their home library or of the pickup library, ADMIN.
 */
export function requireHoldAccess(identity: Identity, hold: { memberId: string; pickupLibraryId: string }, member: Pick<Member, 'libraryId'>): void {
  if (identity.role === 'MEMBER' && identity.memberId === hold.memberId) return;
  if (isStaffOf(identity, member.libraryId) || isStaffOf(identity, hold.pickupLibraryId)) return;
  deny(identity, 'A hold is only for the member and the staff of their library and of the pickup library');
}
