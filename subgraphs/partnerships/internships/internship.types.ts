import { Field, Float, ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { Internship, InternshipScore } from './internship.entity';

@ObjectType()
export class InternshipConnection extends Connection(Internship) {}

@ObjectType({ description: "The supervisor's final evaluation of an intern" })
export class InternshipEvaluation {
  @Field(() => [InternshipScore])
  scores: InternshipScore[];

  @Field(() => Float, { description: 'Mean of the scores' })
  averageScore: number;

  @Field()
  comment: string;

  @Field()
  evaluatedAt: Date;
}
