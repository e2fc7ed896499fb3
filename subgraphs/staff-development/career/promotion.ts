import type { Librarian } from '../librarians/librarian.entity';
import { TrainingEnrolmentStatus, type TrainingEnrolment } from '../training/training-enrolment.entity';
import type { TrainingProgramme } from '../training/training-programme.entity';
import { PROMOTION_RATINGS, PROMOTION_RATING_YEARS, PROMOTION_TABLE } from './career-tables';
import { PromotionReadiness, PromotionRequirement } from './career.types';
import type { CreditPointEntry } from './credit-point-entry.entity';
import { AssessmentMethod, type LibrarianCompetency } from './librarian-competency.entity';
import type { PerformanceReview } from './performance-review.entity';

export interface PromotionFacts {
  librarian: Librarian;
  credit: CreditPointEntry[];
  competencies: LibrarianCompetency[];
  /** Newest year first. */
  reviews: PerformanceReview[];
  enrolments: TrainingEnrolment[];
  programmes: (TrainingProgramme | null)[];
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** What a librarian still needs for the next level (PermenPAN-RB 1/2023), from their record. */
export function promotionReadiness({ librarian, credit, competencies, reviews, enrolments, programmes }: PromotionFacts): PromotionReadiness {
  const since = librarian.levelSince ?? '0000-01-01';
  const { nextLevel, pointsRequired } = PROMOTION_TABLE[librarian.careerLevel];
  const creditPoints = round2(credit.filter((e) => e.earnedOn >= since).reduce((sum, e) => sum + e.points, 0));
  const competencyTestPassed = competencies.some((c) => c.method === AssessmentMethod.COMPETENCY_TEST && c.assessedOn >= since);

  let yearsRatedAtLeastBaik = 0;
  for (const [i, review] of reviews.entries()) {
    if (!PROMOTION_RATINGS.includes(review.rating)) break;
    if (i > 0 && reviews[i - 1].year !== review.year + 1) break; // years running
    yearsRatedAtLeastBaik += 1;
  }
  const programmeById = new Map(programmes.filter((p): p is TrainingProgramme => !!p).map((p) => [p.id, p]));
  const levelUpCourseCompleted =
    nextLevel !== null && enrolments.some((e) => e.status === TrainingEnrolmentStatus.COMPLETED && programmeById.get(e.programmeId)?.levelUpFor === nextLevel);

  const missing: PromotionRequirement[] = [];
  if (nextLevel) {
    if (creditPoints < (pointsRequired ?? 0)) missing.push(PromotionRequirement.CREDIT_POINTS);
    if (!competencyTestPassed) missing.push(PromotionRequirement.COMPETENCY_TEST);
    if (yearsRatedAtLeastBaik < PROMOTION_RATING_YEARS) missing.push(PromotionRequirement.PERFORMANCE_RATINGS);
    if (!levelUpCourseCompleted) missing.push(PromotionRequirement.LEVEL_UP_COURSE);
  }
  return {
    currentLevel: librarian.careerLevel,
    nextLevel,
    levelSince: librarian.levelSince,
    creditPoints,
    creditPointsRequired: pointsRequired,
    creditPointsMissing: pointsRequired ? round2(Math.max(0, pointsRequired - creditPoints)) : 0,
    progressPercent: pointsRequired ? round2(Math.min(100, (100 * creditPoints) / pointsRequired)) : null,
    competencyTestPassed,
    yearsRatedAtLeastBaik,
    levelUpCourseCompleted,
    missing,
    ready: nextLevel !== null && missing.length === 0,
  };
}
