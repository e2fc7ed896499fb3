import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * A librarian, owned by staff-development. Not a table here: visit counts and corrections,
 * suggestions and orders point at the librarian who entered them; the gateway fetches the rest
 * (name …) from staff-development, so this subgraph never resolves one (`resolvable: false`).
 */
@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
export class Librarian {
  @Field(() => ID, { description: "The librarian's id" })
  id: string;
}
