import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Library } from './library.stub';

/**
 * A librarian, owned by staff-development. Partnerships adds `supervisedInternships`, and needs the
 * librarian's library to decide who may list them (their library's admins): `@requires` has the
 * gateway fetch it from staff-development first.
 */
@ObjectType({ description: 'A librarian (owned by staff-development; partnerships adds the interns they supervise)' })
@Directive('@key(fields: "id")')
export class Librarian {
  @Field(() => ID)
  id: string;

  @Field(() => Library)
  @Directive('@external')
  library?: Library;
}
