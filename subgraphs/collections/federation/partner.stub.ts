import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * A partner institution, owned by partnerships. Not a table here: an institution member stands
 * for a partner school, and collections adds the copies lent to it (institutionLoans).
 */
@ObjectType()
@Directive('@key(fields: "id")')
export class Partner {
  @Field(() => ID, { description: "The partner's id" })
  id: string;
}
