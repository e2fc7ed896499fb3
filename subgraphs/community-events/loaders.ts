import DataLoader from 'dataloader';
import { In, type DataSource, type ObjectLiteral, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { Config } from '../../shared/config';
import type { Identity } from '../../shared/auth';
import { byForeignKeyLoader, byIdLoader, connectionLoader } from '../../shared/pagination';
import { AttendanceStatus, EventAttendance } from './entities/attendance.entity';
import { EventFacilitator } from './entities/event-facilitator.entity';
import { EventFeedback } from './entities/event-feedback.entity';
import { EventNotice } from './entities/event-notice.entity';
import { EventPartner } from './entities/event-partner.entity';
import { EventPromotionLink } from './entities/event-promotion.entity';
import { EventSeries } from './entities/event-series.entity';
import { Event, PUBLIC_EVENT_STATUSES } from './entities/event.entity';
import { Registration, RegistrationStatus } from './entities/registration.entity';
import { SatisfactionSurvey, SurveyQuestion } from './entities/satisfaction-survey.entity';
import { facilitationLoader, indicatorsLoader } from './indicators';
import { literacyFiguresLoader } from './literacy';
import { eventVisibility } from './policy';

export interface RegistrationCounts {
  confirmed: number;
  waitlisted: number;
  cancelled: number;
}

export interface AttendanceCounts {
  attended: number;
  noShows: number;
}

export interface RatingSummary {
  ratings: number;
  /** Sum of the ratings (the average is computed from it, exactly). */
  total: number;
}

/** The ids on the far side of a join table, per event id (one query for every event in the request). */
function idsByEventId<T extends ObjectLiteral & { eventId: string }>(repo: Repository<T>, idColumn: keyof T & string) {
  return new DataLoader<string, string[]>(async (eventIds) => {
    const rows = await repo.find({ where: { eventId: In([...eventIds]) } as never, order: { [idColumn]: 'ASC' } as never });
    const grouped = new Map<string, string[]>();
    for (const row of rows) {
      const list = grouped.get(row.eventId) ?? [];
      list.push(String(row[idColumn]));
      grouped.set(row.eventId, list);
    }
    return eventIds.map((id) => grouped.get(id) ?? []);
  });
}

/** Confirmed, waitlisted and cancelled registrations per pool (event or series): one grouped count for all. */
function registrationCountsLoader(repo: Repository<Registration>) {
  return new DataLoader<string, RegistrationCounts>(async (poolIds) => {
    const rows: { poolId: string; status: RegistrationStatus; n: string | number }[] = await repo
      .createQueryBuilder('r')
      .select('r.poolId', 'poolId')
      .addSelect('r.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('r.poolId IN (:...poolIds)', { poolIds: [...poolIds] })
      .groupBy('r.poolId')
      .addGroupBy('r.status')
      .getRawMany();
    const counts = new Map<string, RegistrationCounts>(poolIds.map((id) => [id, { confirmed: 0, waitlisted: 0, cancelled: 0 }]));
    for (const row of rows) {
      const c = counts.get(row.poolId);
      if (!c) continue;
      if (row.status === RegistrationStatus.CONFIRMED) c.confirmed = Number(row.n);
      else if (row.status === RegistrationStatus.WAITLISTED) c.waitlisted = Number(row.n);
      else c.cancelled = Number(row.n);
    }
    return poolIds.map((id) => counts.get(id)!);
  });
}

/** Checked-in and no-show registrants per event: one grouped count. */
function attendanceCountsLoader(repo: Repository<EventAttendance>) {
  return new DataLoader<string, AttendanceCounts>(async (eventIds) => {
    const rows: { eventId: string; status: AttendanceStatus; n: string | number }[] = await repo
      .createQueryBuilder('a')
      .select('a.eventId', 'eventId')
      .addSelect('a.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('a.eventId IN (:...eventIds)', { eventIds: [...eventIds] })
      .groupBy('a.eventId')
      .addGroupBy('a.status')
      .getRawMany();
    const counts = new Map<string, AttendanceCounts>(eventIds.map((id) => [id, { attended: 0, noShows: 0 }]));
    for (const row of rows) {
      const c = counts.get(row.eventId)!;
      if (row.status === AttendanceStatus.ATTENDED) c.attended = Number(row.n);
      else c.noShows = Number(row.n);
    }
    return eventIds.map((id) => counts.get(id)!);
  });
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

/**
 * Place in the waitlist (1 = next) of waitlisted registrations: one query for all of them,
 * counting the waitlisted of the same pool that arrived no later.
 */
function waitlistPositionLoader(repo: Repository<Registration>) {
  return new DataLoader<string, number | null>(async (ids) => {
    const rows: { id: string; n: string | number }[] = await repo
      .createQueryBuilder('r')
      .innerJoin(Registration, 'w', 'w.poolId = r.poolId AND w.status = :waitlisted AND w.sequence <= r.sequence', {
        waitlisted: RegistrationStatus.WAITLISTED,
      })
      .select('r.id', 'id')
      .addSelect('COUNT(w.id)', 'n')
      .where('r.id IN (:...ids)', { ids: [...ids] })
      .andWhere('r.status = :waitlisted')
      .groupBy('r.id')
      .getRawMany();
    const byId = new Map(rows.map((r) => [r.id, Number(r.n)]));
    return ids.map((id) => byId.get(id) ?? null);
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

/**
 * Turns a visibility variant (policy.eventVisibility) into SQL on alias `e`: 'all' sees every
 * draft, `libraries:<a>,<b>` the drafts of those libraries, anything else none.
 */
export function applyVisibility(qb: SelectQueryBuilder<any>, variant: string): void {
  if (variant === 'all') return;
  if (variant.startsWith('libraries:')) {
    qb.andWhere('(e.status IN (:...publicStatuses) OR e.libraryId IN (:...visibleDraftsOf))', {
      publicStatuses: PUBLIC_EVENT_STATUSES,
      visibleDraftsOf: variant.slice('libraries:'.length).split(','),
    });
    return;
  }
  qb.andWhere('e.status IN (:...publicStatuses)', { publicStatuses: PUBLIC_EVENT_STATUSES });
}

/** Per-request loaders: every list, count and reference goes through one of these. */
export function createLoaders(db: DataSource, identity: Identity, _config: Config) {
  /** The caller's view of events (policy.eventVisibility), applied by every event list below. */
  const visibility = eventVisibility(identity);
  return {
    eventById: byIdLoader(db.getRepository(Event)),
    /** The literacy index's event figures per library and year. */
    literacyFigures: literacyFiguresLoader(db),
    registrationById: byIdLoader(db.getRepository(Registration)),
    seriesById: byIdLoader(db.getRepository(EventSeries)),
    surveyById: byIdLoader(db.getRepository(SatisfactionSurvey)),
    /** A library's events by start time, as the caller may see them (policy.eventVisibility: drafts of the libraries it may read). */
    eventsByLibraryId: connectionLoader({
      repo: db.getRepository(Event),
      alias: 'e',
      parent: 'e.libraryId',
      sort: 'startsAt',
      scope: (qb) => applyVisibility(qb, visibility),
    }),
    /** A librarian's events by start time, as the caller may see them. */
    eventsByFacilitatorId: connectionLoader({
      repo: db.getRepository(Event),
      alias: 'e',
      parent: 'ef.librarianId',
      sort: 'startsAt',
      scope: (qb) => {
        qb.innerJoin(EventFacilitator, 'ef', 'ef.eventId = e.id');
        applyVisibility(qb, visibility);
      },
    }),
    /** A partner's co-hosted events by start time, as the caller may see them. */
    eventsByCoHostId: connectionLoader({
      repo: db.getRepository(Event),
      alias: 'e',
      parent: 'ep.partnerId',
      sort: 'startsAt',
      scope: (qb) => {
        qb.innerJoin(EventPartner, 'ep', 'ep.eventId = e.id');
        applyVisibility(qb, visibility);
      },
    }),
    /** The registrations holding or waiting for places of a pool (event or series), in arrival order. */
    registrationsByPoolId: connectionLoader({
      repo: db.getRepository(Registration),
      alias: 'r',
      parent: 'r.poolId',
      sort: 'sequence',
    }),
    /** A member's registrations, newest last. */
    registrationsByMemberId: connectionLoader({
      repo: db.getRepository(Registration),
      alias: 'r',
      parent: 'r.memberId',
      sort: 'createdAt',
    }),
    feedbackByEventId: connectionLoader({
      repo: db.getRepository(EventFeedback),
      alias: 'f',
      parent: 'f.eventId',
      sort: 'createdAt',
    }),
    facilitatorIdsByEventId: idsByEventId(db.getRepository(EventFacilitator), 'librarianId'),
    coHostIdsByEventId: idsByEventId(db.getRepository(EventPartner), 'partnerId'),
    /** Keyed by pool id: `poolIdOf(event)`. */
    registrationCountsByPoolId: registrationCountsLoader(db.getRepository(Registration)),
    attendanceCountsByEventId: attendanceCountsLoader(db.getRepository(EventAttendance)),
    ratingSummaryByEventId: ratingSummaryLoader(db.getRepository(EventFeedback)),
    waitlistPositionByRegistrationId: waitlistPositionLoader(db.getRepository(Registration)),
    sessionsBySeriesId: byForeignKeyLoader(db.getRepository(Event), 'seriesId', { startsAt: 'ASC', id: 'ASC' }),
    attendancesByRegistrationId: byForeignKeyLoader(db.getRepository(EventAttendance), 'registrationId', { recordedAt: 'ASC', id: 'ASC' }),
    noticesByRegistrationId: byForeignKeyLoader(db.getRepository(EventNotice), 'registrationId', { createdAt: 'ASC', id: 'ASC' }),
    promotionLinksByEventId: byForeignKeyLoader(db.getRepository(EventPromotionLink), 'eventId', { createdAt: 'ASC', id: 'ASC' }),
    questionsBySurveyId: byForeignKeyLoader(db.getRepository(SurveyQuestion), 'surveyId', { position: 'ASC' }),
    surveysByLibraryId: byForeignKeyLoader(db.getRepository(SatisfactionSurvey), 'libraryId', { opensOn: 'DESC', id: 'ASC' }),
    surveyTallyBySurveyId: surveyTallyLoader(db),
    /** Library.eventIndicators: five grouped queries for every library asked in the request. */
    indicators: indicatorsLoader(db),
    /** Librarian.eventFacilitation: three grouped queries for every librarian asked. */
    facilitation: facilitationLoader(db),
  };
}

export type EventsLoaders = ReturnType<typeof createLoaders>;
