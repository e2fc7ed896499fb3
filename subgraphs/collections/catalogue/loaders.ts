import { In, type DataSource } from 'typeorm';
import { byIdLoader, connectionLoader } from '../../../shared/platform/pagination';
import { groupedLoader } from '../rows';
import { BibliographicRecord } from './bibliographic-record.entity';
import { Item, ItemStatus } from './item.entity';

export interface LibraryAvailabilityRow {
  libraryId: string;
  copies: number;
  available: number;
}

/** Per-request loaders of catalogue records and copies. */
export function catalogueLoaders(db: DataSource) {
  return {
    recordById: byIdLoader(db.getRepository(BibliographicRecord)),
    itemById: byIdLoader(db.getRepository(Item)),
    itemsByLibraryId: connectionLoader({ repo: db.getRepository(Item), alias: 'i', parent: 'i.libraryId', sort: 'barcode' }),
    itemsByRecordId: connectionLoader({ repo: db.getRepository(Item), alias: 'i', parent: 'i.recordId', sort: 'barcode' }),

    /** Copies and available copies per library for each record (withdrawn copies left out). */
    availabilityByRecordId: groupedLoader<LibraryAvailabilityRow[]>(
      async (ids) => {
        const rows: { recordId: string; libraryId: string; copies: string | number; available: string | number }[] = await db
          .getRepository(Item)
          .createQueryBuilder('i')
          .select('i.recordId', 'recordId')
          .addSelect('i.libraryId', 'libraryId')
          .addSelect('COUNT(*)', 'copies')
          .addSelect('SUM(CASE WHEN i.status = :available THEN 1 ELSE 0 END)', 'available')
          .where('i.recordId IN (:...ids)', { ids })
          .andWhere('i.status <> :withdrawn', { withdrawn: ItemStatus.WITHDRAWN, available: ItemStatus.AVAILABLE })
          .groupBy('i.recordId')
          .addGroupBy('i.libraryId')
          .orderBy('i.libraryId')
          .getRawMany();
        const grouped = new Map<string, LibraryAvailabilityRow[]>();
        for (const r of rows) {
          const list = grouped.get(r.recordId) ?? [];
          list.push({ libraryId: r.libraryId, copies: Number(r.copies), available: Number(r.available) });
          grouped.set(r.recordId, list);
        }
        return [...grouped];
      },
      () => [],
    ),

    /** Records by id in the order asked (search results). */
    recordsByIds: async (ids: string[]) => {
      const rows = ids.length ? await db.getRepository(BibliographicRecord).findBy({ id: In(ids) }) : [];
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id)).filter((r): r is BibliographicRecord => Boolean(r));
    },
  };
}
