import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A library card holder, owned by collections (personal data stays there). */
@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
export class Member {
  @Field(() => ID)
  id: string;
}
