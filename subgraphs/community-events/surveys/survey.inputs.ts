import { ArrayMaxSize, ArrayMinSize, IsEmail, IsEnum, IsInt, IsOptional, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { LIBRARY_SLUG } from '../events/event.inputs';
import { SurveyQuestionKind } from './satisfaction-survey.entity';

@InputType({ description: 'A rating of an event attended' })
export class RateEventInput {
  @Field(() => ID, { description: 'The event (for a series: the session) attended' })
  @Length(1, 36)
  eventId: string;

  @Field(() => Int, { description: '1 (poor) to 5 (excellent)' })
  @IsInt()
  @Min(1)
  @Max(5)
  rating: number;

  @Field(() => String, { nullable: true, description: 'Up to 2000 characters' })
  @IsOptional()
  @MaxLength(2000)
  comment?: string;

  @Field(() => ID, { nullable: true, description: 'Guests: the registration …' })
  @IsOptional()
  @Length(1, 36)
  registrationId?: string;

  @Field(() => String, { nullable: true, description: '… and the guestToken given when registering' })
  @IsOptional()
  @MaxLength(100)
  guestToken?: string;
}

@InputType({ description: 'One question of a new satisfaction survey' })
export class SatisfactionQuestionInput {
  @Field({ description: '3-500 characters' })
  @Length(3, 500)
  text: string;

  @Field(() => SurveyQuestionKind, { defaultValue: SurveyQuestionKind.RATING, description: 'RATING (the default) or TEXT' })
  @IsEnum(SurveyQuestionKind)
  kind: SurveyQuestionKind;
}

@InputType({ description: 'A new satisfaction survey for a library' })
export class CreateSatisfactionSurveyInput {
  @Field(() => ID, { description: "The library's slug, e.g. kupang" })
  @Length(1, 40)
  @Matches(LIBRARY_SLUG, { message: 'libraryId is a library slug such as kupang' })
  libraryId: string;

  @Field({ description: '3-200 characters' })
  @Length(3, 200)
  title: string;

  @Field({ nullable: true, description: 'An introduction for respondents, up to 5000 characters' })
  @IsOptional()
  @MaxLength(5000)
  description?: string;

  @Field(() => CalendarDateScalar, { description: "First day answers are taken (library's time zone)" })
  opensOn: string;

  @Field(() => CalendarDateScalar, { description: 'On or after opensOn' })
  closesOn: string;

  @Field(() => [SatisfactionQuestionInput], { description: '1-30 questions, asked in this order' })
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  questions: SatisfactionQuestionInput[];
}

@InputType({ description: 'The answer to one question of a survey' })
export class SatisfactionAnswerInput {
  @Field(() => ID, { description: 'The question answered (SatisfactionQuestion.id)' })
  @Length(1, 36)
  questionId: string;

  @Field(() => Int, { nullable: true, description: 'For a RATING question: 1-5' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  rating?: number;

  @Field(() => String, { nullable: true, description: 'For a TEXT question: up to 2000 characters' })
  @IsOptional()
  @MaxLength(2000)
  text?: string;
}

@InputType({ description: "One respondent's answers to a satisfaction survey" })
export class AnswerSatisfactionSurveyInput {
  @Field(() => ID, { description: 'The survey answered' })
  @Length(1, 36)
  surveyId: string;

  @Field(() => [SatisfactionAnswerInput], { description: 'Every RATING question must be answered' })
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  answers: SatisfactionAnswerInput[];

  @Field(() => String, { nullable: true, description: 'Guests (no token): the e-mail that makes the answer once-only; only its hash is kept' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(200)
  email?: string;
}
