import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { deny, requireStaffOf } from '../../../shared/platform/auth';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';
import { BadUserInputError, NotFoundError, UnauthenticatedError } from '../../../shared/platform/errors';
import { ConnectionArgs, normalisePage } from '../../../shared/platform/pagination';
import { requireIndicatorAccess, requireSurveyTextAccess } from '../access';
import type { EventsContext } from '../context';
import { Library } from '../federation/library.stub';
import { SatisfactionSurvey, SurveyQuestion } from './satisfaction-survey.entity';
import { AnswerSatisfactionSurveyInput, CreateSatisfactionSurveyInput } from './survey.inputs';
import { answerSatisfactionSurvey, createSatisfactionSurvey, isSurveyOpen } from './survey.service';
import { SatisfactionResponse, SatisfactionResponseConnection, SatisfactionSurveyReceipt, SatisfactionSurveyResults, SatisfactionTextAnswer } from './survey.types';

@Resolver(() => SatisfactionSurvey)
export class SatisfactionSurveyResolver {
  @Query(() => SatisfactionSurvey, { description: 'A satisfaction survey and its questions (public)' })
  async satisfactionSurvey(@Arg('id', () => ID, { description: "The survey's id" }) id: string, @Ctx() { loaders }: EventsContext): Promise<SatisfactionSurvey> {
    const survey = await loaders.surveyById.load(id);
    if (!survey) throw new NotFoundError('Satisfaction survey', id);
    return survey;
  }

  @FieldResolver(() => Library, { description: 'The library whose survey it is' })
  library(@Root() survey: SatisfactionSurvey): Library {
    return { id: survey.libraryId };
  }

  @FieldResolver(() => [SurveyQuestion], { description: 'The questions, in the order asked' })
  async questions(@Root() survey: SatisfactionSurvey, @Ctx() { loaders }: EventsContext): Promise<SurveyQuestion[]> {
    return loaders.questionsBySurveyId.load(survey.id);
  }

  @FieldResolver(() => Boolean, { description: "Taking answers today (the library's time zone)" })
  async open(@Root() survey: SatisfactionSurvey, @Ctx() ctx: EventsContext): Promise<boolean> {
    return isSurveyOpen(ctx, survey);
  }

  @FieldResolver(() => SatisfactionSurveyResults, { nullable: true, description: "Figures (the library's staff, GOVERNMENT, ADMIN)" })
  async results(@Root() survey: SatisfactionSurvey, @Ctx() ctx: EventsContext): Promise<SatisfactionSurveyResults> {
    requireIndicatorAccess(ctx.identity, survey.libraryId);
    const [tally, questions] = await Promise.all([ctx.loaders.surveyTallyBySurveyId.load(survey.id), ctx.loaders.questionsBySurveyId.load(survey.id)]);
    let rated = 0;
    let total = 0;
    const perQuestion = questions.map((question) => {
      const t = tally.questions.get(question.id) ?? { answers: 0, ratings: 0, total: 0 };
      rated += t.ratings;
      total += t.total;
      return { question, answers: t.answers, averageRating: t.ratings ? Math.round((t.total / t.ratings) * 100) / 100 : null };
    });
    return { responses: tally.responses, satisfactionScore: rated ? Math.round((total / rated) * 100) / 100 : null, questions: perQuestion };
  }

  /** Personal words: the LIBRARIAN and LIBRARY_ADMIN of the survey's library, ADMIN (GOVERNMENT reads `results`). */
  @FieldResolver(() => SatisfactionResponseConnection, {
    nullable: true,
    description:
      "The free-text answers, one respondent's per node, oldest first, without who gave them (the survey library's LIBRARIAN and LIBRARY_ADMIN, ADMIN; GOVERNMENT reads results instead)",
  })
  async textAnswers(@Root() survey: SatisfactionSurvey, @Args() args: ConnectionArgs, @Ctx() ctx: EventsContext) {
    requireSurveyTextAccess(ctx.identity, survey);
    return ctx.loaders.textResponsesBySurveyId.load({ parentId: survey.id, page: normalisePage(args, ctx.config.maxPageSize) });
  }

  /** LIBRARY_ADMIN of the library, ADMIN. */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => SatisfactionSurvey, { nullable: true, description: 'Open a satisfaction survey for a library (LIBRARY_ADMIN of the library, ADMIN)' })
  async createSatisfactionSurvey(
    @Arg('input', () => CreateSatisfactionSurveyInput, { description: 'The survey and its questions' }) input: CreateSatisfactionSurveyInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: EventsContext,
  ): Promise<SatisfactionSurvey> {
    requireStaffOf(ctx.identity, input.libraryId, ['LIBRARY_ADMIN']);
    return createSatisfactionSurvey(ctx, input, idempotencyKey);
  }

  /**
   * Anyone, once per survey: a MEMBER by their token, anyone else by e-mail (only its hash is
   * kept). Staff, partners and government do not answer their own service's survey.
   */
  @Mutation(() => SatisfactionSurveyReceipt, {
    nullable: true,
    description: 'Answer a satisfaction survey while it is open, once: a MEMBER by token, a guest by e-mail (PUBLIC, MEMBER); CONFLICT for a second answer',
  })
  async answerSatisfactionSurvey(
    @Arg('input', () => AnswerSatisfactionSurveyInput, { description: 'The survey and the answers' }) input: AnswerSatisfactionSurveyInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: EventsContext,
  ): Promise<SatisfactionSurveyReceipt> {
    const { identity } = ctx;
    if (identity.role !== 'PUBLIC' && identity.role !== 'MEMBER') deny(identity, 'The satisfaction survey is for the public and members');
    if (identity.role === 'MEMBER' && input.email) throw new BadUserInputError('email', 'A member answers from their token; leave email out');
    if (identity.role === 'PUBLIC' && !input.email) throw new UnauthenticatedError('Sign in as a member, or give an e-mail');
    return answerSatisfactionSurvey(ctx, input, idempotencyKey);
  }
}

/** A response reaches a client only through SatisfactionSurvey.textAnswers, which checked the caller. */
@Resolver(() => SatisfactionResponse)
export class SatisfactionResponseResolver {
  @FieldResolver(() => [SatisfactionTextAnswer], { description: 'The free-text answers of this response, in the order the questions were asked' })
  async answers(@Root() response: SatisfactionResponse, @Ctx() { loaders }: EventsContext): Promise<SatisfactionTextAnswer[]> {
    const answers = await loaders.textAnswersByResponseId.load(response.id);
    const questions = await loaders.questionById.loadMany(answers.map((a) => a.questionId));
    return answers.map((a, i) => ({ question: questions[i] as SurveyQuestion, text: a.text! }));
  }
}
