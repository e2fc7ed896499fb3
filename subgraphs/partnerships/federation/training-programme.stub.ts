import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A training programme, owned by staff-development: a workshop or seminar may be given as one. */
@ObjectType({ description: 'A training programme for librarians, counted in lesson hours (JP)' })
@Directive('@key(fields: "id", resolvable: false)')
export class TrainingProgramme {
  @Field(() => ID, { description: "The training programme's id" })
  id: string;
}
