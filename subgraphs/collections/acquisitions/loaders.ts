import type { DataSource } from 'typeorm';
import { byForeignKeyLoader, byIdLoader, connectionLoader } from '../../../shared/platform/pagination';
import { Item } from '../catalogue/item.entity';
import { groupedLoader } from '../rows';
import { AcquisitionBudget } from './acquisition-budget.entity';
import { AcquisitionOrder, AcquisitionOrderLine, AcquisitionOrderStatus } from './acquisition-order.entity';
import { PurchaseSuggestion } from './purchase-suggestion.entity';

/** Per-request loaders of budgets, orders and purchase suggestions. */
export function acquisitionLoaders(db: DataSource) {
  return {
    /** Budgets by '<library>|<year>' (null: none set), one query for all asked. */
    budgetByLibraryYear: groupedLoader<AcquisitionBudget | null>(
      async (keys) => {
        const pairs = keys.map((k) => k.split('|'));
        const rows = await db
          .getRepository(AcquisitionBudget)
          .createQueryBuilder('b')
          .where('b.libraryId IN (:...libraries) AND b.year IN (:...years)', { libraries: pairs.map((p) => p[0]), years: pairs.map((p) => Number(p[1])) })
          .getMany();
        return rows.map((b) => [`${b.libraryId}|${b.year}`, b]);
      },
      () => null,
    ),
    /** Committed and spent per budget line, by '<library>|<year>': one grouped query. */
    budgetLinesByLibraryYear: groupedLoader<{ budgetLine: string; committed: number; spent: number }[]>(
      async (keys) => {
        const pairs = keys.map((k) => k.split('|'));
        const rows: { libraryId: string; year: number | string; budgetLine: string; committed: string | number; spent: string | number }[] = await db
          .getRepository(AcquisitionOrder)
          .createQueryBuilder('o')
          .select('o.libraryId', 'libraryId')
          .addSelect('o.year', 'year')
          .addSelect('o.budgetLine', 'budgetLine')
          .addSelect('SUM(o.cost)', 'committed')
          .addSelect('SUM(CASE WHEN o.status = :received THEN o.cost ELSE 0 END)', 'spent')
          .where('o.libraryId IN (:...libraries) AND o.year IN (:...years) AND o.status <> :cancelled', {
            libraries: pairs.map((p) => p[0]),
            years: pairs.map((p) => Number(p[1])),
            cancelled: AcquisitionOrderStatus.CANCELLED,
            received: AcquisitionOrderStatus.RECEIVED,
          })
          .groupBy('o.libraryId')
          .addGroupBy('o.year')
          .addGroupBy('o.budgetLine')
          .orderBy('o.budgetLine')
          .getRawMany();
        const grouped = new Map<string, { budgetLine: string; committed: number; spent: number }[]>();
        for (const r of rows) {
          const key = `${r.libraryId}|${Number(r.year)}`;
          grouped.set(key, [...(grouped.get(key) ?? []), { budgetLine: r.budgetLine, committed: Number(r.committed), spent: Number(r.spent) }]);
        }
        return [...grouped];
      },
      () => [],
    ),
    acquisitionOrderById: byIdLoader(db.getRepository(AcquisitionOrder)),
    suggestionById: byIdLoader(db.getRepository(PurchaseSuggestion)),
    linesByOrderId: byForeignKeyLoader(db.getRepository(AcquisitionOrderLine), 'orderId', { lineNo: 'ASC' }),
    itemsByAcquisitionLineId: byForeignKeyLoader(db.getRepository(Item), 'acquisitionLineId', { barcode: 'ASC' }),
    /** A library's orders, oldest first; the variant is '<statuses or empty>|<year or empty>'. */
    ordersByLibraryId: connectionLoader({
      repo: db.getRepository(AcquisitionOrder),
      alias: 'o',
      parent: 'o.libraryId',
      sort: 'createdAt',
      scope: (qb, variant) => {
        const [statuses, year] = variant.split('|');
        if (statuses) qb.andWhere('o.status IN (:...orderStatuses)', { orderStatuses: statuses.split(',') });
        if (year) qb.andWhere('o.year = :orderYear', { orderYear: Number(year) });
      },
    }),
    /** Suggestions made to a library, oldest first; the variant lists the statuses wanted ('' = all). */
    suggestionsByLibraryId: connectionLoader({
      repo: db.getRepository(PurchaseSuggestion),
      alias: 's',
      parent: 's.libraryId',
      sort: 'createdAt',
      scope: (qb, variant) => {
        if (variant) qb.andWhere('s.status IN (:...suggestionStatuses)', { suggestionStatuses: variant.split(',') });
      },
    }),
    /** A member's suggestions, oldest first. */
    suggestionsByMemberId: connectionLoader({ repo: db.getRepository(PurchaseSuggestion), alias: 's', parent: 's.memberId', sort: 'createdAt' }),
  };
}
