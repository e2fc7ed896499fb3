import type { EntityManager } from 'typeorm';
import { DEMO_LIBRARIES, DEMO_PARTNERS, DEMO_TODAY, addDays, demoFaker, demoId } from '../../../shared/domain/demo';
import { daysBetween, zonedToUtc } from '../../../shared/platform/time';
import { PerformanceRating, convertedPoints } from '../career/career-tables';
import type { CompetencyUnitDefinition } from '../career/competency-units';
import { CreditPointEntry, CreditPointSource } from '../career/credit-point-entry.entity';
import { AssessmentMethod, LibrarianCompetency } from '../career/librarian-competency.entity';
import { PerformanceReview } from '../career/performance-review.entity';
import { ProfessionalActivity, ProfessionalActivityKind } from '../career/professional-activity.entity';
import { IncentiveAward, IncentiveRule } from '../incentives/incentive.entity';
import { CareerLevel, Librarian } from '../librarians/librarian.entity';
import { SessionAttendance } from '../training/session-attendance.entity';
import { TrainingEnrolment, TrainingEnrolmentStatus } from '../training/training-enrolment.entity';
import { TrainingEvaluation } from '../training/training-evaluation.entity';
import { ProgrammeCompetency, ProgrammeInstructor, TrainingInstructor } from '../training/training-instructor.entity';
import { ProgrammeStatus, TrainingMethod, TrainingModule, TrainingProgramme, TrainingProvider } from '../training/training-programme.entity';
import { TrainingSession } from '../training/training-session.entity';

/**
 * Demo training records, on top of the libraries, librarians and four programmes per city of the
 * first seed step: programme details (methods, units, instructors, provider), sessions,
 * enrolments with attendance, completions with certificates and competencies, ratings, two more
 * programmes per city (a completed and an upcoming level-up course), reviews, credit points,
 * professional activities and incentives. Deterministic; its marker is the first national instructor.
 */

const METHODS: Record<TrainingModule, TrainingMethod[]> = {
  [TrainingModule.IT_AND_LIBRARY_SOFTWARE]: [TrainingMethod.LECTURE, TrainingMethod.HANDS_ON_PRACTICE],
  [TrainingModule.COLLECTION_MANAGEMENT]: [TrainingMethod.LECTURE, TrainingMethod.CASE_STUDY, TrainingMethod.HANDS_ON_PRACTICE],
  [TrainingModule.CUSTOMER_SERVICE]: [TrainingMethod.GROUP_DISCUSSION, TrainingMethod.ROLE_PLAY],
  [TrainingModule.PROMOTION_OF_SERVICES]: [TrainingMethod.LECTURE, TrainingMethod.CASE_STUDY, TrainingMethod.HANDS_ON_PRACTICE],
  [TrainingModule.INFORMATION_LITERACY_TEACHING]: [TrainingMethod.LECTURE, TrainingMethod.SIMULATION],
  [TrainingModule.DIGITAL_LITERACY]: [TrainingMethod.LECTURE, TrainingMethod.HANDS_ON_PRACTICE],
  [TrainingModule.CHILDRENS_SERVICES]: [TrainingMethod.ROLE_PLAY, TrainingMethod.GROUP_DISCUSSION],
  [TrainingModule.MANAGEMENT]: [TrainingMethod.LECTURE, TrainingMethod.CASE_STUDY, TrainingMethod.GROUP_DISCUSSION],
};

const UNITS: Record<TrainingModule, CompetencyUnitDefinition['code'][]> = {
  [TrainingModule.IT_AND_LIBRARY_SOFTWARE]: ['R.91PRP02.060.1', 'R.91PRP02.010.1'],
  [TrainingModule.COLLECTION_MANAGEMENT]: ['R.91PRP02.002.1', 'R.91PRP02.004.1', 'R.91PRP02.011.1'],
  [TrainingModule.CUSTOMER_SERVICE]: ['R.91PRP02.020.1', 'R.91PRP02.021.1'],
  [TrainingModule.PROMOTION_OF_SERVICES]: ['R.91PRP02.023.1'],
  [TrainingModule.INFORMATION_LITERACY_TEACHING]: ['R.91PRP02.022.1', 'R.91PRP02.021.1'],
  [TrainingModule.DIGITAL_LITERACY]: ['R.91PRP02.061.1', 'R.91PRP02.022.1'],
  [TrainingModule.CHILDRENS_SERVICES]: ['R.91PRP02.024.1'],
  [TrainingModule.MANAGEMENT]: ['R.91PRP02.050.1', 'R.91PRP02.051.1'],
};

const NATIONAL_INSTRUCTORS = [
  { name: 'Dr. Rahmawati Siregar, M.Hum.', expertise: 'Manajemen perpustakaan umum' },
  { name: 'Agus Setiawan, S.IP., M.Kom.', expertise: 'Otomasi dan perpustakaan digital' },
  { name: 'Sri Wahyuni, S.Sos., M.Si.', expertise: 'Layanan dan literasi informasi' },
];

const COMMENTS = [
  'Materinya sangat aplikatif untuk pekerjaan sehari-hari.',
  'Waktu praktik sebaiknya ditambah.',
  'Narasumber menjelaskan dengan jelas dan sabar.',
  'Perlu modul cetak untuk dibawa pulang.',
  'Diskusi kelompok sangat membantu.',
];

/** The two extra programmes of each city: a level-up course already completed and one to come. */
function levelUpCourses(libraryId: string): Partial<TrainingProgramme>[] {
  return [
    {
      id: demoId('programme', libraryId, 4),
      title: 'Diklat Penjenjangan Pustakawan Ahli Muda',
      module: TrainingModule.MANAGEMENT,
      lessonHours: 40,
      capacity: 30,
      startsOn: '2026-06-08',
      endsOn: '2026-06-12',
      status: ProgrammeStatus.COMPLETED,
      levelUpFor: CareerLevel.AHLI_MUDA,
    },
    {
      id: demoId('programme', libraryId, 5),
      title: 'Diklat Penjenjangan Pustakawan Ahli Madya',
      module: TrainingModule.MANAGEMENT,
      lessonHours: 40,
      capacity: 30,
      startsOn: '2027-07-05',
      endsOn: '2027-07-09',
      status: ProgrammeStatus.OPEN,
      enrolmentOpensOn: '2026-10-01',
      enrolmentClosesOn: '2027-06-30',
      levelUpFor: CareerLevel.AHLI_MADYA,
    },
  ];
}

const RATINGS = [PerformanceRating.BAIK, PerformanceRating.SANGAT_BAIK, PerformanceRating.BAIK, PerformanceRating.BUTUH_PERBAIKAN, PerformanceRating.BAIK];

export async function seedTraining(tx: EntityManager): Promise<Record<string, number>> {
  if (await tx.getRepository(TrainingInstructor).existsBy({ id: demoId('instructor', 'national', 0) })) return {};
  const rows = {
    instructors: [] as TrainingInstructor[],
    programmes: [] as TrainingProgramme[],
    programmeInstructors: [] as ProgrammeInstructor[],
    programmeUnits: [] as ProgrammeCompetency[],
    sessions: [] as TrainingSession[],
    enrolments: [] as TrainingEnrolment[],
    attendance: [] as SessionAttendance[],
    competencies: [] as LibrarianCompetency[],
    evaluations: [] as TrainingEvaluation[],
    reviews: [] as PerformanceReview[],
    credit: [] as CreditPointEntry[],
    activities: [] as ProfessionalActivity[],
    rules: [] as IncentiveRule[],
    awards: [] as IncentiveAward[],
  };
  const national = NATIONAL_INSTRUCTORS.map((n, k) => ({
    id: demoId('instructor', 'national', k),
    name: n.name,
    institution: 'Perpustakaan Nasional Republik Indonesia',
    expertise: n.expertise,
    librarianId: null,
  }));
  rows.instructors.push(...national);

  for (const [li, library] of DEMO_LIBRARIES.entries()) {
    const faker = demoFaker(`staff-development:training:${library.id}`);
    const librarians = await tx.getRepository(Librarian).find({ where: { libraryId: library.id } });
    const librarianAt = (i: number) => librarians.find((l) => l.id === demoId('librarian', library.id, i))!;
    for (let i = 0; i < librarians.length; i++) {
      await tx.getRepository(Librarian).update(demoId('librarian', library.id, i), { levelSince: `${2019 + ((li + i) % 4)}-${String(1 + ((i * 5) % 12)).padStart(2, '0')}-01` });
    }
    const university = DEMO_PARTNERS[library.id][3].name;
    // the demo day begins at midnight on the library's wall clock: sessions before it took place
    const demoDayStarts = zonedToUtc(DEMO_TODAY, '00:00', library.timezone).getTime();
    const senior = librarianAt(7);
    const local = [
      { id: demoId('instructor', library.id, 0), name: senior.name, institution: library.name, expertise: 'Pengolahan bahan pustaka', librarianId: senior.id },
      {
        id: demoId('instructor', library.id, 1),
        name: `${faker.person.firstName()} ${faker.person.lastName()}, M.I.P.`,
        institution: university,
        expertise: 'Literasi informasi',
        librarianId: null,
      },
    ];
    rows.instructors.push(...local);

    // programme details: p0 by the library, p1 by the national library, p2 by the partner university, p3 by the library
    const existing = await tx.getRepository(TrainingProgramme).find({ where: { libraryId: library.id }, order: { startsOn: 'ASC' } });
    const extra = levelUpCourses(library.id).map((p) => tx.getRepository(TrainingProgramme).create({ ...p, libraryId: library.id }));
    const programmes = [...existing, ...extra];
    for (const [p, programme] of programmes.entries()) {
      const provider = p === 1 || p >= 4 ? TrainingProvider.NATIONAL_LIBRARY : p === 2 ? TrainingProvider.PARTNER : TrainingProvider.LIBRARY;
      Object.assign(programme, {
        methods: METHODS[programme.module],
        provider,
        partnerId: provider === TrainingProvider.PARTNER ? demoId('partner', library.id, 3) : null,
        enrolmentOpensOn: programme.enrolmentOpensOn ?? addDays(programme.startsOn, -45),
        enrolmentClosesOn: programme.enrolmentClosesOn ?? null,
        attendanceThreshold: 80,
        levelUpFor: programme.levelUpFor ?? null,
      });
      const instructors =
        provider === TrainingProvider.NATIONAL_LIBRARY ? [national[p % 3]] : provider === TrainingProvider.PARTNER ? [local[1]] : [local[0], national[(li + p) % 3]];
      rows.programmeInstructors.push(...instructors.map((i) => ({ programmeId: programme.id, instructorId: i.id })));
      const units = programme.levelUpFor ? ['R.91PRP02.050.1', 'R.91PRP02.040.1'] : UNITS[programme.module];
      rows.programmeUnits.push(...units.map((unitCode) => ({ programmeId: programme.id, unitCode })));

      const days = Math.min(5, daysBetween(programme.startsOn, programme.endsOn) + 1);
      const sessions = Array.from({ length: days }, (_, d) => {
        const date = addDays(programme.startsOn, d);
        const online = provider === TrainingProvider.NATIONAL_LIBRARY;
        return tx.getRepository(TrainingSession).create({
          id: demoId('session', programme.id, d),
          programmeId: programme.id,
          topic: `${programme.title}: hari ${d + 1}`,
          startsAt: zonedToUtc(date, '08:30', library.timezone),
          endsAt: zonedToUtc(date, '15:30', library.timezone),
          place: online ? null : provider === TrainingProvider.PARTNER ? `Ruang Seminar ${university}` : `Aula ${library.name}`,
          onlineLink: online ? `https://kelas.perpusnas.go.id/diklat/${programme.id.slice(0, 8)}` : null,
        });
      });
      rows.sessions.push(...sessions);

      // who takes part: six of eight in the regular programmes, the Ahli Pertama in the completed
      // level-up course, one Ahli Muda in the coming one (docs/staff-development.md enrols the other)
      const participants = p === 4 ? [3, 4] : p === 5 ? [6] : [0, 1, 2, 3, 4, 5, 6, 7].filter((i) => (i + p) % 4 !== 3);
      const completed = programme.status === ProgrammeStatus.COMPLETED;
      let seq = 0;
      for (const [k, i] of participants.entries()) {
        const librarian = librarianAt(i);
        const enrolmentId = demoId('enrolment', programme.id, i);
        // in a completed regular programme, the last participant missed most sessions
        const absentee = completed && p < 4 && k === participants.length - 1 && sessions.length > 1;
        const withdrawn = !completed && p === 3 && k === participants.length - 1;
        const attendedSessions = completed ? (absentee ? sessions.slice(0, 1) : sessions) : sessions.filter((s) => s.startsAt.getTime() < demoDayStarts);
        const percent = Math.floor((100 * attendedSessions.length) / sessions.length);
        const passed = completed && !absentee;
        const certificateNumber = passed
          ? `SERT/${library.id.toUpperCase()}/${programme.endsOn.slice(0, 4)}/${programme.id.slice(0, 8).toUpperCase()}/${String(++seq).padStart(3, '0')}`
          : null;
        rows.enrolments.push(
          tx.getRepository(TrainingEnrolment).create({
            id: enrolmentId,
            programmeId: programme.id,
            librarianId: librarian.id,
            status: passed
              ? TrainingEnrolmentStatus.COMPLETED
              : completed
                ? TrainingEnrolmentStatus.NOT_COMPLETED
                : withdrawn
                  ? TrainingEnrolmentStatus.WITHDRAWN
                  : TrainingEnrolmentStatus.ENROLLED,
            enrolledAt: zonedToUtc(addDays(programme.enrolmentOpensOn!, 3 + k), '10:00', library.timezone),
            withdrawnAt: withdrawn ? zonedToUtc(addDays(programme.enrolmentOpensOn!, 20), '10:00', library.timezone) : null,
            completedOn: passed ? programme.endsOn : null,
            certificateNumber,
            hoursCredited: passed ? programme.lessonHours : 0,
            attendancePercent: completed ? percent : null,
          }),
        );
        if (!withdrawn) rows.attendance.push(...attendedSessions.map((s) => ({ sessionId: s.id, enrolmentId, present: true })));
        if (passed) {
          rows.competencies.push(
            ...units.map((unitCode) =>
              tx.getRepository(LibrarianCompetency).create({
                id: demoId('competency', enrolmentId, unitCode),
                librarianId: librarian.id,
                unitCode,
                method: AssessmentMethod.TRAINING,
                assessedOn: programme.endsOn,
                certificateNumber,
                expiresOn: null,
                enrolmentId,
              }),
            ),
          );
          if (k % 3 !== 2) {
            rows.evaluations.push({
              id: demoId('evaluation', enrolmentId),
              enrolmentId,
              programmeId: programme.id,
              materialRating: faker.number.int({ min: 3, max: 5 }),
              instructorRating: faker.number.int({ min: 3, max: 5 }),
              methodRating: faker.number.int({ min: 2, max: 5 }),
              comment: k % 2 === 0 ? faker.helpers.arrayElement(COMMENTS) : null,
              submittedAt: zonedToUtc(addDays(programme.endsOn, 2), '13:00', library.timezone),
            });
          }
        }
      }
    }
    rows.programmes.push(...programmes);

    // competency tests, reviews with credit points, education, professional activities
    for (const [i, librarian] of librarians.map((_, n) => [n, librarianAt(n)] as const)) {
      if (i === 4 || i === 6) {
        rows.competencies.push(
          tx.getRepository(LibrarianCompetency).create({
            id: demoId('competency-test', librarian.id),
            librarianId: librarian.id,
            unitCode: 'R.91PRP02.021.1',
            method: AssessmentMethod.COMPETENCY_TEST,
            assessedOn: '2025-09-15',
            certificateNumber: `LSP-PUS/2025/${String(li * 100 + i).padStart(4, '0')}`,
            expiresOn: '2028-09-14',
            enrolmentId: null,
          }),
        );
      }
      for (const year of [2023, 2024, 2025]) {
        const rating = i === 4 ? (year === 2025 ? PerformanceRating.SANGAT_BAIK : PerformanceRating.BAIK) : RATINGS[(li + i + year) % RATINGS.length];
        const reviewId = demoId('review', librarian.id, year);
        rows.reviews.push(
          tx.getRepository(PerformanceReview).create({
            id: reviewId,
            librarianId: librarian.id,
            year,
            rating,
            metrics: [
              { name: 'Jam pelatihan', value: faker.number.int({ min: 8, max: 48 }), target: 20, unit: 'JP' },
              { name: 'Skor kepuasan pemustaka', value: faker.number.float({ min: 3.2, max: 4.9, fractionDigits: 1 }), target: 4, unit: 'skor 1-5' },
              { name: 'Target kinerja tercapai', value: faker.number.int({ min: 70, max: 100 }), target: 100, unit: '%' },
            ],
            note: null,
            reviewedOn: `${year + 1}-01-${String(10 + i).padStart(2, '0')}`,
          }),
        );
        rows.credit.push(
          tx.getRepository(CreditPointEntry).create({
            id: demoId('credit', reviewId),
            librarianId: librarian.id,
            points: convertedPoints(librarian.careerLevel, rating),
            source: CreditPointSource.PERFORMANCE_CONVERSION,
            description: `Konversi predikat kinerja ${year}: ${rating}`,
            earnedOn: `${year}-12-31`,
            reviewId,
            activityId: null,
          }),
        );
      }
      if (i === 4) {
        rows.credit.push(
          tx.getRepository(CreditPointEntry).create({
            id: demoId('credit', librarian.id, 'education'),
            librarianId: librarian.id,
            points: 60,
            source: CreditPointSource.EDUCATION,
            description: 'Ijazah Magister Ilmu Perpustakaan',
            earnedOn: '2024-08-30',
            reviewId: null,
            activityId: null,
          }),
        );
      }
      const activity =
        i === 5
          ? {
              kind: ProfessionalActivityKind.SEMINAR,
              title: 'Seminar Nasional Perpustakaan Umum',
              organiser: 'Perpustakaan Nasional RI',
              role: 'Peserta',
              hours: 8,
              creditPoints: 1,
            }
          : i === 7
            ? {
                kind: ProfessionalActivityKind.PRESENTATION,
                title: 'Transformasi Perpustakaan Berbasis Inklusi Sosial',
                organiser: 'Ikatan Pustakawan Indonesia',
                role: 'Narasumber',
                hours: 4,
                creditPoints: 2,
              }
            : i === 2
              ? {
                  kind: ProfessionalActivityKind.PROFESSIONAL_ASSOCIATION,
                  title: `Pengurus IPI Daerah ${library.province}`,
                  organiser: 'Ikatan Pustakawan Indonesia',
                  role: 'Sekretaris',
                  hours: 12,
                  creditPoints: 0.5,
                }
              : i === 4
                ? {
                    kind: ProfessionalActivityKind.CONFERENCE,
                    title: 'Konferensi Perpustakaan Digital Indonesia',
                    organiser: 'Perpustakaan Nasional RI',
                    role: 'Pemakalah',
                    hours: 16,
                    creditPoints: 3,
                  }
                : null;
      if (activity) {
        const id = demoId('activity', librarian.id, 0);
        const heldOn = `2026-0${3 + (i % 6)}-1${li}`;
        rows.activities.push(tx.getRepository(ProfessionalActivity).create({ ...activity, id, librarianId: librarian.id, heldOn }));
        rows.credit.push(
          tx.getRepository(CreditPointEntry).create({
            id: demoId('credit', id),
            librarianId: librarian.id,
            points: activity.creditPoints,
            source: activity.kind === ProfessionalActivityKind.PROFESSIONAL_ASSOCIATION ? CreditPointSource.SUPPORTING_ACTIVITY : CreditPointSource.PROFESSIONAL_DEVELOPMENT,
            description: activity.title,
            earnedOn: heldOn,
            reviewId: null,
            activityId: id,
          }),
        );
      }
    }

    // incentives: one rule per library; awarded for 2026 to the first librarian with enough hours
    const rule = {
      id: demoId('incentive-rule', library.id, 0),
      libraryId: library.id,
      name: 'Insentif Pustakawan Pembelajar',
      minTrainingHours: 40,
      amount: 1_500_000,
      description: 'Paling sedikit 40 JP pelatihan selesai dalam setahun',
    } as IncentiveRule;
    rows.rules.push(rule);
    const hours2026 = new Map<string, number>();
    for (const e of rows.enrolments.filter((e) => e.status === TrainingEnrolmentStatus.COMPLETED && e.completedOn?.startsWith('2026'))) {
      hours2026.set(e.librarianId, (hours2026.get(e.librarianId) ?? 0) + e.hoursCredited);
    }
    const first = librarians.map((_, n) => librarianAt(n)).find((l) => (hours2026.get(l.id) ?? 0) >= rule.minTrainingHours);
    if (first) {
      rows.awards.push({
        id: demoId('incentive-award', rule.id, first.id, 2026),
        ruleId: rule.id,
        librarianId: first.id,
        year: 2026,
        amount: rule.amount,
        awardedOn: '2026-10-28',
      });
    }
  }

  const save = async <T extends object>(target: new () => T, list: T[]) => {
    for (let i = 0; i < list.length; i += 200) await tx.getRepository(target).insert(list.slice(i, i + 200));
  };
  await save(TrainingInstructor, rows.instructors);
  await tx.getRepository(TrainingProgramme).save(rows.programmes);
  await save(ProgrammeInstructor, rows.programmeInstructors);
  await save(ProgrammeCompetency, rows.programmeUnits);
  await save(TrainingSession, rows.sessions);
  await save(TrainingEnrolment, rows.enrolments);
  await save(SessionAttendance, rows.attendance);
  await save(LibrarianCompetency, rows.competencies);
  await save(TrainingEvaluation, rows.evaluations);
  await save(PerformanceReview, rows.reviews);
  await save(ProfessionalActivity, rows.activities);
  await save(CreditPointEntry, rows.credit);
  await save(IncentiveRule, rows.rules);
  await save(IncentiveAward, rows.awards);
  return Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.length]));
}
