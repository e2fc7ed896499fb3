import { In, type DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { DEMO_LIBRARIES, type DemoLibrary } from '../../../../shared/domain/demo';
import { cityProfile, demoLoadDay, demoWindow } from '../../../../shared/domain/demo-city';
import type { DemoSettings } from '../../../../shared/platform/config';
import { insertMany, transaction } from '../../../../shared/platform/database';
import type { SeedSummary } from '../../../../shared/platform/subgraph';
import { addDays } from '../../../../shared/platform/time';
import { CreditPointEntry } from '../../career/credit-point-entry.entity';
import { LibrarianCompetency } from '../../career/librarian-competency.entity';
import { PerformanceReview } from '../../career/performance-review.entity';
import { ProfessionalActivity } from '../../career/professional-activity.entity';
import { IncentiveAward, IncentiveRule } from '../../incentives/incentive.entity';
import { Librarian } from '../../librarians/librarian.entity';
import { Holiday } from '../../libraries/holiday.entity';
import { LibraryAccreditation } from '../../libraries/library-accreditation.entity';
import { Library } from '../../libraries/library.entity';
import { OpeningHours } from '../../libraries/opening-hours.entity';
import { SessionAttendance } from '../../training/session-attendance.entity';
import { TrainingEnrolment } from '../../training/training-enrolment.entity';
import { TrainingEvaluation } from '../../training/training-evaluation.entity';
import { ProgrammeCompetency, ProgrammeInstructor, TrainingInstructor } from '../../training/training-instructor.entity';
import { TrainingProgramme } from '../../training/training-programme.entity';
import { TrainingSession } from '../../training/training-session.entity';
import { cityHolidays, libraryRow, openingHoursRows, type HolidayRow } from './calendar';
import { cityAccreditations, cityCareer } from './career';
import { cityStaff, type CityStaffMember } from './staff';
import { cityTraining, hoursByLibrarianYear, nationalInstructors } from './training';

/**
 * The city-scale demo of staff development: per library, its row, its closed days over the
 * history and a year ahead, its staff, two years of training and the months ahead, the career
 * record and the accreditation history. Pure generation (`cityStaffDevelopment`), then bulk
 * inserts, one transaction per library, its marker the library's row: a database that already
 * holds the library (the fixture, or real data) is left alone.
 */

/** Everything the city demo holds for one library, in insertion order (foreign keys first). */
export interface CityStaffDevelopment {
  library: Library;
  loadDay: string;
  window: { from: string; through: string };
  staff: CityStaffMember[];
  /** National (libraryId null; shared, inserted when missing) and the library's own. */
  holidays: HolidayRow[];
  /** Perpusnas's (shared, inserted when missing) and the library's. */
  instructors: TrainingInstructor[];
  tables: {
    librarians: Librarian[];
    programmes: TrainingProgramme[];
    programmeInstructors: ProgrammeInstructor[];
    programmeUnits: ProgrammeCompetency[];
    sessions: TrainingSession[];
    enrolments: TrainingEnrolment[];
    attendance: SessionAttendance[];
    evaluations: TrainingEvaluation[];
    competencies: LibrarianCompetency[];
    reviews: PerformanceReview[];
    activities: ProfessionalActivity[];
    credit: CreditPointEntry[];
    incentiveRules: IncentiveRule[];
    incentiveAwards: IncentiveAward[];
    accreditations: LibraryAccreditation[];
  };
}

/** The entity of each table, in insertion order. */
const TABLES: [keyof CityStaffDevelopment['tables'], EntityTarget<ObjectLiteral>][] = [
  ['librarians', Librarian],
  ['programmes', TrainingProgramme],
  ['programmeInstructors', ProgrammeInstructor],
  ['programmeUnits', ProgrammeCompetency],
  ['sessions', TrainingSession],
  ['enrolments', TrainingEnrolment],
  ['attendance', SessionAttendance],
  ['evaluations', TrainingEvaluation],
  ['competencies', LibrarianCompetency],
  ['reviews', PerformanceReview],
  ['activities', ProfessionalActivity],
  ['credit', CreditPointEntry],
  ['incentiveRules', IncentiveRule],
  ['incentiveAwards', IncentiveAward],
  ['accreditations', LibraryAccreditation],
];

/** One library's city demo, generated without a database (deterministic in library, load day and scale). */
export function cityStaffDevelopment(library: DemoLibrary, settings: Pick<DemoSettings, 'scale' | 'today'>): CityStaffDevelopment {
  const loadDay = demoLoadDay(settings, library.timezone);
  const window = demoWindow(loadDay);
  const profile = cityProfile(library.id, settings.scale);
  const libraryIndex = DEMO_LIBRARIES.findIndex((l) => l.id === library.id);
  const staff = cityStaff(library, profile, loadDay, window.from, libraryIndex);
  const training = cityTraining(library, staff, loadDay, window.from, settings.scale);
  const career = cityCareer(library, staff, hoursByLibrarianYear(training.enrolments), loadDay, window.from);
  return {
    library: libraryRow(library),
    loadDay,
    window,
    staff,
    holidays: cityHolidays(library.id, window.from, addDays(loadDay, 365)),
    instructors: [...nationalInstructors(), ...training.instructors],
    tables: {
      librarians: staff.map((s) => s.row),
      programmes: training.programmes,
      programmeInstructors: training.programmeInstructors,
      programmeUnits: training.programmeUnits,
      sessions: training.sessions,
      enrolments: training.enrolments,
      attendance: training.attendance,
      evaluations: training.evaluations,
      competencies: [...training.competencies, ...career.competencies],
      reviews: career.reviews,
      activities: career.activities,
      credit: career.credit,
      incentiveRules: career.rules,
      incentiveAwards: career.awards,
      accreditations: cityAccreditations(library, loadDay),
    },
  };
}

/** Inserts the rows of `candidates` whose id is not there yet (rows several libraries share). */
async function insertMissing<T extends { id: string }>(tx: EntityManager, target: EntityTarget<T & ObjectLiteral>, candidates: T[]): Promise<number> {
  if (!candidates.length) return 0;
  const there = new Set<string>();
  for (let i = 0; i < candidates.length; i += 500) {
    const ids = candidates.slice(i, i + 500).map((c) => c.id);
    const found = await tx.getRepository(target).find({ select: { id: true } as never, where: { id: In(ids) } as never });
    for (const f of found as { id: string }[]) there.add(f.id);
  }
  const missing = candidates.filter((c) => !there.has(c.id));
  await insertMany(tx, target, missing as never[]);
  return missing.length;
}

/** Seeds the city demo, library by library; a library already in the database is skipped. */
export async function seedCity(db: DataSource, demo: DemoSettings): Promise<SeedSummary> {
  const summary: SeedSummary = {};
  const add = (table: string, n: number) => {
    if (n) summary[table] = (summary[table] ?? 0) + n;
  };
  for (const library of DEMO_LIBRARIES) {
    await transaction(db, async (tx) => {
      if (await tx.getRepository(Library).existsBy({ id: library.id })) return;
      const data = cityStaffDevelopment(library, demo);
      await insertMany(tx, Library, [data.library]);
      add('libraries', 1);
      const hours = openingHoursRows(library.id);
      await insertMany(tx, OpeningHours, hours);
      add('openingHours', hours.length);
      add('holidays', await insertMissing(tx, Holiday, data.holidays));
      add('instructors', await insertMissing(tx, TrainingInstructor, data.instructors));
      for (const [key, target] of TABLES) {
        await insertMany(tx, target, data.tables[key]);
        add(key, data.tables[key].length);
      }
    });
  }
  return summary;
}
