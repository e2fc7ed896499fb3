import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { byForeignKeyLoader } from '../../../shared/platform/pagination';
import { CompetencyUnit } from './competency-unit.entity';
import { CreditPointEntry } from './credit-point-entry.entity';
import { LibrarianCompetency } from './librarian-competency.entity';
import { LibrarianPromotion } from './librarian-promotion.entity';
import { PerformanceReview } from './performance-review.entity';
import { ProfessionalActivity } from './professional-activity.entity';

/** Per-request loaders of a librarian's record: competencies, reviews, credit points, activities. */
export function careerLoaders(db: DataSource) {
  return {
    competenciesByLibrarianId: byForeignKeyLoader(db.getRepository(LibrarianCompetency), 'librarianId', { assessedOn: 'ASC' }),
    reviewsByLibrarianId: byForeignKeyLoader(db.getRepository(PerformanceReview), 'librarianId', { year: 'DESC' }),
    creditEntriesByLibrarianId: byForeignKeyLoader(db.getRepository(CreditPointEntry), 'librarianId', { earnedOn: 'ASC' }),
    activitiesByLibrarianId: byForeignKeyLoader(db.getRepository(ProfessionalActivity), 'librarianId', { heldOn: 'ASC' }),
    promotionsByLibrarianId: byForeignKeyLoader(db.getRepository(LibrarianPromotion), 'librarianId', { effectiveOn: 'ASC' }),
    /** Competency units by SKKNI code (null: not in the table). */
    competencyUnitByCode: new DataLoader<string, CompetencyUnit | null>(async (codes) => {
      const rows = await db.getRepository(CompetencyUnit).findBy({ code: In([...codes]) });
      const byCode = new Map(rows.map((u) => [u.code, u]));
      return codes.map((c) => byCode.get(c) ?? null);
    }),
    /** The whole table, by code (one query per request). */
    allCompetencyUnits: new DataLoader<'all', CompetencyUnit[]>(async (keys) => {
      const rows = await db.getRepository(CompetencyUnit).find({ order: { code: 'ASC' } });
      return keys.map(() => rows);
    }),
  };
}
