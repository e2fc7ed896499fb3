import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { coverageOf, periodRecord, ratioOf, recorded } from '../../../shared/domain/regional-contribution';
import { rawDate } from '../../../shared/platform/database';
import { todayIn } from '../../../shared/platform/time';
import { Librarian } from '../librarians/librarian.entity';
import { TrainingEnrolment, TrainingEnrolmentStatus } from '../training/training-enrolment.entity';
import { TrainingEvaluation } from '../training/training-evaluation.entity';
import type { StaffIndicators } from './indicators.types';

const num = (v: unknown) => Number(v ?? 0);
const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * Each library's zone and the day of the first training completed by one of its librarians, in
 * one statement whatever the periods asked.
 */
async function trainingRecords(db: DataSource, ids: string[]): Promise<Map<string, { timezone: string; firstTraining: string | null }>> {
  const rows: { libraryId: string; timezone: string; firstTraining: string | Date | null }[] = await db.query(
    `SELECT l.id AS libraryId, l.timezone AS timezone,
            (SELECT MIN(e.completedOn) FROM training_enrolment e INNER JOIN librarian b ON b.id = e.librarianId WHERE b.libraryId = l.id AND e.status = ?) AS firstTraining
     FROM library l WHERE l.id IN (${ids.map(() => '?').join(', ')})`,
    [TrainingEnrolmentStatus.COMPLETED, ...ids],
  );
  return new Map(rows.map((r) => [String(r.libraryId), { timezone: r.timezone, firstTraining: r.firstTraining == null ? null : rawDate(r.firstTraining) }]));
}

/**
 * Staff indicators of many libraries over one period: three grouped queries whatever the number
 * of libraries (librarians; trained librarians and hours; ratings), per distinct period, and one
 * for where each library's training records begin. A period that starts after today or ends
 * before the library's first completed training has no training figures (null, not 0).
 */
function staffIndicatorsLoader(db: DataSource) {
  return new DataLoader<{ libraryId: string; from: string; to: string }, StaffIndicators, string>(
    async (keys) => {
      const out = new Map<string, StaffIndicators>();
      const records = await trainingRecords(db, [...new Set(keys.map((k) => k.libraryId))]);
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
          // staff in the period: not those who left on or before its first day
          .andWhere('(l.employmentEndedOn IS NULL OR l.employmentEndedOn > :from)', { from })
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
          const record = records.get(libraryId);
          const today = record ? todayIn(record.timezone) : from;
          const trained = periodRecord({ from, to }, record?.firstTraining ?? null, today) === 'recorded';
          out.set(`${libraryId}|${from}|${to}`, {
            from,
            to,
            coverage: coverageOf(record?.firstTraining ?? null, today),
            librarians,
            trainedLibrarians: recorded(trained, trainedLibrarians),
            trainedPercent: trained && librarians > 0 ? round2((100 * trainedLibrarians) / librarians) : null,
            trainingHours: recorded(trained, hours),
            trainingHoursPerLibrarian: ratioOf(recorded(trained, hours), librarians, 2),
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
