import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A partner institution (school, university, community group …), owned by partnerships. */
@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
export class Partner {
  @Field(() => ID)
  id: string;
}
