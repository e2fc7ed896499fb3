import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * A partner institution, owned by partnerships. Not a table here, and not resolvable here:
 * collections only points at it (an institution member stands for a partner school).
 */
@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
export class Partner {
  @Field(() => ID)
  id: string;
}
