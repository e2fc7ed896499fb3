import type { DemoLibrary } from '../../../../shared/domain/demo';
import { demoId } from '../../../../shared/domain/demo';
import { cityPerson, demoRandom, isOpenDay, isSchoolHoliday, type CityProfile, type DemoPartnerKind, type DemoRandom } from '../../../../shared/domain/demo-city';
import { addDays, daysBetween, zonedToUtc } from '../../../../shared/platform/time';
import { AgreementState } from '../../agreements/agreement.entity';
import { FundingSource, type FundingContribution } from '../../funding/funding-contribution.entity';
import { LogbookRecorder, type InternshipLogbookEntry } from '../../internships/internship-logbook-entry.entity';
import { InternshipStatus, type Internship } from '../../internships/internship.entity';
import { PartnershipProgrammeKind as Kind, PartnershipProgrammeStatus as Status, type PartnershipProgramme } from '../../programmes/partnership-programme.entity';
import { PartnerKind } from '../../partners/partner.entity';
import type { ProgrammeLibrarian } from '../../programmes/programme-librarian.entity';
import { addMonths, dayBetween, mondayOf, officeTime, workdayFrom, workdayUntil } from './dates';
import type { AgreementRow, PartnerRow } from './partners';
import { SHARED_PARTNERS } from './places';

/**
 * A city's partnership work over the two years and the months ahead: programmes under the
 * agreements (school visits, reading corners, workshops, literacy campaigns, exchanges, research),
 * interns from the partner universities with their weekly logbooks, and the money partners gave.
 */

export interface CityOperationRows {
  programmes: PartnershipProgramme[];
  programmeLibrarians: ProgrammeLibrarian[];
  internships: Internship[];
  logbook: InternshipLogbookEntry[];
  funding: FundingContribution[];
}

export interface CityOperationsInput {
  library: DemoLibrary;
  profile: CityProfile;
  loadDay: string;
  window: { from: string; through: string };
  /** How many partners the city itself has (cityPartners at scale 1 sets the programme volume). */
  cityPartnerCount: number;
  partners: PartnerRow[];
  agreements: AgreementRow[];
}

// ---------------------------------------------------------------------------------------------
// Programmes

interface Template {
  kind: Kind;
  partnerKinds: DemoPartnerKind[];
  weight: number;
  /** Runs for weeks or months (a lending round, a campaign, a study): the ones under way today. */
  long: boolean;
  days: [number, number];
  planned: [number, number];
  /** Copies lent or exchanged, when the programme moves items. */
  items?: [number, number];
  /** Title and topic. */
  titles: [string, string][];
  outcomes: string[];
  /** On school days only (visits, lending rounds). */
  schoolDays?: boolean;
}

const VISIT_TOPICS = [
  'Mengenal perpustakaan dan cara meminjam buku',
  'Dongeng cerita rakyat daerah',
  'Literasi informasi: mencari sumber yang tepercaya',
  'Membaca nyaring dan menulis cerita pendek',
  'Literasi digital: aman berinternet',
  'Lomba membaca puisi dan bercerita',
];

const TEMPLATES: Template[] = [
  {
    kind: Kind.SCHOOL_VISIT,
    partnerKinds: ['SCHOOL'],
    weight: 5,
    long: false,
    days: [0, 0],
    planned: [40, 150],
    titles: [
      ...VISIT_TOPICS.map((t): [string, string] => ['Kunjungan Perpustakaan ke Sekolah', t]),
      ['Perpustakaan Keliling ke Sekolah', 'Layanan mobil perpustakaan keliling dan membaca bersama'],
    ],
    outcomes: [
      'Siswa mengikuti pengenalan perpustakaan, membaca bersama dan mendaftar sebagai anggota.',
      'Kegiatan dongeng dan kuis literasi; guru meminta kunjungan lanjutan.',
      'Siswa meminjam buku dari mobil perpustakaan keliling; beberapa kelas menyusul mendaftar kartu anggota.',
      'Sebagian siswa sedang mengikuti kegiatan lain; kunjungan dilanjutkan di kelas yang hadir.',
    ],
    schoolDays: true,
  },
  {
    kind: Kind.SCHOOL_LENDING,
    partnerKinds: ['SCHOOL'],
    weight: 3,
    long: true,
    days: [60, 150],
    planned: [150, 600],
    items: [80, 320],
    titles: [
      ['Pojok Baca Sekolah: Pinjaman Koleksi Bergilir', 'Buku bacaan anak dan remaja untuk pojok baca kelas'],
      ['Pinjaman Koleksi ke Perpustakaan Sekolah', 'Buku pengayaan pelajaran dan fiksi remaja'],
    ],
    outcomes: ['Koleksi dipinjam bergilir antarkelas dan dikembalikan lengkap.', 'Koleksi dipakai di pojok baca kelas; beberapa buku rusak ringan dan sudah diganti sekolah.'],
    schoolDays: true,
  },
  {
    kind: Kind.WORKSHOP,
    partnerKinds: ['UNIVERSITY'],
    weight: 1.5,
    long: false,
    days: [1, 2],
    planned: [20, 45],
    titles: [
      ['Lokakarya Katalogisasi dan Otomasi Perpustakaan', 'Katalogisasi RDA dan SLiMS'],
      ['Lokakarya Pengelolaan Repositori dan Koleksi Digital', 'Digitalisasi koleksi muatan lokal'],
    ],
    outcomes: ['Pustakawan dan mahasiswa menyusun cantuman katalog baru bersama.', 'Peserta mempraktikkan alih media dan unggah koleksi ke repositori.'],
  },
  {
    kind: Kind.WORKSHOP,
    partnerKinds: ['COMPANY'],
    weight: 1.5,
    long: false,
    days: [0, 1],
    planned: [30, 80],
    titles: [
      ['Pelatihan Literasi Keuangan untuk Pelajar', 'Menabung, anggaran pribadi dan mengenal produk keuangan'],
      ['Pelatihan Literasi Digital bagi Guru dan Pelajar', 'Aplikasi perkantoran dan keamanan digital'],
    ],
    outcomes: ['Peserta menyusun rencana anggaran sederhana; perusahaan menyerahkan donasi buku.', 'Peserta berlatih langsung di ruang komputer perpustakaan.'],
  },
  {
    kind: Kind.WORKSHOP,
    partnerKinds: ['COMMUNITY_ORGANISATION', 'GOVERNMENT_AGENCY'],
    weight: 1.5,
    long: false,
    days: [1, 3],
    planned: [25, 60],
    titles: [
      ['Pelatihan Pengelola Taman Baca Masyarakat', 'Pengelolaan koleksi dan kegiatan taman baca'],
      ['Bimbingan Teknis Pengelolaan Perpustakaan Sekolah', 'Pengolahan koleksi dan layanan perpustakaan sekolah'],
    ],
    outcomes: ['Pengelola taman baca dan pustakawan sekolah mempraktikkan pengolahan koleksi.', 'Peserta pulang dengan rencana kegiatan literasi untuk tiga bulan ke depan.'],
  },
  {
    kind: Kind.SEMINAR,
    partnerKinds: ['MEDIA'],
    weight: 1.2,
    long: true,
    days: [20, 45],
    planned: [300, 1500],
    titles: [
      ['Kampanye Gerakan Gemar Membaca', 'Siaran dan liputan ajakan membaca untuk keluarga'],
      ['Kampanye Literasi Bulan Bahasa', 'Talkshow, kuis dan liputan kegiatan literasi'],
    ],
    outcomes: ['Talkshow mingguan dan liputan kegiatan; pendengar ikut kuis berhadiah buku.', 'Kampanye menjangkau pelajar dan orang tua melalui siaran dan media sosial.'],
  },
  {
    kind: Kind.SEMINAR,
    partnerKinds: ['UNIVERSITY', 'GOVERNMENT_AGENCY', 'COMMUNITY_ORGANISATION'],
    weight: 1.5,
    long: false,
    days: [0, 0],
    planned: [60, 200],
    titles: [
      ['Seminar Literasi Digital untuk Masyarakat', 'Literasi digital dan bahaya hoaks'],
      ['Seminar Hari Kunjung Perpustakaan', 'Perpustakaan sebagai ruang belajar sepanjang hayat'],
      ['Bincang Literasi Keluarga', 'Membacakan buku untuk anak di rumah'],
    ],
    outcomes: ['Peserta dari sekolah, kampus dan komunitas; materi dibagikan melalui laman perpustakaan.', 'Diskusi berlanjut di grup pegiat literasi kota.'],
  },
  {
    kind: Kind.LIBRARY_EXCHANGE,
    partnerKinds: ['LIBRARY'],
    weight: 1.2,
    long: true,
    days: [14, 60],
    planned: [8, 25],
    items: [60, 300],
    titles: [
      ['Pertukaran Koleksi Muatan Lokal', 'Koleksi muatan lokal dan praktik layanan'],
      ['Silang Layan dan Studi Banding Layanan Anak', 'Layanan anak dan pengelolaan koleksi'],
    ],
    outcomes: ['Pertukaran judul muatan lokal dan studi banding layanan anak.', 'Koleksi deposit daerah dilengkapi; pustakawan saling belajar pengolahan.'],
  },
  {
    kind: Kind.RESEARCH_COLLABORATION,
    partnerKinds: ['UNIVERSITY'],
    weight: 0.8,
    long: true,
    days: [90, 210],
    planned: [200, 600],
    titles: [
      ['Kajian Minat Baca Masyarakat Kota', 'Survei minat baca dan kunjungan perpustakaan'],
      ['Kajian Kepuasan Pemustaka', 'Survei kepuasan layanan dan kebutuhan koleksi'],
    ],
    outcomes: ['Laporan kajian diserahkan; rekomendasi dipakai untuk rencana pengadaan koleksi.', 'Hasil survei dipaparkan kepada dinas dan dewan kota.'],
  },
];

const CANCELLED_BECAUSE = [
  'Sekolah sedang menyelenggarakan ujian akhir semester; dijadwalkan ulang.',
  'Narasumber berhalangan dan mitra meminta penundaan.',
  'Gedung serbaguna dipakai untuk kegiatan pemerintah kota pada tanggal yang sama.',
];

/** How many of the planned a programme reached: most fall short by different amounts, about one in five exceeds. */
function reachRatio(rng: DemoRandom): number {
  return rng.chance(0.2) ? 1 + rng.float() * 0.35 : 0.55 + rng.float() * 0.43;
}

// ---------------------------------------------------------------------------------------------
// Internships

const STUDY_PROGRAMMES = {
  polytechnic: ['Teknik Informatika (D3)', 'Administrasi Bisnis (D3)', 'Manajemen Informatika (D3)', 'Akuntansi (D4)'],
  business: ['Manajemen (S1)', 'Akuntansi (S1)'],
  university: [
    'Ilmu Perpustakaan (S1)',
    'Ilmu Perpustakaan (D3)',
    'Sistem Informasi (S1)',
    'Pendidikan Bahasa dan Sastra Indonesia (S1)',
    'Ilmu Komunikasi (S1)',
    'Pendidikan Guru Sekolah Dasar (S1)',
    'Administrasi Publik (S1)',
  ],
};

const LOGBOOK_ACTIVITIES = [
  'Layanan sirkulasi: peminjaman, pengembalian dan penataan rak',
  'Pengolahan bahan pustaka: inventarisasi, klasifikasi dan pelabelan buku baru',
  'Input data katalog ke SLiMS dan pengecekan cantuman',
  'Layanan referensi dan bimbingan mencari informasi bagi pelajar',
  'Pendampingan kegiatan layanan anak dan dongeng',
  'Penyiangan koleksi dan perbaikan buku rusak',
  'Membantu perpustakaan keliling ke sekolah',
  'Alih media koleksi muatan lokal dan arsip foto kegiatan',
  'Membantu persiapan dan dokumentasi kegiatan literasi',
  'Pendataan pengunjung dan rekap statistik bulanan',
];

const EVALUATION_COMMENTS = [
  'Mahasiswa tekun, cepat memahami alur kerja layanan dan mampu bekerja mandiri.',
  'Disiplin dan ramah kepada pemustaka; perlu lebih percaya diri saat memandu kegiatan.',
  'Sangat membantu pengolahan koleksi baru; laporan mingguan lengkap dan rapi.',
  'Kehadiran baik; kemampuan katalogisasi berkembang pesat selama magang.',
  'Inisiatif tinggi dalam kegiatan layanan anak; sesekali terlambat mengisi logbook.',
];

const INTERNSHIP_CANCELLED = [
  'Mahasiswa mengundurkan diri karena alasan keluarga.',
  'Jadwal kuliah bentrok; magang dipindah ke semester berikutnya.',
  'Mahasiswa diterima di program magang lain dari kampus.',
];

/** What an intern did in a week: one task, or two different ones. */
function weekActivities(rng: DemoRandom): string {
  const first = rng.int(0, LOGBOOK_ACTIVITIES.length - 1);
  if (!rng.chance(0.4)) return LOGBOOK_ACTIVITIES[first];
  const second = (first + rng.int(1, LOGBOOK_ACTIVITIES.length - 1)) % LOGBOOK_ACTIVITIES.length;
  return `${LOGBOOK_ACTIVITIES[first]}; ${LOGBOOK_ACTIVITIES[second].charAt(0).toLowerCase()}${LOGBOOK_ACTIVITIES[second].slice(1)}`;
}

// ---------------------------------------------------------------------------------------------

/** Everything after the partners and agreements, for one city. */
export function cityOperationRows(input: CityOperationsInput): CityOperationRows {
  const { library, profile, loadDay, window, agreements, partners } = input;
  const libraryId = library.id;
  const tz = library.timezone;
  const yesterday = window.through;
  const kindOf = new Map(partners.map((p) => [p.id, p.kind as DemoPartnerKind]));
  const nameOf = new Map(partners.map((p) => [p.id, p.name]));
  const signed = agreements.filter((a) => a.state === AgreementState.SIGNED);
  /** A signed agreement in force over the whole of [from, through] with a partner of one of the kinds. */
  const covering = (kinds: DemoPartnerKind[], from: string, through: string) =>
    signed.filter((a) => kinds.includes(kindOf.get(a.partnerId)!) && a.startsOn <= from && a.endsOn >= through);
  const at = (date: string, time: string) => zonedToUtc(date, time, tz);
  const capYesterday = (date: string) => (date > yesterday ? yesterday : date);
  const librarian = (k: number) => demoId('librarian', libraryId, k);

  // Programmes ------------------------------------------------------------------------------
  const rng = demoRandom(`partnerships:programmes:${libraryId}:${loadDay}`);
  const programmes: PartnershipProgramme[] = [];
  const programmeLibrarians: ProgrammeLibrarian[] = [];
  const count = Math.max(5, Math.min(20, Math.round(5 + (15 * (input.cityPartnerCount - 6)) / 16)));
  const future = Math.max(1, Math.round(count * 0.15));
  const ongoing = Math.max(1, Math.round(count * 0.1));
  const past = count - future - ongoing;
  const totalWeight = TEMPLATES.reduce((s, t) => s + t.weight, 0);
  const pickTemplate = (long?: boolean) => {
    const pool = long ? TEMPLATES.filter((t) => t.long) : TEMPLATES;
    let r = rng.float() * (long ? pool.reduce((s, t) => s + t.weight, 0) : totalWeight);
    return pool.find((t) => (r -= t.weight) < 0) ?? pool[pool.length - 1];
  };
  const slots: { when: 'past' | 'ongoing' | 'future'; day: string }[] = [];
  const pastSpan = Math.round((Date.parse(`${addDays(loadDay, -45)}T00:00:00Z`) - Date.parse(`${window.from}T00:00:00Z`)) / 86_400_000);
  for (let s = 0; s < past; s++) slots.push({ when: 'past', day: addDays(window.from, Math.round(((s + 0.2 + rng.float() * 0.6) * pastSpan) / past)) });
  for (let s = 0; s < ongoing; s++) slots.push({ when: 'ongoing', day: addDays(loadDay, -rng.int(15, 75)) });
  for (let s = 0; s < future; s++) slots.push({ when: 'future', day: addDays(loadDay, rng.int(7, 120)) });

  for (const slot of slots) {
    for (let attempt = 0; attempt < 15; attempt++) {
      const t = pickTemplate(slot.when === 'ongoing');
      const length = rng.int(t.days[0], t.days[1]);
      const startsOn = workdayFrom(libraryId, slot.day, (d) => !t.schoolDays || !isSchoolHoliday(d));
      let endsOn = addDays(startsOn, length);
      if (slot.when === 'ongoing' && endsOn < addDays(loadDay, 7)) endsOn = addDays(loadDay, rng.int(7, 60));
      if (slot.when === 'past' && endsOn >= loadDay) continue;
      if (slot.when === 'future' && startsOn < loadDay) continue;
      const options = covering(t.partnerKinds, startsOn, endsOn);
      if (!options.length) continue;
      const a = rng.pick(options);
      const [title, topic] = rng.pick(t.titles);
      const planned = rng.int(t.planned[0], t.planned[1]);
      const n = programmes.length;
      const createdOn = capYesterday([addDays(startsOn, -rng.int(14, 60)), a.startsOn].sort()[1]);
      const createdAt = at(createdOn, officeTime(rng));
      const row: PartnershipProgramme = {
        id: demoId('programme', libraryId, n),
        agreementId: a.id,
        libraryId,
        partnerId: a.partnerId,
        kind: t.kind,
        title,
        topic,
        startsOn,
        endsOn,
        status: Status.PLANNED,
        expectedParticipants: planned,
        participantsReached: null,
        itemsCount: null,
        outcomes: null,
        cancellationReason: null,
        trainingProgrammeId: null,
        createdAt,
        updatedAt: createdAt,
      };
      if (slot.when === 'past') {
        if (rng.chance(0.08)) {
          row.status = Status.CANCELLED;
          row.cancellationReason = rng.pick(CANCELLED_BECAUSE);
          row.updatedAt = at(capYesterday([addDays(startsOn, -rng.int(1, 10)), createdOn].sort()[1]), officeTime(rng));
        } else {
          row.status = Status.COMPLETED;
          row.participantsReached = Math.max(1, Math.round(planned * reachRatio(rng)));
          row.itemsCount = t.items ? rng.int(t.items[0], t.items[1]) : null;
          row.outcomes = rng.pick(t.outcomes);
          row.updatedAt = at(capYesterday(addDays(endsOn, rng.int(1, 10))), officeTime(rng, 9, 16));
        }
      } else if (slot.when === 'ongoing') {
        row.status = Status.IN_PROGRESS;
        const progress = (Date.parse(loadDay) - Date.parse(startsOn)) / Math.max(1, Date.parse(endsOn) - Date.parse(startsOn));
        row.participantsReached = Math.max(1, Math.round(planned * Math.min(1, progress) * (0.6 + rng.float() * 0.55)));
        row.itemsCount = t.items ? rng.int(t.items[0], t.items[1]) : null;
        row.updatedAt = at(capYesterday(addDays(startsOn, rng.int(0, 10))), officeTime(rng));
      } else if (rng.chance(0.3)) {
        row.status = Status.PROPOSED;
      }
      if (row.updatedAt < row.createdAt) row.updatedAt = row.createdAt;
      programmes.push(row);
      if (row.status !== Status.PROPOSED) {
        const staff = new Set<number>();
        const going = t.kind === Kind.RESEARCH_COLLABORATION ? 1 : rng.int(1, 3);
        while (staff.size < Math.min(going, profile.staff)) staff.add(rng.int(0, profile.staff - 1));
        for (const k of staff) programmeLibrarians.push({ programmeId: row.id, librarianId: librarian(k) });
      }
      break;
    }
  }

  // Internships ------------------------------------------------------------------------------
  const irng = demoRandom(`partnerships:internships:${libraryId}:${loadDay}`);
  const internships: Internship[] = [];
  const logbook: InternshipLogbookEntry[] = [];
  const universities = partners.filter((p) => p.kind === PartnerKind.UNIVERSITY);
  const internCount = Math.max(10, Math.min(40, profile.staff));
  const currentInterns = Math.max(2, Math.round(internCount * 0.12));
  const futureInterns = Math.max(2, Math.round(internCount * 0.1));
  const studentNumbers = new Set<string>();
  const completions: Internship[] = [];
  // Interns under way today and expected, then the past ones; a kind no university agreement leaves room for goes to the past.
  const plan = { current: currentInterns, future: futureInterns, past: internCount - currentInterns - futureInterns };
  let failures = 0;
  const failed = (when: keyof typeof plan) => {
    if (++failures < 40) return;
    if (when !== 'past') plan.past += plan[when];
    plan[when] = 0;
    failures = 0;
  };
  for (let tries = 0; internships.length < internCount && tries < internCount * 40; tries++) {
    const when = (['current', 'future', 'past'] as const).find((w) => plan[w] > 0);
    if (!when) break;
    const k = internships.length;
    const months = irng.pick([1, 2, 2, 3, 3, 3, 4, 6]);
    const length = months * 30;
    let day: string;
    if (when === 'current') day = addDays(loadDay, -irng.int(7, Math.max(8, length - 14)));
    else if (when === 'future') day = addDays(loadDay, irng.int(7, 100));
    else day = dayBetween(irng, window.from, addDays(loadDay, -length - 10));
    // Interns start on the first open Monday (or the next open day) and stop on the last office day of their period.
    let startsOn = mondayOf(addDays(day, 6));
    while (!isOpenDay(libraryId, startsOn)) startsOn = addDays(startsOn, 1);
    const endsOn = workdayUntil(libraryId, addDays(addMonths(startsOn, months), -3));
    const status0 = endsOn < loadDay ? 'past' : startsOn < loadDay ? 'current' : 'future';
    const options = universities.flatMap((u) => covering(['UNIVERSITY'], startsOn, endsOn).filter((a) => a.partnerId === u.id));
    if (status0 !== when || !options.length) {
      failed(when);
      continue;
    }
    plan[when]--;
    failures = 0;
    const a = irng.pick(options);
    const partnerName = nameOf.get(a.partnerId)!;
    const id = demoId('internship', libraryId, k);
    const person = cityPerson(irng, libraryId);
    let studentNumber: string;
    do {
      const entry = Number(startsOn.slice(0, 4)) - irng.pick([2, 2, 3]);
      studentNumber = `${String(entry % 100).padStart(2, '0')}${String(irng.int(1, 9)).padStart(2, '0')}${String(irng.int(1, 24)).padStart(2, '0')}${String(irng.int(1, 180)).padStart(4, '0')}`;
    } while (studentNumbers.has(`${a.partnerId}:${studentNumber}`));
    studentNumbers.add(`${a.partnerId}:${studentNumber}`);
    const studyProgramme = irng.pick(
      /Politeknik/.test(partnerName) ? STUDY_PROGRAMMES.polytechnic : /STIE/.test(partnerName) ? STUDY_PROGRAMMES.business : STUDY_PROGRAMMES.university,
    );
    const appliedOn = capYesterday(addDays(startsOn, -irng.int(21, 60)));
    const createdAt = at(appliedOn < a.startsOn ? a.startsOn : appliedOn, officeTime(irng));
    const row: Internship = {
      id,
      agreementId: a.id,
      partnerId: a.partnerId,
      libraryId,
      supervisorId: librarian(irng.int(0, profile.staff - 1)),
      studentName: person.name,
      studentNumber,
      studyProgramme,
      startsOn,
      endsOn,
      status: InternshipStatus.ACTIVE,
      certificateNumber: null,
      cancellationReason: null,
      evaluationScores: null,
      evaluationComment: null,
      evaluatedAt: null,
      createdAt,
      updatedAt: at(startsOn, '08:00'),
    };
    /** The last day the intern came (the period's end, or the day they withdrew). */
    let lastDay = capYesterday(endsOn);
    if (when === 'past') {
      if (irng.chance(0.08)) {
        row.status = InternshipStatus.CANCELLED;
        row.cancellationReason = irng.pick(INTERNSHIP_CANCELLED);
        lastDay = workdayUntil(libraryId, addDays(startsOn, irng.int(7, Math.max(8, Math.floor(length / 2)))));
        row.updatedAt = at(lastDay, officeTime(irng, 13, 16));
      } else {
        row.status = InternshipStatus.COMPLETED;
        const level = irng.int(72, 90);
        row.evaluationScores = ['Kedisiplinan', 'Pelayanan pemustaka', 'Pengolahan bahan pustaka', 'Kerja sama tim'].map((criterion) => ({
          criterion,
          score: Math.max(60, Math.min(98, level + irng.int(-8, 8))),
        }));
        row.evaluationComment = irng.pick(EVALUATION_COMMENTS);
        row.evaluatedAt = at(workdayUntil(libraryId, addDays(endsOn, -irng.int(0, 3))), officeTime(irng, 10, 14));
        row.updatedAt = at(endsOn, officeTime(irng, 14, 16));
        completions.push(row);
      }
    } else if (when === 'future') {
      const r = irng.float();
      if (r < 0.25) {
        row.status = InternshipStatus.APPLIED;
        row.supervisorId = null;
        row.updatedAt = row.createdAt;
      } else if (r < 0.33) {
        row.status = InternshipStatus.CANCELLED;
        row.supervisorId = null;
        row.cancellationReason = irng.pick(INTERNSHIP_CANCELLED);
        row.updatedAt = at(capYesterday(addDays(appliedOn, irng.int(3, 14))), officeTime(irng));
      } else {
        row.status = InternshipStatus.ACCEPTED;
        row.updatedAt = at(capYesterday(addDays(appliedOn, irng.int(3, 14))), officeTime(irng));
      }
    }
    if (row.updatedAt < row.createdAt) row.updatedAt = row.createdAt;
    internships.push(row);

    // The logbook: one entry a week the intern came, recorded on the week's last open day, never today or later.
    if (row.status === InternshipStatus.ACTIVE || row.status === InternshipStatus.COMPLETED || (row.status === InternshipStatus.CANCELLED && when === 'past')) {
      for (let monday = mondayOf(startsOn), w = 0; monday <= lastDay; monday = addDays(monday, 7), w++) {
        const open: string[] = [];
        for (let d = 0; d < 7; d++) {
          const date = addDays(monday, d);
          if (date >= startsOn && date <= lastDay && isOpenDay(libraryId, date)) open.push(date);
        }
        if (!open.length || irng.chance(0.04)) continue;
        const recordedOn = open[open.length - 1];
        if (recordedOn >= loadDay) continue;
        logbook.push({
          id: demoId('logbook', id, w),
          internshipId: id,
          weekStarting: monday,
          activities: weekActivities(irng),
          hours: Math.min(open.length, 5) * irng.pick([6, 7, 7, 8]),
          recordedBy: irng.chance(0.55) ? LogbookRecorder.SUPERVISOR : LogbookRecorder.UNIVERSITY,
          recordedAt: at(recordedOn, officeTime(irng, 14, 16)),
        });
      }
    }
  }
  // Certificates are numbered per library and year in the order they were issued.
  completions.sort((x, y) => x.evaluatedAt!.getTime() - y.evaluatedAt!.getTime() || x.id.localeCompare(y.id));
  const issued = new Map<string, number>();
  for (const c of completions) {
    const year = c.endsOn.slice(0, 4);
    issued.set(year, (issued.get(year) ?? 0) + 1);
    c.certificateNumber = `${String(issued.get(year)).padStart(3, '0')}/SERT-MAGANG/${libraryId.toUpperCase()}/${year}`;
  }

  // Funding ----------------------------------------------------------------------------------
  const frng = demoRandom(`partnerships:funding:${libraryId}:${loadDay}`);
  const funding: FundingContribution[] = [];
  const firstYear = Number(window.from.slice(0, 4));
  const lastYear = Number(yesterday.slice(0, 4));
  for (const p of partners) {
    const plan = fundingPlan(p);
    if (!plan) continue;
    for (let year = firstYear; year <= lastYear; year++) {
      for (const grant of plan.grants) {
        const from = [`${year}-01-01`, window.from].sort()[1];
        const through = [`${year}-12-31`, yesterday].sort()[0];
        // A year the history covers only in part gets its share of the chance.
        if (!frng.chance(grant.chance * Math.min(1, (daysBetween(from, through) + 1) / 365))) continue;
        const terms = signed.filter((a) => a.partnerId === p.id && a.startsOn <= through && a.endsOn >= from);
        if (!terms.length) continue;
        const a = frng.pick(terms);
        const lo = [from, a.startsOn].sort()[1];
        const hi = [through, a.endsOn].sort()[0];
        const receivedOn = workdayUntil(libraryId, dayBetween(frng, lo, hi));
        if (receivedOn < lo) continue;
        funding.push({
          id: demoId('funding', libraryId, funding.length),
          libraryId,
          partnerId: p.id,
          source: plan.source,
          programme: `${grant.programme} ${year}`,
          purpose: frng.pick(grant.purposes),
          amount: frng.int(grant.units[0], grant.units[1]) * grant.unit,
          receivedOn,
          year: Number(receivedOn.slice(0, 4)),
          createdAt: at(capYesterday(workdayFrom(libraryId, addDays(receivedOn, frng.int(0, 4)))), officeTime(frng, 9, 15)),
        });
      }
    }
  }
  funding.sort((x, y) => x.receivedOn.localeCompare(y.receivedOn) || x.partnerId.localeCompare(y.partnerId));
  funding.forEach((f, i) => (f.id = demoId('funding', libraryId, i)));

  return { programmes, programmeLibrarians, internships, logbook, funding };
}

interface Grant {
  programme: string;
  chance: number;
  /** Amount = a number of units in this range × unit (rupiah). */
  units: [number, number];
  unit: number;
  purposes: string[];
}

const JUTA = 1_000_000;

/** Who gives money, under which programme, and how much: CSR of companies, government programmes, university grants. */
function fundingPlan(p: PartnerRow): { source: FundingSource; grants: Grant[] } | null {
  const govt = FundingSource.GOVERNMENT_PROGRAMME;
  switch (p.kind) {
    case PartnerKind.COMPANY:
      return {
        source: FundingSource.PRIVATE_STAKEHOLDER,
        grants: [
          {
            programme: `CSR ${p.name.replace(/^Program CSR /, '')}`,
            chance: 0.9,
            units: [20, 300],
            unit: JUTA / 2,
            purposes: [
              'Donasi buku anak untuk pojok baca sekolah mitra',
              'Pengadaan komputer layanan internet pemustaka',
              'Rak buku dan perabot ruang baca anak',
              'Hadiah lomba literasi pelajar',
              'Donasi buku dan paket literasi untuk taman baca masyarakat',
            ],
          },
        ],
      };
    case PartnerKind.GOVERNMENT_AGENCY:
      if (p.id === SHARED_PARTNERS[0].id) {
        return {
          source: govt,
          grants: [
            {
              programme: 'Transformasi Perpustakaan Berbasis Inklusi Sosial',
              chance: 0.85,
              units: [50, 250],
              unit: JUTA,
              purposes: ['Pelatihan pustakawan dan kegiatan pelibatan masyarakat', 'Pengadaan perangkat TIK layanan inklusi sosial'],
            },
            {
              programme: 'Bantuan Koleksi Perpustakaan Nasional',
              chance: 0.45,
              units: [25, 120],
              unit: JUTA,
              purposes: ['Bantuan koleksi buku bacaan bermutu', 'Pengadaan koleksi buku anak dan muatan lokal'],
            },
          ],
        };
      }
      return {
        source: govt,
        grants: [
          {
            programme: 'Program Gerakan Literasi Sekolah',
            chance: 0.6,
            units: [10, 80],
            unit: JUTA / 2,
            purposes: ['Pojok baca kelas di sekolah dasar', 'Lomba literasi dan festival membaca pelajar'],
          },
        ],
      };
    case PartnerKind.LIBRARY:
      // The province's library office gives financial aid; a university library does not fund a city library.
      if (!/Provinsi/.test(p.name)) return null;
      return {
        source: govt,
        grants: [
          {
            programme: 'Bantuan Keuangan Provinsi untuk Perpustakaan',
            chance: 0.7,
            units: [25, 150],
            unit: JUTA,
            purposes: ['Pengadaan koleksi muatan lokal', 'Layanan perpustakaan keliling ke desa dan kelurahan'],
          },
        ],
      };
    case PartnerKind.UNIVERSITY:
      return {
        source: /Negeri|Nusa Cendana/.test(p.name) ? govt : FundingSource.PRIVATE_STAKEHOLDER,
        grants: [
          {
            programme: 'Hibah Pengabdian kepada Masyarakat',
            chance: 0.45,
            units: [5, 50],
            unit: JUTA / 2,
            purposes: ['Pendampingan literasi digital warga', 'Pelatihan pengelola taman baca masyarakat', 'Digitalisasi koleksi muatan lokal'],
          },
        ],
      };
    default:
      return null;
  }
}
