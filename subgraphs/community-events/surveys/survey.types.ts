import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { SatisfactionSurvey, SurveyQuestion } from './satisfaction-survey.entity';

@ObjectType({ description: 'The answers to one question, in figures' })
export class SatisfactionQuestionResult {
  @Field(() => SurveyQuestion)
  question: SurveyQuestion;

  @Field(() => Int)
  answers: number;

  @Field(() => Float, { nullable: true, description: 'RATING questions: average, 1-5' })
  averageRating: number | null;
}

@ObjectType({ description: "A survey's results, figures only (the library's staff, GOVERNMENT, ADMIN)" })
export class SatisfactionSurveyResults {
  @Field(() => Int)
  responses: number;

  @Field(() => Float, { nullable: true, description: 'Average of every rating answer, 1-5; null without answers' })
  satisfactionScore: number | null;

  @Field(() => [SatisfactionQuestionResult])
  questions: SatisfactionQuestionResult[];
}

@ObjectType({ description: 'A receipt for answers given' })
export class SatisfactionSurveyReceipt {
  @Field(() => ID)
  id: string;

  @Field(() => SatisfactionSurvey)
  survey: SatisfactionSurvey;

  @Field()
  submittedAt: Date;

  @Field(() => Int)
  answers: number;
}
