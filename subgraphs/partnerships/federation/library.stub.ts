import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The city library, owned by staff-development. Not a table here: this subgraph only knows a
 * library by its slug and adds its partners to it.
 */
@ObjectType({ description: 'A city library' })
@Directive('@key(fields: "id")')
export class Library {
  @Field(() => ID, { description: 'A slug: kupang, baubau, pasuruan, pematang-siantar' })
  id: string;
}
