import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../../shared/platform/errors';
import { requirePersonalAccess } from '../access';
import type { StaffContext } from '../context';
import { Library } from '../libraries/library.entity';
import { Librarian } from './librarian.entity';

@Resolver(() => Librarian)
export class LibrarianResolver {
  /** Public profile (name, library, level); personal fields are guarded below. */
  @Query(() => Librarian, { description: "A librarian's public profile" })
  async librarian(@Arg('id', () => ID) id: string, @Ctx() { loaders }: StaffContext): Promise<Librarian> {
    const librarian = await loaders.librarianById.load(id);
    if (!librarian) throw new NotFoundError('Librarian', id);
    return librarian;
  }

  @FieldResolver(() => Library)
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
}
