import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The library, owned by staff-development. Not a table here: collections only adds fields to it
 * (items, members), so the reference resolver needs nothing but the id.
 */
@ObjectType()
@Directive('@key(fields: "id")')
export class Library {
  @Field(() => ID, { description: 'A slug: kupang, baubau, pasuruan, pematang-siantar' })
  id: string;
}
