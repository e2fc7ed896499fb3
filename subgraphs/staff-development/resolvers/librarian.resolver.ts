import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../../shared/errors';
import { deny, isStaffOf, type Identity } from '../../../shared/auth';
import type { StaffContext } from '../context';
import { Librarian } from '../entities/librarian.entity';
import { Library } from '../entities/library.entity';

/** Personal data of a librarian: the librarian, their library's admins, ADMIN. */
export function requirePersonalAccess(identity: Identity, librarian: Librarian): void {
  if (identity.role === 'LIBRARIAN' && identity.librarianId === librarian.id) return;
  if (isStaffOf(identity, librarian.libraryId, ['LIBRARY_ADMIN'])) return;
  deny(identity, "A librarian's personal data is only for them and their library's admins");
}

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
