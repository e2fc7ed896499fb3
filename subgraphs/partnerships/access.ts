import { STAFF_ROLES, deny, isStaffOf, type Identity } from '../../shared/auth';
import type { Agreement } from './entities/agreement.entity';

/**
 * Who may see what in partnerships. Kept apart from the resolvers because reference resolvers
 * (which bypass @Authorized) must apply exactly the same rules.
 */

/** An agreement: staff of its library, the partner itself, GOVERNMENT, ADMIN. */
export function canReadAgreement(identity: Identity, agreement: Pick<Agreement, 'libraryId' | 'partnerId'>): boolean {
  if (identity.role === 'GOVERNMENT') return true;
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
