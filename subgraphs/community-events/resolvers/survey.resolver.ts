import { createHash, randomUUID } from 'node:crypto';
import { Arg, Authorized, Ctx, Field, FieldResolver, Float, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { deny, requireStaffOf } from '../../../shared/auth';
import { transaction, isUniqueViolation } from '../../../shared/database';
import { BadUserInputError, NotFoundError, UnauthenticatedError, StateConflict } from '../../../shared/errors';
import { daysBetween, todayIn, wholeSeconds } from '../../../shared/time';
import { timezoneOf, type EventsContext } from '../context';
import { Library } from '../entities/library.stub';
import { SatisfactionSurvey, SurveyAnswer, SurveyQuestion, SurveyQuestionKind, SurveyResponse } from '../entities/satisfaction-survey.entity';
import { requireIndicatorAccess } from '../policy';
import { AnswerSatisfactionSurveyInput, CreateSatisfactionSurveyInput } from './event.inputs';
import { now } from '../../../shared/clock';

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

const hashEmail = (email: string) => createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('hex');

@Resolver(() => SatisfactionSurvey)
export class SatisfactionSurveyResolver {
  @Query(() => SatisfactionSurvey, { description: 'A satisfaction survey and its questions (public)' })
  async satisfactionSurvey(@Arg('id', () => ID) id: string, @Ctx() { loaders }: EventsContext): Promise<SatisfactionSurvey> {
    const survey = await loaders.surveyById.load(id);
    if (!survey) throw new NotFoundError('Satisfaction survey', id);
    return survey;
  }

  @FieldResolver(() => Library)
  library(@Root() survey: SatisfactionSurvey): Library {
    return { id: survey.libraryId };
  }

  @FieldResolver(() => [SurveyQuestion])
  async questions(@Root() survey: SatisfactionSurvey, @Ctx() { loaders }: EventsContext): Promise<SurveyQuestion[]> {
    return loaders.questionsBySurveyId.load(survey.id);
  }

  @FieldResolver(() => Boolean, { description: "Taking answers today (the library's time zone)" })
  async open(@Root() survey: SatisfactionSurvey, @Ctx() ctx: EventsContext): Promise<boolean> {
    const today = todayIn(await timezoneOf(ctx, survey.libraryId));
    return today >= survey.opensOn && today <= survey.closesOn;
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

  /** LIBRARY_ADMIN of the library, ADMIN. */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => SatisfactionSurvey, { nullable: true, description: 'Open a satisfaction survey for a library (LIBRARY_ADMIN of the library, ADMIN)' })
  async createSatisfactionSurvey(
    @Arg('input', () => CreateSatisfactionSurveyInput) input: CreateSatisfactionSurveyInput,
    @Ctx() ctx: EventsContext,
  ): Promise<SatisfactionSurvey> {
    requireStaffOf(ctx.identity, input.libraryId, ['LIBRARY_ADMIN']);
    if (daysBetween(input.opensOn, input.closesOn) < 0) throw new BadUserInputError('closesOn', 'closesOn must not be before opensOn');
    await ctx.calendar.get(input.libraryId); // NOT_FOUND for a library that does not exist
    return transaction(ctx.db, async (tx) => {
      const survey = tx.getRepository(SatisfactionSurvey).create({
        id: randomUUID(),
        libraryId: input.libraryId,
        title: input.title,
        description: input.description ?? '',
        opensOn: input.opensOn,
        closesOn: input.closesOn,
        createdAt: wholeSeconds(now()),
      });
      await tx.getRepository(SatisfactionSurvey).insert(survey);
      await tx.getRepository(SurveyQuestion).insert(
        input.questions.map((q, i) => ({ id: randomUUID(), surveyId: survey.id, position: i + 1, text: q.text, kind: q.kind })),
      );
      return survey;
    });
  }

  /**
   * Anyone, once per survey: a MEMBER by their token, anyone else by e-mail (only its hash is
   * kept). Staff, partners and government do not answer their own service's survey.
   */
  @Mutation(() => SatisfactionSurveyReceipt, {
    nullable: true,
    description:
      'Answer a satisfaction survey while it is open, once: a MEMBER by token, a guest by e-mail (PUBLIC, MEMBER); CONFLICT for a second answer',
  })
  async answerSatisfactionSurvey(
    @Arg('input', () => AnswerSatisfactionSurveyInput) input: AnswerSatisfactionSurveyInput,
    @Ctx() ctx: EventsContext,
  ): Promise<SatisfactionSurveyReceipt> {
    const { identity } = ctx;
    if (identity.role !== 'PUBLIC' && identity.role !== 'MEMBER') deny(identity, 'The satisfaction survey is for the public and members');
    if (identity.role === 'MEMBER' && input.email) throw new BadUserInputError('email', 'A member answers from their token; leave email out');
    if (identity.role === 'PUBLIC' && !input.email) throw new UnauthenticatedError('Sign in as a member, or give an e-mail');
    const survey = await ctx.loaders.surveyById.load(input.surveyId);
    if (!survey) throw new NotFoundError('Satisfaction survey', input.surveyId);
    const today = todayIn(await timezoneOf(ctx, survey.libraryId));
    if (today < survey.opensOn || today > survey.closesOn) throw new StateConflict('SURVEY_CLOSED', 'This survey is not taking answers');

    const questions = await ctx.loaders.questionsBySurveyId.load(survey.id);
    const byId = new Map(questions.map((q) => [q.id, q]));
    const seen = new Set<string>();
    for (const [i, a] of input.answers.entries()) {
      const q = byId.get(a.questionId);
      if (!q) throw new BadUserInputError(`answers.${i}.questionId`, 'Not a question of this survey');
      if (seen.has(a.questionId)) throw new BadUserInputError(`answers.${i}.questionId`, 'One answer per question');
      seen.add(a.questionId);
      if (q.kind === SurveyQuestionKind.RATING && !a.rating) throw new BadUserInputError(`answers.${i}.rating`, 'A RATING question takes a rating, 1-5');
      if (q.kind === SurveyQuestionKind.TEXT && a.rating) throw new BadUserInputError(`answers.${i}.rating`, 'A TEXT question takes text');
    }
    const missing = questions.find((q) => q.kind === SurveyQuestionKind.RATING && !seen.has(q.id));
    if (missing) throw new BadUserInputError('answers', `Question ${missing.position} (a rating) is not answered`);

    const response = ctx.db.getRepository(SurveyResponse).create({
      id: randomUUID(),
      surveyId: survey.id,
      respondentKey: identity.role === 'MEMBER' ? `member:${identity.memberId}` : `guest:${hashEmail(input.email!)}`,
      memberId: identity.role === 'MEMBER' ? identity.memberId! : null,
      submittedAt: wholeSeconds(now()),
    });
    try {
      await transaction(ctx.db, async (tx) => {
        await tx.getRepository(SurveyResponse).insert(response);
        await tx.getRepository(SurveyAnswer).insert(
          input.answers.map((a) => ({
            id: randomUUID(),
            responseId: response.id,
            questionId: a.questionId,
            rating: byId.get(a.questionId)!.kind === SurveyQuestionKind.RATING ? a.rating! : null,
            text: a.text?.trim() || null,
          })),
        );
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new StateConflict('ALREADY_ANSWERED', 'This survey was already answered by you');
      throw err;
    }
    return { id: response.id, survey, submittedAt: response.submittedAt, answers: input.answers.length };
  }
}
