import { CareerLevel } from '../../librarians/librarian.entity';
import { TrainingMethod, TrainingModule } from '../../training/training-programme.entity';

/** A course a city library runs or sends its staff to: title, module, lesson hours (JP). */
export interface Course {
  title: string;
  module: TrainingModule;
  lessonHours: number;
  levelUpFor?: CareerLevel;
}

/** The courses of a year, by module (titles as Indonesian libraries name them). */
export const COURSES: Course[] = [
  { title: 'Otomasi Perpustakaan dengan SLiMS', module: TrainingModule.IT_AND_LIBRARY_SOFTWARE, lessonHours: 32 },
  { title: 'Migrasi Data Katalog ke INLISLite', module: TrainingModule.IT_AND_LIBRARY_SOFTWARE, lessonHours: 24 },
  { title: 'Pemeliharaan Jaringan dan Perangkat Layanan Perpustakaan', module: TrainingModule.IT_AND_LIBRARY_SOFTWARE, lessonHours: 16 },
  { title: 'Pengembangan dan Penyiangan Koleksi', module: TrainingModule.COLLECTION_MANAGEMENT, lessonHours: 24 },
  { title: 'Katalogisasi RDA dan Klasifikasi DDC', module: TrainingModule.COLLECTION_MANAGEMENT, lessonHours: 32 },
  { title: 'Pelestarian dan Perbaikan Bahan Pustaka', module: TrainingModule.COLLECTION_MANAGEMENT, lessonHours: 16 },
  { title: 'Layanan Prima bagi Pemustaka', module: TrainingModule.CUSTOMER_SERVICE, lessonHours: 16 },
  { title: 'Layanan Perpustakaan Inklusif bagi Penyandang Disabilitas', module: TrainingModule.CUSTOMER_SERVICE, lessonHours: 12 },
  { title: 'Komunikasi Efektif di Meja Layanan', module: TrainingModule.CUSTOMER_SERVICE, lessonHours: 12 },
  { title: 'Promosi Layanan Perpustakaan di Media Sosial', module: TrainingModule.PROMOTION_OF_SERVICES, lessonHours: 20 },
  { title: 'Desain Konten Promosi Perpustakaan', module: TrainingModule.PROMOTION_OF_SERVICES, lessonHours: 12 },
  { title: 'Mengajar Literasi Informasi untuk Pelajar', module: TrainingModule.INFORMATION_LITERACY_TEACHING, lessonHours: 24 },
  { title: 'Bimbingan Pemustaka bagi Guru dan Siswa', module: TrainingModule.INFORMATION_LITERACY_TEACHING, lessonHours: 16 },
  { title: 'Literasi Digital bagi Pustakawan', module: TrainingModule.DIGITAL_LITERACY, lessonHours: 16 },
  { title: 'Cek Fakta dan Melawan Hoaks untuk Pustakawan', module: TrainingModule.DIGITAL_LITERACY, lessonHours: 12 },
  { title: 'Pengelolaan E-book dan Repositori Digital', module: TrainingModule.DIGITAL_LITERACY, lessonHours: 20 },
  { title: 'Layanan Perpustakaan Ramah Anak', module: TrainingModule.CHILDRENS_SERVICES, lessonHours: 12 },
  { title: 'Teknik Mendongeng untuk Pustakawan', module: TrainingModule.CHILDRENS_SERVICES, lessonHours: 16 },
  { title: 'Kelas Membaca Nyaring (Read Aloud) untuk Anak', module: TrainingModule.CHILDRENS_SERVICES, lessonHours: 8 },
  { title: 'Manajemen Perpustakaan Umum', module: TrainingModule.MANAGEMENT, lessonHours: 40 },
  { title: 'Transformasi Perpustakaan Berbasis Inklusi Sosial', module: TrainingModule.MANAGEMENT, lessonHours: 32 },
  { title: 'Statistik dan Pelaporan Kinerja Perpustakaan', module: TrainingModule.MANAGEMENT, lessonHours: 16 },
];

/** One course of each city's own: its manuscripts, its people, its schools. */
export const LOCAL_COURSES: Record<string, Course> = {
  kupang: { title: 'Pelestarian Naskah dan Arsip Lokal Nusa Tenggara Timur', module: TrainingModule.COLLECTION_MANAGEMENT, lessonHours: 24 },
  baubau: { title: 'Digitalisasi Naskah Kesultanan Buton', module: TrainingModule.IT_AND_LIBRARY_SOFTWARE, lessonHours: 24 },
  pasuruan: { title: 'Layanan Literasi bersama Pondok Pesantren', module: TrainingModule.INFORMATION_LITERACY_TEACHING, lessonHours: 16 },
  'pematang-siantar': { title: 'Pojok Baca Bahasa Batak dan Simalungun', module: TrainingModule.CHILDRENS_SERVICES, lessonHours: 16 },
};

/** The level-up courses (diklat penjenjangan) Perpusnas gives, 40 JP each, and the level their participants hold. */
export const LEVEL_UP_COURSES: (Course & { from: CareerLevel })[] = [
  { title: 'Diklat Penjenjangan Pustakawan Ahli Muda', module: TrainingModule.MANAGEMENT, lessonHours: 40, levelUpFor: CareerLevel.AHLI_MUDA, from: CareerLevel.AHLI_PERTAMA },
  { title: 'Diklat Penjenjangan Pustakawan Mahir', module: TrainingModule.COLLECTION_MANAGEMENT, lessonHours: 40, levelUpFor: CareerLevel.MAHIR, from: CareerLevel.TERAMPIL },
  { title: 'Diklat Penjenjangan Pustakawan Ahli Madya', module: TrainingModule.MANAGEMENT, lessonHours: 40, levelUpFor: CareerLevel.AHLI_MADYA, from: CareerLevel.AHLI_MUDA },
  { title: 'Diklat Penjenjangan Pustakawan Penyelia', module: TrainingModule.MANAGEMENT, lessonHours: 40, levelUpFor: CareerLevel.PENYELIA, from: CareerLevel.MAHIR },
];

export const METHODS: Record<TrainingModule, TrainingMethod[]> = {
  [TrainingModule.IT_AND_LIBRARY_SOFTWARE]: [TrainingMethod.LECTURE, TrainingMethod.HANDS_ON_PRACTICE],
  [TrainingModule.COLLECTION_MANAGEMENT]: [TrainingMethod.LECTURE, TrainingMethod.CASE_STUDY, TrainingMethod.HANDS_ON_PRACTICE],
  [TrainingModule.CUSTOMER_SERVICE]: [TrainingMethod.GROUP_DISCUSSION, TrainingMethod.ROLE_PLAY],
  [TrainingModule.PROMOTION_OF_SERVICES]: [TrainingMethod.LECTURE, TrainingMethod.CASE_STUDY, TrainingMethod.HANDS_ON_PRACTICE],
  [TrainingModule.INFORMATION_LITERACY_TEACHING]: [TrainingMethod.LECTURE, TrainingMethod.SIMULATION],
  [TrainingModule.DIGITAL_LITERACY]: [TrainingMethod.LECTURE, TrainingMethod.HANDS_ON_PRACTICE],
  [TrainingModule.CHILDRENS_SERVICES]: [TrainingMethod.ROLE_PLAY, TrainingMethod.GROUP_DISCUSSION],
  [TrainingModule.MANAGEMENT]: [TrainingMethod.LECTURE, TrainingMethod.CASE_STUDY, TrainingMethod.GROUP_DISCUSSION],
};

/** The competency units each module covers (as the fixture's programmes). */
export const UNITS: Record<TrainingModule, string[]> = {
  [TrainingModule.IT_AND_LIBRARY_SOFTWARE]: ['R.91PRP02.060.1', 'R.91PRP02.010.1'],
  [TrainingModule.COLLECTION_MANAGEMENT]: ['R.91PRP02.002.1', 'R.91PRP02.004.1', 'R.91PRP02.011.1'],
  [TrainingModule.CUSTOMER_SERVICE]: ['R.91PRP02.020.1', 'R.91PRP02.021.1'],
  [TrainingModule.PROMOTION_OF_SERVICES]: ['R.91PRP02.023.1'],
  [TrainingModule.INFORMATION_LITERACY_TEACHING]: ['R.91PRP02.022.1', 'R.91PRP02.021.1'],
  [TrainingModule.DIGITAL_LITERACY]: ['R.91PRP02.061.1', 'R.91PRP02.022.1'],
  [TrainingModule.CHILDRENS_SERVICES]: ['R.91PRP02.024.1'],
  [TrainingModule.MANAGEMENT]: ['R.91PRP02.050.1', 'R.91PRP02.051.1'],
};

export const LEVEL_UP_UNITS = ['R.91PRP02.050.1', 'R.91PRP02.040.1'];

/** Perpusnas's instructors: the same rows for every library. */
export const NATIONAL_INSTRUCTORS = [
  { name: 'Dr. Rahmawati Siregar, M.Hum.', expertise: 'Manajemen perpustakaan umum' },
  { name: 'Agus Setiawan, S.IP., M.Kom.', expertise: 'Otomasi dan perpustakaan digital' },
  { name: 'Sri Wahyuni, S.Sos., M.Si.', expertise: 'Layanan dan literasi informasi' },
  { name: 'Drs. Bambang Supriyo, M.Si.', expertise: 'Pengembangan koleksi dan pelestarian' },
  { name: 'Nurul Fadhilah, S.Hum., M.A.', expertise: 'Transformasi perpustakaan berbasis inklusi sosial' },
];

/** What participants write in an evaluation (unattributed). */
export const COMMENTS = [
  'Materinya sangat aplikatif untuk pekerjaan sehari-hari.',
  'Waktu praktik sebaiknya ditambah.',
  'Narasumber menjelaskan dengan jelas dan sabar.',
  'Perlu modul cetak untuk dibawa pulang.',
  'Diskusi kelompok sangat membantu.',
  'Koneksi internet sering terputus saat sesi daring.',
  'Contoh kasusnya dekat dengan kondisi perpustakaan kami.',
  'Jadwal terlalu padat, materi sore kurang terserap.',
  'Semoga ada pelatihan lanjutan tahun depan.',
  'Ruang pelatihan panas, mohon dicek pendingin ruangan.',
  'Sangat bermanfaat untuk layanan sekolah mitra.',
  'Sertifikat sebaiknya dibagikan lebih cepat.',
];

/** The expertise a senior librarian teaches, by level. */
export const SENIOR_EXPERTISE: Partial<Record<CareerLevel, string[]>> = {
  [CareerLevel.AHLI_MADYA]: ['Manajemen perpustakaan umum', 'Perencanaan dan evaluasi layanan'],
  [CareerLevel.AHLI_MUDA]: ['Pengolahan bahan pustaka', 'Literasi informasi', 'Layanan anak dan remaja', 'Promosi perpustakaan'],
  [CareerLevel.PENYELIA]: ['Layanan sirkulasi', 'Pelestarian bahan pustaka'],
};
