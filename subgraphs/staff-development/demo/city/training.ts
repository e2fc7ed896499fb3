import { demoId, type DemoLibrary } from '../../../../shared/domain/demo';
import { cityPartners, cityPerson, demoRandom, isOpenDay, type DemoRandom } from '../../../../shared/domain/demo-city';
import { addDays, daysBetween, isoWeekday, zonedToUtc } from '../../../../shared/platform/time';
import { AssessmentMethod, type LibrarianCompetency } from '../../career/librarian-competency.entity';
import { EmploymentStatus } from '../../librarians/librarian.entity';
import type { SessionAttendance } from '../../training/session-attendance.entity';
import { TrainingEnrolmentStatus, type TrainingEnrolment } from '../../training/training-enrolment.entity';
import type { TrainingEvaluation } from '../../training/training-evaluation.entity';
import type { ProgrammeCompetency, ProgrammeInstructor, TrainingInstructor } from '../../training/training-instructor.entity';
import { ProgrammeStatus, TrainingProvider, type TrainingProgramme } from '../../training/training-programme.entity';
import type { TrainingSession } from '../../training/training-session.entity';
import { COMMENTS, COURSES, LEVEL_UP_COURSES, LEVEL_UP_UNITS, LOCAL_COURSES, METHODS, NATIONAL_INSTRUCTORS, SENIOR_EXPERTISE, UNITS, type Course } from './catalogue';
import type { CityStaffMember } from './staff';

/**
 * Two years of a library's training and the months ahead: 8–14 programmes a year (the library's
 * own, Perpusnas's online courses, a partner university's), a level-up course a year, their
 * sessions on working days, enrolments, attendance, completions with certificates and the
 * competency units gained, and the participants' evaluations. Programmes that ended before the
 * load day are COMPLETED (one now and then CANCELLED), the one under way IN_PROGRESS, those to
 * come OPEN with the first enrolments.
 *
 * Coverage is planned, not left to chance: in each twelve-month period a city-specific share of
 * the staff completes at least one programme (the literacy index's and the regional report's
 * "trained librarians"); the others enrol now and then and withdraw or fall short of the
 * attendance threshold.
 */

/** Per city: programmes a year, share of staff trained in the last twelve months and the twelve before, how many of the staff a programme takes, how well rated. */
export const CITY_TRAINING: Record<string, { perYear: number; coverage: number; previousCoverage: number; intensity: number; quality: number }> = {
  kupang: { perYear: 12, coverage: 0.79, previousCoverage: 0.71, intensity: 0.2, quality: 4.15 },
  baubau: { perYear: 9, coverage: 0.58, previousCoverage: 0.52, intensity: 0.14, quality: 3.7 },
  pasuruan: { perYear: 11, coverage: 0.71, previousCoverage: 0.75, intensity: 0.24, quality: 4.0 },
  'pematang-siantar': { perYear: 10, coverage: 0.64, previousCoverage: 0.6, intensity: 0.19, quality: 3.85 },
};

/** Days ahead the plan reaches. */
export const PLANNED_AHEAD_DAYS = 150;

export interface CityTraining {
  instructors: TrainingInstructor[];
  programmes: TrainingProgramme[];
  programmeInstructors: ProgrammeInstructor[];
  programmeUnits: ProgrammeCompetency[];
  sessions: TrainingSession[];
  enrolments: TrainingEnrolment[];
  attendance: SessionAttendance[];
  evaluations: TrainingEvaluation[];
  competencies: LibrarianCompetency[];
}

/** Perpusnas's instructors, shared by every library (inserted once). */
export function nationalInstructors(): TrainingInstructor[] {
  return NATIONAL_INSTRUCTORS.map((n, k) => ({
    id: demoId('instructor', 'national', k),
    name: n.name,
    institution: 'Perpustakaan Nasional Republik Indonesia',
    expertise: n.expertise,
    librarianId: null,
  }));
}

type Outcome = 'complete' | 'short' | 'withdrawn' | 'enrolled';

interface Plan {
  programme: TrainingProgramme;
  course: Course;
  days: string[];
  quality: number;
  instructors: TrainingInstructor[];
  participants: Map<number, Outcome>;
}

function weightedPick<T>(rng: DemoRandom, items: T[], weight: (t: T) => number): T | undefined {
  const total = items.reduce((s, t) => s + weight(t), 0);
  if (!items.length || total <= 0) return undefined;
  let r = rng.float() * total;
  for (const t of items) if ((r -= weight(t)) < 0) return t;
  return items[items.length - 1];
}

function shuffle<T>(rng: DemoRandom, items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export function cityTraining(library: DemoLibrary, staff: CityStaffMember[], loadDay: string, from: string, scale: number): CityTraining {
  const settings = CITY_TRAINING[library.id] ?? { perYear: 10, coverage: 0.65, previousCoverage: 0.6, intensity: 0.18, quality: 3.9 };
  const rng = demoRandom(`staff-development:city:training:${library.id}:${loadDay}`);
  const tz = library.timezone;
  const loadStarts = zonedToUtc(loadDay, '00:00', tz).getTime();
  const workday = (d: string) => isoWeekday(d) <= 5 && isOpenDay(library.id, d);
  const nextWorkday = (d: string) => {
    while (!workday(d)) d = addDays(d, 1);
    return d;
  };
  const workdaysFrom = (start: string, count: number) => {
    const days: string[] = [];
    for (let d = nextWorkday(start); days.length < count; d = nextWorkday(addDays(d, 1))) days.push(d);
    return days;
  };
  /** An instant on a day, between two wall-clock hours, before the load day began. */
  const at = (date: string, fromHour: number, toHour: number) => zonedToUtc(date, clock(rng.int(fromHour * 60, toHour * 60 - 1)), tz);

  // instructors: senior librarians, a lecturer of each partner university or library, Perpusnas's
  const national = nationalInstructors();
  const seniors = staff.filter((s) => SENIOR_EXPERTISE[s.row.careerLevel] && s.row.employmentStatus === EmploymentStatus.PNS).slice(0, 4);
  const local: TrainingInstructor[] = seniors.map((s, k) => ({
    id: demoId('instructor', library.id, 'librarian', s.index),
    name: s.row.name,
    institution: library.name,
    expertise: SENIOR_EXPERTISE[s.row.careerLevel]![k % SENIOR_EXPERTISE[s.row.careerLevel]!.length],
    librarianId: s.row.id,
  }));
  const namer = demoRandom(`staff-development:city:lecturers:${library.id}`);
  const hosts = cityPartners(library.id, scale)
    .map((p, i) => ({ ...p, id: demoId('partner', library.id, i) }))
    .filter((p) => p.kind === 'UNIVERSITY' || p.kind === 'LIBRARY');
  const lecturers = hosts.map((p, k) => {
    const person = cityPerson(namer, library.id);
    return {
      partner: p,
      instructor: {
        id: demoId('instructor', library.id, 'partner', p.id),
        name: k % 2 === 0 ? `Dr. ${person.name}, M.Hum.` : `${person.name}, S.IP., M.I.P.`,
        institution: p.name,
        expertise: namer.pick(['Literasi informasi', 'Organisasi informasi', 'Perpustakaan digital', 'Manajemen pengetahuan', 'Pelestarian naskah']),
        librarianId: null,
      },
    };
  });

  // the plan: slots spread over the history and the months ahead, a level-up course a year
  const through = addDays(loadDay, PLANNED_AHEAD_DAYS);
  const spans = [
    { a: addDays(from, 7), b: addDays(loadDay, -366), n: settings.perYear },
    { a: addDays(loadDay, -365), b: addDays(loadDay, -1), n: settings.perYear + (settings.coverage > settings.previousCoverage ? 1 : 0) },
    { a: loadDay, b: through, n: Math.max(2, Math.round((settings.perYear * PLANNED_AHEAD_DAYS) / 365)) },
  ];
  const pool = shuffle(rng, [...COURSES, LOCAL_COURSES[library.id]].filter(Boolean));
  let next = 0;
  const starts: { start: string; levelUp: boolean }[] = [];
  for (const [s, span] of spans.entries()) {
    const length = daysBetween(span.a, span.b);
    const levelUpSlot = s < 2 ? rng.int(0, span.n - 1) : -1;
    for (let k = 0; k < span.n; k++) {
      const start = addDays(span.a, Math.floor(((k + 0.15 + 0.7 * rng.float()) * length) / span.n));
      starts.push({ start: nextWorkday(start), levelUp: k === levelUpSlot });
    }
  }
  // one programme is under way on the load day: it began on the second working day before
  const workdayBefore = (d: string) => {
    let day = addDays(d, -1);
    while (!workday(day)) day = addDays(day, -1);
    return day;
  };
  const before = workdayBefore(workdayBefore(loadDay));
  // (the past slot nearest the load day moves there, so that every year keeps its count)
  const nearest = starts.reduce((best, s, k) => (!s.levelUp && s.start < loadDay && s.start > starts[best].start ? k : best), 0);
  starts[nearest] = { start: before, levelUp: false };
  starts.sort((x, y) => x.start.localeCompare(y.start));

  const plans: Plan[] = [];
  let levelUps = 0;
  // a library cancels a programme of its own now and then: one at most in the two years
  let cancelled = false;
  for (const [p, { start, levelUp }] of starts.entries()) {
    let course: Course;
    if (levelUp) course = LEVEL_UP_COURSES[levelUps++ % LEVEL_UP_COURSES.length];
    else {
      course = pool[next++ % pool.length];
      // the programme under way lasts several days
      if (start === before) while (course.lessonHours < 24) course = pool[next++ % pool.length];
    }
    const days = workdaysFrom(start, Math.min(5, Math.ceil(course.lessonHours / 8)));
    const startsOn = days[0];
    const endsOn = days[days.length - 1];
    const provider = course.levelUpFor
      ? TrainingProvider.NATIONAL_LIBRARY
      : lecturers.length && rng.chance(0.16)
        ? TrainingProvider.PARTNER
        : rng.chance(0.3)
          ? TrainingProvider.NATIONAL_LIBRARY
          : TrainingProvider.LIBRARY;
    const host = provider === TrainingProvider.PARTNER ? rng.pick(lecturers) : undefined;
    const cancel = endsOn < loadDay && provider === TrainingProvider.LIBRARY && !cancelled && rng.chance(0.06);
    if (cancel) cancelled = true;
    const status = endsOn < loadDay ? (cancel ? ProgrammeStatus.CANCELLED : ProgrammeStatus.COMPLETED) : startsOn < loadDay ? ProgrammeStatus.IN_PROGRESS : ProgrammeStatus.OPEN;
    const opens = addDays(startsOn, -rng.int(28, 50));
    const instructors =
      provider === TrainingProvider.NATIONAL_LIBRARY
        ? shuffle(rng, national).slice(0, rng.int(1, 2))
        : provider === TrainingProvider.PARTNER
          ? [host!.instructor]
          : [
              ...(local.length ? [rng.pick(local)] : []),
              ...(rng.chance(0.4) || !local.length ? [lecturers.length && rng.chance(0.5) ? rng.pick(lecturers).instructor : rng.pick(national)] : []),
            ];
    plans.push({
      course,
      days,
      quality: settings.quality + (rng.float() - 0.5) * 0.8,
      instructors,
      participants: new Map(),
      programme: {
        id: demoId('programme', library.id, 'city', p),
        libraryId: library.id,
        title: course.title,
        module: course.module,
        lessonHours: course.lessonHours,
        capacity:
          provider === TrainingProvider.NATIONAL_LIBRARY ? rng.pick([60, 80, 100]) : provider === TrainingProvider.PARTNER ? rng.pick([25, 30]) : rng.pick([20, 25, 30, 35]),
        startsOn,
        endsOn,
        status,
        methods: METHODS[course.module],
        provider,
        partnerId: host ? host.partner.id : null,
        enrolmentOpensOn: opens,
        enrolmentClosesOn: rng.chance(0.5) ? addDays(startsOn, -rng.int(3, 7)) : null,
        attendanceThreshold: 80,
        levelUpFor: course.levelUpFor ?? null,
      },
    });
  }

  // who takes part
  const n = staff.length;
  const teaches = (plan: Plan, s: CityStaffMember) => plan.instructors.some((i) => i.librarianId === s.row.id);
  const wanted = (plan: Plan) => {
    const share = settings.intensity * (plan.programme.provider === TrainingProvider.NATIONAL_LIBRARY ? 1.35 : 1) * (0.6 + 0.8 * rng.float());
    return Math.min(plan.programme.capacity, Math.max(2, Math.round(n * share)));
  };
  const choose = (count: number, from: CityStaffMember[]) => {
    const left = [...from];
    const out: CityStaffMember[] = [];
    while (out.length < count && left.length) {
      const s = weightedPick(rng, left, (x) => x.keenness)!;
      out.push(s);
      left.splice(left.indexOf(s), 1);
    }
    return out;
  };
  const periods = [
    { a: from, b: addDays(loadDay, -366), coverage: settings.previousCoverage },
    { a: addDays(loadDay, -365), b: addDays(loadDay, -1), coverage: settings.coverage },
  ];
  for (const period of periods) {
    const done = plans.filter((pl) => pl.programme.status === ProgrammeStatus.COMPLETED && pl.programme.endsOn >= period.a && pl.programme.endsOn <= period.b);
    const regular = done.filter((pl) => !pl.course.levelUpFor);
    if (!regular.length) continue;
    const trainees = choose(Math.round(period.coverage * n), staff);
    const trainee = new Set(trainees.map((s) => s.index));
    // the level-up course: the trainees at the level it starts from
    for (const plan of done.filter((pl) => pl.course.levelUpFor)) {
      const fits = (c: (typeof LEVEL_UP_COURSES)[number]) => trainees.filter((s) => s.asn && s.row.careerLevel === c.from);
      const best = [...LEVEL_UP_COURSES].sort((x, y) => fits(y).length - fits(x).length)[0];
      Object.assign(plan.programme, { title: best.title, module: best.module, lessonHours: best.lessonHours, levelUpFor: best.levelUpFor, methods: METHODS[best.module] });
      plan.course = best;
      for (const s of choose(Math.min(3, rng.int(1, 3)), fits(best))) plan.participants.set(s.index, 'complete');
    }
    // every trainee completes at least one programme of the period
    for (const s of shuffle(rng, trainees)) {
      if (done.some((pl) => pl.participants.get(s.index) === 'complete')) continue;
      const open = regular.filter((pl) => !teaches(pl, s) && !pl.participants.has(s.index)).sort((x, y) => x.participants.size - y.participants.size);
      const plan = open.length ? open[rng.int(0, Math.min(2, open.length - 1))] : undefined;
      plan?.participants.set(s.index, 'complete');
    }
    // then as many again as each programme takes, from the trainees, now and then falling short
    for (const plan of regular) {
      const more = wanted(plan) - plan.participants.size;
      if (more <= 0) continue;
      const candidates = trainees.filter((s) => !plan.participants.has(s.index) && !teaches(plan, s));
      for (const s of choose(more, candidates)) plan.participants.set(s.index, rng.chance(0.9) ? 'complete' : rng.chance(0.5) ? 'short' : 'withdrawn');
    }
    // the others sign up now and then and do not finish
    for (const s of staff.filter((x) => !trainee.has(x.index))) {
      if (!rng.chance(0.4)) continue;
      const plan = rng.pick(regular);
      if (!plan.participants.has(s.index) && !teaches(plan, s)) plan.participants.set(s.index, rng.chance(0.5) ? 'short' : 'withdrawn');
    }
  }
  // under way and to come: enrolled so far, in proportion to how long enrolment has been open
  for (const plan of plans.filter((pl) => pl.programme.status === ProgrammeStatus.IN_PROGRESS || pl.programme.status === ProgrammeStatus.OPEN)) {
    const { enrolmentOpensOn, startsOn } = plan.programme;
    const elapsed = Math.max(0, Math.min(1, daysBetween(enrolmentOpensOn!, loadDay) / Math.max(1, daysBetween(enrolmentOpensOn!, startsOn))));
    const count = Math.round(wanted(plan) * elapsed);
    const candidates = staff.filter(
      (s) => !teaches(plan, s) && (!plan.course.levelUpFor || (s.asn && s.row.careerLevel === LEVEL_UP_COURSES.find((c) => c.levelUpFor === plan.course.levelUpFor)?.from)),
    );
    for (const s of choose(count, candidates)) plan.participants.set(s.index, rng.chance(0.94) ? 'enrolled' : 'withdrawn');
  }

  // the rows
  const out: CityTraining = {
    instructors: [...local, ...lecturers.map((l) => l.instructor)],
    programmes: [],
    programmeInstructors: [],
    programmeUnits: [],
    sessions: [],
    enrolments: [],
    attendance: [],
    evaluations: [],
    competencies: [],
  };
  for (const plan of plans) {
    const { programme, course } = plan;
    out.programmes.push(programme);
    out.programmeInstructors.push(...plan.instructors.map((i) => ({ programmeId: programme.id, instructorId: i.id })));
    const units = course.levelUpFor ? LEVEL_UP_UNITS : UNITS[course.module];
    out.programmeUnits.push(...units.map((unitCode) => ({ programmeId: programme.id, unitCode })));
    if (programme.status === ProgrammeStatus.CANCELLED) continue;

    const online = programme.provider === TrainingProvider.NATIONAL_LIBRARY;
    const place = online ? null : programme.provider === TrainingProvider.PARTNER ? `Ruang Seminar ${plan.instructors[0].institution}` : `Aula ${library.name}`;
    let hoursLeft = programme.lessonHours;
    const sessions: TrainingSession[] = plan.days.map((date, d) => {
      const jp = d === plan.days.length - 1 ? hoursLeft : Math.min(8, Math.ceil(hoursLeft / (plan.days.length - d)));
      hoursLeft -= jp;
      const minutes = 8 * 60 + jp * 45 + (jp > 4 ? 60 : 0);
      return {
        id: demoId('session', programme.id, d),
        programmeId: programme.id,
        topic: plan.days.length === 1 ? programme.title : `${programme.title}: hari ${d + 1}`,
        startsAt: zonedToUtc(date, '08:00', library.timezone),
        endsAt: zonedToUtc(date, clock(minutes), library.timezone),
        place,
        onlineLink: online ? `https://kelas.perpusnas.go.id/diklat/${programme.id.slice(0, 8)}` : null,
      };
    });
    out.sessions.push(...sessions);
    const held = sessions.filter((s) => s.startsAt.getTime() < loadStarts);

    const enrolFrom = programme.enrolmentOpensOn! > from ? programme.enrolmentOpensOn! : from;
    const enrolThrough = [addDays(programme.startsOn, -1), programme.enrolmentClosesOn ?? programme.startsOn, addDays(loadDay, -1)].sort()[0];
    const entries = [...plan.participants.entries()]
      .map(([index, outcome]) => ({ member: staff[index], outcome, enrolledOn: addDays(enrolFrom, rng.int(0, Math.max(0, daysBetween(enrolFrom, enrolThrough)))) }))
      .sort((x, y) => x.enrolledOn.localeCompare(y.enrolledOn) || x.member.index - y.member.index);
    let seq = 0;
    for (const { member, outcome, enrolledOn } of entries) {
      const id = demoId('enrolment', programme.id, member.index);
      const enrolledAt = at(enrolledOn, 8, 16);
      const completedProgramme = programme.status === ProgrammeStatus.COMPLETED;
      let withdrawnAt: Date | null = null;
      if (outcome === 'withdrawn') {
        const lastDay = [addDays(programme.startsOn, -1), addDays(loadDay, -1)].sort()[0];
        const day = addDays(enrolledOn, rng.int(0, Math.max(0, daysBetween(enrolledOn, lastDay))));
        withdrawnAt = new Date(Math.max(enrolledAt.getTime() + 3_600_000, at(day, 8, 17).getTime()));
      }
      let attended = held.map(() => true);
      if (outcome === 'short') {
        const needed = Math.ceil((programme.attendanceThreshold * sessions.length) / 100);
        const count = rng.int(0, Math.max(0, needed - 1));
        attended = shuffle(
          rng,
          held.map((_, k) => k < count),
        );
      } else if (held.length >= 5 && rng.chance(0.15)) attended[rng.int(0, held.length - 1)] = false;
      else if (outcome === 'enrolled' && held.length > 1 && rng.chance(0.1)) attended[rng.int(0, held.length - 1)] = false;
      const percent = Math.floor((100 * attended.filter(Boolean).length) / sessions.length);
      const passed = completedProgramme && outcome !== 'withdrawn' && percent >= programme.attendanceThreshold;
      const certificateNumber = passed
        ? `SERT/${library.id.toUpperCase()}/${programme.endsOn.slice(0, 4)}/${programme.id.slice(0, 8).toUpperCase()}/${String(++seq).padStart(3, '0')}`
        : null;
      out.enrolments.push({
        id,
        programmeId: programme.id,
        librarianId: member.row.id,
        status:
          outcome === 'withdrawn'
            ? TrainingEnrolmentStatus.WITHDRAWN
            : !completedProgramme
              ? TrainingEnrolmentStatus.ENROLLED
              : passed
                ? TrainingEnrolmentStatus.COMPLETED
                : TrainingEnrolmentStatus.NOT_COMPLETED,
        enrolledAt,
        withdrawnAt,
        completedOn: passed ? programme.endsOn : null,
        certificateNumber,
        hoursCredited: passed ? programme.lessonHours : 0,
        attendancePercent: completedProgramme && outcome !== 'withdrawn' ? percent : null,
      });
      if (outcome !== 'withdrawn') out.attendance.push(...held.map((s, k) => ({ sessionId: s.id, enrolmentId: id, present: attended[k] })));
      if (!passed) continue;
      out.competencies.push(
        ...units.map((unitCode) => ({
          id: demoId('competency', id, unitCode),
          librarianId: member.row.id,
          unitCode,
          method: AssessmentMethod.TRAINING,
          assessedOn: programme.endsOn,
          certificateNumber,
          expiresOn: null,
          enrolmentId: id,
        })),
      );
      const submittedOn = addDays(programme.endsOn, rng.int(1, 5));
      if (submittedOn >= loadDay || !rng.chance(0.8)) continue;
      const rate = (bias: number) => Math.max(1, Math.min(5, Math.round(plan.quality + bias + (rng.float() - 0.5) * 1.6)));
      out.evaluations.push({
        id: demoId('evaluation', id),
        enrolmentId: id,
        programmeId: programme.id,
        materialRating: rate(0),
        instructorRating: rate(0.15),
        methodRating: rate(-0.2),
        comment: rng.chance(0.4) ? rng.pick(COMMENTS) : null,
        submittedAt: at(submittedOn, 9, 21),
      });
    }
  }
  return out;
}

/** Completed lesson hours per librarian and year, from the enrolments. */
export function hoursByLibrarianYear(enrolments: TrainingEnrolment[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of enrolments) {
    if (e.status !== TrainingEnrolmentStatus.COMPLETED || !e.completedOn) continue;
    const key = `${e.librarianId}|${e.completedOn.slice(0, 4)}`;
    out.set(key, (out.get(key) ?? 0) + e.hoursCredited);
  }
  return out;
}
