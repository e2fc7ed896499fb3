import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { requireLibraryAccess } from '../access';
import type { CollectionsContext } from '../context';
import { Librarian } from '../federation/librarian.stub';
import { Library } from '../federation/library.stub';
import { VisitCorrection } from './visit-correction.entity';
import { VisitCount } from './visit-count.entity';
import { CorrectVisitsInput, RecordVisitsInput } from './visit.inputs';
import { correctVisits, dayCounts, recordVisits, visitTotals } from './visit.service';
import { VisitTotals } from './visit.types';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';

/** Recording and correcting visits; rules and concurrency in visit.service.ts. */
@Resolver(() => VisitCount)
export class VisitCountResolver {
  @Mutation(() => VisitCount, {
    nullable: true,
    description:
      "Enter a day's visitor count (the library's LIBRARIAN or LIBRARY_ADMIN, ADMIN): once per day, for today or an earlier day in the library's zone; CONFLICT (reason VISITS_ALREADY_RECORDED) when the day has one — correct it instead",
  })
  async recordVisits(
    @Arg('input', () => RecordVisitsInput, { description: 'The library, the day and its count' }) input: RecordVisitsInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: CollectionsContext,
  ): Promise<VisitCount> {
    return recordVisits({ db: ctx.db, calendars: ctx.calendar }, ctx.identity, input, idempotencyKey);
  }

  @Mutation(() => VisitCount, {
    nullable: true,
    description:
      "Correct a day's visitor count (the library's LIBRARIAN or LIBRARY_ADMIN, ADMIN): the correction is kept with the count before and after, the reason, who and when; concurrent corrections are all kept, in order",
  })
  async correctVisits(
    @Arg('input', () => CorrectVisitsInput, { description: 'The library, the day, the right count and why' }) input: CorrectVisitsInput,
    @Ctx() ctx: CollectionsContext,
  ): Promise<VisitCount> {
    return correctVisits({ db: ctx.db, calendars: ctx.calendar }, ctx.identity, input);
  }

  @FieldResolver(() => Library, { description: 'The library visited' })
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
    @Arg('from', () => CalendarDateScalar, { description: "First day of the period, in the library's time zone" }) from: string,
    @Arg('to', () => CalendarDateScalar, { description: 'Last day of the period (included), at most 366 days in all' }) to: string,
    @Ctx() ctx: CollectionsContext,
  ): Promise<VisitCount[]> {
    requireLibraryAccess(ctx.identity, library.id, 'RECORDS');
    return dayCounts(ctx.loaders, library.id, from, to);
  }

  @FieldResolver(() => VisitTotals, {
    nullable: true,
    description: "Visits over a period (at most five years): total, days reported, per day, by source and month (the library's staff, GOVERNMENT, ADMIN)",
  })
  async visitTotals(
    @Root() library: Library,
    @Arg('from', () => CalendarDateScalar, { description: "First day of the period, in the library's time zone" }) from: string,
    @Arg('to', () => CalendarDateScalar, { description: 'Last day of the period (included), at most five years after from' }) to: string,
    @Ctx() ctx: CollectionsContext,
  ): Promise<VisitTotals> {
    requireLibraryAccess(ctx.identity, library.id, 'FIGURES');
    return visitTotals(ctx.loaders, library.id, from, to);
  }
}
