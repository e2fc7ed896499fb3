import { randomUUID } from 'node:crypto';
import { Arg, Authorized, Ctx, Float, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { transaction, isUniqueViolation } from '../../../shared/database';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/errors';
import { CalendarDateScalar } from '../../../shared/scalars';
import { requireLibrarianAdmin, requirePersonalAccess } from '../access';
import { convertedPoints } from '../career';
import { COMPETENCY_UNIT_BY_CODE } from '../competency-units';
import type { StaffContext } from '../context';
import { CreditPointEntry, CreditPointSource } from '../entities/credit-point-entry.entity';
import { IncentiveAward } from '../entities/incentive.entity';
import { LibrarianCompetency } from '../entities/librarian-competency.entity';
import { Librarian } from '../entities/librarian.entity';
import { PerformanceReview } from '../entities/performance-review.entity';
import { ProfessionalActivity, ProfessionalActivityKind } from '../entities/professional-activity.entity';
import { TrainingEnrolment } from '../entities/training-enrolment.entity';
import { promotionReadiness } from '../promotion';
import { CompetencyUnit, PromotionReadiness } from '../types';
import { libraryToday } from '../util';
import { RecordCompetencyInput, RecordCreditPointsInput, RecordPerformanceReviewInput, RecordProfessionalActivityInput } from './record.inputs';

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * A librarian's record: competencies, trainings, reviews, credit points, activities, awards and
 * promotion readiness. All personal: the librarian, their library's admins, ADMIN (GOVERNMENT
 * sees aggregates only). Each field is nullable, so a refusal costs that field alone.
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
  trainingHours(@Root() librarian: Librarian, @Arg('year', () => Int) year: number, @Ctx() { identity, loaders }: StaffContext) {
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
  async creditPoints(@Root() librarian: Librarian, @Ctx() { identity, loaders }: StaffContext): Promise<number> {
    requirePersonalAccess(identity, librarian);
    const since = librarian.levelSince ?? '0000-01-01';
    return round2((await loaders.creditEntriesByLibrarianId.load(librarian.id)).filter((e) => e.earnedOn >= since).reduce((s, e) => s + e.points, 0));
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
  async promotionReadiness(@Root() librarian: Librarian, @Ctx() { identity, loaders }: StaffContext): Promise<PromotionReadiness> {
    requirePersonalAccess(identity, librarian);
    const [credit, competencies, reviews, enrolments] = await Promise.all([
      loaders.creditEntriesByLibrarianId.load(librarian.id),
      loaders.competenciesByLibrarianId.load(librarian.id),
      loaders.reviewsByLibrarianId.load(librarian.id),
      loaders.enrolmentsByLibrarianId.load(librarian.id),
    ]);
    const programmes = await loaders.programmeById.loadMany(enrolments.map((e) => e.programmeId));
    return promotionReadiness({
      librarian,
      credit,
      competencies,
      reviews,
      enrolments,
      programmes: programmes.map((p) => (p instanceof Error ? null : p)),
    });
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => LibrarianCompetency, { nullable: true, description: "Record a competency unit a librarian was assessed in (their library's LIBRARY_ADMIN, ADMIN)" })
  async recordCompetency(
    @Arg('librarianId', () => ID) librarianId: string,
    @Arg('input', () => RecordCompetencyInput) input: RecordCompetencyInput,
    @Ctx() ctx: StaffContext,
  ): Promise<LibrarianCompetency> {
    await this.managed(librarianId, ctx);
    if (!COMPETENCY_UNIT_BY_CODE.has(input.unitCode)) throw new BadUserInputError('unitCode', `${input.unitCode} is not a known competency unit`);
    if (input.expiresOn && input.expiresOn <= input.assessedOn) throw new BadUserInputError('expiresOn', 'expiresOn must be after assessedOn');
    return transaction(ctx.db, (tx) =>
      tx.getRepository(LibrarianCompetency).save(
        tx.getRepository(LibrarianCompetency).create({
          ...input,
          id: randomUUID(),
          librarianId,
          certificateNumber: input.certificateNumber ?? null,
          expiresOn: input.expiresOn ?? null,
          enrolmentId: null,
        }),
      ),
    );
  }

  /** One review per librarian and year; its rating is converted to credit points on the ledger. */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => PerformanceReview, {
    nullable: true,
    description: "Record a yearly performance review; its rating converts to credit points (their library's LIBRARY_ADMIN, ADMIN). CONFLICT for a second review of the year",
  })
  async recordPerformanceReview(
    @Arg('librarianId', () => ID) librarianId: string,
    @Arg('input', () => RecordPerformanceReviewInput) input: RecordPerformanceReviewInput,
    @Ctx() ctx: StaffContext,
  ): Promise<PerformanceReview> {
    const librarian = await this.managed(librarianId, ctx);
    const reviewedOn = await libraryToday(ctx, librarian.libraryId);
    return transaction(ctx.db, async (tx) => {
      if (await tx.getRepository(PerformanceReview).existsBy({ librarianId, year: input.year })) {
        throw new ConflictError(`The ${input.year} review is recorded already`);
      }
      const review = tx.getRepository(PerformanceReview).create({
        id: randomUUID(),
        librarianId,
        year: input.year,
        rating: input.rating,
        metrics: input.metrics.map((m) => ({ name: m.name, value: m.value, target: m.target ?? null, unit: m.unit ?? null })),
        note: input.note ?? null,
        reviewedOn,
      });
      try {
        await tx.getRepository(PerformanceReview).insert(review);
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError(`The ${input.year} review is recorded already`);
        throw err;
      }
      await tx.getRepository(CreditPointEntry).insert({
        id: randomUUID(),
        librarianId,
        points: convertedPoints(librarian.careerLevel, input.rating),
        source: CreditPointSource.PERFORMANCE_CONVERSION,
        description: `Konversi predikat kinerja ${input.year}: ${input.rating}`,
        earnedOn: `${input.year}-12-31`,
        reviewId: review.id,
        activityId: null,
      });
      return review;
    });
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => CreditPointEntry, { nullable: true, description: "Add credit points from education, development or supporting activities (their library's LIBRARY_ADMIN, ADMIN)" })
  async recordCreditPoints(
    @Arg('librarianId', () => ID) librarianId: string,
    @Arg('input', () => RecordCreditPointsInput) input: RecordCreditPointsInput,
    @Ctx() ctx: StaffContext,
  ): Promise<CreditPointEntry> {
    await this.managed(librarianId, ctx);
    if (input.source === CreditPointSource.PERFORMANCE_CONVERSION) {
      throw new BadUserInputError('source', 'Conversions come from recordPerformanceReview');
    }
    return transaction(ctx.db, (tx) =>
      tx.getRepository(CreditPointEntry).save(
        tx.getRepository(CreditPointEntry).create({ ...input, points: round2(input.points), id: randomUUID(), librarianId, reviewId: null, activityId: null }),
      ),
    );
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => ProfessionalActivity, {
    nullable: true,
    description: "Record a seminar, conference, association role, presentation … with hours and points; the points go on the ledger (their library's LIBRARY_ADMIN, ADMIN)",
  })
  async recordProfessionalActivity(
    @Arg('librarianId', () => ID) librarianId: string,
    @Arg('input', () => RecordProfessionalActivityInput) input: RecordProfessionalActivityInput,
    @Ctx() ctx: StaffContext,
  ): Promise<ProfessionalActivity> {
    await this.managed(librarianId, ctx);
    return transaction(ctx.db, async (tx) => {
      const activity = await tx.getRepository(ProfessionalActivity).save(
        tx.getRepository(ProfessionalActivity).create({ ...input, creditPoints: round2(input.creditPoints), role: input.role ?? null, id: randomUUID(), librarianId }),
      );
      if (activity.creditPoints > 0) {
        await tx.getRepository(CreditPointEntry).insert({
          id: randomUUID(),
          librarianId,
          points: activity.creditPoints,
          source: activity.kind === ProfessionalActivityKind.PROFESSIONAL_ASSOCIATION ? CreditPointSource.SUPPORTING_ACTIVITY : CreditPointSource.PROFESSIONAL_DEVELOPMENT,
          description: activity.title,
          earnedOn: activity.heldOn,
          reviewId: null,
          activityId: activity.id,
        });
      }
      return activity;
    });
  }

  /** The librarian, if the caller administers their library. */
  private async managed(librarianId: string, { identity, loaders }: StaffContext): Promise<Librarian> {
    const librarian = await loaders.librarianById.load(librarianId);
    if (!librarian) throw new NotFoundError('Librarian', librarianId);
    requireLibrarianAdmin(identity, librarian);
    return librarian;
  }
}

@Resolver(() => LibrarianCompetency)
export class LibrarianCompetencyResolver {
  @FieldResolver(() => CompetencyUnit)
  unit(@Root() competency: LibrarianCompetency): CompetencyUnit {
    return COMPETENCY_UNIT_BY_CODE.get(competency.unitCode)!; // codes are checked on the way in
  }
}
