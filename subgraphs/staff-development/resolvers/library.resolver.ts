import { Arg, Args, Ctx, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { requireStaffOrGovernment } from '../../../shared/auth';
import { NotFoundError } from '../../../shared/errors';
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

  /** Public: programmes are announced openly. */
  @FieldResolver(() => TrainingProgrammeConnection, { nullable: true, description: 'Training programmes run by the library, by start date (public)' })
  async trainingProgrammes(@Root() library: Library, @Args() args: ConnectionArgs, @Ctx() ctx: StaffContext) {
    return ctx.loaders.programmesByLibraryId.load({ parentId: library.id, page: normalisePage(args, ctx.config.maxPageSize) });
  }
}
