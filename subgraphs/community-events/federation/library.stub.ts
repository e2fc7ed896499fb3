import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * A library, owned by staff-development (name, city, time zone …). Not a table here: this
 * subgraph knows a library by its slug and adds `events` to it.
 */
@ObjectType({ description: 'A city library' })
@Directive('@key(fields: "id")')
export class Library {
  @Field(() => ID)
  id: string;
}
