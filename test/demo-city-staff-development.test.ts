import type { DataSource } from 'typeorm';
import { DEMO_LIBRARIES, demoId } from '../shared/domain/demo';
import { CLOSED_WEEKDAYS } from '../shared/domain/demo-calendar';
import { cityProfile, isOpenDay } from '../shared/domain/demo-city';
import { FIXTURE_DEMO, type DemoSettings } from '../shared/platform/config';
import { dropDatabase, openDatabase } from '../shared/platform/database';
import { addDays, daysBetween, isoWeekday, zonedToUtc } from '../shared/platform/time';
import { staffDevelopment } from '../subgraphs/staff-development';
import { PerformanceRating } from '../subgraphs/staff-development/career/career-tables';
import { cityStaffDevelopment, type CityStaffDevelopment } from '../subgraphs/staff-development/demo/city';
import { CUTI_BERSAMA } from '../subgraphs/staff-development/demo/city/calendar';
import { indicatorLoaders } from '../subgraphs/staff-development/indicators/loaders';
import { CareerLevel, EmploymentStatus } from '../subgraphs/staff-development/librarians/librarian.entity';
import { TrainingEnrolmentStatus } from '../subgraphs/staff-development/training/training-enrolment.entity';
import { ProgrammeStatus } from '../subgraphs/staff-development/training/training-programme.entity';
import { BACKENDS, testConfig } from './helpers/federation';

const TODAY = '2026-12-06';
const SMALL: DemoSettings = { dataset: 'city', scale: 0.02, today: TODAY };

/** Rows counted by the staff indicators: completed training whose last day lies in the period. */
function coverage(city: CityStaffDevelopment, from: string, to: string) {
  const done = city.tables.enrolments.filter((e) => e.status === TrainingEnrolmentStatus.COMPLETED && e.completedOn! >= from && e.completedOn! <= to);
  return {
    percent: (100 * new Set(done.map((e) => e.librarianId)).size) / city.tables.librarians.length,
    hours: done.reduce((s, e) => s + e.hoursCredited, 0) / city.tables.librarians.length,
  };
}

describe('the city demo of staff development, generated at full scale', () => {
  const cities = DEMO_LIBRARIES.map((l) => cityStaffDevelopment(l, { scale: 1, today: TODAY }));

  it('is the same every time for the same settings', () => {
    expect(JSON.stringify(cityStaffDevelopment(DEMO_LIBRARIES[1], { scale: 1, today: TODAY }))).toBe(JSON.stringify(cities[1]));
  });

  it("has each city's staff, librarian i for i < profile.staff, one head and more junior than senior librarians, mostly civil servants", () => {
    for (const city of cities) {
      const libraryId = city.library.id;
      const { staff } = cityProfile(libraryId, 1);
      expect(city.tables.librarians.map((l) => l.id)).toEqual(Array.from({ length: staff }, (_, i) => demoId('librarian', libraryId, i)));
      const head = city.tables.librarians[0];
      expect([head.careerLevel, head.employmentStatus]).toEqual([CareerLevel.AHLI_MADYA, EmploymentStatus.PNS]);
      const count = (f: (l: (typeof city.tables.librarians)[number]) => boolean) => city.tables.librarians.filter(f).length;
      const madya = count((l) => l.careerLevel === CareerLevel.AHLI_MADYA);
      for (const level of [CareerLevel.TERAMPIL, CareerLevel.MAHIR, CareerLevel.AHLI_PERTAMA]) expect(count((l) => l.careerLevel === level)).toBeGreaterThan(madya);
      expect(count((l) => l.employmentStatus === EmploymentStatus.PNS)).toBeGreaterThan(staff / 2);
      expect(count((l) => l.employmentStatus === EmploymentStatus.PPPK)).toBeGreaterThan(0);
      expect(count((l) => l.employmentStatus === EmploymentStatus.HONORER)).toBeGreaterThan(0);
      // honorary staff are outside the functional career track: its entry level
      expect(city.tables.librarians.filter((l) => l.employmentStatus === EmploymentStatus.HONORER).every((l) => l.careerLevel === CareerLevel.TERAMPIL)).toBe(true);
    }
    expect(new Set(cities.map((c) => c.tables.librarians.length)).size).toBe(4);
  });

  it('gives each librarian an NIP of birth date, appointment before the history and sex, and a unique e-mail after the name at the library domain', () => {
    const nips = new Set<string>();
    for (const city of cities) {
      const emails = new Set<string>();
      for (const s of city.staff) {
        const { nip, email, name, levelSince } = s.row;
        expect(nip).toMatch(/^\d{18}$/);
        expect(nip.slice(0, 8)).toBe(s.birth.replace(/-/g, ''));
        expect(nip.slice(8, 14)).toBe(s.appointed.replace('-', ''));
        expect(nip[14]).toBe(s.sex === 'female' ? '2' : '1');
        expect(`${s.appointed}-01` < city.window.from).toBe(true);
        expect(Number(s.appointed.slice(0, 4)) - Number(s.birth.slice(0, 4))).toBeGreaterThanOrEqual(18);
        expect(levelSince! >= `${s.appointed}-01` && levelSince! < city.loadDay).toBe(true);
        if (s.row.employmentStatus === EmploymentStatus.PPPK) expect(s.appointed >= '2019').toBe(true);
        nips.add(nip);
        expect(email).toMatch(new RegExp(`^[a-z]+(\\.[a-z]+)?\\d*@perpustakaan-${city.library.id}\\.go\\.id$`));
        const local = email.split('@')[0].replace(/\d+$/, '');
        expect(name.toLowerCase().replace(/[^a-z ]/g, '')).toContain(local.split('.').pop());
        emails.add(email);
      }
      expect(emails.size).toBe(city.staff.length);
    }
    expect(nips.size).toBe(cities.reduce((s, c) => s + c.staff.length, 0));
  });

  it('names people as their region does', () => {
    const byCity = Object.fromEntries(cities.map((c) => [c.library.id, c.tables.librarians.map((l) => l.name)]));
    expect(byCity.baubau.every((n) => /^(La|Wa) /.test(n))).toBe(true);
    const marga = [
      'Simanjuntak',
      'Sitorus',
      'Siahaan',
      'Hutapea',
      'Nainggolan',
      'Pardede',
      'Simatupang',
      'Panjaitan',
      'Manurung',
      'Silalahi',
      'Tampubolon',
      'Situmorang',
      'Sihombing',
      'Hutagalung',
    ];
    const simalungun = ['Saragih', 'Purba', 'Damanik', 'Sinaga', 'Girsang', 'Sipayung', 'Sumbayak', 'Garingging', 'Munthe', 'Sidauruk'];
    expect(byCity['pematang-siantar'].every((n) => [...marga, ...simalungun].includes(n.split(' ').pop()!))).toBe(true);
    expect(byCity.pasuruan.some((n) => [...marga, ...simalungun].includes(n.split(' ').pop()!))).toBe(false);
    expect(byCity.kupang.some((n) => /^(La|Wa) /.test(n))).toBe(false);
  });

  it('trains 55–85 % of the staff in the last twelve months, a different share in each city, with different yearly hours', () => {
    const last = cities.map((c) => coverage(c, addDays(c.loadDay, -365), addDays(c.loadDay, -1)));
    for (const { percent, hours } of last) {
      expect(percent).toBeGreaterThanOrEqual(55);
      expect(percent).toBeLessThanOrEqual(85);
      expect(hours).toBeGreaterThan(15);
      expect(hours).toBeLessThan(80);
    }
    expect(new Set(last.map((c) => Math.round(c.percent))).size).toBe(4);
    const hours = last.map((c) => c.hours);
    expect(Math.max(...hours) - Math.min(...hours)).toBeGreaterThan(8);
    // the twelve months before too
    for (const c of cities) expect(coverage(c, c.window.from, addDays(c.loadDay, -366)).percent).toBeGreaterThan(40);
  });

  it('runs 8–14 programmes a year: those ended COMPLETED (now and then CANCELLED), one under way IN_PROGRESS, those to come OPEN', () => {
    for (const city of cities) {
      const { programmes } = city.tables;
      for (const [a, b] of [
        [city.window.from, addDays(city.loadDay, -366)],
        [addDays(city.loadDay, -365), addDays(city.loadDay, -1)],
      ]) {
        const n = programmes.filter((p) => p.startsOn >= a && p.startsOn <= b).length;
        expect(n).toBeGreaterThanOrEqual(8);
        expect(n).toBeLessThanOrEqual(14);
      }
      for (const p of programmes) {
        if (p.endsOn < city.loadDay) expect([ProgrammeStatus.COMPLETED, ProgrammeStatus.CANCELLED]).toContain(p.status);
        else if (p.startsOn < city.loadDay) expect(p.status).toBe(ProgrammeStatus.IN_PROGRESS);
        else expect(p.status).toBe(ProgrammeStatus.OPEN);
      }
      expect(programmes.filter((p) => p.status === ProgrammeStatus.IN_PROGRESS)).toHaveLength(1);
      expect(programmes.filter((p) => p.status === ProgrammeStatus.OPEN).length).toBeGreaterThanOrEqual(2);
      expect(new Set(programmes.map((p) => p.module)).size).toBeGreaterThanOrEqual(6);
      expect(programmes.some((p) => p.provider === 'PARTNER' && p.partnerId)).toBe(true);
      expect(programmes.some((p) => p.provider === 'NATIONAL_LIBRARY')).toBe(true);
      expect(programmes.filter((p) => p.levelUpFor && p.status === ProgrammeStatus.COMPLETED).length).toBeGreaterThanOrEqual(2);
      // the programmes to come already have enrolments
      expect(city.tables.enrolments.some((e) => programmes.find((p) => p.id === e.programmeId)!.status === ProgrammeStatus.OPEN)).toBe(true);
      // sessions on working days of the library
      for (const s of city.tables.sessions) {
        const day = s.startsAt.toISOString().slice(0, 10);
        expect(isoWeekday(day) <= 5 && isOpenDay(city.library.id, day)).toBe(true);
      }
    }
  });

  it('records nothing as done on or after the load day, and nothing before the history', () => {
    for (const city of cities) {
      const { loadDay, window } = city;
      const starts = zonedToUtc(loadDay, '00:00', city.library.timezone).getTime();
      const first = zonedToUtc(window.from, '00:00', city.library.timezone).getTime();
      const t = city.tables;
      const sessions = new Map(t.sessions.map((s) => [s.id, s]));
      for (const e of t.enrolments) {
        expect(e.enrolledAt.getTime() < starts && e.enrolledAt.getTime() >= first).toBe(true);
        if (e.withdrawnAt) expect(e.withdrawnAt.getTime() < starts && e.withdrawnAt > e.enrolledAt).toBe(true);
        if (e.completedOn) expect(e.completedOn < loadDay).toBe(true);
      }
      for (const a of t.attendance) expect(sessions.get(a.sessionId)!.startsAt.getTime()).toBeLessThan(starts);
      for (const v of t.evaluations) expect(v.submittedAt.getTime()).toBeLessThan(starts);
      const dated = [
        ...t.reviews.map((r) => r.reviewedOn),
        ...t.credit.map((c) => c.earnedOn),
        ...t.activities.map((a) => a.heldOn),
        ...t.incentiveAwards.map((a) => a.awardedOn),
        ...t.competencies.map((c) => c.assessedOn),
      ];
      expect(dated.every((d) => d >= window.from && d <= window.through)).toBe(true);
      expect(t.accreditations.every((a) => a.recordedAt.getTime() < starts)).toBe(true);
      // the history starts when it should: a programme in its first weeks
      expect(daysBetween(window.from, t.programmes[0].startsOn)).toBeLessThan(45);
    }
  });

  it('completes whoever met the attendance threshold, with a certificate and the programme’s competency units', () => {
    for (const city of cities) {
      const t = city.tables;
      const units = new Map<string, string[]>();
      for (const u of t.programmeUnits) units.set(u.programmeId, [...(units.get(u.programmeId) ?? []), u.unitCode]);
      const present = new Map<string, number>();
      for (const a of t.attendance) if (a.present) present.set(a.enrolmentId, (present.get(a.enrolmentId) ?? 0) + 1);
      const sessions = new Map<string, number>();
      for (const s of t.sessions) sessions.set(s.programmeId, (sessions.get(s.programmeId) ?? 0) + 1);
      for (const e of t.enrolments.filter((x) => x.status === TrainingEnrolmentStatus.COMPLETED || x.status === TrainingEnrolmentStatus.NOT_COMPLETED)) {
        expect(e.attendancePercent).toBe(Math.floor((100 * (present.get(e.id) ?? 0)) / sessions.get(e.programmeId)!));
        expect(e.status === TrainingEnrolmentStatus.COMPLETED).toBe(e.attendancePercent! >= 80);
        expect(!!e.certificateNumber).toBe(e.status === TrainingEnrolmentStatus.COMPLETED);
        if (e.status === TrainingEnrolmentStatus.COMPLETED) {
          const held = t.competencies.filter((c) => c.enrolmentId === e.id).map((c) => c.unitCode);
          expect(held.sort()).toEqual([...units.get(e.programmeId)!].sort());
        }
      }
      expect(new Set(t.enrolments.map((e) => e.certificateNumber).filter(Boolean)).size).toBe(t.enrolments.filter((e) => e.certificateNumber).length);
      expect(t.enrolments.some((e) => e.status === TrainingEnrolmentStatus.NOT_COMPLETED)).toBe(true);
      expect(t.enrolments.some((e) => e.status === TrainingEnrolmentStatus.WITHDRAWN)).toBe(true);
      const ratings = t.evaluations.map((v) => (v.materialRating + v.instructorRating + v.methodRating) / 3);
      const average = ratings.reduce((s, r) => s + r, 0) / ratings.length;
      expect(average).toBeGreaterThan(3.2);
      expect(average).toBeLessThan(4.6);
    }
  });

  it('reviews the civil servants every year, mostly Baik, and converts each rating to credit points', () => {
    for (const city of cities) {
      const t = city.tables;
      const asn = city.staff.filter((s) => s.asn);
      expect(t.reviews.length).toBeGreaterThanOrEqual(asn.length);
      expect(t.reviews.every((r) => city.staff.find((s) => s.row.id === r.librarianId)!.asn)).toBe(true);
      const baik = t.reviews.filter((r) => r.rating === PerformanceRating.BAIK).length / t.reviews.length;
      expect(baik).toBeGreaterThan(0.4);
      expect(t.reviews.some((r) => r.rating !== PerformanceRating.BAIK)).toBe(true);
      for (const r of t.reviews) expect(t.credit.filter((c) => c.reviewId === r.id)).toHaveLength(1);
      expect(t.activities.length).toBeGreaterThan(city.staff.length / 2);
      expect(t.credit.some((c) => c.activityId)).toBe(true);
      expect(t.competencies.some((c) => c.method === 'COMPETENCY_TEST' && c.expiresOn)).toBe(true);
      expect(t.incentiveRules.length).toBeGreaterThanOrEqual(1);
      expect(t.incentiveAwards.length).toBeGreaterThan(0);
      expect(t.accreditations.length).toBeGreaterThanOrEqual(1);
    }
    expect(new Set(cities.map((c) => c.tables.accreditations.map((a) => a.grade).join()))).toHaveProperty('size', 4);
  });

  it.each(['2025-03-31', '2026-06-01', '2027-02-28'])('keeps its shape on any load day: %s', (today) => {
    for (const library of DEMO_LIBRARIES) {
      const city = cityStaffDevelopment(library, { scale: 1, today });
      const { percent } = coverage(city, addDays(today, -365), addDays(today, -1));
      expect(percent).toBeGreaterThanOrEqual(55);
      expect(percent).toBeLessThanOrEqual(85);
      expect(city.tables.programmes.filter((p) => p.status === ProgrammeStatus.IN_PROGRESS)).toHaveLength(1);
      expect(city.tables.enrolments.every((e) => !e.completedOn || e.completedOn < today)).toBe(true);
      expect(city.tables.reviews.every((r) => r.reviewedOn < today)).toBe(true);
      expect(city.staff.every((s) => `${s.appointed}-01` < city.window.from)).toBe(true);
    }
  });

  it('closes the library on the days isOpenDay closes, from the start of the history to a year ahead, each date once', () => {
    for (const city of cities) {
      const libraryId = city.library.id;
      const dates = city.holidays.map((h) => h.date);
      expect(new Set(dates).size).toBe(dates.length);
      expect(dates[0] >= city.window.from && dates[dates.length - 1] <= addDays(city.loadDay, 365)).toBe(true);
      expect(dates[dates.length - 1] > addDays(city.loadDay, 200)).toBe(true);
      const closed = new Set(dates);
      for (let d = city.window.from; d <= addDays(city.loadDay, 365); d = addDays(d, 1)) {
        if (CLOSED_WEEKDAYS[libraryId].includes(isoWeekday(d))) continue;
        expect([d, closed.has(d)]).toEqual([d, !isOpenDay(libraryId, d)]);
      }
      expect(city.holidays.filter((h) => h.name === CUTI_BERSAMA).length).toBeGreaterThanOrEqual(4);
      expect(city.holidays.filter((h) => h.libraryId === null).every((h) => h.id === demoId('holiday', 'national', h.date))).toBe(true);
    }
  });
});

describe.each(BACKENDS)('the city demo of staff development loaded into %s', (backend) => {
  const config = testConfig(backend);
  const fixtureConfig = testConfig(backend);
  let db: DataSource;
  const expected = DEMO_LIBRARIES.map((l) => cityStaffDevelopment(l, SMALL));

  beforeAll(async () => {
    db = await openDatabase(config, staffDevelopment);
  });
  afterAll(async () => {
    await db?.destroy();
    await dropDatabase(config, staffDevelopment);
    await dropDatabase(fixtureConfig, staffDevelopment);
  });

  it('loads every library once, as generated, and a second seed adds nothing', async () => {
    const summary = await staffDevelopment.seed(db, SMALL);
    expect(summary.libraries).toBe(4);
    expect(summary.librarians).toBe(expected.reduce((s, c) => s + c.tables.librarians.length, 0));
    expect(summary.enrolments).toBe(expected.reduce((s, c) => s + c.tables.enrolments.length, 0));
    const count = async () => {
      const counts: Record<string, number> = {};
      for (const meta of db.entityMetadatas) counts[meta.tableName] = await db.getRepository(meta.target).count();
      return counts;
    };
    const first = await count();
    expect(await staffDevelopment.seed(db, SMALL)).toEqual({});
    expect(await count()).toEqual(first);
    expect(first.library).toBe(4);
    expect(first.training_session).toBe(expected.reduce((s, c) => s + c.tables.sessions.length, 0));
    // each national holiday once, each library's own days once
    const national: { n: number | string; d: number | string }[] = await db.query('SELECT COUNT(*) AS n, COUNT(DISTINCT date) AS d FROM holiday WHERE libraryId IS NULL');
    expect(Number(national[0].n)).toBe(Number(national[0].d));
    const all = new Set(expected.flatMap((c) => c.holidays.map((h) => h.id)));
    expect(first.holiday).toBe(all.size);
    expect(first.training_instructor).toBe(new Set(expected.flatMap((c) => c.instructors.map((i) => i.id))).size);
  });

  it('shows the analyst each city’s share of trained staff and hours over the last twelve months, as generated', async () => {
    const loader = indicatorLoaders(db).staffIndicators;
    for (const city of expected) {
      const from = addDays(city.loadDay, -365);
      const to = addDays(city.loadDay, -1);
      const seen = await loader.load({ libraryId: city.library.id, from, to });
      const { percent, hours } = coverage(city, from, to);
      expect(seen.librarians).toBe(city.tables.librarians.length);
      expect(seen.trainedPercent).toBeCloseTo(percent, 1);
      expect(seen.trainingHoursPerLibrarian).toBeCloseTo(hours, 1);
      expect(seen.trainedPercent!).toBeGreaterThanOrEqual(55);
      expect(seen.trainedPercent!).toBeLessThanOrEqual(85);
      expect(seen.averageTrainingRating).not.toBeNull();
    }
  });

  it('reads the rows back as they were generated: dates, instants, lists and points', async () => {
    const city = expected[0];
    const programme = city.tables.programmes[0];
    const [read] = await db.query('SELECT startsOn, endsOn, methods FROM training_programme WHERE id = ?', [programme.id]);
    expect(String(read.methods)).toBe(programme.methods.join(','));
    const library = await db.getRepository('Library').findOneByOrFail({ id: city.library.id });
    expect(library.closedWeekdays).toEqual(CLOSED_WEEKDAYS[city.library.id]);
    const enrolment = city.tables.enrolments[0];
    const back = await db.getRepository('TrainingEnrolment').findOneByOrFail({ id: enrolment.id });
    expect((back.enrolledAt as Date).toISOString()).toBe(enrolment.enrolledAt.toISOString());
    const review = city.tables.reviews[0];
    const reviewBack = await db.getRepository('PerformanceReview').findOneByOrFail({ id: review.id });
    expect(reviewBack.metrics).toEqual(review.metrics);
    const credit = await db.getRepository('CreditPointEntry').findOneByOrFail({ id: city.tables.credit[0].id });
    expect(credit.points).toBe(city.tables.credit[0].points);
  });

  it('leaves a database holding the fixture alone', async () => {
    const other = await openDatabase(fixtureConfig, staffDevelopment);
    try {
      await staffDevelopment.seed(other, FIXTURE_DEMO);
      const before = await other.getRepository('Librarian').count();
      expect(await staffDevelopment.seed(other, SMALL)).toEqual({});
      expect(await other.getRepository('Librarian').count()).toBe(before);
    } finally {
      await other.destroy();
    }
  });
});
