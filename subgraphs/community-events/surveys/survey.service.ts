import { createHash, randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../../shared/platform/database';
import { Idempotency } from '../../../shared/platform/idempotency';
import { BadUserInputError, NotFoundError, StateConflict } from '../../../shared/platform/errors';
import { daysBetween, libraryToday, wholeSeconds } from '../../../shared/platform/time';
import { now } from '../../../shared/platform/clock';
import type { EventsContext } from '../context';
import { SatisfactionSurvey, SurveyAnswer, SurveyQuestion, SurveyQuestionKind, SurveyResponse } from './satisfaction-survey.entity';
import type { AnswerSatisfactionSurveyInput, CreateSatisfactionSurveyInput } from './survey.inputs';
import type { SatisfactionSurveyReceipt } from './survey.types';

const hashEmail = (email: string) => createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('hex');

/** A new survey and its questions, in one transaction (the caller was checked by the resolver). */
export async function createSatisfactionSurvey(ctx: EventsContext, input: CreateSatisfactionSurveyInput, idempotencyKey?: string | null): Promise<SatisfactionSurvey> {
  const once = Idempotency.ofRow(ctx.db, ctx.identity, SatisfactionSurvey, { key: idempotencyKey, operation: 'createSatisfactionSurvey', args: input });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  if (daysBetween(input.opensOn, input.closesOn) < 0) throw new BadUserInputError('closesOn', 'closesOn must not be before opensOn');
  await ctx.calendar.get(input.libraryId); // NOT_FOUND for a library that does not exist
  return once.transaction(async (tx) => {
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
    await tx.getRepository(SurveyQuestion).insert(input.questions.map((q, i) => ({ id: randomUUID(), surveyId: survey.id, position: i + 1, text: q.text, kind: q.kind })));
    return survey;
  });
}

/** Whether the survey takes answers today (in its library's zone). */
export async function isSurveyOpen(ctx: Pick<EventsContext, 'calendar'>, survey: SatisfactionSurvey): Promise<boolean> {
  const today = await libraryToday(ctx.calendar, survey.libraryId);
  return today >= survey.opensOn && today <= survey.closesOn;
}

/**
 * One answer per survey and respondent (a MEMBER by token, anyone else by the hash of their
 * e-mail), while the survey is open; every RATING question answered; CONFLICT for a second one.
 * The resolver checked who may answer.
 */
export async function answerSatisfactionSurvey(ctx: EventsContext, input: AnswerSatisfactionSurveyInput, idempotencyKey?: string | null): Promise<SatisfactionSurveyReceipt> {
  const { identity } = ctx;
  const once = new Idempotency(ctx.db, identity, {
    key: idempotencyKey,
    operation: 'answerSatisfactionSurvey',
    args: input,
    idOf: (receipt: SatisfactionSurveyReceipt) => receipt.id,
    replay: (id) => receiptOf(ctx, id),
  });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const survey = await ctx.loaders.surveyById.load(input.surveyId);
  if (!survey) throw new NotFoundError('Satisfaction survey', input.surveyId);
  if (!(await isSurveyOpen(ctx, survey))) throw new StateConflict('SURVEY_CLOSED', 'This survey is not taking answers');

  const questions = await ctx.loaders.questionsBySurveyId.load(survey.id);
  const byId = new Map(questions.map((q) => [q.id, q]));
  const seen = new Set<string>();
  for (const [i, a] of input.answers.entries()) {
    const q = byId.get(a.questionId);
    if (!q) throw new BadUserInputError(`answers.${i}.questionId`, 'This is not a question of this survey');
    if (seen.has(a.questionId)) throw new BadUserInputError(`answers.${i}.questionId`, 'A question takes one answer only');
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
    return await once.transaction(async (tx) => {
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
      return { id: response.id, survey, submittedAt: response.submittedAt, answers: input.answers.length };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new StateConflict('ALREADY_ANSWERED', 'You have already answered this survey');
    throw err;
  }
}

/** The receipt of a response given before (a retry with its idempotency key). */
async function receiptOf(ctx: EventsContext, id: string): Promise<SatisfactionSurveyReceipt | null> {
  const response = await ctx.db.getRepository(SurveyResponse).findOneBy({ id });
  if (!response) return null;
  const [survey, answers] = await Promise.all([ctx.loaders.surveyById.load(response.surveyId), ctx.db.getRepository(SurveyAnswer).countBy({ responseId: id })]);
  return survey ? { id, survey, submittedAt: response.submittedAt, answers } : null;
}
