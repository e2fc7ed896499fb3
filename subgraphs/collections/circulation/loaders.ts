import type { DataSource } from 'typeorm';
import { byForeignKeyLoader, byIdLoader, connectionLoader } from '../../../shared/platform/pagination';
import { groupedLoader } from '../rows';
import { FineEntry } from './fine-entry.entity';
import { Hold, HoldStatus, OPEN_HOLD_STATUSES } from './hold.entity';
import { Loan } from './loan.entity';
import { LoanRule } from './loan-rule.entity';

/** Per-request loaders of loans, holds, fines and loan rules. */
export function circulationLoaders(db: DataSource) {
  return {
    loanById: byIdLoader(db.getRepository(Loan)),
    holdById: byIdLoader(db.getRepository(Hold)),
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
    /** A member's holds, oldest first; variant 'open' keeps the open ones. */
    holdsByMemberId: connectionLoader({
      repo: db.getRepository(Hold),
      alias: 'h',
      parent: 'h.memberId',
      sort: 'placedAt',
      scope: (qb, variant) => {
        if (variant === 'open') qb.andWhere('h.status IN (:...openStatuses)', { openStatuses: OPEN_HOLD_STATUSES });
      },
    }),
    /** Holds to be picked up at a library, oldest first; the variant lists the statuses wanted ('' = all). */
    holdsByPickupLibraryId: connectionLoader({
      repo: db.getRepository(Hold),
      alias: 'h',
      parent: 'h.pickupLibraryId',
      sort: 'placedAt',
      scope: (qb, variant) => {
        if (variant) qb.andWhere('h.status IN (:...pickupStatuses)', { pickupStatuses: variant.split(',') });
      },
    }),
    /** A member's fines ledger, oldest line first. */
    finesByMemberId: connectionLoader({ repo: db.getRepository(FineEntry), alias: 'f', parent: 'f.memberId', sort: 'createdAt' }),
    loanRulesByLibraryId: byForeignKeyLoader(db.getRepository(LoanRule), 'libraryId'),

    /** Unpaid fines per member (the ledger's sum), one grouped query. */
    fineBalanceByMemberId: groupedLoader<number>(
      async (ids) => {
        const rows: { memberId: string; total: string | number }[] = await db
          .getRepository(FineEntry)
          .createQueryBuilder('f')
          .select('f.memberId', 'memberId')
          .addSelect('SUM(f.amount)', 'total')
          .where('f.memberId IN (:...ids)', { ids })
          .groupBy('f.memberId')
          .getRawMany();
        return rows.map((r) => [r.memberId, Number(r.total)]);
      },
      () => 0,
    ),

    /** Members waiting for each title (WAITING holds). */
    holdQueueLengthByRecordId: groupedLoader<number>(
      async (ids) => {
        const rows: { recordId: string; n: string | number }[] = await db
          .getRepository(Hold)
          .createQueryBuilder('h')
          .select('h.recordId', 'recordId')
          .addSelect('COUNT(*)', 'n')
          .where('h.recordId IN (:...ids) AND h.status = :waiting', { ids, waiting: HoldStatus.WAITING })
          .groupBy('h.recordId')
          .getRawMany();
        return rows.map((r) => [r.recordId, Number(r.n)]);
      },
      () => 0,
    ),

    /** The place in its title's queue of each WAITING hold (1 = next), one query for all. */
    queuePositionByHoldId: groupedLoader<number | null>(
      async (ids) => {
        const rows: { id: string; n: string | number }[] = await db.query(
          `SELECT h.id AS id, (SELECT COUNT(*) FROM hold q WHERE q.recordId = h.recordId AND q.status = ? AND q.position <= h.position) AS n
         FROM hold h WHERE h.status = ? AND h.id IN (${ids.map(() => '?').join(', ')})`,
          [HoldStatus.WAITING, HoldStatus.WAITING, ...ids],
        );
        return rows.map((r) => [r.id, Number(r.n)]);
      },
      () => null,
    ),
  };
}
