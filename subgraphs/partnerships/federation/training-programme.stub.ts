import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A training programme, owned by staff-development: a workshop or seminar may be given as one. */
@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
export class TrainingProgramme {
  @Field(() => ID)
  id: string;
}
