import { deny, type Identity } from '../platform/auth';
import { BadUserInputError } from '../platform/errors';
import { daysBetween } from '../platform/time';

/**
 * Who may read the regional report, shared by the four subgraphs' RegionalReportRow resolvers
 * (reference resolvers bypass @Authorized, so every subgraph checks each row itself).
 *
 * - GOVERNMENT: every library; with a `province` claim, only that province's libraries;
 * - ADMIN: every library;
 * - LIBRARY_ADMIN: their own library's row only;
 * - PUBLIC: UNAUTHENTICATED; everyone else: FORBIDDEN.
 */

export const REGIONAL_ROLES = ['GOVERNMENT', 'ADMIN', 'LIBRARY_ADMIN'] as const;

/** The longest period one report covers, both dates included. */
export const MAX_REGIONAL_PERIOD_DAYS = 366;

/** Refuses callers who may see no row of the report at all. */
export function requireRegionalReader(identity: Identity): void {
  if (!(REGIONAL_ROLES as readonly string[]).includes(identity.role)) {
    deny(identity, 'The regional report is for GOVERNMENT, ADMIN and (their own library) LIBRARY_ADMIN');
  }
}

/** to ≥ from and at most 366 days, both included: BAD_USER_INPUT on `to` otherwise. */
export function validateRegionalPeriod(from: string, to: string): void {
  const days = daysBetween(from, to);
  if (days < 0) throw new BadUserInputError('to', 'to must not be before from');
  if (days + 1 > MAX_REGIONAL_PERIOD_DAYS) throw new BadUserInputError('to', `A report covers at most ${MAX_REGIONAL_PERIOD_DAYS} days`);
}

/**
 * One row: the caller must be allowed to read this library's figures. `provinceOf` is asked only
 * for a province-scoped GOVERNMENT token (never trusted from the representation).
 */
export async function requireRegionalRowAccess(identity: Identity, libraryId: string, provinceOf: (libraryId: string) => Promise<string | undefined>): Promise<void> {
  requireRegionalReader(identity);
  if (identity.role === 'ADMIN') return;
  if (identity.role === 'LIBRARY_ADMIN') {
    if (identity.libraryId !== libraryId) deny(identity, "A library admin sees only their own library's row");
    return;
  }
  // GOVERNMENT
  if (identity.province && (await provinceOf(libraryId)) !== identity.province) {
    deny(identity, 'This token covers another province');
  }
}

/** The checks a RegionalReportRow representation goes through in every subgraph. */
export async function checkRegionalRepresentation(
  ref: { libraryId?: unknown; from?: unknown; to?: unknown },
  identity: Identity,
  provinceOf: (libraryId: string) => Promise<string | undefined>,
): Promise<{ libraryId: string; from: string; to: string }> {
  requireRegionalReader(identity);
  const { libraryId, from, to } = ref;
  if (typeof libraryId !== 'string' || typeof from !== 'string' || typeof to !== 'string') {
    throw new BadUserInputError('representation', 'A RegionalReportRow is keyed by libraryId, from and to');
  }
  validateRegionalPeriod(from, to);
  await requireRegionalRowAccess(identity, libraryId, provinceOf);
  return { libraryId, from, to };
}
