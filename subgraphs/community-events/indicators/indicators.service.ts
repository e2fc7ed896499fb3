import DataLoader from 'dataloader';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { addDays, localDate, todayIn, zonedToUtc } from '../../../shared/platform/time';
import { DataCoverage, coverageOf, periodRecord, ratioOf } from '../../../shared/domain/regional-contribution';
import { KeyCount } from '../../../shared/platform/types';
import { persisted, rawInstant } from '../../../shared/platform/database';
import { Event } from '../events/event.entity';
import { COUNTED_EVENT_STATUSES } from '../events/event-enums';
import { RegistrationStatus } from '../registration/registration.entity';
import { eventAggregatesFor, type EventAggregates } from './aggregates.job';

/**
 * Library.eventIndicators: a library's events in a period, for its staff, GOVERNMENT and ADMIN.
 * The period is two calendar dates in the library's own time zone; the resolver turns them into
 * UTC bounds (`ctx.calendar`), and this loader answers every library of a request with five
 * grouped queries (events, registrations, attendance, ratings, satisfaction), whatever their
 * number.
 */

/** Said once for every figure that can be missing. */
const UNRECORDED = "null for a period that ends before the library's first recorded event (coverage)";
const NOT_YET = "null for a period that starts after today (not happened yet) or that ends before the library's first recorded event (coverage)";

@ObjectType({
  description:
    "A library's community-event figures for a period (its staff, GOVERNMENT, ADMIN). A figure is null when nothing was recorded for it in the period " +
    '(before the library’s first recorded event; what happens at events — attendance, ratings, satisfaction — in a period that starts after today): a 0 is a real zero',
})
export class EventIndicators {
  @Field(() => CalendarDateScalar, { description: "First day of the period (included), in the library's time zone" })
  from: string;

  @Field(() => CalendarDateScalar, { description: "Last day of the period (included), in the library's time zone" })
  to: string;

  @Field(() => DataCoverage, {
    nullable: true,
    description: "From the day of the library's first recorded event (published or completed) to the last closed day (yesterday); null when none started before today",
  })
  coverage: DataCoverage | null;

  @Field(() => Int, {
    nullable: true,
    description: `Events held or planned to be held (published or completed) starting in the period (planned ones count in a future period); ${UNRECORDED}`,
  })
  events: number | null;

  @Field(() => [KeyCount], { description: 'Those events by EventType, most first (empty when events is null)' })
  eventsByType: KeyCount[];

  @Field(() => [KeyCount], { description: 'Those events by primary audience, most first (empty when events is null)' })
  eventsByAudience: KeyCount[];

  @Field(() => Int, { nullable: true, description: `Registrations for those events that were not cancelled (confirmed and waitlisted); ${UNRECORDED}` })
  registrations: number | null;

  @Field(() => Int, { nullable: true, description: `People who came: checked-in registrants plus walk-ins; ${NOT_YET}` })
  attendance: number | null;

  @Field(() => Int, { nullable: true, description: `People who came without registering; ${NOT_YET}` })
  walkIns: number | null;

  @Field(() => Int, { nullable: true, description: `Registrants marked as no-shows; ${NOT_YET}` })
  noShows: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Checked-in registrants / (checked-in + no-shows), 0-1; null when no attendance was recorded',
  })
  attendanceRate: number | null;

  @Field(() => Int, { nullable: true, description: `Event ratings given by attendees; ${NOT_YET}` })
  ratings: number | null;

  @Field(() => Float, { nullable: true, description: 'Average event rating, 1-5; null without ratings' })
  averageRating: number | null;

  @Field(() => Int, { nullable: true, description: `Satisfaction survey responses submitted in the period; ${NOT_YET}` })
  satisfactionResponses: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Average of the rating answers (1-5) of the library's satisfaction surveys submitted in the period; null without answers",
  })
  satisfactionScore: number | null;

  @Field(() => CalendarDateScalar, {
    nullable: true,
    description:
      "Freshness: registrations, attendance and ratings of events that started up to this day (library's zone) come from the daily aggregates as built at aggregatedAt; later ones are counted live. Null: all counted live",
  })
  aggregatedThrough: string | null;

  @Field(() => Date, { nullable: true, description: 'When the daily aggregates behind aggregatedThrough were built; null when none were used' })
  aggregatedAt: Date | null;

  @Field(() => Date, { description: 'When these figures were computed: earlier than the request when the regional report cache served them' })
  computedAt: Date;
}

export interface IndicatorKey {
  libraryId: string;
  /** Calendar dates asked for, in the library's zone. */
  from: string;
  to: string;
  /**
   * The library's time zone (ctx.calendar, cached per process). Looked up inside the batch, not
   * before `load`: a lookup that waits on staff-development would split the batch.
   */
  timezoneOf: (libraryId: string) => Promise<string>;
}

/** A key with its period as instants: [fromUtc, toUtc). */
interface Period extends IndicatorKey {
  fromUtc: Date;
  toUtc: Date;
}

/** A Date as the driver compares it with a datetime column (SQLite keeps a UTC text form). */
export const instantParam = (db: DataSource, instant: Date): unknown => persisted(db, Event, 'startsAt', instant);

/**
 * `(lib = :l0 AND col >= :f0 AND col < :t0) OR (…)`: each library's own period, as instants of
 * its own time zone, in one WHERE.
 */
export function periodsWhere(
  db: DataSource,
  qb: SelectQueryBuilder<any>,
  libraryColumn: string,
  instantColumn: string,
  keys: readonly { libraryId: string; fromUtc: Date; toUtc: Date }[],
  prefix: string,
): void {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  keys.forEach((k, i) => {
    parts.push(`(${libraryColumn} = :${prefix}l${i} AND ${instantColumn} >= :${prefix}f${i} AND ${instantColumn} < :${prefix}t${i})`);
    params[`${prefix}l${i}`] = k.libraryId;
    params[`${prefix}f${i}`] = instantParam(db, k.fromUtc);
    params[`${prefix}t${i}`] = instantParam(db, k.toUtc);
  });
  qb.andWhere(`(${parts.join(' OR ')})`, params);
}

const byCountDesc = (a: KeyCount, b: KeyCount) => b.count - a.count || a.key.localeCompare(b.key);
const ratio = (part: number, whole: number) => ratioOf(part, whole, 4);
const average = (total: number, n: number) => (n > 0 ? Math.round((total / n) * 100) / 100 : null);

/**
 * `keys` are the periods asked; `live` the same keys with only the days after the daily
 * aggregates (empty ranges when all is aggregated); `closed` the aggregates' sums.
 */
async function computeIndicators(
  db: DataSource,
  keys: readonly Period[],
  live: readonly Period[] = keys,
  closed: Map<string, EventAggregates> = new Map(),
): Promise<EventIndicators[]> {
  const n = (v: unknown) => Number(v ?? 0);

  const eventRows: { libraryId: string; type: string; audience: string; events: unknown; walkIns: unknown }[] = await (() => {
    const qb = db
      .createQueryBuilder()
      .select('e.libraryId', 'libraryId')
      .addSelect('e.type', 'type')
      .addSelect('e.audience', 'audience')
      .addSelect('COUNT(*)', 'events')
      .addSelect('SUM(e.walkIns)', 'walkIns')
      .from('event', 'e')
      .where('e.status IN (:...counted)', { counted: COUNTED_EVENT_STATUSES });
    periodsWhere(db, qb, 'e.libraryId', 'e.startsAt', keys, 'p');
    return qb.groupBy('e.libraryId').addGroupBy('e.type').addGroupBy('e.audience').getRawMany();
  })();

  const joinedToEvents = (from: string, alias: string, eventColumn: string) => {
    const qb = db
      .createQueryBuilder()
      .from(from, alias)
      .innerJoin('event', 'e', `e.id = ${alias}.${eventColumn}`)
      .select('e.libraryId', 'libraryId')
      .where('e.status IN (:...counted)', { counted: COUNTED_EVENT_STATUSES });
    periodsWhere(db, qb, 'e.libraryId', 'e.startsAt', live, 'p');
    return qb;
  };

  // Registrations, attendance and ratings of the live days in one statement (the closed days'
  // come from the daily aggregates), so aggregates cost no extra round trip.
  type FigureRow = { libraryId: string; figure: string; status: string | null; n: unknown; total: unknown };
  const figureRows = await (() => {
    const parts = [
      joinedToEvents('registration', 'r', 'eventId')
        .addSelect("'registrations'", 'figure')
        .addSelect('NULL', 'status')
        .addSelect('COUNT(*)', 'n')
        .addSelect('0', 'total')
        .andWhere('r.status <> :cancelled', { cancelled: RegistrationStatus.CANCELLED })
        .groupBy('e.libraryId'),
      joinedToEvents('event_attendance', 'a', 'eventId')
        .addSelect("'attendance'", 'figure')
        .addSelect('a.status', 'status')
        .addSelect('COUNT(*)', 'n')
        .addSelect('0', 'total')
        .groupBy('e.libraryId')
        .addGroupBy('a.status'),
      joinedToEvents('event_feedback', 'f', 'eventId')
        .addSelect("'ratings'", 'figure')
        .addSelect('NULL', 'status')
        .addSelect('COUNT(*)', 'n')
        .addSelect('SUM(f.rating)', 'total')
        .groupBy('e.libraryId'),
    ].map((qb) => qb.getQueryAndParameters());
    // Each part in a derived table: the query builder orders its select list its own way, UNION matches by position.
    const sql = parts.map(([part], i) => `SELECT libraryId, figure, status, n, total FROM (${part}) AS part${i}`).join(' UNION ALL ');
    return db.query<FigureRow[]>(
      sql,
      parts.flatMap(([, params]) => params as unknown[]),
    );
  })();
  const registrationRows = figureRows.filter((r) => r.figure === 'registrations');
  const attendanceRows = figureRows.filter((r) => r.figure === 'attendance');
  const ratingRows = figureRows.filter((r) => r.figure === 'ratings');

  const satisfactionRows: { libraryId: string; responses: unknown; answers: unknown; total: unknown }[] = await (() => {
    const qb = db
      .createQueryBuilder()
      .select('s.libraryId', 'libraryId')
      .addSelect('COUNT(DISTINCT r.id)', 'responses')
      .addSelect('COUNT(a.rating)', 'answers')
      .addSelect('SUM(a.rating)', 'total')
      .from('satisfaction_response', 'r')
      .innerJoin('satisfaction_survey', 's', 's.id = r.surveyId')
      .leftJoin('satisfaction_answer', 'a', 'a.responseId = r.id');
    periodsWhere(db, qb, 's.libraryId', 'r.submittedAt', keys, 's');
    return qb.groupBy('s.libraryId').getRawMany();
  })();

  return keys.map((k) => {
    const mine = <T extends { libraryId: string }>(rows: T[]) => rows.filter((r) => r.libraryId === k.libraryId);
    const byType = new Map<string, number>();
    const byAudience = new Map<string, number>();
    let events = 0;
    let walkIns = 0;
    for (const r of mine(eventRows)) {
      events += n(r.events);
      walkIns += n(r.walkIns);
      byType.set(r.type, (byType.get(r.type) ?? 0) + n(r.events));
      byAudience.set(r.audience, (byAudience.get(r.audience) ?? 0) + n(r.events));
    }
    const aggregated = closed.get(k.libraryId);
    const attended = n(mine(attendanceRows).find((r) => r.status === 'ATTENDED')?.n) + (aggregated?.attended ?? 0);
    const noShows = n(mine(attendanceRows).find((r) => r.status === 'NO_SHOW')?.n) + (aggregated?.noShows ?? 0);
    const liveRating = mine(ratingRows)[0];
    const rating = { n: n(liveRating?.n) + (aggregated?.ratings ?? 0), total: n(liveRating?.total) + (aggregated?.ratingTotal ?? 0) };
    const satisfaction = mine(satisfactionRows)[0];
    return {
      from: k.from,
      to: k.to,
      coverage: null,
      events,
      eventsByType: [...byType].map(([key, count]) => ({ key, count })).sort(byCountDesc),
      eventsByAudience: [...byAudience].map(([key, count]) => ({ key, count })).sort(byCountDesc),
      registrations: n(mine(registrationRows)[0]?.n) + (aggregated?.registrations ?? 0),
      attendance: attended + walkIns,
      walkIns,
      noShows,
      attendanceRate: ratio(attended, attended + noShows),
      ratings: n(rating?.n),
      averageRating: average(n(rating?.total), n(rating?.n)),
      satisfactionResponses: n(satisfaction?.responses),
      satisfactionScore: average(n(satisfaction?.total), n(satisfaction?.answers)),
      aggregatedThrough: null,
      aggregatedAt: null,
      computedAt: new Date(), // real time, not the business clock: how old a cached figure is
    };
  });
}

/**
 * The day (library's zone) of each library's first recorded event that counts: one statement, a
 * MIN over the (libraryId, startsAt) index per library, whatever the history.
 */
async function firstEvents(db: DataSource, zones: Map<string, string>): Promise<Map<string, string | null>> {
  const ids = [...zones.keys()];
  const result = new Map<string, string | null>(ids.map((id) => [id, null]));
  if (!ids.length) return result;
  const statuses = COUNTED_EVENT_STATUSES.map(() => '?').join(', ');
  const rows: { libraryId: string; firstStart: string | Date | null }[] = await db.query(
    ids.map(() => `SELECT ? AS libraryId, (SELECT MIN(startsAt) FROM event WHERE libraryId = ? AND status IN (${statuses})) AS firstStart`).join(' UNION ALL '),
    ids.flatMap((id) => [id, id, ...COUNTED_EVENT_STATUSES]),
  );
  for (const r of rows) if (r.firstStart != null) result.set(String(r.libraryId), localDate(rawInstant(r.firstStart), zones.get(String(r.libraryId))!));
  return result;
}

/**
 * What was not recorded is null, never 0: every count of a period that ends before the library's
 * first recorded event; what happens at events (attendance, walk-ins, no-shows, ratings,
 * satisfaction) in a period that starts after today. Events planned ahead and their registrations
 * are recorded facts and count in a future period.
 */
function withRecords(figures: EventIndicators, firstEvent: string | null, today: string): EventIndicators {
  const record = periodRecord(figures, firstEvent, today);
  const coverage = coverageOf(firstEvent, today);
  if (record === 'unrecorded') {
    return {
      ...figures,
      coverage,
      events: null,
      eventsByType: [],
      eventsByAudience: [],
      registrations: null,
      attendance: null,
      walkIns: null,
      noShows: null,
      attendanceRate: null,
      ratings: null,
      averageRating: null,
      satisfactionResponses: null,
      satisfactionScore: null,
    };
  }
  if (record === 'future') {
    return {
      ...figures,
      coverage,
      attendance: null,
      walkIns: null,
      noShows: null,
      attendanceRate: null,
      ratings: null,
      averageRating: null,
      satisfactionResponses: null,
      satisfactionScore: null,
    };
  }
  return { ...figures, coverage };
}

/** Keys with the same period (as dates) share one set of five queries. */
export function indicatorsLoader(db: DataSource) {
  return new DataLoader<IndicatorKey, EventIndicators, string>(
    async (keys) => {
      const groups = new Map<string, IndicatorKey[]>();
      for (const k of keys) groups.set(`${k.from}|${k.to}`, [...(groups.get(`${k.from}|${k.to}`) ?? []), k]);
      const results = new Map<IndicatorKey, EventIndicators>();
      const zones = new Map<string, string>();
      for (const k of keys) if (!zones.has(k.libraryId)) zones.set(k.libraryId, await k.timezoneOf(k.libraryId));
      // Whatever the periods, one statement: where each library's records begin.
      const firstEvent = await firstEvents(db, zones);
      for (const group of groups.values()) {
        const periods = await Promise.all(
          group.map(async (k): Promise<Period> => {
            const tz = await k.timezoneOf(k.libraryId);
            return { ...k, fromUtc: zonedToUtc(k.from, '00:00', tz), toUtc: zonedToUtc(addDays(k.to, 1), '00:00', tz) };
          }),
        );
        // Registrations, attendance and ratings of the closed days come from the daily aggregates;
        // the live queries cover only the days after them.
        const aggregates = await eventAggregatesFor(db, [...new Set(group.map((k) => k.libraryId))], group[0].from, group[0].to);
        const live = await Promise.all(
          periods.map(async (p) => {
            const through = aggregates.get(p.libraryId)!.aggregatedThrough;
            if (!through) return p;
            const liveFrom = through >= p.to ? p.toUtc : zonedToUtc(addDays(through, 1), '00:00', await p.timezoneOf(p.libraryId));
            return { ...p, fromUtc: liveFrom };
          }),
        );
        const computed = await computeIndicators(db, periods, live, aggregates);
        group.forEach((k, i) => {
          const { aggregatedThrough, aggregatedAt } = aggregates.get(k.libraryId)!;
          results.set(k, withRecords({ ...computed[i], aggregatedThrough, aggregatedAt }, firstEvent.get(k.libraryId) ?? null, todayIn(zones.get(k.libraryId)!)));
        });
      }
      return keys.map((k) => results.get(k)!);
    },
    { cacheKeyFn: (k) => `${k.libraryId}|${k.from}|${k.to}` },
  );
}

@ObjectType({
  description: "A librarian's events in a period, for their performance review (the librarian, their library's admins, ADMIN)",
})
export class EventFacilitationSummary {
  @Field(() => CalendarDateScalar, { description: "First day of the period (included), in the library's time zone" })
  from: string;

  @Field(() => CalendarDateScalar, { description: "Last day of the period (included), in the library's time zone" })
  to: string;

  @Field(() => Int, { description: 'Events run (published or completed) starting in the period' })
  events: number;

  @Field(() => Int, { description: 'People who came: checked-in registrants plus walk-ins' })
  attendance: number;

  @Field(() => Float, { nullable: true, description: 'Checked-in / (checked-in + no-shows), 0-1' })
  attendanceRate: number | null;

  @Field(() => Int, { description: 'Ratings attendees gave those events (0 when none)' })
  ratings: number;

  @Field(() => Float, { nullable: true, description: 'Average rating attendees gave those events, 1-5' })
  averageRating: number | null;
}

export interface FacilitationKey extends IndicatorKey {
  librarianId: string;
}

/** Librarian.eventFacilitation: three grouped queries for every librarian asked in the request. */
export function facilitationLoader(db: DataSource) {
  return new DataLoader<FacilitationKey, EventFacilitationSummary, string>(
    async (keys) => {
      const periods = await Promise.all(
        keys.map(async (k) => {
          const tz = await k.timezoneOf(k.libraryId);
          // periodsWhere matches its "library" column against the librarian here.
          return { ...k, libraryId: k.librarianId, fromUtc: zonedToUtc(k.from, '00:00', tz), toUtc: zonedToUtc(addDays(k.to, 1), '00:00', tz) };
        }),
      );
      const base = (from: string, alias: string) => {
        const qb = db
          .createQueryBuilder()
          .from(from, alias)
          .innerJoin('event_facilitator', 'ef', `ef.eventId = ${alias === 'e' ? 'e.id' : `${alias}.eventId`}`)
          .select('ef.librarianId', 'librarianId')
          .where('ef.librarianId IN (:...librarianIds)', { librarianIds: [...new Set(keys.map((k) => k.librarianId))] });
        if (alias !== 'e') qb.innerJoin('event', 'e', `e.id = ${alias}.eventId`);
        qb.andWhere('e.status IN (:...counted)', { counted: COUNTED_EVENT_STATUSES });
        // Only events of the librarian's own library: whoever may read these figures (the
        // librarian, that library's admins) reads that library's events, never another's that a
        // legacy link might name them on.
        const own = keys.map((k, i) => `(ef.librarianId = :fl${i} AND e.libraryId = :fy${i})`);
        qb.andWhere(
          `(${own.join(' OR ')})`,
          Object.fromEntries(
            keys.flatMap((k, i) => [
              [`fl${i}`, k.librarianId],
              [`fy${i}`, k.libraryId],
            ]),
          ),
        );
        periodsWhere(db, qb, 'ef.librarianId', 'e.startsAt', periods, 'p');
        return qb.groupBy('ef.librarianId');
      };
      const events: { librarianId: string; n: unknown; walkIns: unknown }[] = await base('event', 'e')
        .addSelect('COUNT(*)', 'n')
        .addSelect('SUM(e.walkIns)', 'walkIns')
        .getRawMany();
      const attendance: { librarianId: string; status: string; n: unknown }[] = await base('event_attendance', 'a')
        .addSelect('a.status', 'status')
        .addSelect('COUNT(*)', 'n')
        .addGroupBy('a.status')
        .getRawMany();
      const ratings: { librarianId: string; n: unknown; total: unknown }[] = await base('event_feedback', 'f')
        .addSelect('COUNT(*)', 'n')
        .addSelect('SUM(f.rating)', 'total')
        .getRawMany();
      const n = (v: unknown) => Number(v ?? 0);
      return keys.map((k) => {
        const ev = events.find((r) => r.librarianId === k.librarianId);
        const attended = n(attendance.find((r) => r.librarianId === k.librarianId && r.status === 'ATTENDED')?.n);
        const noShows = n(attendance.find((r) => r.librarianId === k.librarianId && r.status === 'NO_SHOW')?.n);
        const rating = ratings.find((r) => r.librarianId === k.librarianId);
        return {
          from: k.from,
          to: k.to,
          events: n(ev?.n),
          attendance: attended + n(ev?.walkIns),
          attendanceRate: ratio(attended, attended + noShows),
          ratings: n(rating?.n),
          averageRating: average(n(rating?.total), n(rating?.n)),
        };
      });
    },
    { cacheKeyFn: (k) => `${k.librarianId}|${k.from}|${k.to}` },
  );
}
