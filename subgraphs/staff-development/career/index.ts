import type { Feature } from '../../../shared/platform/subgraph';
import type { StaffLoaders } from '../loaders';
import { CompetencyUnit } from './competency-unit.entity';
import { CreditPointEntry } from './credit-point-entry.entity';
import { LibrarianCompetency } from './librarian-competency.entity';
import { LibrarianPromotion } from './librarian-promotion.entity';
import { PerformanceReview } from './performance-review.entity';
import { ProfessionalActivity } from './professional-activity.entity';
import { LibrarianCompetencyResolver, LibrarianRecordResolver } from './record.resolver';

/**
 * The career track (jabatan fungsional pustakawan): competencies against the SKKNI units,
 * performance reviews, the credit-point ledger, professional activities, promotion readiness and
 * training needs. The tables it follows: career-tables.ts and competency-units.ts.
 */
export const career: Feature<StaffLoaders> = {
  entities: [LibrarianCompetency, PerformanceReview, CreditPointEntry, ProfessionalActivity, LibrarianPromotion, CompetencyUnit],
  resolvers: [LibrarianRecordResolver, LibrarianCompetencyResolver],
};
