import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { Librarian } from '../librarians/librarian.entity';
import { TrainingEnrolment, TrainingEnrolmentStatus } from '../training/training-enrolment.entity';
import { TrainingEvaluation } from '../training/training-evaluation.entity';
import type { StaffIndicators } from './indicators.types';

const num = (v: unknown) => Number(v ?? 0);
const round2 = (v: number) => Math.round(v * 100) / 100;

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

/**
 * Per-request loader of the staff indicators (Library.staffIndicators, RegionalReportRow.staff).
 * The literacy index keeps its own loaders in literacy.ts.
 */
export function indicatorLoaders(db: DataSource) {
  return { staffIndicators: staffIndicatorsLoader(db) };
}
