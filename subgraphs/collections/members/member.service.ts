import type DataLoader from 'dataloader';
import { STAFF_ROLES, type Identity } from '../../../shared/platform/auth';
import type { Config } from '../../../shared/platform/config';
import { normalisePage, type ConnectionArgs, type ConnectionKey, type Page } from '../../../shared/platform/pagination';
import { requireOfLibrary, type ServiceClientConfig } from '../../../shared/platform/service-client';
import { requireMemberAccess } from '../access';
import type { Member } from './member.entity';

/**
 * One page of a member's own list (holds, fines, circulation notices, digital uses, purchase
 * suggestions), oldest first: for the member, their library's staff and ADMIN
 * (`requireMemberAccess`); anyone else is refused before the list is read. `variant` narrows the
 * list where its loader takes one.
 */
export function memberListPage<T>(
  { identity, config }: { identity: Identity; config: Pick<Config, 'maxPageSize'> },
  member: Pick<Member, 'id' | 'libraryId'>,
  list: DataLoader<ConnectionKey, Page<T>, string>,
  args: ConnectionArgs,
  variant?: string,
): Promise<Page<T>> {
  requireMemberAccess(identity, member);
  const page = normalisePage(args, config.maxPageSize);
  return list.load(variant === undefined ? { parentId: member.id, page } : { parentId: member.id, page, variant });
}

/**
 * Which of a member's loans the caller sees, as the loan rule allows: the member and ADMIN all of
 * them ('' — every loan); staff the loans their own library made (its slug: a loan belongs to the
 * lending library). Anyone else (another member, GOVERNMENT, PARTNER, PUBLIC) is refused as for
 * the member.
 */
export function loansVariant(identity: Identity, member: Pick<Member, 'id' | 'libraryId'>): string {
  const self = identity.role === 'MEMBER' && identity.memberId === member.id;
  if (!self && identity.role !== 'ADMIN' && !STAFF_ROLES.includes(identity.role)) requireMemberAccess(identity, member);
  return self || identity.role === 'ADMIN' ? '' : identity.libraryId!;
}

/**
 * An institution card stands for a partner (partnerships' entity): a loan on it puts the library's
 * copy in the partner's `institutionLoans`. So before a copy is lent on one, the partner is
 * checked with its owner — it must exist and still work with the card's library
 * (`PartnerLibraries`, one `_entities` call with this subgraph's SERVICE identity) — always
 * before the database transaction opens. One answer — BAD_USER_INPUT on `memberId` — whether the
 * partner is unknown or works elsewhere; an owner that cannot answer is SERVICE_UNAVAILABLE, and
 * nothing is written. Asked only for a desk that may lend to the card at all (its own library's
 * staff, ADMIN): the service refuses the others as before, learning nothing about the partner.
 */
export async function requireInstitutionCardLinked(
  config: ServiceClientConfig,
  identity: Identity,
  member: Pick<Member, 'libraryId' | 'partnerId'> | null,
  field = 'memberId',
): Promise<void> {
  if (!member?.partnerId) return;
  if (identity.role !== 'ADMIN' && identity.libraryId !== member.libraryId) return;
  await requireOfLibrary(
    config,
    'collections',
    'Partner',
    member.libraryId,
    [member.partnerId],
    field,
    () => `This institution card stands for a partner ${member.libraryId} does not work with: it lends nothing`,
  );
}
