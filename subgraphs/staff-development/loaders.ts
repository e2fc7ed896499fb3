import DataLoader from 'dataloader';
import { Brackets, In, type DataSource } from 'typeorm';
import type { Config } from '../../shared/config';
import type { Identity } from '../../shared/auth';
import { byForeignKeyLoader, byIdLoader, connectionLoader } from '../../shared/pagination';
import { CreditPointEntry } from './entities/credit-point-entry.entity';
import { Holiday } from './entities/holiday.entity';
import { IncentiveAward, IncentiveRule } from './entities/incentive.entity';
import { LibrarianCompetency } from './entities/librarian-competency.entity';
import { Librarian } from './entities/librarian.entity';
import { Library } from './entities/library.entity';
import { PerformanceReview } from './entities/performance-review.entity';
import { ProfessionalActivity } from './entities/professional-activity.entity';
import { SessionAttendance } from './entities/session-attendance.entity';
import { PLACE_HOLDING_STATUSES, TrainingEnrolment, TrainingEnrolmentStatus } from './entities/training-enrolment.entity';
import { TrainingEvaluation } from './entities/training-evaluation.entity';
import { ProgrammeCompetency, ProgrammeInstructor, TrainingInstructor } from './entities/training-instructor.entity';
import { ProgrammeStatus, TrainingProgramme } from './entities/training-programme.entity';
import { TrainingSession } from './entities/training-session.entity';
import type { StaffIndicators, TrainingEvaluationSummary } from './types';

/** Per-request loaders: every list, count and reference goes through one of these. */
export function createLoaders(db: DataSource, _identity: Identity, _config: Config) {
  /**
   * Variants (access.programmeVariant): 'all' (drafts included), `drafts:<ids>` (drafts of these
   * libraries only), anything else leaves drafts out.
   */
  const programmeConnection = (parent: string) =>
    connectionLoader({
      repo: db.getRepository(TrainingProgramme),
      alias: 'p',
      parent,
      sort: 'startsOn',
      scope: (qb, variant) => {
        if (variant === 'all') return;
        const draftLibraries = variant.startsWith('drafts:') ? variant.slice('drafts:'.length).split(',').filter(Boolean) : [];
        if (draftLibraries.length) {
          qb.andWhere('(p.status <> :draft OR p.libraryId IN (:...draftLibraries))', { draft: ProgrammeStatus.DRAFT, draftLibraries });
        } else {
          qb.andWhere('p.status <> :draft', { draft: ProgrammeStatus.DRAFT });
        }
      },
    });
  return {
    libraryById: byIdLoader(db.getRepository(Library)),
    librarianById: byIdLoader(db.getRepository(Librarian)),
    programmeById: byIdLoader(db.getRepository(TrainingProgramme)),
    sessionById: byIdLoader(db.getRepository(TrainingSession)),
    enrolmentById: byIdLoader(db.getRepository(TrainingEnrolment)),
    instructorById: byIdLoader(db.getRepository(TrainingInstructor)),
    incentiveRuleById: byIdLoader(db.getRepository(IncentiveRule)),
    librariansByLibraryId: connectionLoader({ repo: db.getRepository(Librarian), alias: 'l', parent: 'l.libraryId', sort: 'name' }),
    /** Every librarian of a library (training needs, incentive eligibility). */
    allLibrariansByLibraryId: byForeignKeyLoader(db.getRepository(Librarian), 'libraryId', { name: 'ASC' }),
    programmesByLibraryId: programmeConnection('p.libraryId'),
    programmesByPartnerId: programmeConnection('p.partnerId'),
    enrolmentsByProgrammeId: connectionLoader({ repo: db.getRepository(TrainingEnrolment), alias: 'e', parent: 'e.programmeId', sort: 'enrolledAt' }),
    enrolmentsByLibrarianId: byForeignKeyLoader(db.getRepository(TrainingEnrolment), 'librarianId', { enrolledAt: 'ASC' }),
    enrolledCountByProgrammeId: enrolledCountLoader(db),
    sessionsByProgrammeId: byForeignKeyLoader(db.getRepository(TrainingSession), 'programmeId', { startsAt: 'ASC' }),
    attendanceBySessionId: byForeignKeyLoader(db.getRepository(SessionAttendance), 'sessionId'),
    unitCodesByProgrammeId: byForeignKeyLoader(db.getRepository(ProgrammeCompetency), 'programmeId', { unitCode: 'ASC' }),
    instructorsByProgrammeId: instructorsByProgrammeLoader(db),
    competenciesByLibrarianId: byForeignKeyLoader(db.getRepository(LibrarianCompetency), 'librarianId', { assessedOn: 'ASC' }),
    reviewsByLibrarianId: byForeignKeyLoader(db.getRepository(PerformanceReview), 'librarianId', { year: 'DESC' }),
    creditEntriesByLibrarianId: byForeignKeyLoader(db.getRepository(CreditPointEntry), 'librarianId', { earnedOn: 'ASC' }),
    activitiesByLibrarianId: byForeignKeyLoader(db.getRepository(ProfessionalActivity), 'librarianId', { heldOn: 'ASC' }),
    awardsByLibrarianId: byForeignKeyLoader(db.getRepository(IncentiveAward), 'librarianId', { year: 'ASC' }),
    awardsByRuleId: byForeignKeyLoader(db.getRepository(IncentiveAward), 'ruleId'),
    incentiveRulesByLibraryId: byForeignKeyLoader(db.getRepository(IncentiveRule), 'libraryId', { name: 'ASC' }),
    evaluationsByEnrolmentId: byForeignKeyLoader(db.getRepository(TrainingEvaluation), 'enrolmentId'),
    evaluationByProgrammeId: evaluationSummaryLoader(db, 'programme'),
    evaluationByInstructorId: evaluationSummaryLoader(db, 'instructor'),
    trainingHoursByLibrarianYear: trainingHoursLoader(db),
    staffIndicators: staffIndicatorsLoader(db),
    /** A library's OPEN programmes starting after a date (training needs suggest them): one query for all libraries. */
    openProgrammesByLibrary: new DataLoader<{ libraryId: string; after: string }, TrainingProgramme[], string>(
      async (keys) => {
        const rows = await db
          .getRepository(TrainingProgramme)
          .createQueryBuilder('p')
          .where('p.libraryId IN (:...ids)', { ids: [...new Set(keys.map((k) => k.libraryId))] })
          .andWhere('p.status = :open', { open: ProgrammeStatus.OPEN })
          .andWhere('p.startsOn > :after', { after: keys.reduce((min, k) => (k.after < min ? k.after : min), keys[0].after) })
          .orderBy('p.startsOn', 'ASC')
          .addOrderBy('p.id', 'ASC')
          .getMany();
        return keys.map((k) => rows.filter((p) => p.libraryId === k.libraryId && p.startsOn > k.after));
      },
      { cacheKeyFn: (k) => `${k.libraryId}|${k.after}` },
    ),
    holidaysByLibrary: holidaysLoader(db),
  };
}

const num = (v: unknown) => Number(v ?? 0);
const round2 = (v: number) => Math.round(v * 100) / 100;

/** Places held per programme: one grouped count for every programme in the request. */
function enrolledCountLoader(db: DataSource) {
  return new DataLoader<string, number>(async (ids) => {
    const rows: { programmeId: string; n: string | number }[] = await db
      .getRepository(TrainingEnrolment)
      .createQueryBuilder('e')
      .select('e.programmeId', 'programmeId')
      .addSelect('COUNT(*)', 'n')
      .where('e.programmeId IN (:...ids)', { ids: [...ids] })
      .andWhere('e.status IN (:...held)', { held: PLACE_HOLDING_STATUSES })
      .groupBy('e.programmeId')
      .getRawMany();
    const byId = new Map(rows.map((r) => [r.programmeId, num(r.n)]));
    return ids.map((id) => byId.get(id) ?? 0);
  });
}

function instructorsByProgrammeLoader(db: DataSource) {
  return new DataLoader<string, TrainingInstructor[]>(async (ids) => {
    const links = await db.getRepository(ProgrammeInstructor).findBy({ programmeId: In([...ids]) });
    const instructors = links.length
      ? await db.getRepository(TrainingInstructor).find({ where: { id: In([...new Set(links.map((l) => l.instructorId))]) }, order: { name: 'ASC' } })
      : [];
    const byId = new Map(instructors.map((i) => [i.id, i]));
    return ids.map((id) =>
      links
        .filter((l) => l.programmeId === id)
        .map((l) => byId.get(l.instructorId)!)
        .filter(Boolean)
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  });
}

/** Averages of the ratings, grouped by programme or by instructor (through the programmes they teach), and the comments. */
function evaluationSummaryLoader(db: DataSource, by: 'programme' | 'instructor') {
  return new DataLoader<string, TrainingEvaluationSummary>(async (ids) => {
    const base = () => {
      const qb = db.getRepository(TrainingEvaluation).createQueryBuilder('v');
      if (by === 'programme') return qb.where('v.programmeId IN (:...ids)', { ids: [...ids] }).select('v.programmeId', 'k');
      return qb
        .innerJoin(ProgrammeInstructor, 'pi', 'pi.programmeId = v.programmeId')
        .where('pi.instructorId IN (:...ids)', { ids: [...ids] })
        .select('pi.instructorId', 'k');
    };
    const averages: { k: string; n: unknown; m: unknown; i: unknown; t: unknown }[] = await base()
      .addSelect('COUNT(*)', 'n')
      .addSelect('AVG(v.materialRating)', 'm')
      .addSelect('AVG(v.instructorRating)', 'i')
      .addSelect('AVG(v.methodRating)', 't')
      .groupBy('k')
      .getRawMany();
    const comments: { k: string; c: string }[] = await base()
      .addSelect('v.comment', 'c')
      .andWhere('v.comment IS NOT NULL')
      .orderBy('v.comment', 'ASC') // not by time or id: nothing to tie a comment to a participant
      .getRawMany();
    const byKey = new Map(averages.map((a) => [a.k, a]));
    return ids.map((id) => {
      const a = byKey.get(id);
      const m = a ? round2(num(a.m)) : null;
      const i = a ? round2(num(a.i)) : null;
      const t = a ? round2(num(a.t)) : null;
      return {
        responses: a ? num(a.n) : 0,
        averageMaterialRating: m,
        averageInstructorRating: i,
        averageMethodRating: t,
        averageRating: a ? round2((num(a.m) + num(a.i) + num(a.t)) / 3) : null,
        comments: comments.filter((c) => c.k === id).map((c) => c.c),
      };
    });
  });
}

/** Lesson hours credited per librarian in a calendar year (completed trainings), one query per year. */
function trainingHoursLoader(db: DataSource) {
  return new DataLoader<{ librarianId: string; year: number }, number, string>(
    async (keys) => {
      const out = new Map<string, number>();
      for (const year of new Set(keys.map((k) => k.year))) {
        const ids = [...new Set(keys.filter((k) => k.year === year).map((k) => k.librarianId))];
        const rows: { librarianId: string; h: unknown }[] = await db
          .getRepository(TrainingEnrolment)
          .createQueryBuilder('e')
          .select('e.librarianId', 'librarianId')
          .addSelect('SUM(e.hoursCredited)', 'h')
          .where('e.librarianId IN (:...ids)', { ids })
          .andWhere('e.status = :completed', { completed: TrainingEnrolmentStatus.COMPLETED })
          .andWhere('e.completedOn BETWEEN :from AND :to', { from: `${year}-01-01`, to: `${year}-12-31` })
          .groupBy('e.librarianId')
          .getRawMany();
        for (const r of rows) out.set(`${r.librarianId}|${year}`, num(r.h));
      }
      return keys.map((k) => out.get(`${k.librarianId}|${k.year}`) ?? 0);
    },
    { cacheKeyFn: (k) => `${k.librarianId}|${k.year}` },
  );
}

/**
 * Staff indicators of many libraries over one period: three grouped queries whatever the number
 * of libraries (librarians; trained librarians and hours; ratings), per distinct period.
 */
function staffIndicatorsLoader(db: DataSource) {
  return new DataLoader<{ libraryId: string; from: string; to: string }, StaffIndicators, string>(
    async (keys) => {
      const out = new Map<string, StaffIndicators>();
      const periods = new Map<string, { from: string; to: string; ids: string[] }>();
      for (const k of keys) {
        const p = periods.get(`${k.from}|${k.to}`) ?? { from: k.from, to: k.to, ids: [] };
        p.ids.push(k.libraryId);
        periods.set(`${k.from}|${k.to}`, p);
      }
      for (const { from, to, ids } of periods.values()) {
        const staff: { libraryId: string; n: unknown }[] = await db
          .getRepository(Librarian)
          .createQueryBuilder('l')
          .select('l.libraryId', 'libraryId')
          .addSelect('COUNT(*)', 'n')
          .where('l.libraryId IN (:...ids)', { ids })
          .groupBy('l.libraryId')
          .getRawMany();
        const completed = () =>
          db
            .getRepository(TrainingEnrolment)
            .createQueryBuilder('e')
            .innerJoin(Librarian, 'l', 'l.id = e.librarianId')
            .select('l.libraryId', 'libraryId')
            .where('l.libraryId IN (:...ids)', { ids })
            .andWhere('e.status = :completed', { completed: TrainingEnrolmentStatus.COMPLETED })
            .andWhere('e.completedOn BETWEEN :from AND :to', { from, to })
            .groupBy('l.libraryId');
        const trained: { libraryId: string; n: unknown; h: unknown }[] = await completed()
          .addSelect('COUNT(DISTINCT e.librarianId)', 'n')
          .addSelect('SUM(e.hoursCredited)', 'h')
          .getRawMany();
        const ratings: { libraryId: string; r: unknown }[] = await completed()
          .innerJoin(TrainingEvaluation, 'v', 'v.enrolmentId = e.id')
          .addSelect('AVG((v.materialRating + v.instructorRating + v.methodRating) / 3.0)', 'r')
          .getRawMany();
        const staffBy = new Map(staff.map((s) => [s.libraryId, num(s.n)]));
        const trainedBy = new Map(trained.map((t) => [t.libraryId, t]));
        const ratingBy = new Map(ratings.map((r) => [r.libraryId, r.r]));
        for (const libraryId of ids) {
          const librarians = staffBy.get(libraryId) ?? 0;
          const t = trainedBy.get(libraryId);
          const hours = t ? num(t.h) : 0;
          const trainedLibrarians = t ? num(t.n) : 0;
          const rating = ratingBy.get(libraryId);
          out.set(`${libraryId}|${from}|${to}`, {
            from,
            to,
            librarians,
            trainedLibrarians,
            trainedPercent: librarians ? round2((100 * trainedLibrarians) / librarians) : null,
            trainingHours: hours,
            trainingHoursPerLibrarian: librarians ? round2(hours / librarians) : null,
            averageTrainingRating: rating == null ? null : round2(num(rating)),
          });
        }
      }
      return keys.map((k) => out.get(`${k.libraryId}|${k.from}|${k.to}`)!);
    },
    { cacheKeyFn: (k) => `${k.libraryId}|${k.from}|${k.to}` },
  );
}

/** Holidays of many libraries over one period in one query: national ones count for every library. */
function holidaysLoader(db: DataSource) {
  return new DataLoader<{ libraryId: string; from: string; to: string }, Holiday[], string>(
    async (keys) => {
      const from = keys.reduce((min, k) => (k.from < min ? k.from : min), keys[0].from);
      const to = keys.reduce((max, k) => (k.to > max ? k.to : max), keys[0].to);
      const rows = await db
        .getRepository(Holiday)
        .createQueryBuilder('h')
        .where('h.date BETWEEN :from AND :to', { from, to })
        .andWhere(
          new Brackets((w) =>
            w.where('h.libraryId IS NULL').orWhere('h.libraryId IN (:...ids)', { ids: [...new Set(keys.map((k) => k.libraryId))] }),
          ),
        )
        .orderBy('h.date', 'ASC')
        .getMany();
      return keys.map((k) => rows.filter((h) => (h.libraryId === null || h.libraryId === k.libraryId) && h.date >= k.from && h.date <= k.to));
    },
    { cacheKeyFn: (k) => `${k.libraryId}|${k.from}|${k.to}` },
  );
}

export type StaffLoaders = ReturnType<typeof createLoaders>;
