import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../../shared/platform/errors';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { requirePersonalAccess } from '../access';
import type { StaffContext } from '../context';
import { Library } from '../libraries/library.entity';
import { Librarian } from './librarian.entity';
import { AddLibrarianInput, UpdateLibrarianInput } from './librarian.inputs';
import { addLibrarian, endEmployment, isCurrentStaff, updateLibrarian } from './librarian.service';

@Resolver(() => Librarian)
export class LibrarianResolver {
  /** Public profile (name, library, level); personal fields are guarded below. */
  @Query(() => Librarian, { description: "A librarian's public profile" })
  async librarian(@Arg('id', () => ID, { description: "The librarian's id" }) id: string, @Ctx() { loaders }: StaffContext): Promise<Librarian> {
    const librarian = await loaders.librarianById.load(id);
    if (!librarian) throw new NotFoundError('Librarian', id);
    return librarian;
  }

  @FieldResolver(() => Library, { description: 'The library the librarian works at' })
  async library(@Root() librarian: Librarian, @Ctx() { loaders }: StaffContext): Promise<Library> {
    return (await loaders.libraryById.load(librarian.libraryId))!;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Employee number (NIP). Personal: self, own library admins, ADMIN' })
  nip(@Root() librarian: Librarian, @Ctx() { identity }: StaffContext): string {
    requirePersonalAccess(identity, librarian);
    return librarian.nip;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Work e-mail. Personal: self, own library admins, ADMIN' })
  email(@Root() librarian: Librarian, @Ctx() { identity }: StaffContext): string {
    requirePersonalAccess(identity, librarian);
    return librarian.email;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Contact telephone. Personal: self, own library admins, ADMIN' })
  phone(@Root() librarian: Librarian, @Ctx() { identity }: StaffContext): string | null {
    requirePersonalAccess(identity, librarian);
    return librarian.phone;
  }

  @FieldResolver(() => Boolean, { description: 'False from the day their employment ended (endEmployment)' })
  onStaff(@Root() librarian: Librarian, @Ctx() ctx: StaffContext): Promise<boolean> {
    return isCurrentStaff(ctx, librarian);
  }

  @FieldResolver(() => CalendarDateScalar, { nullable: true, description: 'The first day no longer employed; null while employed. Personal' })
  employmentEndedOn(@Root() librarian: Librarian, @Ctx() { identity }: StaffContext): string | null {
    requirePersonalAccess(identity, librarian);
    return librarian.employmentEndedOn;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why employment ended. Personal' })
  employmentEndReason(@Root() librarian: Librarian, @Ctx() { identity }: StaffContext): string | null {
    requirePersonalAccess(identity, librarian);
    return librarian.employmentEndReason;
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Librarian, {
    nullable: true,
    description: "Add a librarian to a library (the library's LIBRARY_ADMIN, ADMIN). The NIP is checked for its structure (BAD_USER_INPUT) and is unique (CONFLICT)",
  })
  addLibrarian(
    @Arg('input', () => AddLibrarianInput, { description: 'The new librarian' }) input: AddLibrarianInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<Librarian> {
    return addLibrarian(ctx, input, idempotencyKey);
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Librarian, { nullable: true, description: "Change a librarian's contact, work e-mail or position (their library's LIBRARY_ADMIN, ADMIN)" })
  updateLibrarian(
    @Arg('id', () => ID, { description: "The librarian's id" }) id: string,
    @Arg('input', () => UpdateLibrarianInput, { description: 'The fields to change' }) input: UpdateLibrarianInput,
    @Ctx() ctx: StaffContext,
  ): Promise<Librarian> {
    return updateLibrarian(ctx, id, input);
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Librarian, {
    nullable: true,
    description:
      "The librarian leaves on `on` (their first day no longer employed; their library's LIBRARY_ADMIN, ADMIN): out of staff figures and new training from then on, and their sign-in stops working. CONFLICT when ended already",
  })
  endEmployment(
    @Arg('id', () => ID, { description: "The librarian's id" }) id: string,
    @Arg('on', () => CalendarDateScalar, { description: 'Their first day no longer employed; not before the date in their current level' }) on: string,
    @Arg('reason', { description: 'Why employment ends, 3-300 characters (trimmed)' }) reason: string,
    @Ctx() ctx: StaffContext,
  ): Promise<Librarian> {
    return endEmployment(ctx, id, on, reason);
  }
}
