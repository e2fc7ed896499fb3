import { createHash } from 'node:crypto';
import { DEMO_LIBRARIES, demoId, type DemoLibrary } from '../../../../shared/domain/demo';
import {
  cityPartners,
  cityPerson,
  cityProfile,
  citySchoolPartners,
  demandWeight,
  demoRandom,
  demoWindow,
  emailFor,
  isOpenDay,
  isRamadan,
  isSchoolHoliday,
  type CityProfile,
  type DemoPartner,
  type DemoRandom,
} from '../../../../shared/domain/demo-city';
import { addDays, isoWeekday, localDate, zonedToUtc } from '../../../../shared/platform/time';
import { EventFacilitator } from '../../events/event-facilitator.entity';
import { EventPartner } from '../../events/event-partner.entity';
import { EventPromotionLink, PromotionPlatform } from '../../events/event-promotion.entity';
import { EventSeries } from '../../events/event-series.entity';
import { Event, EventAudience, EventStatus, EventType } from '../../events/event.entity';
import { EventNotice, EventNoticeKind, EventNoticeStatus } from '../../notices/event-notice.entity';
import { describeStart } from '../../notices/notices.service';
import { AttendanceStatus, EventAttendance } from '../../registration/attendance.entity';
import { GuestAgeGroup, Registration, RegistrationStatus } from '../../registration/registration.entity';
import { EventFeedback } from '../../surveys/event-feedback.entity';
import { SatisfactionSurvey, SurveyAnswer, SurveyQuestion, SurveyQuestionKind, SurveyResponse } from '../../surveys/satisfaction-survey.entity';
import { PROGRAMMES, type CityProgramme, type EventKind } from './programme';

/**
 * One library's community programme at city scale, as rows (no database): the single events of
 * its programme over the 24 months before the load day and about three months ahead, its weekly
 * reading club (a series each semester), registrations with their waitlists, attendance,
 * walk-ins and ratings of the events held, the notices of cancellations and promotions,
 * promotion posts, and the satisfaction surveys with their answers.
 *
 * Pure and deterministic: the same (library, load day, scale) gives the same rows everywhere.
 * Nothing that happens is dated on or after the load day's midnight in the library's zone.
 */
export interface CityEventRows {
  series: EventSeries[];
  events: Event[];
  facilitators: EventFacilitator[];
  partners: EventPartner[];
  registrations: Registration[];
  attendance: EventAttendance[];
  feedback: EventFeedback[];
  notices: EventNotice[];
  promotions: EventPromotionLink[];
  surveys: SatisfactionSurvey[];
  questions: SurveyQuestion[];
  responses: SurveyResponse[];
  answers: SurveyAnswer[];
}

/** Days ahead of the load day the programme is planned for. */
export const CITY_EVENTS_AHEAD_DAYS = 91;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Events a month more or less than the demand of the library's visitors: October is the language and literacy month, August the independence month. */
const MONTH_FACTOR = [0.9, 1.0, 1.0, 1.0, 1.05, 0.9, 0.85, 1.3, 1.1, 1.45, 1.05, 0.85];

/** What one library's generation works with. */
interface Ctx {
  library: DemoLibrary;
  profile: CityProfile;
  programme: CityProgramme;
  loadDay: string;
  /** The load day's midnight in the library's zone (ms): nothing that happens is at or after it. */
  loadStart: number;
  partners: DemoPartner[];
  rng: DemoRandom;
  /** Person members, most active first (a few come to everything, most now and then). */
  people: number[];
  memberIds: Map<number, string>;
  /** Librarians' weights: some run many more events than others. */
  staffWeights: number[];
  muslimCity: boolean;
  librarianIds: string[];
  partnerIds: string[];
  /** A local wall-clock time in the library's zone as an instant (ms); Indonesia keeps no daylight saving. */
  at: (date: string, time: string) => number;
  /** The next id of a kind of row: a stable UUID per library and kind, numbered in generation order (hashing each would cost more than the rest). */
  nextId: (kind: string) => string;
  rows: CityEventRows;
}

export function generateCityEvents(libraryId: string, loadDay: string, scale: number): CityEventRows {
  const library = DEMO_LIBRARIES.find((l) => l.id === libraryId);
  const programme = PROGRAMMES[libraryId];
  if (!library || !programme) throw new Error(`No city programme for library ${libraryId}`);
  const profile = cityProfile(libraryId, scale);
  const rng = demoRandom(`community-events:city:${libraryId}:${loadDay}:${scale}`);
  const schools = citySchoolPartners(libraryId, scale).length;
  const people = shuffle(
    rng,
    Array.from({ length: Math.max(0, profile.members - schools) }, (_, i) => i + schools),
  );
  const staffWeights = shuffle(
    rng,
    Array.from({ length: profile.staff }, (_, i) => 1 / (1 + 0.45 * i)),
  );
  const offsetMs = Date.parse(`${loadDay}T00:00:00Z`) - zonedToUtc(loadDay, '00:00', library.timezone).getTime();
  const sequences = new Map<string, { prefix: string; n: number }>();
  const ctx: Ctx = {
    library,
    profile,
    programme,
    loadDay,
    loadStart: Date.parse(`${loadDay}T00:00:00Z`) - offsetMs,
    partners: cityPartners(libraryId, scale),
    rng,
    people,
    memberIds: new Map(),
    staffWeights,
    muslimCity: !!programme.ramadanSlots,
    librarianIds: Array.from({ length: profile.staff }, (_, i) => demoId('librarian', libraryId, i)),
    partnerIds: cityPartners(libraryId, scale).map((_, i) => demoId('partner', libraryId, i)),
    at: (date, time) => Date.parse(`${date}T${time}:00Z`) - offsetMs,
    nextId(kind) {
      let seq = sequences.get(kind);
      if (!seq) sequences.set(kind, (seq = { prefix: demoId(`city-${kind}`, libraryId, loadDay, scale).slice(0, 24), n: 0 }));
      return `${seq.prefix}${(seq.n++).toString(16).padStart(12, '0')}`;
    },
    rows: {
      series: [],
      events: [],
      facilitators: [],
      partners: [],
      registrations: [],
      attendance: [],
      feedback: [],
      notices: [],
      promotions: [],
      surveys: [],
      questions: [],
      responses: [],
      answers: [],
    },
  };
  const window = demoWindow(loadDay);
  const clubSessionsInWindow = generateClub(ctx, window.from);
  const singlesPerYear = Math.max(profile.eventsPerYear * 0.5, profile.eventsPerYear - clubSessionsInWindow / 2);
  generateSingles(ctx, window.from, singlesPerYear);
  generateSurveys(ctx, window.from);
  return ctx.rows;
}

// ---------------------------------------------------------------------------------------------
// Single events.

interface Placement {
  date: string;
  kind: EventKind;
  /** Index of the annual date (its title), for annual kinds. */
  annualIndex?: number;
}

function generateSingles(ctx: Ctx, from: string, singlesPerYear: number): void {
  const { programme, loadDay } = ctx;
  const through = addDays(loadDay, CITY_EVENTS_AHEAD_DAYS - 1);
  const days: string[] = [];
  const weights: number[] = [];
  let windowWeight = 0;
  for (let d = from; d <= through; d = addDays(d, 1)) {
    const w = dayWeight(ctx, d);
    days.push(d);
    weights.push(w);
    if (d < loadDay) windowWeight += w;
  }
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const expected = (singlesPerYear * totalWeight) / (windowWeight / 2);

  // The annual highlights first (festival, Independence Day contests, the city's own days), as
  // many as the programme's size allows: the most important first.
  const annualKinds = programme.kinds.filter((k) => k.annual);
  const budget = Math.round(expected * 0.25);
  const candidates: Placement[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(through.slice(0, 4)); year++) {
    for (const kind of annualKinds) {
      kind.annual!.forEach((md, i) => {
        const date = annualDay(ctx, kind, `${year}-${md}`);
        if (date && date >= from && date <= through) candidates.push({ date, kind, annualIndex: i });
      });
    }
  }
  // The literacy festival first, then the kinds the library runs most (their first date before the second).
  const rank = (p: Placement) => (p.kind.key === 'literacy-month' ? -1000 : 0) - p.kind.weight * (p.annualIndex === 0 ? 2 : 1);
  const annual = [...candidates].sort((a, b) => rank(a) - rank(b) || a.date.localeCompare(b.date)).slice(0, budget);

  // The rest spread over the days in proportion to their weight (systematic sampling: even, yet seasonal).
  const n = Math.max(0, Math.round(expected - annual.length));
  const placements: Placement[] = [...annual];
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w));
  const drawable = programme.kinds.filter((k) => !k.annual);
  const offset = ctx.rng.float();
  for (let k = 0; k < n; k++) {
    const jitter = (ctx.rng.float() - 0.5) * 0.4;
    const target = Math.min(sum - 1e-9, Math.max(0, ((k + offset + jitter) / n) * sum));
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    const date = days[lo];
    const kind = pickKind(ctx, drawable, date);
    if (kind) placements.push({ date, kind });
  }
  placements.sort((a, b) => a.date.localeCompare(b.date) || a.kind.key.localeCompare(b.kind.key));
  placements.forEach((p, i) => planSingle(ctx, p, i));
}

/** How many events a day gets against the average: the visitors' demand, the literacy calendar, the family day. */
function dayWeight(ctx: Ctx, date: string): number {
  const w = demandWeight(ctx.profile, date, ctx.loadDay);
  if (!w) return 0;
  const weekday = isoWeekday(date);
  const family = weekday === ctx.programme.familyDay ? 1.7 : weekday === 5 ? 0.8 : 1;
  return w * MONTH_FACTOR[Number(date.slice(5, 7)) - 1] * family;
}

function allowed(ctx: Ctx, kind: EventKind, date: string): boolean {
  if (!isOpenDay(ctx.library.id, date)) return false;
  const weekday = isoWeekday(date);
  if (kind.days === 'family' && weekday !== ctx.programme.familyDay) return false;
  if (kind.days === 'school' && weekday > 4) return false;
  if (kind.schoolTerm && isSchoolHoliday(date)) return false;
  if (kind.months && !kind.months.includes(Number(date.slice(5, 7)))) return false;
  if (kind.ramadan === 'only' && !isRamadan(date)) return false;
  if (kind.ramadan === 'never' && isRamadan(date)) return false;
  if (kind.groupBooking && !ctx.partners.some((p) => p.kind === 'SCHOOL')) return false;
  return true;
}

/** The first open day on or after `date` that suits the kind (within a fortnight). */
function annualDay(ctx: Ctx, kind: EventKind, date: string): string | null {
  for (let i = 0; i < 14; i++) {
    const d = addDays(date, i);
    if (allowed(ctx, { ...kind, months: undefined }, d)) return d;
  }
  return null;
}

function pickKind(ctx: Ctx, kinds: EventKind[], date: string): EventKind | null {
  const fits = kinds.filter((k) => allowed(ctx, k, date));
  if (!fits.length) return null;
  return weightedPick(
    ctx.rng,
    fits,
    fits.map((k) => k.weight),
  );
}

/** The start of an event of this kind on that day (HH:MM): the city's clock, Ramadan, the family day. */
function startTime(ctx: Ctx, kind: EventKind, date: string): { time: string; hours: number } {
  const { programme } = ctx;
  let slot = kind.slot;
  // Where the family day is a working Friday, family mornings move to the afternoon.
  if (kind.days === 'family' && programme.familyDay !== 6 && slot === 'morning') slot = 'afternoon';
  const ramadan = ctx.muslimCity && isRamadan(date);
  let base = (ramadan && programme.ramadanSlots?.[slot]) || programme.slots[slot];
  let hours = kind.hours;
  let shift = kind.shift ?? 0;
  if (ramadan) {
    // Fasting: shorter events, afternoons end at iftar.
    hours = Math.min(hours, slot === 'afternoon' ? 1.75 : 3);
    if (slot === 'afternoon') shift = 0;
  }
  if (!kind.online && slot !== 'school' && ctx.rng.chance(0.2)) shift += 30;
  const [h, m] = base.split(':').map(Number);
  const minutes = h * 60 + m + shift;
  base = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return { time: base, hours };
}

function fillTitle(ctx: Ctx, template: string, date: string, school?: DemoPartner): string {
  const year = Number(date.slice(0, 4));
  return template
    .replace('{city}', ctx.library.city)
    .replace('{year}', String(year))
    .replace('{independence}', String(year - 1945))
    .replace('{school}', school?.name ?? 'Sekolah Mitra');
}

function planSingle(ctx: Ctx, p: Placement, n: number): void {
  const { rng, library, loadDay, loadStart, rows } = ctx;
  const { kind, date } = p;
  const id = demoId('city-event', library.id, n);
  const { time, hours } = startTime(ctx, kind, date);
  const startsAt = new Date(ctx.at(date, time));
  const endsAt = new Date(startsAt.getTime() + hours * HOUR);

  // Co-host: a partner of a fitting kind (a school visit is always its school's).
  let coHost: number | undefined;
  if (kind.coHost && rng.chance(kind.coHost.chance)) {
    const fitting = ctx.partners.flatMap((partner, i) => (kind.coHost!.kinds.includes(partner.kind) ? [i] : []));
    if (fitting.length) coHost = rng.pick(fitting);
  }
  const template = p.annualIndex !== undefined ? kind.titles[p.annualIndex % kind.titles.length] : rng.pick(kind.titles);
  const topic = kind.topics ? rng.pick(kind.topics) : '';
  const title = fillTitle(ctx, template.replace('{topic}', topic), date, coHost !== undefined ? ctx.partners[coHost] : undefined);
  const capacity = roundTo(rng.int(kind.capacity[0], kind.capacity[1]), 5);

  let status: EventStatus;
  const past = date < loadDay;
  if (past) status = rng.chance([12, 1, 2, 3].includes(Number(date.slice(5, 7))) ? 0.05 : 0.025) ? EventStatus.CANCELLED : EventStatus.COMPLETED;
  else status = daysFrom(loadDay, date) >= 28 && rng.chance(0.35) ? EventStatus.DRAFT : EventStatus.PUBLISHED;

  const event: Event = {
    id,
    libraryId: library.id,
    title,
    description: kind.description,
    type: kind.type,
    audience: kind.audience,
    audienceTags: kind.tags?.length ? `,${kind.tags.join(',')},` : '',
    accessibilityNotes: kind.accessibilityNotes ?? null,
    location: kind.online ? `https://daring.perpustakaan-${library.id}.go.id/${slug(title)}-${date}` : kind.location,
    startsAt,
    endsAt,
    capacity,
    status,
    registrationOpensAt: null,
    registrationClosesAt: null,
    seriesId: null,
    walkIns: 0,
    cancellationReason: null,
  };
  rows.events.push(event);
  const facilitators = pickStaff(ctx, capacity >= 100 ? rng.int(2, 3) : rng.int(1, 2));
  for (const k of facilitators) rows.facilitators.push({ eventId: id, librarianId: ctx.librarianIds[k] });
  if (coHost !== undefined) rows.partners.push({ eventId: id, partnerId: ctx.partnerIds[coHost] });
  if (status === EventStatus.DRAFT) return;

  // Registration opens when the event is announced: three weeks before, five for big ones.
  const opens = startsAt.getTime() - (capacity >= 100 ? 35 : 21) * DAY + rng.int(0, 3) * DAY;
  const decided = status === EventStatus.CANCELLED ? startsAt.getTime() - rng.int(1, 5) * DAY - rng.int(0, 8) * HOUR : null;
  const until = Math.min(decided ?? Infinity, startsAt.getTime() - HOUR, loadStart - HOUR);
  const lastCancel = Math.min((decided ?? Infinity) - HOUR, startsAt.getTime() - 2 * HOUR);
  const arrivals: Arrival[] = [];
  if (kind.groupBooking) {
    // The teachers book; the class comes as walk-ins.
    const school = coHost !== undefined ? ctx.partners[coHost] : rng.pick(ctx.partners);
    for (let j = 0; j < rng.int(1, 2); j++) {
      const teacher = cityPerson(rng, library.id);
      arrivals.push({
        at: opens + rng.float() * (startsAt.getTime() - 2 * DAY - opens),
        guest: { name: teacher.name, email: emailFor(teacher.name, school.domain), age: GuestAgeGroup.ADULT },
      });
    }
  } else {
    const wanted = Math.round(capacity * (kind.demand[0] + rng.float() * (kind.demand[1] - kind.demand[0])));
    for (let j = 0; j < wanted; j++) arrivals.push({ at: opens + rng.float() ** 0.8 * (startsAt.getTime() - HOUR - opens) });
  }
  const pool = registerPool(ctx, {
    poolId: id,
    eventOf: () => id,
    seriesId: null,
    title,
    startsAt,
    capacity,
    audience: kind.audience,
    arrivals: arrivals.filter((a) => a.at < until),
    cancelChance: 0.07,
    cancelWithin: (at) => [at + HOUR, lastCancel],
  });

  if (status === EventStatus.CANCELLED) {
    const reason = rng.pick(ctx.programme.cancellationReasons);
    event.cancellationReason = reason;
    const message = `Kegiatan "${title}" pada ${describeStart(event, library.timezone)} dibatalkan: ${reason.replace(/\.$/, '')}. Mohon maaf atas ketidaknyamanan ini.`;
    for (const r of pool) {
      if (r.row.status === RegistrationStatus.CANCELLED) continue;
      r.row.status = RegistrationStatus.CANCELLED;
      r.row.activeKey = null;
      r.row.cancelledAt = new Date(decided!);
      rows.notices.push(notice(ctx, r.row, id, EventNoticeKind.EVENT_CANCELLED, message, decided!));
    }
    return;
  }
  if (status === EventStatus.COMPLETED) {
    event.walkIns = rng.int(kind.walkIns[0], kind.walkIns[1]);
    const noShow = kind.noShow[0] + rng.float() * (kind.noShow[1] - kind.noShow[0]);
    recordAttendance(ctx, event, date, pool, 1 - noShow, 0.45, facilitators);
  }
  promote(ctx, event, opens);
}

// ---------------------------------------------------------------------------------------------
// The weekly reading club: a series each school semester (from February and from August).

function generateClub(ctx: Ctx, from: string): number {
  const { library, programme, profile, loadDay, loadStart, rows, rng } = ctx;
  const club = programme.club;
  const perSeason = Math.max(2, Math.min(16, Math.round((profile.eventsPerYear * 0.2) / 2)));
  const through = addDays(loadDay, CITY_EVENTS_AHEAD_DAYS - 1);
  let inWindow = 0;
  for (let year = Number(from.slice(0, 4)); year <= Number(through.slice(0, 4)); year++) {
    for (const [semester, start] of [
      [1, `${year}-02-10`],
      [2, `${year}-08-10`],
    ] as const) {
      let first: string = start;
      while (isoWeekday(first) !== club.weekday) first = addDays(first, 1);
      const createdAt = ctx.at(addDays(first, -rng.int(28, 40)), '10:00');
      if (first < from || createdAt >= loadStart) continue;
      const seriesId = demoId('city-series', library.id, year, semester);
      const seasonLabel = semester === 1 ? `Semester I ${year}` : `Semester II ${year}`;
      const title = `${club.title} ${seasonLabel}`;
      rows.series.push({
        id: seriesId,
        libraryId: library.id,
        title,
        description: club.description,
        type: EventType.READING_CLUB,
        audience: club.audience,
        capacity: club.capacity,
        intervalDays: 7,
        registrationOpensAt: null,
        registrationClosesAt: null,
        createdAt: new Date(createdAt),
      });
      const staff = pickStaff(ctx, 2);
      const community = ctx.partners.findIndex((p) => p.kind === 'COMMUNITY_ORGANISATION');
      const sessions: Event[] = [];
      for (let week = 0, held = 0; held < perSeason && week < perSeason + 6; week++) {
        const date = addDays(first, 7 * week);
        if (date > through) break;
        if (!isOpenDay(library.id, date) || isSchoolHoliday(date)) continue;
        held++;
        const ramadan = ctx.muslimCity && isRamadan(date);
        const startsAt = new Date(ctx.at(date, ramadan ? programme.ramadanSlots!.afternoon! : club.time));
        const id = demoId('city-event', library.id, 'club', year, semester, week);
        let status = date < loadDay ? EventStatus.COMPLETED : EventStatus.PUBLISHED;
        if (date < loadDay && rng.chance(0.03)) status = EventStatus.CANCELLED;
        const session: Event = {
          id,
          libraryId: library.id,
          title,
          description: club.description,
          type: EventType.READING_CLUB,
          audience: club.audience,
          audienceTags: club.audience === EventAudience.ADULTS ? `,${EventAudience.TEENAGERS},${EventAudience.SENIORS},` : `,${EventAudience.ADULTS},`,
          accessibilityNotes: null,
          location: club.location,
          startsAt,
          endsAt: new Date(startsAt.getTime() + (ramadan ? 1.5 : 2) * HOUR),
          capacity: club.capacity,
          status,
          registrationOpensAt: null,
          registrationClosesAt: null,
          seriesId,
          walkIns: 0,
          cancellationReason: null,
        };
        sessions.push(session);
        rows.events.push(session);
        if (date < loadDay) inWindow++;
        for (const k of staff) rows.facilitators.push({ eventId: id, librarianId: ctx.librarianIds[k] });
        if (community >= 0) rows.partners.push({ eventId: id, partnerId: ctx.partnerIds[community] });
      }
      if (!sessions.length) continue;
      // Most join in the weeks before the first session; a few midway.
      const firstStart = sessions[0].startsAt.getTime();
      const lastStart = sessions[sessions.length - 1].startsAt.getTime();
      const wanted = Math.round(club.capacity * (0.8 + rng.float() * 0.45));
      const arrivals: Arrival[] = Array.from({ length: wanted }, (_, j) =>
        j < wanted * 0.8
          ? { at: createdAt + HOUR + rng.float() * (firstStart - HOUR - createdAt - HOUR) }
          : { at: firstStart + HOUR + rng.float() * (lastStart - firstStart - 2 * HOUR) },
      );
      const eventOf = (at: number) => (sessions.find((s) => s.startsAt.getTime() > at) ?? sessions[sessions.length - 1]).id;
      const pool = registerPool(ctx, {
        poolId: seriesId,
        eventOf,
        seriesId,
        title,
        startsAt: sessions[0].startsAt,
        capacity: club.capacity,
        audience: club.audience,
        arrivals: arrivals.filter((a) => a.at < Math.min(loadStart - HOUR, lastStart - HOUR)),
        cancelChance: 0.1,
        cancelWithin: (at) => [at + DAY, Math.max(at + 2 * DAY, lastStart - DAY)],
      });
      sessions.forEach((session, i) => {
        if (session.status === EventStatus.CANCELLED) {
          const reason = rng.pick(programme.cancellationReasons);
          session.cancellationReason = reason;
          const decided = session.startsAt.getTime() - rng.int(4, 48) * HOUR;
          const message = `Sesi "${title}" pada ${describeStart(session, library.timezone)} dibatalkan: ${reason.replace(/\.$/, '')}. Pendaftaran Anda untuk sesi lainnya tetap berlaku.`;
          for (const r of pool) if (holds(r, decided)) rows.notices.push(notice(ctx, r.row, session.id, EventNoticeKind.SESSION_CANCELLED, message, decided));
          return;
        }
        if (session.status !== EventStatus.COMPLETED) return;
        // Attendance fades a little over the semester; a few come along without registering.
        session.walkIns = rng.int(0, 3);
        recordAttendance(ctx, session, localDate(session.startsAt, library.timezone), pool, 0.86 - (0.18 * i) / sessions.length, 0.12, staff);
      });
    }
  }
  return inWindow;
}

// ---------------------------------------------------------------------------------------------
// Registrations, attendance, ratings, notices.

interface Arrival {
  at: number;
  guest?: { name: string; email: string; age: GuestAgeGroup };
}

interface PoolEntry {
  row: Registration;
  /** When the registration started holding a place (arrival or promotion), if it did. */
  confirmedFrom: number | null;
  cancelledAt: number | null;
}

/** Holds a place at that instant. */
const holds = (r: PoolEntry, t: number) => r.confirmedFrom !== null && r.confirmedFrom < t && (r.cancelledAt === null || r.cancelledAt > t);

/**
 * The registrations of one pool as registerForEvent and cancelRegistration make them: places in
 * arrival order, then the waitlist; a cancellation promotes the first waiting (with its notice).
 * Only what happened before the load day.
 */
function registerPool(
  ctx: Ctx,
  o: {
    poolId: string;
    eventOf: (at: number) => string;
    seriesId: string | null;
    title: string;
    startsAt: Date;
    capacity: number;
    audience: EventAudience;
    arrivals: Arrival[];
    cancelChance: number;
    cancelWithin: (at: number) => [number, number];
  },
): PoolEntry[] {
  const { rng, library, loadStart, rows } = ctx;
  const arrivals = [...o.arrivals].sort((a, b) => a.at - b.at);
  const used = new Set<string>();
  const entries: PoolEntry[] = arrivals.map((a, j) => {
    const createdAt = Math.floor(a.at / 1000) * 1000;
    let memberId: string | null = null;
    let guest = a.guest;
    if (!guest && !rng.chance(0.3)) {
      for (let attempt = 0; attempt < 6 && !memberId; attempt++) {
        const i = ctx.people[Math.floor(ctx.people.length * rng.float() ** 1.7)];
        if (i === undefined) break;
        const candidate = memberIdOf(ctx, i);
        if (!used.has(`member:${candidate}`)) memberId = candidate;
      }
    }
    if (!memberId && !guest) {
      const person = cityPerson(rng, library.id);
      guest = {
        name: person.name,
        email: emailFor(person.name, rng.pick(ctx.programme.mailDomains), rng.chance(0.6) ? rng.int(1, 99) : undefined),
        age: ageGroup(rng, o.audience),
      };
    }
    let key = memberId ? `member:${memberId}` : `guest:${guest!.email}`;
    if (used.has(key)) {
      guest = { ...guest!, email: guest!.email.replace('@', `.${j}@`) };
      key = `guest:${guest.email}`;
    }
    used.add(key);
    let cancelAt: number | null = null;
    if (rng.chance(o.cancelChance)) {
      const [lo, hi] = o.cancelWithin(createdAt);
      const t = Math.floor((lo + rng.float() * Math.max(0, hi - lo)) / 1000) * 1000;
      if (t < loadStart && hi > lo) cancelAt = t;
    }
    const row: Registration = {
      id: ctx.nextId('registration'),
      eventId: o.eventOf(createdAt),
      seriesId: o.seriesId,
      poolId: o.poolId,
      sequence: j + 1,
      activeKey: key,
      memberId,
      guestName: memberId ? null : guest!.name,
      guestEmail: memberId ? null : guest!.email,
      guestAgeGroup: memberId ? null : guest!.age,
      guestTokenHash: null,
      status: RegistrationStatus.WAITLISTED,
      createdAt: new Date(createdAt),
      promotedAt: null,
      cancelledAt: null,
    };
    return { row, confirmedFrom: null, cancelledAt: cancelAt };
  });
  // Replay arrivals and cancellations in time order.
  const steps = entries.flatMap((e, i) => [{ t: e.row.createdAt.getTime(), i, cancel: false }, ...(e.cancelledAt !== null ? [{ t: e.cancelledAt, i, cancel: true }] : [])]);
  steps.sort((a, b) => a.t - b.t || Number(a.cancel) - Number(b.cancel) || a.i - b.i);
  let confirmed = 0;
  const queue: number[] = [];
  for (const s of steps) {
    const e = entries[s.i];
    if (!s.cancel) {
      if (confirmed < o.capacity) {
        e.confirmedFrom = s.t;
        e.row.status = RegistrationStatus.CONFIRMED;
        confirmed++;
      } else queue.push(s.i);
      continue;
    }
    const wasConfirmed = e.row.status === RegistrationStatus.CONFIRMED;
    e.row.status = RegistrationStatus.CANCELLED;
    e.row.cancelledAt = new Date(s.t);
    e.row.activeKey = null;
    if (!wasConfirmed) {
      const at = queue.indexOf(s.i);
      if (at >= 0) queue.splice(at, 1);
      continue;
    }
    confirmed--;
    if (queue.length && s.t < o.startsAt.getTime()) {
      const next = entries[queue.shift()!];
      next.row.status = RegistrationStatus.CONFIRMED;
      next.row.promotedAt = new Date(s.t);
      next.confirmedFrom = s.t;
      confirmed++;
      const when = describeStart({ startsAt: o.startsAt }, library.timezone);
      rows.notices.push(
        notice(
          ctx,
          next.row,
          next.row.eventId,
          EventNoticeKind.PROMOTED_FROM_WAITLIST,
          `Kabar baik: ada tempat kosong. Pendaftaran Anda untuk "${o.title}" (${when}) kini TERKONFIRMASI.`,
          s.t,
        ),
      );
    }
  }
  rows.registrations.push(...entries.map((e) => e.row));
  return entries;
}

function ageGroup(rng: DemoRandom, audience: EventAudience): GuestAgeGroup {
  if (audience === EventAudience.CHILDREN) return rng.chance(0.8) ? GuestAgeGroup.CHILD : GuestAgeGroup.ADULT;
  if (audience === EventAudience.TEENAGERS) return rng.chance(0.75) ? GuestAgeGroup.TEENAGER : GuestAgeGroup.ADULT;
  if (audience === EventAudience.SENIORS) return rng.chance(0.85) ? GuestAgeGroup.SENIOR : GuestAgeGroup.ADULT;
  return rng.pick([GuestAgeGroup.ADULT, GuestAgeGroup.ADULT, GuestAgeGroup.ADULT, GuestAgeGroup.TEENAGER, GuestAgeGroup.SENIOR]);
}

/** Check-ins (shortly around the start) and no-shows of those who held a place when it started; ratings of some who came. */
function recordAttendance(ctx: Ctx, event: Event, date: string, pool: PoolEntry[], comeRate: number, rateShare: number, staff: number[]): void {
  const { rng, rows, loadStart } = ctx;
  const start = event.startsAt.getTime();
  const end = event.endsAt.getTime();
  // No-shows are marked before the day is out in the library's zone.
  const dayEnd = ctx.at(addDays(date, 1), '00:00') - MINUTE;
  const weak = rng.chance(0.12);
  for (const r of pool) {
    if (!holds(r, start)) continue;
    const came = rng.chance(comeRate);
    const recordedAt = came ? start + rng.int(-20, 30) * MINUTE : Math.min(end + rng.int(30, 120) * MINUTE, dayEnd, loadStart - MINUTE);
    rows.attendance.push({
      id: ctx.nextId('attendance'),
      eventId: event.id,
      registrationId: r.row.id,
      status: came ? AttendanceStatus.ATTENDED : AttendanceStatus.NO_SHOW,
      recordedAt: new Date(recordedAt),
      recordedBy: `librarian:${ctx.librarianIds[rng.pick(staff)]}`,
    });
    if (!came || !rng.chance(rateShare)) continue;
    const createdAt = end + rng.int(1, 72) * HOUR + rng.int(0, 59) * MINUTE;
    if (createdAt >= loadStart) continue;
    rows.feedback.push({
      id: ctx.nextId('feedback'),
      eventId: event.id,
      registrationId: r.row.id,
      rating: weightedPick(rng, [5, 4, 3, 2, 1], weak ? [20, 35, 30, 10, 5] : [47, 36, 11, 4, 2]),
      comment: rng.chance(0.35) ? rng.pick(ctx.programme.comments) : null,
      createdAt: new Date(createdAt),
    });
  }
}

/** A notice as the outbox worker leaves it: sent a few minutes later (a member's to the address collections keeps). */
function notice(ctx: Ctx, r: Registration, eventId: string, kind: EventNoticeKind, message: string, at: number): EventNotice {
  const createdAt = new Date(Math.floor(at / 1000) * 1000);
  const sentAt = new Date(Math.min(createdAt.getTime() + 5 * MINUTE, ctx.loadStart - 1000));
  return {
    id: ctx.nextId('notice'),
    eventId,
    registrationId: r.id,
    memberId: r.memberId,
    email: r.memberId ? null : r.guestEmail,
    dedupeKey: null,
    kind,
    message,
    createdAt,
    status: EventNoticeStatus.SENT,
    attempts: 1,
    lastError: null,
    sentAt,
    nextAttemptAt: null,
    lockedUntil: null,
  };
}

/** The announcement: an Instagram post, often a Facebook one, a TikTok for teenagers; before the load day. */
function promote(ctx: Ctx, event: Event, opens: number): void {
  const { rng, rows, loadStart } = ctx;
  let posted = opens + rng.int(0, 2) * DAY + rng.int(9, 19) * HOUR - (opens % DAY);
  if (event.status === EventStatus.PUBLISHED) posted = Math.min(posted, loadStart - rng.int(1, 10) * DAY + rng.int(2, 10) * HOUR);
  if (posted >= loadStart) return;
  const at = new Date(Math.floor(posted / 1000) * 1000);
  const handle = `perpustakaan.${ctx.library.id.replace(/-/g, '')}`;
  const links: [PromotionPlatform, string][] = [[PromotionPlatform.INSTAGRAM, `https://www.instagram.com/p/${code(rng, 11)}/`]];
  if (rng.chance(0.55)) links.push([PromotionPlatform.FACEBOOK, `https://www.facebook.com/${handle}/posts/${digits(rng, 16)}`]);
  if (event.audience === EventAudience.TEENAGERS && rng.chance(0.35)) links.push([PromotionPlatform.TIKTOK, `https://www.tiktok.com/@${handle}/video/${digits(rng, 19)}`]);
  links.forEach(([platform, url]) => rows.promotions.push({ id: ctx.nextId(`promotion`), eventId: event.id, platform, url, postedAt: at, createdAt: at }));
}

// ---------------------------------------------------------------------------------------------
// Satisfaction surveys: one each semester (IKM) and one on the literacy programme each October.

const IKM_QUESTIONS: { text: string; kind: SurveyQuestionKind; lean: number }[] = [
  { text: 'Persyaratan layanan (keanggotaan, peminjaman) mudah dipenuhi', kind: SurveyQuestionKind.RATING, lean: 0.1 },
  { text: 'Prosedur layanan mudah dan jelas', kind: SurveyQuestionKind.RATING, lean: 0 },
  { text: 'Waktu pelayanan cepat', kind: SurveyQuestionKind.RATING, lean: -0.15 },
  { text: 'Petugas perpustakaan kompeten', kind: SurveyQuestionKind.RATING, lean: 0.1 },
  { text: 'Petugas perpustakaan sopan dan ramah', kind: SurveyQuestionKind.RATING, lean: 0.25 },
  { text: 'Sarana dan prasarana (ruang baca, komputer, toilet) nyaman', kind: SurveyQuestionKind.RATING, lean: -0.35 },
  { text: 'Koleksi buku sesuai kebutuhan Anda', kind: SurveyQuestionKind.RATING, lean: -0.2 },
  { text: 'Saran untuk perpustakaan', kind: SurveyQuestionKind.TEXT, lean: 0 },
];

const EVENT_QUESTIONS: { text: string; kind: SurveyQuestionKind; lean: number }[] = [
  { text: 'Informasi kegiatan mudah didapat', kind: SurveyQuestionKind.RATING, lean: -0.1 },
  { text: 'Pendaftaran kegiatan mudah', kind: SurveyQuestionKind.RATING, lean: 0.1 },
  { text: 'Materi kegiatan bermanfaat', kind: SurveyQuestionKind.RATING, lean: 0.2 },
  { text: 'Pemateri dan pendongeng menguasai materi', kind: SurveyQuestionKind.RATING, lean: 0.15 },
  { text: 'Waktu dan tempat kegiatan sesuai', kind: SurveyQuestionKind.RATING, lean: -0.2 },
  { text: 'Kegiatan apa yang ingin Anda ikuti tahun depan?', kind: SurveyQuestionKind.TEXT, lean: 0 },
];

const SUGGESTIONS = [
  'Tambah koleksi buku anak dan komik edukasi.',
  'Jam buka diperpanjang sampai malam.',
  'Wifi sering putus, mohon diperbaiki.',
  'Perbanyak kegiatan untuk remaja.',
  'Tempat parkir motor kurang.',
  'Sudah sangat baik, pertahankan.',
  'Perbanyak buku referensi untuk mahasiswa.',
  'Toilet mohon lebih dijaga kebersihannya.',
  'Mohon ada layanan perpustakaan keliling ke kelurahan.',
];

const EVENT_WISHES = [
  'Lebih banyak dongeng untuk anak.',
  'Kelas menulis lanjutan.',
  'Pelatihan komputer untuk orang tua.',
  'Bedah buku karya penulis daerah.',
  'Lomba baca puisi antar sekolah.',
  'Kelas bahasa Inggris.',
];

function generateSurveys(ctx: Ctx, from: string): void {
  const { library, profile, loadDay, loadStart, rows } = ctx;
  const rng = demoRandom(`community-events:city:surveys:${library.id}:${loadDay}:${profile.members}`);
  const mood = 3.75 + rng.float() * 0.4;
  const specs: { key: string; title: string; opensOn: string; closesOn: string; responses: number; questions: typeof IKM_QUESTIONS; wishes: string[] }[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(loadDay.slice(0, 4)); year++) {
    const semester = Math.max(20, Math.round(profile.members * 0.02));
    specs.push({
      key: `${year}-1`,
      title: `Survei Kepuasan Pemustaka Semester I ${year}`,
      opensOn: `${year}-01-01`,
      closesOn: `${year}-06-30`,
      responses: semester,
      questions: IKM_QUESTIONS,
      wishes: SUGGESTIONS,
    });
    specs.push({
      key: `${year}-2`,
      title: `Survei Kepuasan Pemustaka Semester II ${year}`,
      opensOn: `${year}-07-01`,
      closesOn: `${year}-12-31`,
      responses: semester,
      questions: IKM_QUESTIONS,
      wishes: SUGGESTIONS,
    });
    specs.push({
      key: `${year}-events`,
      title: `Survei Kepuasan Peserta Kegiatan Literasi ${year}`,
      opensOn: `${year}-10-01`,
      closesOn: `${year}-11-30`,
      responses: Math.max(15, Math.round(profile.members * 0.008)),
      questions: EVENT_QUESTIONS,
      wishes: EVENT_WISHES,
    });
  }
  specs
    .filter((s) => s.opensOn >= from && s.opensOn < loadDay)
    .forEach((spec, s) => {
      const id = demoId('city-survey', library.id, spec.key);
      rows.surveys.push({
        id,
        libraryId: library.id,
        title: spec.title,
        description: `Bantu ${library.name} meningkatkan layanan: isi survei singkat ini (sekitar 3 menit). Jawaban Anda dirahasiakan.`,
        opensOn: spec.opensOn,
        closesOn: spec.closesOn,
        createdAt: new Date(ctx.at(addDays(spec.opensOn, -7), '08:00')),
      });
      const questions = spec.questions.map((q, i) => ({ id: demoId('city-survey-question', id, i), surveyId: id, position: i + 1, text: q.text, kind: q.kind, lean: q.lean }));
      rows.questions.push(...questions.map(({ lean: _lean, ...q }) => q));
      const opens = ctx.at(spec.opensOn, '08:00');
      const closes = ctx.at(spec.closesOn, '20:00');
      const to = Math.min(closes, loadStart - HOUR);
      // A survey still open has the answers so far.
      const count = Math.round((spec.responses * (to - opens)) / (closes - opens));
      const lean = mood + 0.04 * s;
      const used = new Set<string>();
      const times = Array.from({ length: count }, () => Math.floor((opens + rng.float() * (to - opens)) / 1000) * 1000).sort((a, b) => a - b);
      times.forEach((t, j) => {
        const responseId = ctx.nextId('survey-response');
        let memberId: string | null = null;
        if (j % 3 !== 2) {
          for (let attempt = 0; attempt < 6 && !memberId; attempt++) {
            const i = ctx.people[rng.int(0, ctx.people.length - 1)];
            if (i !== undefined && !used.has(`member:${memberIdOf(ctx, i)}`)) memberId = memberIdOf(ctx, i);
          }
        }
        let key: string;
        if (memberId) key = `member:${memberId}`;
        else {
          const person = cityPerson(rng, library.id);
          const email = emailFor(person.name, rng.pick(ctx.programme.mailDomains), j);
          key = `guest:${createHash('sha256').update(email).digest('hex')}`;
        }
        used.add(key);
        rows.responses.push({ id: responseId, surveyId: id, respondentKey: key, memberId, submittedAt: new Date(t) });
        for (const q of questions) {
          if (q.kind === SurveyQuestionKind.RATING) {
            const rating = Math.max(1, Math.min(5, Math.round(lean + q.lean - 1.5 + rng.float() * 2.6)));
            rows.answers.push({ id: ctx.nextId('survey-answer'), responseId, questionId: q.id, rating, text: null });
          } else if (rng.chance(0.35)) {
            rows.answers.push({ id: ctx.nextId('survey-answer'), responseId, questionId: q.id, rating: null, text: rng.pick(spec.wishes) });
          }
        }
      });
    });
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

function memberIdOf(ctx: Ctx, i: number): string {
  let id = ctx.memberIds.get(i);
  if (!id) {
    id = demoId('member', ctx.library.id, i);
    ctx.memberIds.set(i, id);
  }
  return id;
}

/** Librarians for an event: the more active ones more often. */
function pickStaff(ctx: Ctx, count: number): number[] {
  const chosen: number[] = [];
  const weights = [...ctx.staffWeights];
  for (let c = 0; c < Math.min(count, weights.length); c++) {
    const k = weightedPick(
      ctx.rng,
      weights.map((_, i) => i),
      weights,
    );
    chosen.push(k);
    weights[k] = 0;
  }
  return chosen.sort((a, b) => a - b);
}

function weightedPick<T>(rng: DemoRandom, items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = rng.float() * total;
  for (let i = 0; i < items.length; i++) if ((x -= weights[i]) < 0) return items[i];
  return items[items.length - 1];
}

function shuffle<T>(rng: DemoRandom, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

const roundTo = (n: number, step: number) => Math.max(step, Math.round(n / step) * step);

function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const code = (rng: DemoRandom, n: number) => Array.from({ length: n }, () => ALPHANUMERIC[rng.int(0, ALPHANUMERIC.length - 1)]).join('');
const digits = (rng: DemoRandom, n: number) => String(rng.int(1, 9)) + Array.from({ length: n - 1 }, () => String(rng.int(0, 9))).join('');
