import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { CollectionLiteracy, yearPeriod } from '../../../shared/domain/literacy';
import { literacyRowContribution } from '../../../shared/domain/regional-contribution';
import type { CollectionsContext } from '../context';
import { Item, ItemStatus } from '../catalogue/item.entity';
import { Member } from '../members/member.entity';
import { VisitCount } from '../visits/visit-count.entity';

/**
 * Collections' part of the literacy index: `LiteracyIndexRow.collectionLiteracy`, the raw figures
 * behind UPLM2 (copies, titles), UPLM4 (visits per counted day) and UPLM7 (members). The row is
 * owned by staff-development, which computes the index from these with @requires; the gateway
 * sends every row of a request here in one `_entities` call and one loader answers them all with
 * three grouped queries per year asked (copies and titles, members, visits). None of them reads
 * loans or other records that pile up with use (a year has at most 366 visitor counts per
 * library). The figures are defined as `Library.collectionIndicators`' titles, items, members and
 * visits for the calendar year.
 */

type Key = { libraryId: string; year: number };

/** Copies, titles, members and visits of every (library, year) asked in a request. */
export function literacyFiguresLoader(db: DataSource) {
  return new DataLoader<Key, CollectionLiteracy, string>(
    async (keys) => {
      const out = new Map<string, CollectionLiteracy>();
      const num = (v: unknown) => Number(v ?? 0);
      for (const year of new Set(keys.map((k) => k.year))) {
        const ids = [...new Set(keys.filter((k) => k.year === year).map((k) => k.libraryId))];
        const { from, to } = yearPeriod(year);
        const [stock, members, visits] = await Promise.all([
          db
            .getRepository(Item)
            .createQueryBuilder('i')
            .select('i.libraryId', 'libraryId')
            .addSelect('COUNT(*)', 'copies')
            .addSelect('COUNT(DISTINCT i.recordId)', 'titles')
            .where('i.libraryId IN (:...ids)', { ids })
            .andWhere('i.status <> :withdrawn', { withdrawn: ItemStatus.WITHDRAWN })
            .andWhere('i.acquiredOn <= :to', { to })
            .groupBy('i.libraryId')
            .getRawMany<{ libraryId: string; copies: unknown; titles: unknown }>(),
          db
            .getRepository(Member)
            .createQueryBuilder('m')
            .select('m.libraryId', 'libraryId')
            .addSelect('COUNT(*)', 'members')
            .where('m.libraryId IN (:...ids)', { ids })
            .andWhere('m.joinedOn <= :to AND m.expiresOn >= :from', { from, to })
            .groupBy('m.libraryId')
            .getRawMany<{ libraryId: string; members: unknown }>(),
          db
            .getRepository(VisitCount)
            .createQueryBuilder('v')
            .select('v.libraryId', 'libraryId')
            .addSelect('SUM(v.count)', 'visits')
            .addSelect('COUNT(*)', 'days')
            .where('v.libraryId IN (:...ids)', { ids })
            .andWhere('v.visitDate >= :from AND v.visitDate <= :to', { from, to })
            .groupBy('v.libraryId')
            .getRawMany<{ libraryId: string; visits: unknown; days: unknown }>(),
        ]);
        for (const id of ids) {
          const s = stock.find((r) => r.libraryId === id);
          const v = visits.find((r) => r.libraryId === id);
          out.set(`${id}|${year}`, {
            titles: num(s?.titles),
            copies: num(s?.copies),
            members: num(members.find((r) => r.libraryId === id)?.members),
            // No count on any day of the year: not recorded, not zero visitors.
            visits: v && num(v.days) > 0 ? num(v.visits) : null,
            daysCounted: num(v?.days),
          });
        }
      }
      return keys.map((k) => out.get(`${k.libraryId}|${k.year}`)!);
    },
    { cacheKeyFn: (k) => `${k.libraryId}|${k.year}` },
  );
}

/** The row type, the access check of each row and of each representation: shared/domain/regional-contribution.ts. */
export const literacy = literacyRowContribution<CollectionsContext>({
  subgraph: 'collections',
  fields: {
    collectionLiteracy: {
      type: () => CollectionLiteracy,
      description: "Copies, titles, members and visits of the library in the year (days in the library's zone); who may: as literacyIndex",
      resolve: (row, ctx) => ctx.loaders.literacyFigures.load({ libraryId: row.libraryId, year: row.year }),
    },
  },
});
