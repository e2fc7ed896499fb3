import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { byForeignKeyLoader, byIdLoader, connectionLoader } from '../../../shared/platform/pagination';
import { groupedLoader } from '../rows';
import { AuthorityHeading, AuthoritySeeReference, type AuthorityList } from './authority.entity';
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
    itemsByLibraryId: connectionLoader({
      repo: db.getRepository(Item),
      alias: 'i',
      parent: 'i.libraryId',
      sort: 'barcode',
      // Kept by triggers on item (migration LibraryItemCounts).
      counted: { table: 'library_item_count', parent: 'libraryId', count: 'items' },
    }),
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

    /** The variant forms of each authority heading, alphabetically. */
    seeReferencesByHeadingId: byForeignKeyLoader(db.getRepository(AuthoritySeeReference), 'headingId', { variant: 'ASC' }),

    /** Authority headings by list and folded form (`NAME|toer pramoedya ananta`): a record's authors and subjects. */
    headingByForm: new DataLoader<string, AuthorityHeading | null>(async (keys) => {
      const found = new Map<string, AuthorityHeading>();
      for (const list of ['NAME', 'SUBJECT'] as AuthorityList[]) {
        const forms = keys.filter((k) => k.startsWith(`${list}|`)).map((k) => k.slice(list.length + 1));
        if (!forms.length) continue;
        for (const h of await db.getRepository(AuthorityHeading).findBy({ list, formKey: In(forms) })) found.set(`${list}|${h.formKey}`, h);
      }
      return keys.map((k) => found.get(k) ?? null);
    }),

    /** Records by id in the order asked (search results). */
    recordsByIds: async (ids: string[]) => {
      const rows = ids.length ? await db.getRepository(BibliographicRecord).findBy({ id: In(ids) }) : [];
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id)).filter((r): r is BibliographicRecord => Boolean(r));
    },
  };
}
