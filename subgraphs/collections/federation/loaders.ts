import type { DataSource } from 'typeorm';
import { connectionLoader } from '../../../shared/platform/pagination';
import { Loan } from '../circulation/loan.entity';
import { Member } from '../members/member.entity';
import { rawDate } from '../../../shared/platform/database';
import { groupedLoader } from '../rows';

/** Per-request loaders of a partner's institution loans (Partner.institutionLoans and its counts). */
export function partnerLoanLoaders(db: DataSource) {
  return {
    /** The libraries where a partner has institution members (whose staff may see its loans). */
    institutionLibrariesByPartnerId: groupedLoader<string[]>(
      async (ids) => {
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
      },
      () => [],
    ),

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

    /** Open loans per institution partner, by lending library and due date (overdue is decided per library's today). */
    openPartnerLoansByPartnerId: groupedLoader<{ libraryId: string; dueOn: string; n: number }[]>(
      async (ids) => {
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
          list.push({ libraryId: r.libraryId, dueOn: rawDate(r.dueOn), n: Number(r.n) });
          grouped.set(r.partnerId, list);
        }
        return [...grouped];
      },
      () => [],
    ),

    /** All loans ever made to each partner's institution members, by lending library. */
    partnerLoanTotalsByPartnerId: groupedLoader<{ libraryId: string; n: number }[]>(
      async (ids) => {
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
      },
      () => [],
    ),
  };
}
