import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A librarian, owned by staff-development: events only point at them (facilitators); the gateway fetches names there. */
@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
export class Librarian {
  @Field(() => ID)
  id: string;
}
