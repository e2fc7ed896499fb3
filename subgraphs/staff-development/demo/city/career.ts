import { demoId, type DemoLibrary } from '../../../../shared/domain/demo';
import { demoRandom, isOpenDay, type DemoRandom } from '../../../../shared/domain/demo-city';
import { addDays, daysBetween, isoWeekday, zonedToUtc } from '../../../../shared/platform/time';
import { PerformanceRating, convertedPoints } from '../../career/career-tables';
import { CORE_COMPETENCY_UNITS } from '../../career/competency-units';
import { CreditPointSource, type CreditPointEntry } from '../../career/credit-point-entry.entity';
import { AssessmentMethod, type LibrarianCompetency } from '../../career/librarian-competency.entity';
import type { PerformanceReview } from '../../career/performance-review.entity';
import { ProfessionalActivityKind, type ProfessionalActivity } from '../../career/professional-activity.entity';
import type { IncentiveAward, IncentiveRule } from '../../incentives/incentive.entity';
import { CareerLevel } from '../../librarians/librarian.entity';
import { AccreditationGrade, type LibraryAccreditation } from '../../libraries/library-accreditation.entity';
import type { CityStaffMember } from './staff';

/**
 * The career record of a library's staff over the two years: yearly performance reviews of the
 * civil servants (PNS and PPPK; SKP, reviewed in January for the year before) with their credit
 * points, professional activities (seminars, workshops, conferences, talks given, papers, the
 * librarians' association) with theirs, degrees finished, competency tests and portfolio
 * assessments; the library's incentive rules and the awards of each whole year of the history;
 * and the library's accreditation history.
 */

export interface CityCareer {
  reviews: PerformanceReview[];
  credit: CreditPointEntry[];
  activities: ProfessionalActivity[];
  competencies: LibrarianCompetency[];
  rules: IncentiveRule[];
  awards: IncentiveAward[];
}

/** The level before each level on its track: a review of a year before the promotion converts at it. */
const PREVIOUS: Partial<Record<CareerLevel, CareerLevel>> = {
  [CareerLevel.MAHIR]: CareerLevel.TERAMPIL,
  [CareerLevel.PENYELIA]: CareerLevel.MAHIR,
  [CareerLevel.AHLI_MUDA]: CareerLevel.AHLI_PERTAMA,
  [CareerLevel.AHLI_MADYA]: CareerLevel.AHLI_MUDA,
};

/** Professional activities a year, by level: the experts write and speak, the skilled go to seminars. */
const ACTIVITY_RATE: Record<CareerLevel, number> = {
  [CareerLevel.TERAMPIL]: 0.5,
  [CareerLevel.MAHIR]: 0.7,
  [CareerLevel.PENYELIA]: 0.9,
  [CareerLevel.AHLI_PERTAMA]: 0.9,
  [CareerLevel.AHLI_MUDA]: 1.3,
  [CareerLevel.AHLI_MADYA]: 1.8,
  [CareerLevel.AHLI_UTAMA]: 2,
};

const EXPERT = new Set([CareerLevel.AHLI_PERTAMA, CareerLevel.AHLI_MUDA, CareerLevel.AHLI_MADYA, CareerLevel.AHLI_UTAMA]);

interface ActivityKind {
  kind: ProfessionalActivityKind;
  titles: string[];
  organisers: string[];
  role: string;
  hours: [number, number];
  points: number[];
  expertsOnly?: boolean;
  weight: number;
}

const ACTIVITIES: ActivityKind[] = [
  {
    kind: ProfessionalActivityKind.SEMINAR,
    titles: [
      'Seminar Nasional Perpustakaan Umum',
      'Webinar Transformasi Perpustakaan Berbasis Inklusi Sosial',
      'Seminar Literasi untuk Kesejahteraan',
      'Webinar Perpustakaan di Era Kecerdasan Artifisial',
      'Seminar Hari Kunjung Perpustakaan',
    ],
    organisers: ['Perpustakaan Nasional RI', 'Ikatan Pustakawan Indonesia', 'Dinas Perpustakaan dan Kearsipan Provinsi', 'Forum Perpustakaan Umum Indonesia'],
    role: 'Peserta',
    hours: [4, 8],
    points: [0.5, 1],
    weight: 5,
  },
  {
    kind: ProfessionalActivityKind.WORKSHOP,
    titles: [
      'Lokakarya Penyusunan Bibliografi Lokal',
      'Lokakarya Pengelolaan Pojok Baca Digital',
      'Bimbingan Teknis Pengisian Data Perpustakaan (IPLM)',
      'Lokakarya Penulisan Karya Tulis Kepustakawanan',
    ],
    organisers: ['Perpustakaan Nasional RI', 'Dinas Perpustakaan dan Kearsipan Provinsi', 'Ikatan Pustakawan Indonesia'],
    role: 'Peserta',
    hours: [12, 24],
    points: [1, 1.5],
    weight: 3,
  },
  {
    kind: ProfessionalActivityKind.CONFERENCE,
    titles: ['Konferensi Perpustakaan Digital Indonesia', 'Kongres Ikatan Pustakawan Indonesia', 'Rapat Koordinasi Nasional Bidang Perpustakaan'],
    organisers: ['Perpustakaan Nasional RI', 'Ikatan Pustakawan Indonesia'],
    role: 'Pemakalah',
    hours: [16, 24],
    points: [2, 3],
    expertsOnly: true,
    weight: 1,
  },
  {
    kind: ProfessionalActivityKind.PRESENTATION,
    titles: [
      'Peran Perpustakaan Umum dalam Gerakan Literasi Sekolah',
      'Layanan Perpustakaan bagi Penyandang Disabilitas',
      'Mengelola Taman Baca Masyarakat',
      'Promosi Perpustakaan lewat Media Sosial',
    ],
    organisers: ['Dinas Pendidikan dan Kebudayaan', 'Forum Taman Baca Masyarakat', 'Ikatan Pustakawan Indonesia', 'Perpustakaan Sekolah Mitra'],
    role: 'Narasumber',
    hours: [2, 4],
    points: [1, 2],
    expertsOnly: true,
    weight: 2,
  },
  {
    kind: ProfessionalActivityKind.PUBLICATION,
    titles: [
      'Pemanfaatan Koleksi Lokal di Perpustakaan Umum Kota',
      'Evaluasi Layanan Sirkulasi dengan Analisis Data Peminjaman',
      'Perpustakaan sebagai Ruang Publik Inklusif',
      'Minat Baca Anak di Kawasan Pesisir',
    ],
    organisers: ['Jurnal Media Pustakawan', 'Jurnal Visi Pustaka', 'Buletin Perpustakaan Provinsi'],
    role: 'Penulis',
    hours: [8, 16],
    points: [2, 3, 4],
    expertsOnly: true,
    weight: 1,
  },
];

/** The library's incentive rules: what each city rewards, and how much. */
const INCENTIVE_RULES: Record<string, { name: string; minTrainingHours: number; amount: number; description: string }[]> = {
  kupang: [
    { name: 'Insentif Pustakawan Pembelajar', minTrainingHours: 40, amount: 1_500_000, description: 'Paling sedikit 40 JP pelatihan selesai dalam setahun' },
    { name: 'Penghargaan Pustakawan Teladan Kota Kupang', minTrainingHours: 64, amount: 3_000_000, description: 'Paling sedikit 64 JP pelatihan selesai dalam setahun' },
  ],
  baubau: [{ name: 'Insentif Pustakawan Pembelajar', minTrainingHours: 32, amount: 1_000_000, description: 'Paling sedikit 32 JP pelatihan selesai dalam setahun' }],
  pasuruan: [
    { name: 'Tunjangan Pengembangan Kompetensi', minTrainingHours: 24, amount: 750_000, description: 'Paling sedikit 24 JP pelatihan selesai dalam setahun' },
    { name: 'Insentif Pustakawan Pembelajar', minTrainingHours: 48, amount: 1_250_000, description: 'Paling sedikit 48 JP pelatihan selesai dalam setahun' },
  ],
  'pematang-siantar': [{ name: 'Insentif Pustakawan Pembelajar', minTrainingHours: 40, amount: 1_000_000, description: 'Paling sedikit 40 JP pelatihan selesai dalam setahun' }],
};

/** Accreditation history per city, years before the load day's year: Kupang up from C to B, Baubau at C twice, Pasuruan B then A, Pematang Siantar's B lapsed. */
const ACCREDITATIONS: Record<string, [number, AccreditationGrade][]> = {
  kupang: [
    [-7, AccreditationGrade.C],
    [-2, AccreditationGrade.B],
  ],
  baubau: [
    [-8, AccreditationGrade.C],
    [-3, AccreditationGrade.C],
  ],
  pasuruan: [
    [-6, AccreditationGrade.B],
    [-1, AccreditationGrade.A],
  ],
  'pematang-siantar': [[-6, AccreditationGrade.B]],
};

export function cityAccreditations(library: DemoLibrary, loadDay: string): LibraryAccreditation[] {
  const loadYear = Number(loadDay.slice(0, 4));
  return (ACCREDITATIONS[library.id] ?? []).map(([back, grade]) => {
    const year = loadYear + back;
    return {
      id: demoId('accreditation', library.id, year),
      libraryId: library.id,
      year,
      grade,
      meetsStandard: grade !== AccreditationGrade.C,
      recordedAt: zonedToUtc(`${year}-12-15`, '10:00', library.timezone),
      recordedBy: 'demo:admin',
    };
  });
}

export function cityCareer(library: DemoLibrary, staff: CityStaffMember[], hours: Map<string, number>, loadDay: string, from: string): CityCareer {
  const rng = demoRandom(`staff-development:city:career:${library.id}:${loadDay}`);
  const out: CityCareer = { reviews: [], credit: [], activities: [], competencies: [], rules: [], awards: [] };
  const through = addDays(loadDay, -1);
  const workday = (d: string) => isoWeekday(d) <= 5 && isOpenDay(library.id, d);
  const workdayIn = (a: string, b: string) => {
    let d = addDays(a, rng.int(0, Math.max(0, daysBetween(a, b))));
    while (!workday(d) && d < b) d = addDays(d, 1);
    while (!workday(d)) d = addDays(d, -1);
    return d;
  };
  const pick = <T>(r: DemoRandom, items: T[]) => r.pick(items);

  for (const s of staff) {
    const level = s.row.careerLevel;
    const levelAt = (day: string) => (s.row.levelSince && s.row.levelSince > day ? (PREVIOUS[level] ?? level) : level);
    if (s.asn) {
      // yearly reviews whose year ends in the history and whose review took place before the load day
      for (let year = Number(from.slice(0, 4)); year < Number(loadDay.slice(0, 4)); year++) {
        const yearEnd = `${year}-12-31`;
        if (yearEnd < from || `${s.appointed}-01` > `${year}-06-30`) continue;
        const reviewedOn = workdayIn(`${year + 1}-01-08`, `${year + 1}-01-31`);
        if (reviewedOn > through) continue;
        const score = 0.6 * s.performance + (rng.float() - 0.5);
        const rating =
          score > 0.5 ? PerformanceRating.SANGAT_BAIK : score > -0.45 ? PerformanceRating.BAIK : score > -0.8 ? PerformanceRating.BUTUH_PERBAIKAN : PerformanceRating.KURANG;
        // training before the history is not in the data: estimate that part of the year
        const before = Math.max(0, daysBetween(`${year}-01-01`, from));
        const trained = (hours.get(`${s.row.id}|${year}`) ?? 0) + Math.round((s.keenness * 30 * before) / 365 / 4) * 4;
        const achieved = Math.max(55, Math.min(100, Math.round(88 + 18 * score + (rng.float() - 0.5) * 8)));
        const id = demoId('review', s.row.id, year);
        out.reviews.push({
          id,
          librarianId: s.row.id,
          year,
          rating,
          metrics: [
            { name: 'Jam pelatihan', value: trained, target: 20, unit: 'JP' },
            { name: 'Skor kepuasan pemustaka', value: Math.round(10 * Math.max(3, Math.min(4.9, 4 + 0.6 * score + (rng.float() - 0.5) * 0.6))) / 10, target: 4, unit: 'skor 1-5' },
            { name: 'Target kinerja tercapai', value: achieved, target: 100, unit: '%' },
          ],
          note:
            rating === PerformanceRating.KURANG || rating === PerformanceRating.BUTUH_PERBAIKAN
              ? pick(rng, ['Perlu meningkatkan ketepatan waktu laporan.', 'Perlu pendampingan dalam layanan referensi.', 'Kehadiran perlu diperbaiki.'])
              : rating === PerformanceRating.SANGAT_BAIK && rng.chance(0.5)
                ? pick(rng, [
                    'Memimpin program literasi sekolah dengan hasil baik.',
                    'Aktif menjadi narasumber kegiatan literasi.',
                    'Menyelesaikan pengolahan koleksi di atas target.',
                  ])
                : null,
          reviewedOn,
        });
        out.credit.push({
          id: demoId('credit', id),
          librarianId: s.row.id,
          points: convertedPoints(levelAt(yearEnd), rating),
          source: CreditPointSource.PERFORMANCE_CONVERSION,
          description: `Konversi predikat kinerja ${year}: ${rating}`,
          earnedOn: yearEnd,
          reviewId: id,
          activityId: null,
        });
      }
    }

    // professional activities over the two years (honorary staff go to seminars, without credit points)
    const count = rng.poisson(ACTIVITY_RATE[level] * (s.asn ? 2 : 0.8) * (0.5 + 0.5 * s.keenness));
    const kinds = ACTIVITIES.filter((a) => s.asn && (!a.expertsOnly || EXPERT.has(level) || level === CareerLevel.PENYELIA));
    for (let k = 0; k < count; k++) {
      const a = kinds.length ? pickWeighted(rng, kinds) : ACTIVITIES[0];
      const heldOn = workdayIn(from, through);
      const id = demoId('activity', s.row.id, 'city', k);
      const points = s.asn ? rng.pick(a.points) : 0;
      out.activities.push({
        id,
        librarianId: s.row.id,
        kind: a.kind,
        title: rng.pick(a.titles),
        organiser: rng.pick(a.organisers),
        role: a.role,
        heldOn,
        hours: rng.int(a.hours[0], a.hours[1]),
        creditPoints: points,
      });
      if (points > 0) {
        out.credit.push({
          id: demoId('credit', id),
          librarianId: s.row.id,
          points,
          source: CreditPointSource.PROFESSIONAL_DEVELOPMENT,
          description: out.activities[out.activities.length - 1].title,
          earnedOn: heldOn,
          reviewId: null,
          activityId: id,
        });
      }
    }
    // the librarians' association: a few serve on its board
    if (s.asn && EXPERT.has(level) && rng.chance(0.18)) {
      const id = demoId('activity', s.row.id, 'city', 'ipi');
      const heldOn = workdayIn(from, addDays(from, 200));
      out.activities.push({
        id,
        librarianId: s.row.id,
        kind: ProfessionalActivityKind.PROFESSIONAL_ASSOCIATION,
        title: `Pengurus IPI Daerah ${library.province}`,
        organiser: 'Ikatan Pustakawan Indonesia',
        role: rng.pick(['Sekretaris', 'Bendahara', 'Anggota Bidang Pendidikan', 'Ketua Bidang Organisasi']),
        heldOn,
        hours: 12,
        creditPoints: 0.5,
      });
      out.credit.push({
        id: demoId('credit', id),
        librarianId: s.row.id,
        points: 0.5,
        source: CreditPointSource.SUPPORTING_ACTIVITY,
        description: `Pengurus IPI Daerah ${library.province}`,
        earnedOn: heldOn,
        reviewId: null,
        activityId: id,
      });
    }
    // a degree finished
    if (s.asn && rng.chance(0.06)) {
      const master = EXPERT.has(level);
      out.credit.push({
        id: demoId('credit', s.row.id, 'education'),
        librarianId: s.row.id,
        points: master ? 60 : 25,
        source: CreditPointSource.EDUCATION,
        description: master ? 'Ijazah Magister Ilmu Perpustakaan' : 'Ijazah Sarjana Ilmu Perpustakaan',
        earnedOn: workdayIn(from, through),
        reviewId: null,
        activityId: null,
      });
    }
    // competency tests (uji kompetensi, valid three years) and portfolio assessments
    if (s.asn && rng.chance(level === CareerLevel.AHLI_PERTAMA || level === CareerLevel.AHLI_MUDA || level === CareerLevel.MAHIR ? 0.3 : 0.12)) {
      const assessedOn = workdayIn(from, through);
      out.competencies.push({
        id: demoId('competency-test', s.row.id, 'city'),
        librarianId: s.row.id,
        unitCode: rng.pick(CORE_COMPETENCY_UNITS),
        method: AssessmentMethod.COMPETENCY_TEST,
        assessedOn,
        certificateNumber: `LSP-PUS/${assessedOn.slice(0, 4)}/${library.id.slice(0, 3).toUpperCase()}/${String(s.index + 1).padStart(4, '0')}`,
        expiresOn: addDays(assessedOn, 3 * 365 - 1),
        enrolmentId: null,
      });
    }
    if (s.asn && rng.chance(0.15)) {
      out.competencies.push({
        id: demoId('competency-portfolio', s.row.id, 'city'),
        librarianId: s.row.id,
        unitCode: rng.pick(CORE_COMPETENCY_UNITS),
        method: rng.chance(0.7) ? AssessmentMethod.PORTFOLIO : AssessmentMethod.RECOGNITION_OF_PRIOR_LEARNING,
        assessedOn: workdayIn(from, through),
        certificateNumber: null,
        expiresOn: null,
        enrolmentId: null,
      });
    }
  }

  // incentives: the city's rules; awarded for every whole year of the history, early the next year
  for (const [k, rule] of (INCENTIVE_RULES[library.id] ?? []).entries()) {
    const id = demoId('incentive-rule', library.id, 'city', k);
    out.rules.push({ id, libraryId: library.id, ...rule });
    for (let year = Number(from.slice(0, 4)); year < Number(loadDay.slice(0, 4)); year++) {
      if (`${year}-01-01` < from) continue;
      const awardedOn = workdayIn(`${year + 1}-01-20`, `${year + 1}-02-20`);
      if (awardedOn > through) continue;
      for (const s of staff) {
        if ((hours.get(`${s.row.id}|${year}`) ?? 0) < rule.minTrainingHours) continue;
        out.awards.push({ id: demoId('incentive-award', id, s.row.id, year), ruleId: id, librarianId: s.row.id, year, amount: rule.amount, awardedOn });
      }
    }
  }
  return out;
}

function pickWeighted(rng: DemoRandom, kinds: ActivityKind[]): ActivityKind {
  const total = kinds.reduce((s, k) => s + k.weight, 0);
  let r = rng.float() * total;
  for (const k of kinds) if ((r -= k.weight) < 0) return k;
  return kinds[kinds.length - 1];
}
