import { Arg, Authorized, Ctx, Float, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { requirePersonalAccess } from '../access';
import type { StaffContext } from '../context';
import { IncentiveAward } from '../incentives/incentive.entity';
import { Librarian } from '../librarians/librarian.entity';
import { TrainingEnrolment } from '../training/training-enrolment.entity';
import { CompetencyUnit, PromotionReadiness } from './career.types';
import { CreditPointEntry } from './credit-point-entry.entity';
import { addCompetencyUnit } from './competency-unit.service';
import { LibrarianCompetency } from './librarian-competency.entity';
import { LibrarianPromotion } from './librarian-promotion.entity';
import { recordPromotion } from './promotion.service';
import { PerformanceReview } from './performance-review.entity';
import { ProfessionalActivity } from './professional-activity.entity';
import {
  AddCompetencyUnitInput,
  RecordCompetencyInput,
  RecordCreditPointsInput,
  RecordPerformanceReviewInput,
  RecordProfessionalActivityInput,
  RecordPromotionInput,
} from './record.inputs';
import { creditPointsSinceLevel, promotionReadinessOf, recordCompetency, recordCreditPoints, recordPerformanceReview, recordProfessionalActivity } from './record.service';

/**
 * A librarian's record: competencies, trainings, reviews, credit points, activities, awards and
 * promotion readiness. All personal: the librarian, their library's admins, ADMIN (GOVERNMENT
 * sees aggregates only). Each field is nullable, so a refusal costs that field alone. The
 * mutations are for the librarian's library admins and ADMIN (record.service.ts).
 */
@Resolver(() => Librarian)
export class LibrarianRecordResolver {
  @FieldResolver(() => CalendarDateScalar, { nullable: true, description: 'Date in the current level (TMT). Personal' })
  levelSince(@Root() librarian: Librarian, @Ctx() { identity }: StaffContext): string | null {
    requirePersonalAccess(identity, librarian);
    return librarian.levelSince;
  }

  @FieldResolver(() => [LibrarianCompetency], { nullable: true, description: 'Competency units held, how and when assessed. Personal' })
  competencies(@Root() librarian: Librarian, @Ctx() { identity, loaders }: StaffContext) {
    requirePersonalAccess(identity, librarian);
    return loaders.competenciesByLibrarianId.load(librarian.id);
  }

  @FieldResolver(() => [TrainingEnrolment], { nullable: true, description: 'Trainings enrolled on, completed, withdrawn. Personal' })
  trainings(@Root() librarian: Librarian, @Ctx() { identity, loaders }: StaffContext) {
    requirePersonalAccess(identity, librarian);
    return loaders.enrolmentsByLibrarianId.load(librarian.id);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Lesson hours (JP) of training completed in the year. Personal' })
  trainingHours(
    @Root() librarian: Librarian,
    @Arg('year', () => Int, { description: 'The calendar year, e.g. 2026: trainings completed on a day of that year count' }) year: number,
    @Ctx() { identity, loaders }: StaffContext,
  ) {
    requirePersonalAccess(identity, librarian);
    return loaders.trainingHoursByLibrarianYear.load({ librarianId: librarian.id, year });
  }

  @FieldResolver(() => [PerformanceReview], { nullable: true, description: 'Yearly performance reviews, newest first. Personal' })
  performanceReviews(@Root() librarian: Librarian, @Ctx() { identity, loaders }: StaffContext) {
    requirePersonalAccess(identity, librarian);
    return loaders.reviewsByLibrarianId.load(librarian.id);
  }

  @FieldResolver(() => [CreditPointEntry], { nullable: true, description: 'The credit-point (angka kredit) ledger, oldest first. Personal' })
  creditPointLedger(@Root() librarian: Librarian, @Ctx() { identity, loaders }: StaffContext) {
    requirePersonalAccess(identity, librarian);
    return loaders.creditEntriesByLibrarianId.load(librarian.id);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Credit points earned since entering the current level. Personal' })
  async creditPoints(@Root() librarian: Librarian, @Ctx() ctx: StaffContext): Promise<number> {
    requirePersonalAccess(ctx.identity, librarian);
    return creditPointsSinceLevel(ctx, librarian);
  }

  @FieldResolver(() => [ProfessionalActivity], { nullable: true, description: 'Seminars, conferences, association, presentations. Personal' })
  professionalActivities(@Root() librarian: Librarian, @Ctx() { identity, loaders }: StaffContext) {
    requirePersonalAccess(identity, librarian);
    return loaders.activitiesByLibrarianId.load(librarian.id);
  }

  @FieldResolver(() => [IncentiveAward], { nullable: true, description: 'Incentives awarded. Personal' })
  incentiveAwards(@Root() librarian: Librarian, @Ctx() { identity, loaders }: StaffContext) {
    requirePersonalAccess(identity, librarian);
    return loaders.awardsByLibrarianId.load(librarian.id);
  }

  @FieldResolver(() => PromotionReadiness, {
    nullable: true,
    description: 'Progress toward the next level and what is missing (points, competency test, two ratings of at least Baik, level-up course). Personal',
  })
  async promotionReadiness(@Root() librarian: Librarian, @Ctx() ctx: StaffContext): Promise<PromotionReadiness> {
    requirePersonalAccess(ctx.identity, librarian);
    return promotionReadinessOf(ctx, librarian);
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => LibrarianCompetency, { nullable: true, description: "Record a competency unit a librarian was assessed in (their library's LIBRARY_ADMIN, ADMIN)" })
  async recordCompetency(
    @Arg('librarianId', () => ID, { description: "The librarian's id" }) librarianId: string,
    @Arg('input', () => RecordCompetencyInput, { description: 'The competency unit, method and date' }) input: RecordCompetencyInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<LibrarianCompetency> {
    return recordCompetency(ctx, librarianId, input, idempotencyKey);
  }

  /** One review per librarian and year; its rating is converted to credit points on the ledger. */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => PerformanceReview, {
    nullable: true,
    description: "Record a yearly performance review; its rating converts to credit points (their library's LIBRARY_ADMIN, ADMIN). CONFLICT for a second review of the year",
  })
  async recordPerformanceReview(
    @Arg('librarianId', () => ID, { description: "The librarian's id" }) librarianId: string,
    @Arg('input', () => RecordPerformanceReviewInput, { description: 'The year, rating and measures' }) input: RecordPerformanceReviewInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<PerformanceReview> {
    return recordPerformanceReview(ctx, librarianId, input, idempotencyKey);
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => CreditPointEntry, {
    nullable: true,
    description: "Add credit points from education, development or supporting activities (their library's LIBRARY_ADMIN, ADMIN)",
  })
  async recordCreditPoints(
    @Arg('librarianId', () => ID, { description: "The librarian's id" }) librarianId: string,
    @Arg('input', () => RecordCreditPointsInput, { description: 'The points, their source and date' }) input: RecordCreditPointsInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<CreditPointEntry> {
    return recordCreditPoints(ctx, librarianId, input, idempotencyKey);
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => ProfessionalActivity, {
    nullable: true,
    description: "Record a seminar, conference, association role, presentation … with hours and points; the points go on the ledger (their library's LIBRARY_ADMIN, ADMIN)",
  })
  async recordProfessionalActivity(
    @Arg('librarianId', () => ID, { description: "The librarian's id" }) librarianId: string,
    @Arg('input', () => RecordProfessionalActivityInput, { description: 'The activity, its hours and points' }) input: RecordProfessionalActivityInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<ProfessionalActivity> {
    return recordProfessionalActivity(ctx, librarianId, input, idempotencyKey);
  }

  @FieldResolver(() => [LibrarianPromotion], { nullable: true, description: 'Promotions to the next level, oldest first. Personal' })
  promotions(@Root() librarian: Librarian, @Ctx() { identity, loaders }: StaffContext) {
    requirePersonalAccess(identity, librarian);
    return loaders.promotionsByLibrarianId.load(librarian.id);
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => LibrarianPromotion, {
    nullable: true,
    description:
      "Record a promotion to the next functional level by decree (their library's LIBRARY_ADMIN, ADMIN); from effectiveOn the credit points toward the next level start again from zero. Another level: BAD_USER_INPUT",
  })
  async recordPromotion(
    @Arg('librarianId', () => ID, { description: "The librarian's id" }) librarianId: string,
    @Arg('input', () => RecordPromotionInput, { description: 'The new level, its effective day and decree' }) input: RecordPromotionInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<LibrarianPromotion> {
    return recordPromotion(ctx, librarianId, input, idempotencyKey);
  }

  @Authorized('ADMIN')
  @Mutation(() => CompetencyUnit, { nullable: true, description: 'Add a competency unit to the reference table (ADMIN only); CONFLICT for a code already there' })
  async addCompetencyUnit(
    @Arg('input', () => AddCompetencyUnitInput, { description: 'The unit to add' }) input: AddCompetencyUnitInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<CompetencyUnit> {
    return addCompetencyUnit(ctx, input, idempotencyKey);
  }
}

@Resolver(() => LibrarianCompetency)
export class LibrarianCompetencyResolver {
  @FieldResolver(() => CompetencyUnit, { description: 'The competency unit held' })
  async unit(@Root() competency: LibrarianCompetency, @Ctx() { loaders }: StaffContext): Promise<CompetencyUnit> {
    return (await loaders.competencyUnitByCode.load(competency.unitCode))!; // codes are checked on the way in; units are never removed
  }
}
