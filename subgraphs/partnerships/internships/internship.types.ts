import { Field, Float, ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { Internship, InternshipScore } from './internship.entity';

@ObjectType({ description: 'A page of internships, by start date' })
export class InternshipConnection extends Connection(Internship) {}

@ObjectType({ description: "The supervisor's final evaluation of an intern" })
export class InternshipEvaluation {
  @Field(() => [InternshipScore], { description: 'One score per criterion' })
  scores: InternshipScore[];

  @Field(() => Float, { description: 'Mean of the scores' })
  averageScore: number;

  @Field({ description: "The supervisor's comment" })
  comment: string;

  @Field({ description: 'When the evaluation was last given or revised (an instant, UTC)' })
  evaluatedAt: Date;
}
