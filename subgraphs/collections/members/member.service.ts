import type { Identity } from '../../shared/auth';
import { requireOfLibrary, type ServiceClientConfig } from '../../shared/service-client';
import type { Member } from './entities/member.entity';

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
  await requireOfLibrary(config, 'collections', 'Partner', member.libraryId, [member.partnerId], field, () =>
    `This institution card stands for a partner ${member.libraryId} does not work with: it lends nothing`);
}
