import { Arg, Args, Ctx, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { requireStaffOrGovernment } from '../../../shared/auth';
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
    requireStaffOrGovernment(ctx.identity, library.id);
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

  /** Public: programmes are announced openly. */
  @FieldResolver(() => TrainingProgrammeConnection, { nullable: true, description: 'Training programmes run by the library, by start date (public)' })
  async trainingProgrammes(@Root() library: Library, @Args() args: ConnectionArgs, @Ctx() ctx: StaffContext) {
    return ctx.loaders.programmesByLibraryId.load({ parentId: library.id, page: normalisePage(args, ctx.config.maxPageSize) });
  }
}
