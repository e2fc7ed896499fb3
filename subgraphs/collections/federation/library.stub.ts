import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

/**
 * The library, owned by staff-development. Not a table here: collections only adds fields to it
 * (items, members, loan rules, indicators …), so the reference resolver needs the id, and the
 * population when the gateway brings it for collectionIndicators (`@requires`).
 */
@ObjectType()
@Directive('@key(fields: "id")')
export class Library {
  @Field(() => ID, { description: 'A slug: kupang, baubau, pasuruan, pematang-siantar' })
  id: string;

  /** Owned by staff-development; the gateway fetches it before collectionIndicators. */
  @Field(() => Int)
  @Directive('@external')
  population?: number;
}
