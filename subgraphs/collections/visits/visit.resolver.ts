import { IsEnum, IsInt, Length, Max, Min } from 'class-validator';
import { Arg, Ctx, Field, Float, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { requireLibraryAccess } from '../access';
import { BadUserInputError } from '../../../shared/errors';
import { CalendarDateScalar } from '../../../shared/scalars';
import { KeyCount } from '../../../shared/types';
import { daysBetween } from '../../../shared/time';
import type { CollectionsContext } from '../context';
import { Librarian } from '../entities/librarian.stub';
import { Library } from '../entities/library.stub';
import { VisitCorrection } from '../entities/visit-correction.entity';
import { VisitCount, VisitSource } from '../entities/visit-count.entity';
import { validatePeriod } from '../indicators';
import { correctVisits, MAX_DAILY_VISITS, perDay, recordVisits } from '../visits/service';

@InputType({ description: "A day's visitor count" })
export class RecordVisitsInput {
  @Field(() => ID)
  @Length(1, 40)
  libraryId: string;

  @Field(() => CalendarDateScalar, { description: "The day, in the library's time zone: today or earlier" })
  date: string;

  @Field(() => Int, { description: `Visitors, 0 to ${MAX_DAILY_VISITS}` })
  @IsInt()
  @Min(0)
  @Max(MAX_DAILY_VISITS)
  count: number;

  @Field(() => VisitSource)
  @IsEnum(VisitSource)
  source: VisitSource;
}

@InputType({ description: "A correction of a day's visitor count" })
export class CorrectVisitsInput {
  @Field(() => ID)
  @Length(1, 40)
  libraryId: string;

  @Field(() => CalendarDateScalar)
  date: string;

  @Field(() => Int, { description: `The right count, 0 to ${MAX_DAILY_VISITS}` })
  @IsInt()
  @Min(0)
  @Max(MAX_DAILY_VISITS)
  count: number;

  @Field({ description: 'Why, 3 to 300 characters (kept with the correction)' })
  @Length(3, 300)
  reason: string;
}

@ObjectType({ description: 'Visits in one month of a period' })
export class VisitMonthTotal {
  @Field({ description: 'YYYY-MM' })
  month: string;

  @Field(() => Int)
  visits: number;

  @Field(() => Int, { description: 'Days with a count' })
  daysReported: number;

  @Field(() => Float, { description: 'visits ÷ daysReported' })
  visitsPerDay: number;
}

@ObjectType({ description: "A library's visits over a period: totals only, no audit detail (the library's staff, GOVERNMENT, ADMIN)" })
export class VisitTotals {
  @Field(() => CalendarDateScalar)
  from: string;

  @Field(() => CalendarDateScalar)
  to: string;

  @Field(() => Int, { description: 'Visitors over the period (each day as last corrected)' })
  visits: number;

  @Field(() => Int, { description: 'Days with a count: the days the library reported (it was open)' })
  daysReported: number;

  @Field(() => Float, { description: 'visits ÷ daysReported, two decimals; 0 when no day was reported (a day without a count is unknown, not 0)' })
  visitsPerDay: number;

  @Field(() => [KeyCount], { description: 'Visits by how they were counted (GATE_COUNTER, MANUAL)' })
  bySource: KeyCount[];

  @Field(() => [VisitMonthTotal], { description: 'By calendar month, in order; months without a count left out' })
  byMonth: VisitMonthTotal[];
}

/** The longest list of day counts asked at once. */
const MAX_LIST_DAYS = 366;

/** Recording and correcting visits; rules and concurrency in visits/service.ts. */
@Resolver(() => VisitCount)
export class VisitCountResolver {
  @Mutation(() => VisitCount, {
    nullable: true,
    description:
      "Enter a day's visitor count (the library's LIBRARIAN or LIBRARY_ADMIN, ADMIN): once per day, for today or an earlier day in the library's zone; CONFLICT (reason VISITS_ALREADY_RECORDED) when the day has one — correct it instead",
  })
  async recordVisits(@Arg('input', () => RecordVisitsInput) input: RecordVisitsInput, @Ctx() ctx: CollectionsContext): Promise<VisitCount> {
    return recordVisits({ db: ctx.db, calendars: ctx.calendar }, ctx.identity, input);
  }

  @Mutation(() => VisitCount, {
    nullable: true,
    description:
      "Correct a day's visitor count (the library's LIBRARIAN or LIBRARY_ADMIN, ADMIN): the correction is kept with the count before and after, the reason, who and when; concurrent corrections are all kept, in order",
  })
  async correctVisits(@Arg('input', () => CorrectVisitsInput) input: CorrectVisitsInput, @Ctx() ctx: CollectionsContext): Promise<VisitCount> {
    return correctVisits({ db: ctx.db, calendars: ctx.calendar }, ctx.identity, input);
  }

  @FieldResolver(() => Library)
  library(@Root() visit: VisitCount): Library {
    return { id: visit.libraryId };
  }

  @FieldResolver(() => Librarian, { nullable: true, description: 'The librarian who entered the count, when a librarian did' })
  recordedByLibrarian(@Root() visit: VisitCount): Librarian | null {
    return visit.recordedByLibrarianId ? { id: visit.recordedByLibrarianId } : null;
  }

  @FieldResolver(() => [VisitCorrection], { description: 'Every correction, first to last; the last one set `count`' })
  async corrections(@Root() visit: VisitCount, @Ctx() { loaders }: CollectionsContext): Promise<VisitCorrection[]> {
    return loaders.correctionsByVisitId.load(visit.id);
  }
}

@Resolver(() => VisitCorrection)
export class VisitCorrectionResolver {
  @FieldResolver(() => Librarian, { nullable: true, description: 'The librarian who corrected the count, when a librarian did' })
  correctedByLibrarian(@Root() correction: VisitCorrection): Librarian | null {
    return correction.correctedByLibrarianId ? { id: correction.correctedByLibrarianId } : null;
  }
}

/** Collections' visit fields on the library. */
@Resolver(() => Library)
export class LibraryVisitsResolver {
  /**
   * Day by day, with who entered and corrected each count: audit detail, so the library's own
   * staff and ADMIN only. GOVERNMENT reads visitTotals.
   */
  @FieldResolver(() => [VisitCount], {
    nullable: true,
    description: "Day counts over a period (at most 366 days), by date, with their corrections (the library's staff, ADMIN; GOVERNMENT reads visitTotals)",
  })
  async visits(
    @Root() library: Library,
    @Arg('from', () => CalendarDateScalar) from: string,
    @Arg('to', () => CalendarDateScalar) to: string,
    @Ctx() ctx: CollectionsContext,
  ): Promise<VisitCount[]> {
    requireLibraryAccess(ctx.identity, library.id, 'RECORDS');
    validatePeriod(from, to);
    if (daysBetween(from, to) >= MAX_LIST_DAYS) throw new BadUserInputError('to', `a list of day counts covers at most ${MAX_LIST_DAYS} days`);
    return ctx.loaders.visitsByLibrary.load({ libraryId: library.id, from, to });
  }

  @FieldResolver(() => VisitTotals, {
    nullable: true,
    description: "Visits over a period (at most five years): total, days reported, per day, by source and month (the library's staff, GOVERNMENT, ADMIN)",
  })
  async visitTotals(
    @Root() library: Library,
    @Arg('from', () => CalendarDateScalar) from: string,
    @Arg('to', () => CalendarDateScalar) to: string,
    @Ctx() ctx: CollectionsContext,
  ): Promise<VisitTotals> {
    requireLibraryAccess(ctx.identity, library.id, 'FIGURES');
    validatePeriod(from, to);
    const f = await ctx.loaders.visitTotals.load({ libraryId: library.id, from, to });
    return {
      from,
      to,
      visits: f.visits,
      daysReported: f.daysReported,
      visitsPerDay: perDay(f.visits, f.daysReported),
      bySource: f.bySource,
      byMonth: f.byMonth.map((m) => ({ ...m, visitsPerDay: perDay(m.visits, m.daysReported) })),
    };
  }
}
