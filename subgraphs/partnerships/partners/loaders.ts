import type { DataSource } from 'typeorm';
import { byForeignKeyLoader, byIdLoader, connectionLoader } from '../../../shared/platform/pagination';
import { LibraryPartner } from './library-partner.entity';
import { Partner } from './partner.entity';

/** Per-request loaders of partners and their library links. */
export function partnerLoaders(db: DataSource) {
  return {
    partnerById: byIdLoader(db.getRepository(Partner)),
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
  };
}
