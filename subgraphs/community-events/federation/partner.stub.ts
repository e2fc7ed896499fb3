import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * A partner institution (school, university, community group …), owned by partnerships. Events
 * point at it as co-host, and this subgraph adds `coHostedEvents`: resolved from a bare
 * representation.
 */
@ObjectType()
@Directive('@key(fields: "id")')
export class Partner {
  @Field(() => ID, { description: "The partner's id" })
  id: string;
}
