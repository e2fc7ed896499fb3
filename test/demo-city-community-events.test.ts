import type { DataSource } from 'typeorm';
import { DEMO_LIBRARIES, demoId } from '../shared/domain/demo';
import { cityPartners, cityProfile, citySchoolPartners, demoWindow, isOpenDay } from '../shared/domain/demo-city';
import type { DemoSettings } from '../shared/platform/config';
import { dropDatabase, openDatabase } from '../shared/platform/database';
import { localDate, zonedToUtc } from '../shared/platform/time';
import { SUBGRAPHS } from '../subgraphs';
import { generateCityEvents, type CityEventRows } from '../subgraphs/community-events/demo/city';
import { EventFacilitator } from '../subgraphs/community-events/events/event-facilitator.entity';
import { EventPartner } from '../subgraphs/community-events/events/event-partner.entity';
import { EventPromotionLink } from '../subgraphs/community-events/events/event-promotion.entity';
import { EventSeries } from '../subgraphs/community-events/events/event-series.entity';
import { Event } from '../subgraphs/community-events/events/event.entity';
import { EventNotice } from '../subgraphs/community-events/notices/event-notice.entity';
import { EventAttendance } from '../subgraphs/community-events/registration/attendance.entity';
import { Registration } from '../subgraphs/community-events/registration/registration.entity';
import { EventFeedback } from '../subgraphs/community-events/surveys/event-feedback.entity';
import { SatisfactionSurvey, SurveyAnswer, SurveyResponse } from '../subgraphs/community-events/surveys/satisfaction-survey.entity';
import { BACKENDS, testConfig } from './helpers/federation';

const LOAD_DAY = '2026-12-06';
const SMALL: DemoSettings = { dataset: 'city', scale: 0.02, today: LOAD_DAY };
const WINDOW = demoWindow(LOAD_DAY);
const def = SUBGRAPHS.find((s) => s.name === 'community-events')!;

const loadStart = (libraryId: string) => zonedToUtc(LOAD_DAY, '00:00', zoneOf(libraryId)).getTime();
const zoneOf = (libraryId: string) => DEMO_LIBRARIES.find((l) => l.id === libraryId)!.timezone;
const dayOf = (e: Pick<Event, 'startsAt' | 'libraryId'>) => localDate(e.startsAt, zoneOf(e.libraryId));
const timeOf = (e: Pick<Event, 'startsAt' | 'libraryId'>) => {
  const offset = zoneOf(e.libraryId) === 'Asia/Jakarta' ? 7 : 8;
  return new Date(e.startsAt.getTime() + offset * 3600_000).toISOString().slice(11, 16);
};
const share = (part: number, whole: number) => part / Math.max(1, whole);

/** Everything the tests look at, one library's rows (from memory or read back from a database). */
type Rows = Pick<
  CityEventRows,
  'events' | 'series' | 'facilitators' | 'partners' | 'registrations' | 'attendance' | 'feedback' | 'notices' | 'promotions' | 'surveys' | 'responses' | 'answers'
>;

/** What a librarian or an analyst checks in any city's programme, whatever its size. */
function expectABelievableProgramme(libraryId: string, rows: Rows, scale: number): void {
  const start = loadStart(libraryId);
  const events = rows.events.filter((e) => e.libraryId === libraryId);
  const ids = new Set(events.map((e) => e.id));
  const days = events.map(dayOf);

  // The history covers the 24 months before the load day, every quarter of it, and a near future.
  expect(days.filter((d) => d < WINDOW.from)).toEqual([]);
  const quarters = new Set(days.filter((d) => d <= WINDOW.through).map((d) => Math.min(7, Math.floor((Date.parse(d) - Date.parse(WINDOW.from)) / (91.25 * 86_400_000)))));
  expect([...quarters].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  expect(days.filter((d) => d >= LOAD_DAY).length).toBeGreaterThan(0);
  // Never on a day the library is closed.
  expect(days.filter((d) => !isOpenDay(libraryId, d))).toEqual([]);
  // Past events are completed or cancelled (with a reason); ahead they are published or drafts.
  const misfiled = events.filter((e) => !(dayOf(e) < LOAD_DAY ? ['COMPLETED', 'CANCELLED'] : ['PUBLISHED', 'DRAFT']).includes(e.status));
  expect(misfiled).toEqual([]);
  expect(events.filter((e) => (e.status === 'CANCELLED') !== !!e.cancellationReason)).toEqual([]);

  // Nothing that happened is dated on or after the load day.
  const attended = rows.attendance.filter((a) => ids.has(a.eventId));
  expect(attended.filter((a) => a.recordedAt.getTime() >= start)).toEqual([]);
  const byId = new Map(events.map((e) => [e.id, e]));
  expect(attended.filter((a) => byId.get(a.eventId)!.status !== 'COMPLETED')).toEqual([]);
  const registrations = rows.registrations.filter((r) => ids.has(r.eventId));
  expect(registrations.filter((r) => r.createdAt.getTime() >= start || (r.cancelledAt && r.cancelledAt.getTime() >= start))).toEqual([]);
  expect(rows.feedback.filter((f) => ids.has(f.eventId) && f.createdAt.getTime() >= start)).toEqual([]);
  expect(rows.notices.filter((n) => ids.has(n.eventId) && (n.createdAt.getTime() >= start || (n.sentAt && n.sentAt.getTime() >= start)))).toEqual([]);
  expect(rows.promotions.filter((p) => ids.has(p.eventId) && p.createdAt.getTime() >= start)).toEqual([]);
  // Nobody registers for a draft.
  expect(registrations.filter((r) => byId.get(r.eventId)!.status === 'DRAFT')).toEqual([]);

  // Places: never more confirmed than the capacity; members are the library's people (not its school cards), guests have a name and an address.
  const pools = new Map<string, number>();
  for (const r of registrations) if (r.status === 'CONFIRMED') pools.set(r.poolId, (pools.get(r.poolId) ?? 0) + 1);
  const capacity = new Map<string, number>([...events.map((e) => [e.id, e.capacity] as const), ...rows.series.map((s) => [s.id, s.capacity] as const)]);
  expect([...pools].filter(([pool, n]) => n > capacity.get(pool)!)).toEqual([]);
  const profile = cityProfile(libraryId, scale);
  const people = new Set(
    Array.from({ length: profile.members }, (_, i) => i)
      .filter((i) => i >= citySchoolPartners(libraryId, scale).length)
      .map((i) => demoId('member', libraryId, i)),
  );
  expect(registrations.filter((r) => (r.memberId ? !people.has(r.memberId) : !r.guestName || !r.guestEmail))).toEqual([]);
  const live = registrations.filter((r) => r.activeKey);
  expect(new Set(live.map((r) => `${r.poolId}|${r.activeKey}`)).size).toBe(live.length);

  // Facilitators are the library's librarians, co-hosts its partners.
  const librarians = new Set(Array.from({ length: profile.staff }, (_, i) => demoId('librarian', libraryId, i)));
  const partners = new Set(cityPartners(libraryId, scale).map((_, i) => demoId('partner', libraryId, i)));
  expect(rows.facilitators.filter((f) => ids.has(f.eventId) && !librarians.has(f.librarianId))).toEqual([]);
  expect(rows.partners.filter((p) => ids.has(p.eventId) && !partners.has(p.partnerId))).toEqual([]);
  expect(new Set(rows.facilitators.filter((f) => ids.has(f.eventId)).map((f) => f.eventId)).size).toBe(events.length);

  // Of those who held a place, 10–25 % did not come; ratings are mostly 4 or 5, some lower.
  const noShows = attended.filter((a) => a.status === 'NO_SHOW').length;
  expect(share(noShows, attended.length)).toBeGreaterThan(0.08);
  expect(share(noShows, attended.length)).toBeLessThan(0.27);
  const ratings = rows.feedback.filter((f) => ids.has(f.eventId)).map((f) => f.rating);
  expect(share(ratings.filter((r) => r >= 4).length, ratings.length)).toBeGreaterThan(0.65);
  expect(ratings.some((r) => r <= 3)).toBe(true);

  // A cancelled event's registrants were told, and hold nothing any more.
  for (const e of events.filter((e) => e.status === 'CANCELLED' && !e.seriesId)) {
    const own = registrations.filter((r) => r.eventId === e.id);
    expect(own.filter((r) => r.status !== 'CANCELLED')).toEqual([]);
    const told = rows.notices.filter((n) => n.eventId === e.id && n.kind === 'EVENT_CANCELLED');
    if (own.length >= 3) expect(told.length).toBeGreaterThan(0);
    for (const n of told) expect(own.some((r) => r.id === n.registrationId)).toBe(true);
  }

  // The weekly reading club runs as a series each semester.
  const series = rows.series.filter((s) => s.libraryId === libraryId);
  expect(series.length).toBeGreaterThanOrEqual(3);
  for (const s of series) {
    const sessions = events.filter((e) => e.seriesId === s.id).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sessions.map((e) => timeOf(e).slice(0, 2))).size).toBeLessThanOrEqual(2); // same afternoon (earlier in Ramadan)
  }

  // Published events are promoted; the satisfaction surveys have answers.
  const published = events.filter((e) => e.status === 'PUBLISHED' && !e.seriesId);
  expect(published.every((e) => rows.promotions.some((p) => p.eventId === e.id))).toBe(true);
  const surveys = rows.surveys.filter((s) => s.libraryId === libraryId);
  expect(surveys.length).toBeGreaterThanOrEqual(4);
  const responses = rows.responses.filter((r) => surveys.some((s) => s.id === r.surveyId));
  expect(responses.length).toBeGreaterThanOrEqual(surveys.length * 10);
  expect(responses.filter((r) => r.submittedAt.getTime() >= start)).toEqual([]);
  const responseIds = new Set(responses.map((r) => r.id));
  expect(rows.answers.filter((a) => responseIds.has(a.responseId)).length).toBeGreaterThan(responses.length * 5);
}

/** What differs between cities: each has its own programme, names and habits. */
function expectCitiesToDiffer(rows: Rows): void {
  const titles = (libraryId: string) => new Set(rows.events.filter((e) => e.libraryId === libraryId).map((e) => e.title.replace(/\d{4}/g, '')));
  const ids = DEMO_LIBRARIES.map((l) => l.id);
  for (const a of ids) {
    for (const b of ids) {
      if (a >= b) continue;
      const ta = titles(a);
      const tb = titles(b);
      const common = [...ta].filter((t) => tb.has(t)).length;
      expect(common / Math.min(ta.size, tb.size)).toBeLessThan(0.6);
    }
  }
  // Start times: every city keeps its own clock.
  const clock = (libraryId: string) => [...new Set(rows.events.filter((e) => e.libraryId === libraryId && !e.seriesId).map(timeOf))].sort().join(',');
  expect(new Set(ids.map(clock)).size).toBe(ids.length);
  // Guests carry the names of their region: La/Wa in Baubau, a marga in Pematang Siantar.
  const library = new Map(rows.events.map((e) => [e.id, e.libraryId]));
  const guests = (libraryId: string) => rows.registrations.filter((r) => r.guestName && library.get(r.eventId) === libraryId).map((r) => r.guestName!);
  const baubau = guests('baubau');
  expect(baubau.length).toBeGreaterThan(0);
  expect(baubau.filter((n) => /^(La|Wa) /.test(n)).length / baubau.length).toBeGreaterThan(0.6);
  const marga =
    /(Simanjuntak|Sitorus|Siahaan|Hutapea|Nainggolan|Pardede|Simatupang|Panjaitan|Manurung|Silalahi|Tampubolon|Situmorang|Sihombing|Hutagalung|Saragih|Purba|Damanik|Sinaga|Girsang|Sipayung|Sumbayak|Garingging|Munthe|Sidauruk)$/;
  const siantar = guests('pematang-siantar');
  expect(siantar.filter((n) => marga.test(n)).length / Math.max(1, siantar.length)).toBeGreaterThan(0.6);
}

describe('the city demo of community events, generated in memory', () => {
  const full = new Map(DEMO_LIBRARIES.map((l) => [l.id, generateCityEvents(l.id, LOAD_DAY, 1)]));
  const all = (): Rows => {
    const rows = [...full.values()];
    const join = <K extends keyof Rows>(k: K) => rows.flatMap((r) => r[k] as unknown[]) as Rows[K];
    return {
      events: join('events'),
      series: join('series'),
      facilitators: join('facilitators'),
      partners: join('partners'),
      registrations: join('registrations'),
      attendance: join('attendance'),
      feedback: join('feedback'),
      notices: join('notices'),
      promotions: join('promotions'),
      surveys: join('surveys'),
      responses: join('responses'),
      answers: join('answers'),
    };
  };

  it.each(DEMO_LIBRARIES.map((l) => l.id))('%s at full scale holds 100–200 events a year, near its profile, with believable attendance', (libraryId) => {
    const rows = full.get(libraryId)!;
    const inWindow = rows.events.filter((e) => dayOf(e) <= WINDOW.through);
    const perYear = inWindow.length / 2;
    expect(perYear).toBeGreaterThanOrEqual(100);
    expect(perYear).toBeLessThanOrEqual(200);
    expect(Math.abs(perYear - cityProfile(libraryId).eventsPerYear) / cityProfile(libraryId).eventsPerYear).toBeLessThan(0.15);
    expectABelievableProgramme(libraryId, rows, 1);

    // October (literacy month) and August (independence) are busier than the school holidays.
    const month = (m: string) => inWindow.filter((e) => dayOf(e).slice(5, 7) === m && !e.seriesId).length;
    expect(month('10')).toBeGreaterThan(month('07'));
    expect(month('08')).toBeGreaterThan(month('07'));

    // 20–80 people at a typical event; a school visit brings a class; exhibitions draw more.
    const attended = new Map<string, number>();
    for (const a of rows.attendance) if (a.status === 'ATTENDED') attended.set(a.eventId, (attended.get(a.eventId) ?? 0) + 1);
    const people = (e: Event) => (attended.get(e.id) ?? 0) + e.walkIns;
    const held = inWindow.filter((e) => e.status === 'COMPLETED' && !e.seriesId);
    const sizes = held.map(people).sort((a, b) => a - b);
    expect(sizes[sizes.length >> 1]).toBeGreaterThanOrEqual(20);
    expect(sizes[sizes.length >> 1]).toBeLessThanOrEqual(80);
    const visits = held.filter((e) => e.type === 'SCHOOL_PROGRAMME').map(people);
    expect(visits.length).toBeGreaterThan(5);
    expect(visits.filter((n) => n < 25 || n > 40)).toEqual([]);
    const exhibitions = held.filter((e) => e.type === 'ART_EXHIBITION' || e.type === 'BOOK_FAIR').map(people);
    expect(exhibitions.sort((a, b) => a - b)[exhibitions.length >> 1]).toBeGreaterThan(2 * sizes[sizes.length >> 1]);

    // School visits are on Monday to Thursday mornings.
    const weekday = (e: Event) => new Date(`${dayOf(e)}T00:00:00Z`).getUTCDay();
    expect(inWindow.filter((e) => e.type === 'SCHOOL_PROGRAMME' && (weekday(e) < 1 || weekday(e) > 4 || timeOf(e) >= '10:00'))).toEqual([]);
  });

  it('gives every city its own programme, clock and names', () => {
    expectCitiesToDiffer(all());
    const titles = all().events.map((e) => e.title);
    expect(titles.some((t) => /Dawan|Rote/.test(t))).toBe(true);
    expect(titles.some((t) => /Wolio/.test(t))).toBe(true);
    expect(titles.some((t) => /Kabanti/.test(t))).toBe(true);
    expect(titles.some((t) => /Ngabuburit/.test(t))).toBe(true);
    expect(titles.some((t) => /Aksara Batak/.test(t))).toBe(true);
  });

  it('holds ngabuburit reading in Pasuruan only in Ramadan, in the afternoon before iftar', () => {
    const ngabuburit = full.get('pasuruan')!.events.filter((e) => e.title.startsWith('Ngabuburit'));
    expect(ngabuburit.length).toBeGreaterThan(3);
    for (const e of ngabuburit) {
      expect(timeOf(e) >= '15:00' && timeOf(e) <= '16:30').toBe(true);
      expect(e.endsAt.getTime() - e.startsAt.getTime()).toBeLessThanOrEqual(2 * 3600_000);
    }
  });

  it('makes the same rows from the same settings, and a smaller programme at a smaller scale', () => {
    const a = generateCityEvents('baubau', LOAD_DAY, 0.25);
    const b = generateCityEvents('baubau', LOAD_DAY, 0.25);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.events.length).toBeLessThan(full.get('baubau')!.events.length);
    expectABelievableProgramme('baubau', a, 0.25);
  });
});

describe.each(BACKENDS)('the city demo of community events on %s', (backend) => {
  const config = testConfig(backend);
  let db: DataSource;
  let first: Record<string, number>;
  let rows: Rows;

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const meta of db.entityMetadatas) out[meta.tableName] = await db.getRepository(meta.target).count();
    return out;
  };

  beforeAll(async () => {
    db = await openDatabase(config, def);
    await def.seed(db, SMALL);
    first = await counts();
    rows = {
      events: await db.getRepository(Event).find(),
      series: await db.getRepository(EventSeries).find(),
      facilitators: await db.getRepository(EventFacilitator).find(),
      partners: await db.getRepository(EventPartner).find(),
      registrations: await db.getRepository(Registration).find(),
      attendance: await db.getRepository(EventAttendance).find(),
      feedback: await db.getRepository(EventFeedback).find(),
      notices: await db.getRepository(EventNotice).find(),
      promotions: await db.getRepository(EventPromotionLink).find(),
      surveys: await db.getRepository(SatisfactionSurvey).find(),
      responses: await db.getRepository(SurveyResponse).find(),
      answers: await db.getRepository(SurveyAnswer).find(),
    };
  });
  afterAll(async () => {
    await db?.destroy();
    await dropDatabase(config, def);
  });

  it('stores exactly the rows the generator makes, about 12 events a year per library at scale 0.02', () => {
    for (const library of DEMO_LIBRARIES) {
      const made = generateCityEvents(library.id, LOAD_DAY, SMALL.scale);
      const stored = rows.events.filter((e) => e.libraryId === library.id);
      expect(stored.map((e) => e.id).sort()).toEqual(made.events.map((e) => e.id).sort());
      // The instants come back as they were made (UTC, to the second).
      const startsAt = new Map(made.events.map((e) => [e.id, e.startsAt.getTime()]));
      expect(stored.filter((e) => e.startsAt.getTime() !== startsAt.get(e.id))).toEqual([]);
      const inWindow = stored.filter((e) => dayOf(e) <= WINDOW.through).length / 2;
      expect(inWindow).toBeGreaterThanOrEqual(9);
      expect(inWindow).toBeLessThanOrEqual(16);
    }
    const made = DEMO_LIBRARIES.map((l) => generateCityEvents(l.id, LOAD_DAY, SMALL.scale));
    expect(first.registration).toBe(made.reduce((n, r) => n + r.registrations.length, 0));
    expect(first.event_attendance).toBe(made.reduce((n, r) => n + r.attendance.length, 0));
    expect(first.satisfaction_answer).toBe(made.reduce((n, r) => n + r.answers.length, 0));
  });

  it.each(DEMO_LIBRARIES.map((l) => l.id))('%s: a believable two years and a near future', (libraryId) => {
    expectABelievableProgramme(libraryId, rows, SMALL.scale);
  });

  it('gives every city its own programme, clock and names', () => {
    expectCitiesToDiffer(rows);
  });

  it('loads once: a second seed adds nothing', async () => {
    expect(await def.seed(db, SMALL)).toEqual({});
    expect(await counts()).toEqual(first);
  });
});
