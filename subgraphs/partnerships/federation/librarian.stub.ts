import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Library } from './library.stub';

/**
 * A librarian, owned by staff-development. Partnerships adds `supervisedInternships`, and needs the
 * librarian's library to decide who may list them (their library's admins): `@requires` has the
 * gateway fetch it from staff-development first.
 */
@ObjectType({ description: 'A librarian of a city library: name, library and level are public; NIP and contact details personal' })
@Directive('@key(fields: "id")')
export class Librarian {
  @Field(() => ID, { description: "The librarian's id" })
  id: string;

  @Field(() => Library)
  @Directive('@external')
  library?: Library;
}
