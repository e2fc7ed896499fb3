import type { DataSource } from 'typeorm';
import { byForeignKeyLoader } from '../../../shared/platform/pagination';
import { CreditPointEntry } from './credit-point-entry.entity';
import { LibrarianCompetency } from './librarian-competency.entity';
import { PerformanceReview } from './performance-review.entity';
import { ProfessionalActivity } from './professional-activity.entity';

/** Per-request loaders of a librarian's record: competencies, reviews, credit points, activities. */
export function careerLoaders(db: DataSource) {
  return {
    competenciesByLibrarianId: byForeignKeyLoader(db.getRepository(LibrarianCompetency), 'librarianId', { assessedOn: 'ASC' }),
    reviewsByLibrarianId: byForeignKeyLoader(db.getRepository(PerformanceReview), 'librarianId', { year: 'DESC' }),
    creditEntriesByLibrarianId: byForeignKeyLoader(db.getRepository(CreditPointEntry), 'librarianId', { earnedOn: 'ASC' }),
    activitiesByLibrarianId: byForeignKeyLoader(db.getRepository(ProfessionalActivity), 'librarianId', { heldOn: 'ASC' }),
  };
}
