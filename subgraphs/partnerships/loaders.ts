import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { STAFF_ROLES, type Identity } from '../../shared/auth';
import type { Config } from '../../shared/config';
import { byForeignKeyLoader, byIdLoader, connectionLoader } from '../../shared/pagination';
import { Agreement } from './entities/agreement.entity';
import { LibraryPartner } from './entities/library-partner.entity';
import { Partner } from './entities/partner.entity';

/**
 * A partner's agreements as this caller may see them: staff see only their own library's, the
 * rest (the partner itself, GOVERNMENT, ADMIN) see all. The resolver first refuses callers who may
 * see none (access.ts), so the filter here never hides a refusal.
 */
function visibleAgreementsByPartnerId(db: DataSource, identity: Identity): DataLoader<string, Agreement[]> {
  const ownLibraryOnly = STAFF_ROLES.includes(identity.role) ? identity.libraryId : undefined;
  return new DataLoader<string, Agreement[]>(async (partnerIds) => {
    const rows = await db.getRepository(Agreement).find({
      where: { partnerId: In([...partnerIds]), ...(ownLibraryOnly ? { libraryId: ownLibraryOnly } : {}) },
      order: { startsOn: 'DESC', id: 'ASC' },
    });
    const byPartner = new Map<string, Agreement[]>();
    for (const row of rows) byPartner.set(row.partnerId, [...(byPartner.get(row.partnerId) ?? []), row]);
    return partnerIds.map((id) => byPartner.get(id) ?? []);
  });
}

/** Per-request loaders: every list and reference goes through one of these. */
export function createLoaders(db: DataSource, identity: Identity, _config: Config) {
  return {
    partnerById: byIdLoader(db.getRepository(Partner)),
    agreementById: byIdLoader(db.getRepository(Agreement)),
    /** Library links of a partner, by library slug. */
    linksByPartnerId: byForeignKeyLoader(db.getRepository(LibraryPartner), 'partnerId', { libraryId: 'ASC' }),
    /** A library's partners by name, through the library_partner link. */
    partnersByLibraryId: connectionLoader({
      repo: db.getRepository(Partner),
      alias: 'p',
      sort: 'name',
      parent: 'lp.libraryId',
      scope: (qb) => {
        qb.innerJoin(LibraryPartner, 'lp', 'lp.partnerId = p.id');
      },
    }),
    visibleAgreementsByPartnerId: visibleAgreementsByPartnerId(db, identity),
  };
}

export type PartnershipsLoaders = ReturnType<typeof createLoaders>;
