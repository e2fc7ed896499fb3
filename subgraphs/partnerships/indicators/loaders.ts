import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { coverageOf, periodRecord } from '../../../shared/domain/regional-contribution';
import { rawDate } from '../../../shared/platform/database';
import { todayIn } from '../../../shared/platform/time';
import { Agreement, AgreementState, inForceParams, inForceSql } from '../agreements/agreement.entity';
import { FundingContribution } from '../funding/funding-contribution.entity';
import { Internship, InternshipStatus } from '../internships/internship.entity';
import { Partner } from '../partners/partner.entity';
import { PartnershipProgramme, PartnershipProgrammeKind, PartnershipProgrammeStatus } from '../programmes/partnership-programme.entity';
import { PartnershipIndicators } from './indicators.types';

export interface IndicatorsKey {
  libraryId: string;
  from: string;
  to: string;
  /**
   * The library's time zone, for "today" (ctx.calendar, cached per process), looked up inside the
   * batch so that it does not split it. Without it: Western Indonesia Time (DEFAULT_ZONE).
   */
  timezoneOf?: (libraryId: string) => Promise<string>;
}

/** The zone "today" is read in when the caller gives none: WIB, the westernmost (the last to start a day). */
export const DEFAULT_ZONE = 'Asia/Jakarta';

const empty = (): PartnershipIndicators => ({
  coverage: null,
  activePartners: 0,
  partnersByKind: [],
  activeAgreements: 0,
  schoolVisits: 0,
  studentsReached: 0,
  copiesLentToSchools: 0,
  internsHosted: 0,
  fundingReceived: 0,
});

/**
 * The day each library's partnership records begin: its first signed agreement, programme,
 * internship or funding received (one statement, whatever the periods asked).
 */
async function firstRecorded(db: DataSource, ids: string[]): Promise<Map<string, string | null>> {
  const result = new Map<string, string | null>(ids.map((id) => [id, null]));
  if (!ids.length) return result;
  const rows: { libraryId: string; d: string | Date | null }[] = await db.query(
    ids
      .map(
        () =>
          `SELECT ? AS libraryId, (SELECT MIN(startsOn) FROM agreement WHERE libraryId = ? AND state = ?) AS d
           UNION ALL SELECT ?, (SELECT MIN(startsOn) FROM partnership_programme WHERE libraryId = ?)
           UNION ALL SELECT ?, (SELECT MIN(startsOn) FROM internship WHERE libraryId = ?)
           UNION ALL SELECT ?, (SELECT MIN(receivedOn) FROM funding_contribution WHERE libraryId = ?)`,
      )
      .join(' UNION ALL '),
    ids.flatMap((id) => [id, id, AgreementState.SIGNED, id, id, id, id, id, id]),
  );
  for (const r of rows) {
    if (r.d == null) continue;
    const day = rawDate(r.d);
    const known = result.get(String(r.libraryId));
    if (known == null || day < known) result.set(String(r.libraryId), day);
  }
  return result;
}

/**
 * What was not recorded is null, never 0: every figure of a period that ends before the library's
 * first partnership fact; what is completed, hosted or received (school visits, students, copies
 * lent, interns, funding) in a period that starts after today. Agreements run ahead: partners and
 * agreements in force count in a future period.
 */
function withRecords(figures: PartnershipIndicators, period: { from: string; to: string }, first: string | null, today: string): PartnershipIndicators {
  const record = periodRecord(period, first, today);
  const coverage = coverageOf(first, today);
  if (record === 'recorded') return { ...figures, coverage };
  const notYet = { schoolVisits: null, studentsReached: null, copiesLentToSchools: null, internsHosted: null, fundingReceived: null };
  if (record === 'future') return { ...figures, ...notYet, coverage };
  return { ...figures, ...notYet, coverage, activePartners: null, partnersByKind: [], activeAgreements: null };
}

/**
 * Indicators for every library asked in one request: four grouped queries per period, whatever
 * the number of libraries, and one for where each library's records begin.
 */
export function indicatorsLoader(db: DataSource): DataLoader<IndicatorsKey, PartnershipIndicators, string> {
  return new DataLoader<IndicatorsKey, PartnershipIndicators, string>(
    async (keys) => {
      const results = new Map<string, PartnershipIndicators>();
      const periods = new Map<string, IndicatorsKey[]>();
      for (const k of keys) periods.set(`${k.from}|${k.to}`, [...(periods.get(`${k.from}|${k.to}`) ?? []), k]);
      const today = new Map<string, string>();
      for (const k of keys) if (!today.has(k.libraryId)) today.set(k.libraryId, todayIn(k.timezoneOf ? await k.timezoneOf(k.libraryId) : DEFAULT_ZONE));
      const first = await firstRecorded(db, [...today.keys()]);
      for (const group of periods.values()) {
        const { from, to } = group[0];
        const libraryIds = [...new Set(group.map((k) => k.libraryId))];
        const byLibrary = new Map(libraryIds.map((id) => [id, empty()]));

        const partners: { libraryId: string; kind: string; partners: string | number; agreements: string | number }[] = await db
          .getRepository(Agreement)
          .createQueryBuilder('a')
          .innerJoin(Partner, 'p', 'p.id = a.partnerId')
          .select('a.libraryId', 'libraryId')
          .addSelect('p.kind', 'kind')
          .addSelect('COUNT(DISTINCT a.partnerId)', 'partners')
          .addSelect('COUNT(*)', 'agreements')
          .where('a.libraryId IN (:...libraryIds)', { libraryIds })
          .andWhere(inForceSql('a'), inForceParams(from, to))
          .groupBy('a.libraryId')
          .addGroupBy('p.kind')
          .orderBy('p.kind', 'ASC')
          .getRawMany();
        for (const row of partners) {
          const i = byLibrary.get(row.libraryId)!;
          i.partnersByKind.push({ key: row.kind, count: Number(row.partners) });
          i.activePartners = (i.activePartners ?? 0) + Number(row.partners);
          i.activeAgreements = (i.activeAgreements ?? 0) + Number(row.agreements);
        }

        const programmes: { libraryId: string; visits: string | number; students: string | number | null; copies: string | number | null }[] = await db
          .getRepository(PartnershipProgramme)
          .createQueryBuilder('pp')
          .select('pp.libraryId', 'libraryId')
          .addSelect('SUM(CASE WHEN pp.kind = :visit THEN 1 ELSE 0 END)', 'visits')
          .addSelect('SUM(CASE WHEN pp.kind IN (:visit, :lending) THEN COALESCE(pp.participantsReached, 0) ELSE 0 END)', 'students')
          .addSelect('SUM(CASE WHEN pp.kind = :lending THEN COALESCE(pp.itemsCount, 0) ELSE 0 END)', 'copies')
          .where('pp.libraryId IN (:...libraryIds)', { libraryIds })
          .andWhere('pp.status = :completed', { completed: PartnershipProgrammeStatus.COMPLETED })
          .andWhere('pp.endsOn BETWEEN :from AND :to', { from, to })
          .setParameters({ visit: PartnershipProgrammeKind.SCHOOL_VISIT, lending: PartnershipProgrammeKind.SCHOOL_LENDING })
          .groupBy('pp.libraryId')
          .getRawMany();
        for (const row of programmes) {
          const i = byLibrary.get(row.libraryId)!;
          i.schoolVisits = Number(row.visits ?? 0);
          i.studentsReached = Number(row.students ?? 0);
          i.copiesLentToSchools = Number(row.copies ?? 0);
        }

        const interns: { libraryId: string; n: string | number }[] = await db
          .getRepository(Internship)
          .createQueryBuilder('i')
          .select('i.libraryId', 'libraryId')
          .addSelect('COUNT(*)', 'n')
          .where('i.libraryId IN (:...libraryIds)', { libraryIds })
          .andWhere('i.status IN (:...hosted)', { hosted: [InternshipStatus.ACTIVE, InternshipStatus.COMPLETED] })
          .andWhere('i.startsOn <= :to AND i.endsOn >= :from', { from, to })
          .groupBy('i.libraryId')
          .getRawMany();
        for (const row of interns) byLibrary.get(row.libraryId)!.internsHosted = Number(row.n);

        const funding: { libraryId: string; total: string | number | null }[] = await db
          .getRepository(FundingContribution)
          .createQueryBuilder('f')
          .select('f.libraryId', 'libraryId')
          .addSelect('SUM(f.amount)', 'total')
          .where('f.libraryId IN (:...libraryIds)', { libraryIds })
          .andWhere('f.receivedOn BETWEEN :from AND :to', { from, to })
          .groupBy('f.libraryId')
          .getRawMany();
        for (const row of funding) byLibrary.get(row.libraryId)!.fundingReceived = Number(row.total ?? 0);

        for (const k of group) {
          results.set(`${k.libraryId}|${from}|${to}`, withRecords(byLibrary.get(k.libraryId)!, { from, to }, first.get(k.libraryId) ?? null, today.get(k.libraryId)!));
        }
      }
      return keys.map((k) => results.get(`${k.libraryId}|${k.from}|${k.to}`)!);
    },
    { cacheKeyFn: (k) => `${k.libraryId}|${k.from}|${k.to}` },
  );
}

/** Per-request loader of the partnership indicators. */
export function indicatorLoaders(db: DataSource) {
  return { indicatorsByLibrary: indicatorsLoader(db) };
}
