import { Arg, Args, Ctx, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { programmeVariant, requireLibraryAccess } from '../access';
import { PROMOTION_TABLE, YEARLY_TRAINING_HOURS_TARGET } from '../career';
import { COMPETENCY_UNIT_BY_CODE, CORE_COMPETENCY_UNITS } from '../competency-units';
import { IncentiveRule } from '../entities/incentive.entity';
import { IncentiveEligibility, StaffIndicators, StaffTrainingNeed } from '../types';
import { libraryToday } from '../util';
import { incentiveEligibility } from './incentive.resolver';
import { enrolmentClosesOn } from './training-programme.resolver';
import { BadUserInputError, NotFoundError } from '../../../shared/errors';
import { CalendarDateScalar } from '../../../shared/scalars';
import { daysBetween } from '../../../shared/time';
import { Holiday } from '../entities/holiday.entity';
import { Connection, ConnectionArgs, normalisePage } from '../../../shared/pagination';
import type { StaffContext } from '../context';
import { Librarian } from '../entities/librarian.entity';
import { Library } from '../entities/library.entity';
import { TrainingProgramme } from '../entities/training-programme.entity';

@ObjectType()
export class LibrarianConnection extends Connection(Librarian) {}

@ObjectType()
export class TrainingProgrammeConnection extends Connection(TrainingProgramme) {}

@Resolver(() => Library)
export class LibraryResolver {
  /** Public: the library directory. */
  @Query(() => [Library], { description: 'Every library in the region (public)' })
  async libraries(@Ctx() { db }: StaffContext): Promise<Library[]> {
    return db.getRepository(Library).find({ order: { name: 'ASC' } });
  }

  /** Public. NOT_FOUND for an unknown id. */
  @Query(() => Library, { nullable: true, description: 'One library by its slug (public; NOT_FOUND for an unknown slug)' })
  async library(@Arg('id', () => ID) id: string, @Ctx() { loaders }: StaffContext): Promise<Library> {
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
    @Arg('from', () => CalendarDateScalar) from: string,
    @Arg('to', () => CalendarDateScalar) to: string,
    @Ctx() { loaders }: StaffContext,
  ): Promise<Holiday[]> {
    const days = daysBetween(from, to);
    if (days < 0) throw new BadUserInputError('to', 'to must not be before from');
    if (days > 800) throw new BadUserInputError('to', 'Ask for at most 800 days at a time');
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
    @Arg('from', () => CalendarDateScalar) from: string,
    @Arg('to', () => CalendarDateScalar) to: string,
    @Ctx() { identity, loaders }: StaffContext,
  ): Promise<StaffIndicators> {
    requireLibraryAccess(identity, library.id);
    const days = daysBetween(from, to);
    if (days < 0) throw new BadUserInputError('to', 'to must not be before from');
    if (days > 800) throw new BadUserInputError('to', 'Ask for at most 800 days at a time');
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
  incentiveEligibility(@Root() library: Library, @Arg('year', () => Int) year: number, @Ctx() ctx: StaffContext): Promise<IncentiveEligibility[]> {
    requireLibraryAccess(ctx.identity, library.id, ['LIBRARY_ADMIN']);
    return incentiveEligibility(ctx, library.id, year);
  }

  @FieldResolver(() => [StaffTrainingNeed], {
    nullable: true,
    description:
      "Librarians missing a core competency unit or short of the yearly training-hours target, with the library's open programmes that would close the gap (the library's LIBRARY_ADMIN, ADMIN)",
  })
  async trainingNeeds(@Root() library: Library, @Arg('year', () => Int) year: number, @Ctx() ctx: StaffContext): Promise<StaffTrainingNeed[]> {
    requireLibraryAccess(ctx.identity, library.id, ['LIBRARY_ADMIN']);
    const { loaders } = ctx;
    const today = await libraryToday(ctx, library.id);
    const librarians = await loaders.allLibrariansByLibraryId.load(library.id);
    const [held, hours, upcoming] = await Promise.all([
      Promise.all(librarians.map((l) => loaders.competenciesByLibrarianId.load(l.id))),
      Promise.all(librarians.map((l) => loaders.trainingHoursByLibrarianYear.load({ librarianId: l.id, year }))),
      loaders.openProgrammesByLibrary.load({ libraryId: library.id, after: today }).then((ps) => ps.filter((p) => enrolmentClosesOn(p) >= today)),
    ]);
    const unitsOf = await Promise.all(upcoming.map((p) => loaders.unitCodesByProgrammeId.load(p.id)));
    const needs: StaffTrainingNeed[] = [];
    for (const [i, librarian] of librarians.entries()) {
      const valid = new Set(held[i].filter((c) => !c.expiresOn || c.expiresOn >= today).map((c) => c.unitCode));
      const missing = CORE_COMPETENCY_UNITS.filter((code) => !valid.has(code));
      const hoursShort = Math.max(0, YEARLY_TRAINING_HOURS_TARGET - hours[i]);
      if (!missing.length && !hoursShort) continue;
      needs.push({
        librarian,
        missingUnits: missing.map((code) => COMPETENCY_UNIT_BY_CODE.get(code)!),
        trainingHours: hours[i],
        trainingHoursTarget: YEARLY_TRAINING_HOURS_TARGET,
        hoursShort,
        suggestedProgrammes: upcoming.filter(
          (p, j) =>
            (!p.levelUpFor || p.levelUpFor === PROMOTION_TABLE[librarian.careerLevel].nextLevel) &&
            (hoursShort > 0 || unitsOf[j].some((u) => missing.includes(u.unitCode))),
        ),
      });
    }
    return needs;
  }
}
