import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';
import type { Identity } from '../../shared/auth';
import type { Config } from '../../shared/config';
import { byForeignKeyLoader, byIdLoader, connectionLoader } from '../../shared/pagination';
import { BibliographicRecord } from './entities/bibliographic-record.entity';
import { FineEntry } from './entities/fine-entry.entity';
import { Hold, HoldStatus, OPEN_HOLD_STATUSES } from './entities/hold.entity';
import { Item, ItemStatus } from './entities/item.entity';
import { Loan } from './entities/loan.entity';
import { LoanRule } from './entities/loan-rule.entity';
import { Member } from './entities/member.entity';
import { CirculationNotice } from './entities/circulation-notice.entity';
import { literacyFiguresLoader } from './literacy';
import { indicatorsLoader } from './indicators';
import { VisitCorrection } from './entities/visit-correction.entity';
import { visitsLoader, visitTotalsLoader } from './visits/service';
import { DigitalResource } from './entities/digital-resource.entity';
import { DigitalUse } from './entities/digital-use.entity';
import { seatsInUseLoader, usageLoader } from './digital/service';
import { AcquisitionBudget } from './entities/acquisition-budget.entity';
import { AcquisitionOrder, AcquisitionOrderLine, AcquisitionOrderStatus } from './entities/acquisition-order.entity';
import { PurchaseSuggestion } from './entities/purchase-suggestion.entity';

export interface LibraryAvailabilityRow {
  libraryId: string;
  copies: number;
  available: number;
}

/** A per-request loader of one grouped query: `rows` returns [key, value] pairs; missing keys get `empty`. */
function groupedLoader<V>(rows: (keys: string[]) => Promise<[string, V][]>, empty: () => V): DataLoader<string, V> {
  return new DataLoader<string, V>(async (keys) => {
    const byKey = new Map<string, V>();
    for (const [k, v] of await rows([...new Set(keys)])) byKey.set(k, v);
    return keys.map((k) => byKey.get(k) ?? empty());
  });
}

/** Per-request loaders: every list and reference goes through one of these. */
export function createLoaders(db: DataSource, _identity: Identity, _config: Config) {
  let indicators: ReturnType<typeof indicatorsLoader> | undefined;
  let digitalUsage: ReturnType<typeof usageLoader> | undefined;
  return {
    /** Collection indicators per library and period (made on first use: it needs the calendars). */
    indicators: (calendars: Parameters<typeof indicatorsLoader>[1]) => (indicators ??= indicatorsLoader(db, calendars)),
    /** The libraries where a partner has institution members (whose staff may see its loans). */
    institutionLibrariesByPartnerId: groupedLoader<string[]>(async (ids) => {
      const rows: { partnerId: string; libraryId: string }[] = await db
        .getRepository(Member)
        .createQueryBuilder('m')
        .select('m.partnerId', 'partnerId')
        .addSelect('m.libraryId', 'libraryId')
        .where('m.partnerId IN (:...ids)', { ids })
        .groupBy('m.partnerId')
        .addGroupBy('m.libraryId')
        .getRawMany();
      const grouped = new Map<string, string[]>();
      for (const r of rows) grouped.set(r.partnerId, [...(grouped.get(r.partnerId) ?? []), r.libraryId]);
      return [...grouped];
    }, () => []),
    recordById: byIdLoader(db.getRepository(BibliographicRecord)),
    itemById: byIdLoader(db.getRepository(Item)),
    memberById: byIdLoader(db.getRepository(Member)),
    loanById: byIdLoader(db.getRepository(Loan)),
    holdById: byIdLoader(db.getRepository(Hold)),
    itemsByLibraryId: connectionLoader({ repo: db.getRepository(Item), alias: 'i', parent: 'i.libraryId', sort: 'barcode' }),
    itemsByRecordId: connectionLoader({ repo: db.getRepository(Item), alias: 'i', parent: 'i.recordId', sort: 'barcode' }),
    membersByLibraryId: connectionLoader({ repo: db.getRepository(Member), alias: 'm', parent: 'm.libraryId', sort: 'name' }),
    /** A member's circulation notices, oldest first. */
    noticesByMemberId: connectionLoader({ repo: db.getRepository(CirculationNotice), alias: 'n', parent: 'n.memberId', sort: 'createdAt' }),
    /** The literacy index's collection figures per library and year. */
    literacyFigures: literacyFiguresLoader(db),
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
    /**
     * Loans to the institution members standing for a partner, oldest first. The variant is
     * '<library slugs, comma-separated, or empty for all>|<open or empty>': callers scoped to
     * libraries (access.visibleLibraries) see those libraries' loans, and 'open' keeps the copies
     * still out.
     */
    loansByPartnerId: connectionLoader({
      repo: db.getRepository(Loan),
      alias: 'l',
      parent: 'pm.partnerId',
      sort: 'checkedOutAt',
      scope: (qb, variant) => {
        const [library, open] = variant.split('|'); // library: a non-empty list, or '' for all
        qb.innerJoin(Member, 'pm', 'pm.id = l.memberId');
        if (library) qb.andWhere('l.libraryId IN (:...partnerLoanLibraries)', { partnerLoanLibraries: library.split(',') });
        if (open) qb.andWhere('l.returnedAt IS NULL');
      },
    }),
    loanRulesByLibraryId: byForeignKeyLoader(db.getRepository(LoanRule), 'libraryId'),

    /** Unpaid fines per member (the ledger's sum), one grouped query. */
    fineBalanceByMemberId: groupedLoader<number>(async (ids) => {
      const rows: { memberId: string; total: string | number }[] = await db
        .getRepository(FineEntry)
        .createQueryBuilder('f')
        .select('f.memberId', 'memberId')
        .addSelect('SUM(f.amount)', 'total')
        .where('f.memberId IN (:...ids)', { ids })
        .groupBy('f.memberId')
        .getRawMany();
      return rows.map((r) => [r.memberId, Number(r.total)]);
    }, () => 0),

    /** Copies and available copies per library for each record (withdrawn copies left out). */
    availabilityByRecordId: groupedLoader<LibraryAvailabilityRow[]>(async (ids) => {
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
    }, () => []),

    /** Members waiting for each title (WAITING holds). */
    holdQueueLengthByRecordId: groupedLoader<number>(async (ids) => {
      const rows: { recordId: string; n: string | number }[] = await db
        .getRepository(Hold)
        .createQueryBuilder('h')
        .select('h.recordId', 'recordId')
        .addSelect('COUNT(*)', 'n')
        .where('h.recordId IN (:...ids) AND h.status = :waiting', { ids, waiting: HoldStatus.WAITING })
        .groupBy('h.recordId')
        .getRawMany();
      return rows.map((r) => [r.recordId, Number(r.n)]);
    }, () => 0),

    /** The place in its title's queue of each WAITING hold (1 = next), one query for all. */
    queuePositionByHoldId: groupedLoader<number | null>(async (ids) => {
      const rows: { id: string; n: string | number }[] = await db.query(
        `SELECT h.id AS id, (SELECT COUNT(*) FROM hold q WHERE q.recordId = h.recordId AND q.status = ? AND q.position <= h.position) AS n
         FROM hold h WHERE h.status = ? AND h.id IN (${ids.map(() => '?').join(', ')})`,
        [HoldStatus.WAITING, HoldStatus.WAITING, ...ids],
      );
      return rows.map((r) => [r.id, Number(r.n)]);
    }, () => null),

    /** Open loans per institution partner, by lending library and due date (overdue is decided per library's today). */
    openPartnerLoansByPartnerId: groupedLoader<{ libraryId: string; dueOn: string; n: number }[]>(async (ids) => {
      const rows: { partnerId: string; libraryId: string; dueOn: string | Date; n: string | number }[] = await db
        .getRepository(Loan)
        .createQueryBuilder('l')
        .innerJoin(Member, 'm', 'm.id = l.memberId')
        .select('m.partnerId', 'partnerId')
        .addSelect('l.libraryId', 'libraryId')
        .addSelect('l.dueOn', 'dueOn')
        .addSelect('COUNT(*)', 'n')
        .where('m.partnerId IN (:...ids) AND l.returnedAt IS NULL', { ids })
        .groupBy('m.partnerId')
        .addGroupBy('l.libraryId')
        .addGroupBy('l.dueOn')
        .getRawMany();
      const grouped = new Map<string, { libraryId: string; dueOn: string; n: number }[]>();
      for (const r of rows) {
        const list = grouped.get(r.partnerId) ?? [];
        list.push({ libraryId: r.libraryId, dueOn: dateString(r.dueOn), n: Number(r.n) });
        grouped.set(r.partnerId, list);
      }
      return [...grouped];
    }, () => []),

    /** All loans ever made to each partner's institution members, by lending library. */
    partnerLoanTotalsByPartnerId: groupedLoader<{ libraryId: string; n: number }[]>(async (ids) => {
      const rows: { partnerId: string; libraryId: string; n: string | number }[] = await db
        .getRepository(Loan)
        .createQueryBuilder('l')
        .innerJoin(Member, 'm', 'm.id = l.memberId')
        .select('m.partnerId', 'partnerId')
        .addSelect('l.libraryId', 'libraryId')
        .addSelect('COUNT(*)', 'n')
        .where('m.partnerId IN (:...ids)', { ids })
        .groupBy('m.partnerId')
        .addGroupBy('l.libraryId')
        .getRawMany();
      const grouped = new Map<string, { libraryId: string; n: number }[]>();
      for (const r of rows) {
        const list = grouped.get(r.partnerId) ?? [];
        list.push({ libraryId: r.libraryId, n: Number(r.n) });
        grouped.set(r.partnerId, list);
      }
      return [...grouped];
    }, () => []),

    /** Day counts per library and period, by date (one query per period for all libraries). */
    visitsByLibrary: visitsLoader(db),
    /** Visit totals per library and period (one grouped query per period for all libraries). */
    visitTotals: visitTotalsLoader(db),
    /** A day count's corrections, first to last. */
    correctionsByVisitId: byForeignKeyLoader(db.getRepository(VisitCorrection), 'visitId', { sequence: 'ASC' }),

    digitalResourceById: byIdLoader(db.getRepository(DigitalResource)),
    /** Seats held now per digital resource (one grouped query). */
    digitalSeatsInUse: seatsInUseLoader(db),
    /** A member's digital uses, oldest first. */
    digitalUsesByMemberId: connectionLoader({ repo: db.getRepository(DigitalUse), alias: 'u', parent: 'u.memberId', sort: 'startedAt' }),
    /** Digital usage per library and period (made on first use: it needs the calendars). */
    digitalUsage: (calendars: Parameters<typeof usageLoader>[1]) => (digitalUsage ??= usageLoader(db, calendars)),

    /** Budgets by '<library>|<year>' (null: none set), one query for all asked. */
    budgetByLibraryYear: groupedLoader<AcquisitionBudget | null>(async (keys) => {
      const pairs = keys.map((k) => k.split('|'));
      const rows = await db
        .getRepository(AcquisitionBudget)
        .createQueryBuilder('b')
        .where('b.libraryId IN (:...libraries) AND b.year IN (:...years)', { libraries: pairs.map((p) => p[0]), years: pairs.map((p) => Number(p[1])) })
        .getMany();
      return rows.map((b) => [`${b.libraryId}|${b.year}`, b]);
    }, () => null),
    /** Committed and spent per budget line, by '<library>|<year>': one grouped query. */
    budgetLinesByLibraryYear: groupedLoader<{ budgetLine: string; committed: number; spent: number }[]>(async (keys) => {
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
    }, () => []),
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

    /** Records by id in the order asked (search results). */
    recordsByIds: async (ids: string[]) => {
      const rows = ids.length ? await db.getRepository(BibliographicRecord).findBy({ id: In(ids) }) : [];
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id)).filter((r): r is BibliographicRecord => Boolean(r));
    },
  };
}

/** A DATE column read raw as YYYY-MM-DD (mysql2 hands back a Date at local midnight, SQLite a string). */
export function dateString(value: string | Date): string {
  return value instanceof Date ? DateUtils.mixedDateToDateString(value) : String(value).slice(0, 10);
}

export type CollectionsLoaders = ReturnType<typeof createLoaders>;
