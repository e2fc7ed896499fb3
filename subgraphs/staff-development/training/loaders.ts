import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { byForeignKeyLoader, byIdLoader, connectionLoader } from '../../../shared/platform/pagination';
import { SessionAttendance } from './session-attendance.entity';
import { PLACE_HOLDING_STATUSES, TrainingEnrolment, TrainingEnrolmentStatus } from './training-enrolment.entity';
import { TrainingEvaluation } from './training-evaluation.entity';
import { ProgrammeCompetency, ProgrammeInstructor, TrainingInstructor } from './training-instructor.entity';
import { ProgrammeStatus, TrainingProgramme } from './training-programme.entity';
import { TrainingSession } from './training-session.entity';
import type { TrainingEvaluationSummary } from './training.types';

const num = (v: unknown) => Number(v ?? 0);
const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * Programme lists by a parent column. Variants (access.programmeVariant): 'all' (drafts
 * included), `drafts:<ids>` (drafts of these libraries only), anything else leaves drafts out.
 */
function programmeConnection(db: DataSource, parent: string) {
  return connectionLoader({
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
}

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

/** A library's OPEN programmes starting after a date (training needs suggest them): one query for all libraries. */
function openProgrammesLoader(db: DataSource) {
  return new DataLoader<{ libraryId: string; after: string }, TrainingProgramme[], string>(
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
  );
}

/** Per-request loaders of programmes, sessions, enrolments, instructors and evaluations. */
export function trainingLoaders(db: DataSource) {
  return {
    programmeById: byIdLoader(db.getRepository(TrainingProgramme)),
    sessionById: byIdLoader(db.getRepository(TrainingSession)),
    enrolmentById: byIdLoader(db.getRepository(TrainingEnrolment)),
    instructorById: byIdLoader(db.getRepository(TrainingInstructor)),
    programmesByLibraryId: programmeConnection(db, 'p.libraryId'),
    programmesByPartnerId: programmeConnection(db, 'p.partnerId'),
    enrolmentsByProgrammeId: connectionLoader({ repo: db.getRepository(TrainingEnrolment), alias: 'e', parent: 'e.programmeId', sort: 'enrolledAt' }),
    enrolmentsByLibrarianId: byForeignKeyLoader(db.getRepository(TrainingEnrolment), 'librarianId', { enrolledAt: 'ASC' }),
    enrolledCountByProgrammeId: enrolledCountLoader(db),
    sessionsByProgrammeId: byForeignKeyLoader(db.getRepository(TrainingSession), 'programmeId', { startsAt: 'ASC' }),
    attendanceBySessionId: byForeignKeyLoader(db.getRepository(SessionAttendance), 'sessionId'),
    unitCodesByProgrammeId: byForeignKeyLoader(db.getRepository(ProgrammeCompetency), 'programmeId', { unitCode: 'ASC' }),
    instructorsByProgrammeId: instructorsByProgrammeLoader(db),
    evaluationsByEnrolmentId: byForeignKeyLoader(db.getRepository(TrainingEvaluation), 'enrolmentId'),
    evaluationByProgrammeId: evaluationSummaryLoader(db, 'programme'),
    evaluationByInstructorId: evaluationSummaryLoader(db, 'instructor'),
    trainingHoursByLibrarianYear: trainingHoursLoader(db),
    openProgrammesByLibrary: openProgrammesLoader(db),
  };
}
