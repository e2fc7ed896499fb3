import { deny, type Identity } from '../../../shared/platform/auth';
import type { LibraryCalendar } from '../../../shared/domain/library-calendar';
import { libraryToday } from '../../../shared/platform/time';
import { visibleAmong, visibleLibraries, type Records } from '../access';
import type { CollectionsLoaders } from '../loaders';
import type { InstitutionLoanCounts } from './federation.types';
import type { Partner } from './partner.stub';

/**
 * Which libraries' loans to a partner's institution cards the caller sees: all of them for the
 * partner itself; otherwise those of access.visibleLibraries among the libraries where it holds a
 * card — the copies (RECORDS) for the lending library's staff and ADMIN, the counts (FIGURES) also
 * for GOVERNMENT, a province-scoped token its province's libraries only. A caller who may see none
 * of them is refused, never answered with an empty list or zero counts that read as "nothing
 * lent". Returns undefined for all libraries, else the (non-empty) list to filter by.
 */
export async function loanScope(
  identity: Identity,
  partner: Partner,
  loaders: Pick<CollectionsLoaders, 'institutionLibrariesByPartnerId'>,
  records: Records,
): Promise<readonly string[] | undefined> {
  if (identity.role === 'PARTNER' && identity.partnerId === partner.id) return undefined;
  if (visibleLibraries(identity, records) === 'ALL') return undefined;
  const libraries = visibleAmong(identity, await loaders.institutionLibrariesByPartnerId.load(partner.id), records);
  if (libraries === undefined || libraries.length) return libraries;
  if (identity.role === 'GOVERNMENT' && records === 'FIGURES') deny(identity, 'This token covers another province');
  deny(
    identity,
    records === 'FIGURES'
      ? "A partner's loans are for the partner, its libraries' staff, GOVERNMENT and ADMIN"
      : "A partner's loans are for the partner, its libraries' staff and ADMIN",
  );
}

/** The loanScope variant of loansByPartnerId: '<library slugs, sorted, or empty for all>|<open or empty>'. */
export const partnerLoansVariant = (libraries: readonly string[] | undefined, openOnly: boolean): string =>
  `${libraries ? [...libraries].sort().join(',') : ''}|${openOnly ? 'open' : ''}`;

/**
 * How many copies were lent to the partner, are out, and are overdue — in the libraries of
 * `loanScope` (FIGURES); overdue by each lending library's today.
 */
export async function institutionLoanCounts(
  deps: {
    identity: Identity;
    loaders: Pick<CollectionsLoaders, 'institutionLibrariesByPartnerId' | 'partnerLoanTotalsByPartnerId' | 'openPartnerLoansByPartnerId'>;
    calendars: { get(libraryId: string): Promise<LibraryCalendar> };
  },
  partner: Partner,
): Promise<InstitutionLoanCounts> {
  const libraries = await loanScope(deps.identity, partner, deps.loaders, 'FIGURES');
  const mine = (libraryId: string) => !libraries || libraries.includes(libraryId);
  const totals = (await deps.loaders.partnerLoanTotalsByPartnerId.load(partner.id)).filter((r) => mine(r.libraryId));
  const open = (await deps.loaders.openPartnerLoansByPartnerId.load(partner.id)).filter((r) => mine(r.libraryId));
  let overdue = 0;
  for (const row of open) {
    if (row.dueOn < (await libraryToday(deps.calendars, row.libraryId))) overdue += row.n;
  }
  return {
    loans: totals.reduce((sum, r) => sum + r.n, 0),
    open: open.reduce((sum, r) => sum + r.n, 0),
    overdue,
  };
}
