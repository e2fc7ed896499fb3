import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { SatisfactionSurvey, SurveyQuestion } from './satisfaction-survey.entity';

@ObjectType({ description: 'The answers to one question, in figures' })
export class SatisfactionQuestionResult {
  @Field(() => SurveyQuestion, { description: 'The question' })
  question: SurveyQuestion;

  @Field(() => Int, { description: 'How many responses include an answer to it' })
  answers: number;

  @Field(() => Float, { nullable: true, description: 'RATING questions: average, 1-5' })
  averageRating: number | null;
}

@ObjectType({ description: "A survey's results, figures only (the library's staff, GOVERNMENT, ADMIN)" })
export class SatisfactionSurveyResults {
  @Field(() => Int, { description: 'How many people answered the survey' })
  responses: number;

  @Field(() => Float, { nullable: true, description: 'Average of every rating answer, 1-5; null without answers' })
  satisfactionScore: number | null;

  @Field(() => [SatisfactionQuestionResult], { description: 'The figures of each question, in the order asked' })
  questions: SatisfactionQuestionResult[];
}

@ObjectType({ description: 'A receipt for answers given' })
export class SatisfactionSurveyReceipt {
  @Field(() => ID, { description: 'The id of the response recorded' })
  id: string;

  @Field(() => SatisfactionSurvey, { description: 'The survey answered' })
  survey: SatisfactionSurvey;

  @Field({ description: 'When the answers were recorded (an instant in UTC)' })
  submittedAt: Date;

  @Field(() => Int, { description: 'How many answers were recorded' })
  answers: number;
}

@ObjectType({ description: "One respondent's free-text answers to a survey, without who gave them (the survey library's LIBRARIAN and LIBRARY_ADMIN, ADMIN)" })
export class SatisfactionResponse {
  @Field(() => ID, { description: "The id of the response (one respondent's answers)" })
  id: string;

  @Field({ description: 'When the answers were given' })
  submittedAt: Date;
}

@ObjectType({ description: 'The answer to one TEXT question, as the respondent wrote it' })
export class SatisfactionTextAnswer {
  @Field(() => SurveyQuestion, { description: 'The question answered' })
  question: SurveyQuestion;

  @Field({ description: 'The answer, trimmed' })
  text: string;
}

@ObjectType({ description: 'Responses with at least one free-text answer, oldest first' })
export class SatisfactionResponseConnection extends Connection(SatisfactionResponse) {}
