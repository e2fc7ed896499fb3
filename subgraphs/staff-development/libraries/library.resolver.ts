import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError, NotFoundError } from '../../../shared/platform/errors';
import { ConnectionArgs, normalisePage } from '../../../shared/platform/pagination';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { daysBetween } from '../../../shared/platform/time';
import { programmeVariant, requireLibraryAccess, requireTrainingNeedsAccess } from '../access';
import { StaffTrainingNeed } from '../career/career.types';
import { trainingNeeds } from '../career/training-needs.service';
import type { StaffContext } from '../context';
import { IncentiveRule } from '../incentives/incentive.entity';
import { incentiveEligibility } from '../incentives/incentive.service';
import { IncentiveEligibility } from '../incentives/incentive.types';
import { StaffIndicators } from '../indicators/indicators.types';
import { LibrarianConnection } from '../librarians/librarian.types';
import { TrainingProgrammeConnection } from '../training/training.types';
import { Holiday } from './holiday.entity';
import { Library } from './library.entity';
import { libraryDirectory } from './library.service';

/** At most 800 days at a time: BAD_USER_INPUT on `to` otherwise. */
function checkPeriod(from: string, to: string): void {
  const days = daysBetween(from, to);
  if (days < 0) throw new BadUserInputError('to', 'to must not be before from');
  if (days > 800) throw new BadUserInputError('to', 'Ask for at most 800 days at a time');
}

/**
 * Library, owned here: the directory, its calendar, and what each feature adds to a library
 * (staff, programmes, figures, incentives, training needs), delegated to that feature's loaders
 * and services. Accreditations: accreditation.resolver.ts.
 */
@Resolver(() => Library)
export class LibraryResolver {
  /** Public: the library directory. */
  @Query(() => [Library], { description: 'Every library in the region (public)' })
  async libraries(@Ctx() { db }: StaffContext): Promise<Library[]> {
    return libraryDirectory(db);
  }

  /** Public. NOT_FOUND for an unknown id. */
  @Query(() => Library, { nullable: true, description: 'One library by its slug (public; NOT_FOUND for an unknown slug)' })
  async library(@Arg('id', () => ID, { description: "The library's id (its slug, e.g. `kupang`)" }) id: string, @Ctx() { loaders }: StaffContext): Promise<Library> {
    const library = await loaders.libraryById.load(id);
    if (!library) throw new NotFoundError('Library', id);
    return library;
  }

  /** The staff directory: the library's own staff, GOVERNMENT and ADMIN. */
  @FieldResolver(() => LibrarianConnection, { nullable: true, description: "The library's librarians, by name (its staff, GOVERNMENT, ADMIN)" })
  async librarians(@Root() library: Library, @Args() args: ConnectionArgs, @Ctx() ctx: StaffContext) {
    requireLibraryAccess(ctx.identity, library.id);
    return ctx.loaders.librariansByLibraryId.load({ parentId: library.id, page: normalisePage(args, ctx.config.maxPageSize) });
  }

  /** Public: when the library is closed. Other subgraphs read it for due dates and event days. */
  @FieldResolver(() => [Holiday], { description: 'National and local holidays in the period, at most 800 days (public)' })
  async holidays(
    @Root() library: Library,
    @Arg('from', () => CalendarDateScalar, { description: 'First day of the period' }) from: string,
    @Arg('to', () => CalendarDateScalar, { description: 'Last day of the period (included), at most 800 days after from' }) to: string,
    @Ctx() { loaders }: StaffContext,
  ): Promise<Holiday[]> {
    checkPeriod(from, to);
    return loaders.holidaysByLibrary.load({ libraryId: library.id, from, to });
  }

  /** Public: programmes are announced openly; drafts only to the library's staff, GOVERNMENT (of its province) and ADMIN. */
  @FieldResolver(() => TrainingProgrammeConnection, {
    nullable: true,
    description: "Training programmes run by the library, by start date (public; drafts for the library's staff, GOVERNMENT, ADMIN)",
  })
  async trainingProgrammes(@Root() library: Library, @Args() args: ConnectionArgs, @Ctx() ctx: StaffContext) {
    return ctx.loaders.programmesByLibraryId.load({
      parentId: library.id,
      page: normalisePage(args, ctx.config.maxPageSize),
      // one variant for every library of the request: drafts of the libraries the caller sees
      variant: programmeVariant(ctx.identity),
    });
  }

  /** Grouped queries through a loader: all libraries cost what one does. */
  @FieldResolver(() => StaffIndicators, {
    nullable: true,
    description: "Training of the library's staff in a period, at most 800 days (the library's staff, GOVERNMENT, ADMIN)",
  })
  staffIndicators(
    @Root() library: Library,
    @Arg('from', () => CalendarDateScalar, { description: 'First day of the period' }) from: string,
    @Arg('to', () => CalendarDateScalar, { description: 'Last day of the period (included), at most 800 days after from' }) to: string,
    @Ctx() { identity, loaders }: StaffContext,
  ): Promise<StaffIndicators> {
    requireLibraryAccess(identity, library.id);
    checkPeriod(from, to);
    return loaders.staffIndicators.load({ libraryId: library.id, from, to });
  }

  @FieldResolver(() => [IncentiveRule], { nullable: true, description: "The library's incentive rules (its staff, GOVERNMENT, ADMIN)" })
  incentiveRules(@Root() library: Library, @Ctx() { identity, loaders }: StaffContext): Promise<IncentiveRule[]> {
    requireLibraryAccess(identity, library.id);
    return loaders.incentiveRulesByLibraryId.load(library.id);
  }

  @FieldResolver(() => [IncentiveEligibility], {
    nullable: true,
    description: 'Per rule and librarian: training hours in the year, eligible, awarded (the library’s LIBRARY_ADMIN, ADMIN)',
  })
  incentiveEligibility(
    @Root() library: Library,
    @Arg('year', () => Int, { description: 'The calendar year whose training hours count, e.g. 2026' }) year: number,
    @Ctx() ctx: StaffContext,
  ): Promise<IncentiveEligibility[]> {
    requireLibraryAccess(ctx.identity, library.id, ['LIBRARY_ADMIN']);
    return incentiveEligibility(ctx, library.id, year);
  }

  @FieldResolver(() => [StaffTrainingNeed], {
    nullable: true,
    description:
      "Librarians missing a core competency unit or short of the yearly training-hours target, with the library's open programmes that would close the gap (the library's LIBRARY_ADMIN, ADMIN; FORBIDDEN for GOVERNMENT, which reads staffIndicators and regionalReport)",
  })
  async trainingNeeds(
    @Root() library: Library,
    @Arg('year', () => Int, { description: 'The calendar year whose training-hours target is checked, e.g. 2026' }) year: number,
    @Ctx() ctx: StaffContext,
  ): Promise<StaffTrainingNeed[]> {
    requireTrainingNeedsAccess(ctx.identity, library.id);
    return trainingNeeds(ctx, library.id, year);
  }
}
