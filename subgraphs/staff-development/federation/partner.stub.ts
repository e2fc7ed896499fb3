import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * A partner institution (a university giving training …), owned by partnerships. Not a table here.
 * Its key is resolvable (the default) because this subgraph adds `Partner.trainingProgrammes`: the
 * gateway must be able to enter here with a partner's id; the reference is just that id.
 */
@ObjectType()
@Directive('@key(fields: "id")')
export class Partner {
  @Field(() => ID, { description: "The partner's id" })
  id: string;
}
