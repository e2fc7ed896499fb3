import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../../shared/platform/database';
import { BadUserInputError, ConflictError } from '../../../shared/platform/errors';
import { Idempotency } from '../../../shared/platform/idempotency';
import type { StaffContext } from '../context';
import type { Librarian } from '../librarians/librarian.entity';
import { managedLibrarian } from '../librarians/librarian.service';
import { checkRecordDate, ownLibraryToday } from '../libraries/library.service';
import type { StaffLoaders } from '../loaders';
import { convertedPoints } from './career-tables';
import type { PromotionReadiness } from './career.types';
import { CreditPointEntry, CreditPointSource } from './credit-point-entry.entity';
import { LibrarianCompetency } from './librarian-competency.entity';
import { PerformanceReview } from './performance-review.entity';
import { ProfessionalActivity, ProfessionalActivityKind } from './professional-activity.entity';
import { promotionReadiness } from './promotion';
import type { RecordCompetencyInput, RecordCreditPointsInput, RecordPerformanceReviewInput, RecordProfessionalActivityInput } from './record.inputs';

type Caller = Pick<StaffContext, 'identity' | 'db' | 'loaders'>;

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * A date on which something already happened (an assessment, points earned, an activity held):
 * within the sane range (checkRecordDate) and not after today in the librarian's library's zone;
 * BAD_USER_INPUT on `field`.
 */
function checkPastDate(field: string, date: string, today: string): void {
  checkRecordDate(field, date, today);
  if (date > today) throw new BadUserInputError(field, `${field} must not be after today (${today} in the library)`);
}

/** Credit points earned since entering the current level, from the ledger. */
export async function creditPointsSinceLevel({ loaders }: { loaders: StaffLoaders }, librarian: Librarian): Promise<number> {
  const since = librarian.levelSince ?? '0000-01-01';
  return round2((await loaders.creditEntriesByLibrarianId.load(librarian.id)).filter((e) => e.earnedOn >= since).reduce((s, e) => s + e.points, 0));
}

/** What the librarian still needs for the next level, from their record (promotion.ts). */
export async function promotionReadinessOf({ loaders }: { loaders: StaffLoaders }, librarian: Librarian): Promise<PromotionReadiness> {
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

/** A competency unit the librarian was assessed in (their library's LIBRARY_ADMIN, ADMIN); the code must be in the SKKNI table, assessedOn not after today. */
export async function recordCompetency(ctx: Caller, librarianId: string, input: RecordCompetencyInput, idempotencyKey?: string | null): Promise<LibrarianCompetency> {
  const librarian = await managedLibrarian(librarianId, ctx);
  const once = Idempotency.ofRow(ctx.db, ctx.identity, LibrarianCompetency, { key: idempotencyKey, operation: 'recordCompetency', args: { librarianId, input } });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const today = await ownLibraryToday(ctx, librarian.libraryId);
  checkPastDate('assessedOn', input.assessedOn, today);
  if (input.expiresOn) checkRecordDate('expiresOn', input.expiresOn, today);
  if (!(await ctx.loaders.competencyUnitByCode.load(input.unitCode))) throw new BadUserInputError('unitCode', `${input.unitCode} is not a known competency unit`);
  if (input.expiresOn && input.expiresOn <= input.assessedOn) throw new BadUserInputError('expiresOn', 'expiresOn must be after assessedOn');
  return once.transaction((tx) =>
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

/**
 * One review per librarian and year (CONFLICT for a second), dated today in the library's zone;
 * its rating is converted to credit points on the ledger in the same transaction.
 */
export async function recordPerformanceReview(ctx: Caller, librarianId: string, input: RecordPerformanceReviewInput, idempotencyKey?: string | null): Promise<PerformanceReview> {
  const librarian = await managedLibrarian(librarianId, ctx);
  // Before the checks: a retry must not be refused because the first call recorded the year's review.
  const once = Idempotency.ofRow(ctx.db, ctx.identity, PerformanceReview, { key: idempotencyKey, operation: 'recordPerformanceReview', args: { librarianId, input } });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const reviewedOn = await ownLibraryToday(ctx, librarian.libraryId);
  return once.transaction(async (tx) => {
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

/** Credit points from education, development or supporting activities; conversions come only from reviews. */
export async function recordCreditPoints(ctx: Caller, librarianId: string, input: RecordCreditPointsInput, idempotencyKey?: string | null): Promise<CreditPointEntry> {
  const librarian = await managedLibrarian(librarianId, ctx);
  const once = Idempotency.ofRow(ctx.db, ctx.identity, CreditPointEntry, { key: idempotencyKey, operation: 'recordCreditPoints', args: { librarianId, input } });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  checkPastDate('earnedOn', input.earnedOn, await ownLibraryToday(ctx, librarian.libraryId));
  if (input.source === CreditPointSource.PERFORMANCE_CONVERSION) {
    throw new BadUserInputError('source', 'Conversions come from recordPerformanceReview');
  }
  return once.transaction((tx) =>
    tx
      .getRepository(CreditPointEntry)
      .save(tx.getRepository(CreditPointEntry).create({ ...input, points: round2(input.points), id: randomUUID(), librarianId, reviewId: null, activityId: null })),
  );
}

/** A seminar, conference, association role, presentation …; its points (if any) go on the ledger in the same transaction. */
export async function recordProfessionalActivity(
  ctx: Caller,
  librarianId: string,
  input: RecordProfessionalActivityInput,
  idempotencyKey?: string | null,
): Promise<ProfessionalActivity> {
  const librarian = await managedLibrarian(librarianId, ctx);
  const once = Idempotency.ofRow(ctx.db, ctx.identity, ProfessionalActivity, { key: idempotencyKey, operation: 'recordProfessionalActivity', args: { librarianId, input } });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  checkPastDate('heldOn', input.heldOn, await ownLibraryToday(ctx, librarian.libraryId));
  return once.transaction(async (tx) => {
    const activity = await tx
      .getRepository(ProfessionalActivity)
      .save(tx.getRepository(ProfessionalActivity).create({ ...input, creditPoints: round2(input.creditPoints), role: input.role ?? null, id: randomUUID(), librarianId }));
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
