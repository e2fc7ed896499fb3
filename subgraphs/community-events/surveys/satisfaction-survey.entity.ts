import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';

export enum SurveyQuestionKind {
  RATING = 'RATING',
  TEXT = 'TEXT',
}
registerEnumType(SurveyQuestionKind, {
  name: 'SatisfactionQuestionKind',
  description: 'RATING: 1 (very dissatisfied) to 5 (very satisfied), counts in the satisfaction score; TEXT: a free answer',
  valuesConfig: {
    RATING: { description: 'A rating from 1 (very dissatisfied) to 5 (very satisfied); must be answered, and counts in the satisfaction score' },
    TEXT: { description: 'A free-text answer (optional)' },
  },
});

/**
 * A library's general satisfaction survey (IKM, Indeks Kepuasan Masyarakat), open between two
 * dates in the library's time zone. Anyone may answer once: a member by their token, a guest by
 * e-mail (only a hash of the address is kept, to recognise a second answer).
 */
@ObjectType({ description: "A library's satisfaction survey: questions, open between two dates (public)" })
@Directive('@key(fields: "id")')
@Entity('satisfaction_survey')
@Index('IDX_satisfaction_survey_library', ['libraryId', 'opensOn'])
export class SatisfactionSurvey {
  @Field(() => ID, { description: "The survey's id (a UUID)" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @Field({ description: "The survey's title" })
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field({ description: 'An introduction for respondents; an empty string when none was given' })
  @Column({ type: 'text' })
  description: string;

  @Field(() => CalendarDateScalar, { description: "First day answers are taken (library's time zone)" })
  @Column({ type: 'date' })
  opensOn: string;

  @Field(() => CalendarDateScalar, { description: "Last day answers are taken (library's time zone)" })
  @Column({ type: 'date' })
  closesOn: string;

  @Field({ description: 'When the survey was created (an instant in UTC)' })
  @Column({ type: 'datetime' })
  createdAt: Date;
}

@ObjectType('SatisfactionQuestion', { description: 'One question of a satisfaction survey' })
@Entity('satisfaction_question')
@Index('IDX_satisfaction_question_survey', ['surveyId', 'position'])
export class SurveyQuestion {
  @Field(() => ID, { description: "The question's id (a UUID), for SatisfactionAnswerInput.questionId" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  surveyId: string;

  @ManyToOne(() => SatisfactionSurvey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'surveyId' })
  survey?: SatisfactionSurvey;

  @Field(() => Int, { description: '1, 2, … in the order asked' })
  @Column({ type: 'int' })
  position: number;

  @Field({ description: 'The question as asked' })
  @Column({ type: 'varchar', length: 500 })
  text: string;

  @Field(() => SurveyQuestionKind, { description: 'A rating (1-5) or a free-text answer' })
  @Column({ type: 'varchar', length: 10 })
  kind: SurveyQuestionKind;
}

/** One person's answers to a survey; (surveyId, respondentKey) is unique: once per survey. */
@Entity('satisfaction_response')
@Index('UQ_satisfaction_response_respondent', ['surveyId', 'respondentKey'], { unique: true })
@Index('IDX_satisfaction_response_submitted', ['surveyId', 'submittedAt'])
export class SurveyResponse {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  surveyId: string;

  @ManyToOne(() => SatisfactionSurvey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'surveyId' })
  survey?: SatisfactionSurvey;

  /** member:<memberId>, or guest:<SHA-256 of the lower-cased e-mail>. */
  @Column({ type: 'varchar', length: 100 })
  respondentKey: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  memberId: string | null;

  @Column({ type: 'datetime' })
  submittedAt: Date;
}

@Entity('satisfaction_answer')
@Index('UQ_satisfaction_answer_question', ['responseId', 'questionId'], { unique: true })
@Index('IDX_satisfaction_answer_question', ['questionId'])
export class SurveyAnswer {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  responseId: string;

  @ManyToOne(() => SurveyResponse, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'responseId' })
  response?: SurveyResponse;

  @Column({ type: 'varchar', length: 36 })
  questionId: string;

  @ManyToOne(() => SurveyQuestion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'questionId' })
  question?: SurveyQuestion;

  /** 1-5 for a RATING question. */
  @Column({ type: 'int', nullable: true })
  rating: number | null;

  @Column({ type: 'text', nullable: true })
  text: string | null;
}
