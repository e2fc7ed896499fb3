import type { DataSource } from 'typeorm';
import type { Identity } from '../../shared/auth';
import type { Config } from '../../shared/config';
import { byIdLoader, connectionLoader } from '../../shared/pagination';
import { BibliographicRecord } from './entities/bibliographic-record.entity';
import { Item } from './entities/item.entity';
import { Loan } from './entities/loan.entity';
import { Member } from './entities/member.entity';

/** Per-request loaders: every list and reference goes through one of these. */
export function createLoaders(db: DataSource, _identity: Identity, _config: Config) {
  return {
    recordById: byIdLoader(db.getRepository(BibliographicRecord)),
    itemById: byIdLoader(db.getRepository(Item)),
    memberById: byIdLoader(db.getRepository(Member)),
    loanById: byIdLoader(db.getRepository(Loan)),
    itemsByLibraryId: connectionLoader({ repo: db.getRepository(Item), alias: 'i', parent: 'i.libraryId', sort: 'barcode' }),
    itemsByRecordId: connectionLoader({ repo: db.getRepository(Item), alias: 'i', parent: 'i.recordId', sort: 'barcode' }),
    membersByLibraryId: connectionLoader({ repo: db.getRepository(Member), alias: 'm', parent: 'm.libraryId', sort: 'name' }),
    /**
     * A member's loans, oldest first. The variant is '' (all loans: the member, ADMIN) or the
     * caller's library slug (staff see the loans their own library made).
     */
    loansByMemberId: connectionLoader({
      repo: db.getRepository(Loan),
      alias: 'l',
      parent: 'l.memberId',
      sort: 'checkedOutAt',
      scope: (qb, variant) => {
        if (variant) qb.andWhere('l.libraryId = :lendingLibraryId', { lendingLibraryId: variant });
      },
    }),
  };
}

export type CollectionsLoaders = ReturnType<typeof createLoaders>;
