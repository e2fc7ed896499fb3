import DataLoader from 'dataloader';
import type { DataSource, Repository } from 'typeorm';
import { byForeignKeyLoader, byIdLoader, connectionLoader } from '../../../shared/platform/pagination';
import { EventFeedback } from './event-feedback.entity';
import { SatisfactionSurvey, SurveyAnswer, SurveyQuestion, SurveyResponse } from './satisfaction-survey.entity';

export interface RatingSummary {
  ratings: number;
  /** Sum of the ratings (the average is computed from it, exactly). */
  total: number;
}

/** Number and sum of ratings per event: one grouped query. */
function ratingSummaryLoader(repo: Repository<EventFeedback>) {
  return new DataLoader<string, RatingSummary>(async (eventIds) => {
    const rows: { eventId: string; n: string | number; total: string | number | null }[] = await repo
      .createQueryBuilder('f')
      .select('f.eventId', 'eventId')
      .addSelect('COUNT(*)', 'n')
      .addSelect('SUM(f.rating)', 'total')
      .where('f.eventId IN (:...eventIds)', { eventIds: [...eventIds] })
      .groupBy('f.eventId')
      .getRawMany();
    const byId = new Map(rows.map((r) => [r.eventId, { ratings: Number(r.n), total: Number(r.total ?? 0) }]));
    return eventIds.map((id) => byId.get(id) ?? { ratings: 0, total: 0 });
  });
}

/** Response counts per survey and, per question, answers and the sum of ratings: two grouped queries. */
export interface SurveyTally {
  responses: number;
  questions: Map<string, { answers: number; ratings: number; total: number }>;
}

function surveyTallyLoader(db: DataSource) {
  return new DataLoader<string, SurveyTally>(async (surveyIds) => {
    const responses: { surveyId: string; n: string | number }[] = await db
      .createQueryBuilder()
      .select('r.surveyId', 'surveyId')
      .addSelect('COUNT(*)', 'n')
      .from('satisfaction_response', 'r')
      .where('r.surveyId IN (:...surveyIds)', { surveyIds: [...surveyIds] })
      .groupBy('r.surveyId')
      .getRawMany();
    const answers: { surveyId: string; questionId: string; n: string | number; rated: string | number; total: string | number | null }[] = await db
      .createQueryBuilder()
      .select('q.surveyId', 'surveyId')
      .addSelect('q.id', 'questionId')
      .addSelect('COUNT(a.id)', 'n')
      .addSelect('COUNT(a.rating)', 'rated')
      .addSelect('SUM(a.rating)', 'total')
      .from('satisfaction_answer', 'a')
      .innerJoin('satisfaction_question', 'q', 'q.id = a.questionId')
      .where('q.surveyId IN (:...surveyIds)', { surveyIds: [...surveyIds] })
      .groupBy('q.surveyId')
      .addGroupBy('q.id')
      .getRawMany();
    const tallies = new Map<string, SurveyTally>(surveyIds.map((id) => [id, { responses: 0, questions: new Map() }]));
    for (const r of responses) tallies.get(r.surveyId)!.responses = Number(r.n);
    for (const a of answers) {
      tallies.get(a.surveyId)!.questions.set(a.questionId, { answers: Number(a.n), ratings: Number(a.rated), total: Number(a.total ?? 0) });
    }
    return surveyIds.map((id) => tallies.get(id)!);
  });
}

/** The free-text answers of each response, in the order the questions were asked: one query. */
function textAnswersLoader(repo: Repository<SurveyAnswer>) {
  return new DataLoader<string, SurveyAnswer[]>(async (responseIds) => {
    const answers = await repo
      .createQueryBuilder('a')
      .innerJoin(SurveyQuestion, 'q', 'q.id = a.questionId')
      .where('a.responseId IN (:...responseIds)', { responseIds: [...responseIds] })
      .andWhere('a.text IS NOT NULL')
      .orderBy('q.position', 'ASC')
      .getMany();
    const byResponse = new Map<string, SurveyAnswer[]>(responseIds.map((id) => [id, []]));
    for (const a of answers) byResponse.get(a.responseId)!.push(a);
    return responseIds.map((id) => byResponse.get(id)!);
  });
}

/** Satisfaction surveys and event ratings: per request. */
export function surveyLoaders(db: DataSource) {
  return {
    surveyById: byIdLoader(db.getRepository(SatisfactionSurvey)),
    feedbackByEventId: connectionLoader({
      repo: db.getRepository(EventFeedback),
      alias: 'f',
      parent: 'f.eventId',
      sort: 'createdAt',
    }),
    ratingSummaryByEventId: ratingSummaryLoader(db.getRepository(EventFeedback)),
    questionsBySurveyId: byForeignKeyLoader(db.getRepository(SurveyQuestion), 'surveyId', { position: 'ASC' }),
    surveysByLibraryId: byForeignKeyLoader(db.getRepository(SatisfactionSurvey), 'libraryId', { opensOn: 'DESC', id: 'ASC' }),
    surveyTallyBySurveyId: surveyTallyLoader(db),
    /** Responses with at least one free-text answer (personal words: the survey library's staff only). */
    textResponsesBySurveyId: connectionLoader({
      repo: db.getRepository(SurveyResponse),
      alias: 'r',
      parent: 'r.surveyId',
      sort: 'submittedAt',
      scope: (qb) => qb.andWhere('EXISTS (SELECT 1 FROM satisfaction_answer ta WHERE ta.responseId = r.id AND ta.text IS NOT NULL)'),
    }),
    questionById: byIdLoader(db.getRepository(SurveyQuestion)),
    textAnswersByResponseId: textAnswersLoader(db.getRepository(SurveyAnswer)),
  };
}
