import { demoFaker, demoId } from '../../../shared/domain/demo';
import { deriveCallNumber } from '../catalogue/call-number';
import { demoSubjects } from './subjects';
import { MaterialType } from '../catalogue/bibliographic-record.entity';
import { CollectionType } from '../catalogue/item.entity';

/**
 * The demo union catalogue: Indonesian titles composed from word lists, Indonesian authors, real
 * publisher names with ISBN-13s under the Indonesian groups 978-602 and 978-623 (valid check
 * digit, publisher codes inside the ranges the ISBN agency assigns). Deterministic.
 */

interface Publisher {
  name: string;
  /** 978 + group + publisher code; the article number fills the rest up to 12 digits. */
  isbnPrefix: string;
  /** The group 978-623 opened in 2019; 978-602 around 2010. */
  since: number;
}

const P = {
  gramedia: { name: 'Gramedia Pustaka Utama', isbnPrefix: '97860203', since: 2010 },
  grasindo: { name: 'Gramedia Widiasarana Indonesia', isbnPrefix: '97860205', since: 2010 },
  elex: { name: 'Elex Media Komputindo', isbnPrefix: '97860204', since: 2010 },
  kpg: { name: 'Kepustakaan Populer Gramedia', isbnPrefix: '978602424', since: 2012 },
  balaiPustaka: { name: 'Balai Pustaka', isbnPrefix: '978602260', since: 2011 },
  erlangga: { name: 'Erlangga', isbnPrefix: '978602241', since: 2011 },
  mizan: { name: 'Mizan', isbnPrefix: '978602441', since: 2015 },
  gemaInsani: { name: 'Gema Insani', isbnPrefix: '978602250', since: 2012 },
  bentang: { name: 'Bentang Pustaka', isbnPrefix: '978602291', since: 2013 },
  gunungMulia: { name: 'BPK Gunung Mulia', isbnPrefix: '978602231', since: 2012 },
  obor: { name: 'Yayasan Pustaka Obor Indonesia', isbnPrefix: '978602433', since: 2014 },
  penebar: { name: 'Penebar Swadaya', isbnPrefix: '978602247', since: 2012 },
  kanisius: { name: 'Kanisius', isbnPrefix: '978623217', since: 2019 },
  deepublish: { name: 'Deepublish', isbnPrefix: '97862302', since: 2019 },
  kompas: { name: 'Penerbit Buku Kompas', isbnPrefix: '978623346', since: 2020 },
  perpusnas: { name: 'Perpustakaan Nasional RI', isbnPrefix: '978623200', since: 2019 },
  rajawali: { name: 'Rajawali Pers', isbnPrefix: '978623372', since: 2020 },
  bip: { name: 'Bhuana Ilmu Populer', isbnPrefix: '97862304', since: 2019 },
} satisfies Record<string, Publisher>;

/** Where a copy of a title goes on the shelves. */
export type Shelf = 'general' | 'children' | 'reference' | 'serial' | 'multimedia' | 'digital';

/** The collection and the place in the building of each shelf (the fixture's and the city demo's copies alike). */
export const SHELF_COLLECTION: Record<Shelf, CollectionType> = {
  general: CollectionType.GENERAL,
  children: CollectionType.CHILDREN,
  reference: CollectionType.REFERENCE,
  serial: CollectionType.SERIAL,
  multimedia: CollectionType.MULTIMEDIA,
  digital: CollectionType.GENERAL,
};

export const SHELF_LOCATION: Record<Shelf, string> = {
  general: 'Rak Umum',
  children: 'Ruang Anak',
  reference: 'Ruang Referensi',
  serial: 'Rak Terbitan Berkala',
  multimedia: 'Ruang Multimedia',
  digital: 'Koleksi Digital',
};

export interface DemoRecord {
  id: string;
  title: string;
  subtitle: string | null;
  authors: string[];
  publisher: string;
  publishedYear: number;
  edition: string | null;
  isbn: string | null;
  language: string;
  materialType: MaterialType;
  ddc: string;
  callNumber: string;
  subjects: string[];
  /** Not stored: how the demo shelves and prices copies. */
  shelf: Shelf;
  /** Not stored: the library whose local collection this title belongs to. */
  localTo?: string;
}

interface Title {
  title: string;
  ddc: string;
  publishers: Publisher[];
  subtitle?: string;
  materialType?: MaterialType;
  language?: string;
  shelf?: Shelf;
  localTo?: string;
  /** A fixed author (classics), else faker names. */
  authors?: string[];
  /** For works printed without an ISBN (classics, serials with an ISSN, manuscripts). */
  year?: number;
  noIsbn?: boolean;
}

const t = (title: string, ddc: string, publishers: Publisher[], extra: Partial<Title> = {}): Title => ({ title, ddc, publishers, ...extra });

const PROVINCES: [string, string][] = [
  ['Nusa Tenggara Timur', 'kupang'],
  ['Sulawesi Tenggara', 'baubau'],
  ['Jawa Timur', 'pasuruan'],
  ['Sumatera Utara', 'pematang-siantar'],
  ['Aceh', ''],
  ['Sumatera Barat', ''],
  ['Riau', ''],
  ['Jambi', ''],
  ['Bengkulu', ''],
  ['Lampung', ''],
  ['Bangka Belitung', ''],
  ['Jawa Barat', ''],
  ['Jawa Tengah', ''],
  ['Daerah Istimewa Yogyakarta', ''],
  ['Banten', ''],
  ['Bali', ''],
  ['Nusa Tenggara Barat', ''],
  ['Kalimantan Barat', ''],
  ['Kalimantan Tengah', ''],
  ['Kalimantan Selatan', ''],
  ['Kalimantan Timur', ''],
  ['Sulawesi Utara', ''],
  ['Sulawesi Tengah', ''],
  ['Sulawesi Selatan', ''],
  ['Gorontalo', ''],
  ['Maluku', ''],
  ['Maluku Utara', ''],
  ['Papua', ''],
];

function history(): Title[] {
  const kingdoms: [string, string, string?][] = [
    ['Kesultanan Buton', '959.84', 'baubau'],
    ['Kerajaan Majapahit', '959.82'],
    ['Kerajaan Sriwijaya', '959.81'],
    ['Kerajaan Gowa-Tallo', '959.84'],
    ['Kesultanan Ternate dan Tidore', '959.85'],
    ['Kerajaan Kutai Kartanegara', '959.83'],
    ['Kesultanan Mataram', '959.82'],
    ['Kerajaan Singhasari', '959.82', 'pasuruan'],
    ['Kesultanan Demak', '959.82'],
    ['Kesultanan Aceh Darussalam', '959.81'],
    ['Kerajaan Bone', '959.84'],
    ['Kerajaan Siantar', '959.81', 'pematang-siantar'],
    ['Kerajaan-Kerajaan di Pulau Timor', '959.86', 'kupang'],
  ];
  const titles = kingdoms.map(([k, ddc, localTo]) => t(`Sejarah ${k}`, ddc, [P.kpg, P.obor, P.deepublish, P.balaiPustaka], { localTo }));
  return titles.concat([
    t('Sejarah Kota Kupang', '959.86', [P.deepublish], { localTo: 'kupang' }),
    t('Sejarah Kota Baubau', '959.84', [P.deepublish], { localTo: 'baubau' }),
    t('Sejarah Kota Pasuruan', '959.82', [P.deepublish], { localTo: 'pasuruan' }),
    t('Sejarah Kota Pematang Siantar', '959.81', [P.deepublish], { localTo: 'pematang-siantar' }),
    t('Benteng Keraton Buton', '959.84', [P.obor], { subtitle: 'Warisan Budaya di Tanah Wolio', localTo: 'baubau' }),
    t('Pahlawan Nasional dari Nusa Tenggara Timur', '920.0598', [P.balaiPustaka], { localTo: 'kupang' }),
    t('Pahlawan Nasional dari Sumatera Utara', '920.0598', [P.balaiPustaka], { localTo: 'pematang-siantar' }),
    t('Tokoh-Tokoh Pergerakan Nasional', '920.0598', [P.kompas, P.balaiPustaka]),
    t('Indonesia pada Masa Pendudukan Jepang', '959.802 2', [P.kpg, P.kompas]),
    t('Pertempuran Sepuluh November di Surabaya', '959.803', [P.kompas], { localTo: 'pasuruan' }),
    t('Revolusi Kemerdekaan di Nusa Tenggara', '959.803', [P.obor]),
  ]);
}

function folkTales(): Title[] {
  return PROVINCES.map(([province, localTo]) => t(`Cerita Rakyat ${province}`, '398.209 598', [P.grasindo, P.balaiPustaka, P.bip], { localTo: localTo || undefined })).concat([
    t('Legenda Danau Toba', '398.2', [P.bip], { shelf: 'children', localTo: 'pematang-siantar' }),
    t('Asal Usul Pulau Timor', '398.2', [P.bip], { shelf: 'children', localTo: 'kupang' }),
    t('La Ode Wuna dan Ular Naga', '398.2', [P.bip], { shelf: 'children', localTo: 'baubau' }),
    t('Legenda Gunung Bromo', '398.2', [P.bip], { shelf: 'children', localTo: 'pasuruan' }),
  ]);
}

function librarianship(): Title[] {
  const lib = [P.perpusnas, P.deepublish, P.rajawali, P.kpg];
  return [
    t('Pengantar Ilmu Perpustakaan', '020', lib),
    t('Katalogisasi Bahan Pustaka', '025.3', lib),
    t('Klasifikasi Persepuluhan Dewey', '025.431', lib, { subtitle: 'Teori dan Praktik' }),
    t('Manajemen Perpustakaan Sekolah', '027.8', lib),
    t('Layanan Referensi di Perpustakaan Umum', '025.52', lib),
    t('Literasi Informasi di Era Digital', '028.7', lib),
    t('Preservasi Naskah Kuno Nusantara', '025.84', lib),
    t('Otomasi Perpustakaan dengan SLiMS', '025.04', lib),
    t('Pengembangan Koleksi Perpustakaan', '025.21', lib),
    t('Perpustakaan Umum dan Inklusi Sosial', '027.4', lib),
    t('Promosi Layanan Perpustakaan Berbasis Media Sosial', '021.7', lib),
    t('Kepustakawanan Indonesia', '020.959 8', lib),
    t('Membangun Budaya Baca Masyarakat', '028.9', lib),
    t('Perpustakaan Digital', '025.042', lib, { subtitle: 'Konsep dan Penerapan' }),
  ];
}

function agriculture(): Title[] {
  const crops: [string, string][] = [
    ['Jagung', '633.15'],
    ['Padi Sawah', '633.18'],
    ['Kopi Arabika', '633.73'],
    ['Cengkih', '633.83'],
    ['Kakao', '633.74'],
    ['Jambu Mete', '634.573'],
    ['Sorgum', '633.174'],
    ['Kelor', '635.3'],
    ['Cabai Rawit', '635.643'],
    ['Singkong', '633.682'],
    ['Porang', '635.2'],
    ['Bawang Merah', '635.25'],
    ['Pisang', '634.772'],
    ['Rumput Laut', '639.89'],
    ['Ikan Lele', '639.374 9'],
    ['Ikan Nila', '639.375 8'],
    ['Sayuran Hidroponik', '631.585'],
    ['Lebah Madu', '638.1'],
  ];
  const shapes = ['Budidaya {}', 'Panduan Praktis Budidaya {}', 'Sukses Bertani {}'];
  const titles = crops.map(([crop, ddc], i) => t(shapes[i % shapes.length].replace('{}', crop), ddc, [P.penebar, P.deepublish, P.grasindo]));
  return titles.concat([
    t('Beternak Sapi Bali', '636.2', [P.penebar], { localTo: 'kupang' }),
    t('Beternak Kambing Peranakan Etawa', '636.39', [P.penebar]),
    t('Pertanian Lahan Kering di Nusa Tenggara', '631.586', [P.obor], { localTo: 'kupang' }),
    t('Pupuk Organik dari Limbah Rumah Tangga', '631.87', [P.penebar]),
  ]);
}

function religion(): Title[] {
  const islam = [P.mizan, P.gemaInsani, P.erlangga];
  const christian = [P.gunungMulia, P.kanisius];
  return [
    // Islam: the Indonesian expansion of the DDC (2X0-2X9).
    t('Tafsir Juz Amma untuk Keluarga', '2X1.3', islam),
    t('Belajar Tajwid dengan Mudah', '2X1.1', islam),
    t('Hadis Arbain An-Nawawi dan Penjelasannya', '2X2.1', islam),
    t('Akidah Islam untuk Remaja', '2X3', islam),
    t('Fikih Ibadah Sehari-hari', '2X4.1', islam),
    t('Panduan Zakat, Infak dan Sedekah', '2X4.3', islam),
    t('Tuntunan Manasik Haji dan Umrah', '2X4.5', islam),
    t('Akhlak Mulia Generasi Muda', '2X5.1', islam),
    t('Ekonomi Syariah untuk Pemula', '2X6.3', islam),
    t('Kisah Teladan Para Nabi', '2X9.1', islam, { shelf: 'children' }),
    t('Sirah Nabawiyah', '2X9.1', islam),
    t('Sejarah Masuknya Islam di Nusantara', '2X9.598', islam),
    t('Wali Songo', '2X9.598 2', islam, { subtitle: 'Penyebar Islam di Tanah Jawa', localTo: 'pasuruan' }),
    t('Doa-Doa Harian untuk Anak Muslim', '2X4.2', islam, { shelf: 'children' }),
    // Christianity
    t('Renungan Harian Keluarga Kristen', '242.2', christian),
    t('Tafsiran Injil Markus', '226.307', christian),
    t('Sejarah Gereja di Indonesia', '275.98', christian),
    t('Pendidikan Agama Kristen untuk Anak', '268.432', christian, { shelf: 'children' }),
    t('Nyanyian dan Doa Sekolah Minggu', '264.2', christian, { shelf: 'children' }),
    t('Katekismus Gereja Katolik Ringkas', '238.2', [P.kanisius]),
    t('Doa Rosario untuk Keluarga', '242.74', [P.kanisius]),
    t('Mengenal Kitab Suci Perjanjian Lama', '221.61', christian),
    t('Teologi Kontekstual di Tanah Timor', '230.095 986', christian, { localTo: 'kupang' }),
    t('Sejarah HKBP di Tanah Batak', '284.1', [P.gunungMulia], { localTo: 'pematang-siantar' }),
    // Other faiths
    t('Pengantar Agama Hindu', '294.5', [P.obor]),
    t('Dhammapada untuk Umat Buddha', '294.382', [P.obor]),
  ];
}

/** Novels composed from word lists, plus classics printed before ISBNs came to Indonesia. */
function fiction(faker: ReturnType<typeof demoFaker>): Title[] {
  const heads = ['Senja', 'Hujan', 'Rindu', 'Pelangi', 'Lentera', 'Perahu', 'Bulan', 'Angin', 'Jejak', 'Nyanyian', 'Surat', 'Gadis'];
  const places = [
    'di Teluk Kupang',
    'di Pantai Lasiana',
    'di Benteng Keraton',
    'di Tepi Danau Toba',
    'di Kaki Bromo',
    'dari Tanah Wolio',
    'di Selat Buton',
    'di Pelabuhan Tenau',
    'di Kampung Nelayan',
    'dari Pulau Rote',
    'di Kota Tua',
    'di Bukit Sabana',
    'dari Parapat',
    'di Alun-Alun Pasuruan',
  ];
  const novels = [P.gramedia, P.bentang, P.mizan, P.kpg, P.grasindo];
  const combos = faker.helpers.shuffle(heads.flatMap((h) => places.map((p) => `${h} ${p}`))).slice(0, 40);
  const titles = combos.map((title) => t(title, '899.221 3', novels));
  const classics: [string, string, number, string][] = [
    ['Azab dan Sengsara', 'Merari Siregar', 1920, '899.221 3'],
    ['Siti Nurbaya', 'Marah Rusli', 1922, '899.221 3'],
    ['Salah Asuhan', 'Abdoel Moeis', 1928, '899.221 3'],
    ['Sengsara Membawa Nikmat', 'Tulis Sutan Sati', 1929, '899.221 3'],
    ['Layar Terkembang', 'Sutan Takdir Alisjahbana', 1936, '899.221 3'],
    ['Atheis', 'Achdiat K. Mihardja', 1949, '899.221 3'],
  ];
  return titles.concat(
    // The copies are old Balai Pustaka reprints (first published in the year given): no ISBN.
    classics.map(([title, author, year, ddc]) => t(title, ddc, [P.balaiPustaka], { authors: [author], year: 1975 + (year % 20), noIsbn: true })),
  );
}

function children(): Title[] {
  const animals = ['Si Kancil', 'Komodo Kecil', 'Anak Penyu', 'Kura-Kura', 'Burung Kakatua', 'Rusa Timor', 'Orangutan Kecil', 'Gajah Sumatera', 'Kupu-Kupu', 'Ikan Badut'];
  const stories = ['{} Mencari Sahabat', '{} dan Hujan Pertama', 'Petualangan {}', '{} Belajar Berbagi'];
  const kids = [P.bip, P.elex, P.erlangga, P.grasindo];
  const titles: Title[] = [];
  animals.forEach((a, i) => {
    for (let s = 0; s < 3; s++) {
      titles.push(t(stories[(i + s) % stories.length].replace('{}', a), '899.221 3', kids, { shelf: 'children' }));
    }
  });
  return titles.concat(
    ['Aku Belajar Berhitung', 'Aku Belajar Membaca', 'Aku Mengenal Warna', 'Aku Suka Menabung', 'Aku Sayang Lingkungan'].map((title) =>
      t(title, '372.21', kids, { shelf: 'children' }),
    ),
  );
}

function everydayLife(): Title[] {
  return [
    t('Gizi Seimbang untuk Balita', '613.2', [P.grasindo, P.kompas]),
    t('Mencegah Stunting Sejak Dini', '618.92', [P.kompas, P.deepublish]),
    t('Hidup Sehat tanpa Rokok', '613.85', [P.grasindo]),
    t('Pertolongan Pertama di Rumah', '616.025 2', [P.elex]),
    t('Mengenal Demam Berdarah Dengue', '614.571', [P.deepublish]),
    t('Kesehatan Ibu Hamil', '618.2', [P.grasindo]),
    t('Senam Lansia Bugar', '613.7', [P.kompas]),
    t('Tanaman Obat Keluarga', '615.32', [P.penebar]),
    t('Pendidikan Karakter di Sekolah Dasar', '370.114', [P.erlangga, P.deepublish]),
    t('Merdeka Belajar', '371', [P.kompas, P.deepublish], { subtitle: 'Konsep dan Praktik di Kelas' }),
    t('Mengelola UMKM di Era Digital', '658.022', [P.elex, P.deepublish]),
    t('Koperasi dan Ekonomi Kerakyatan', '334', [P.obor, P.rajawali]),
    t('Pancasila dan Kewarganegaraan', '320.5', [P.rajawali, P.erlangga]),
    t('Undang-Undang Dasar 1945 dan Amandemennya', '342.598', [P.rajawali]),
    t('Desa Membangun', '352.14', [P.deepublish], { subtitle: 'Panduan Pengelolaan Dana Desa' }),
    t('Literasi Keuangan untuk Keluarga', '332.024', [P.elex, P.kompas]),
    t('Pariwisata Berbasis Masyarakat', '338.479 1', [P.deepublish]),
    t('Resep Masakan Khas Nusa Tenggara Timur', '641.595 98', [P.gramedia], { localTo: 'kupang' }),
    t('Kuliner Buton', '641.595 98', [P.gramedia], { subtitle: 'Kasuami, Lapa-Lapa dan Parende', localTo: 'baubau' }),
    t('Rawon, Soto dan Masakan Jawa Timur', '641.595 98', [P.gramedia], { localTo: 'pasuruan' }),
    t('Masakan Batak', '641.595 98', [P.gramedia], { subtitle: 'Arsik, Naniura dan Saksang', localTo: 'pematang-siantar' }),
    t('Tenun Ikat Nusa Tenggara Timur', '746.14', [P.kpg], { localTo: 'kupang' }),
    t('Ulos', '746.14', [P.kpg], { subtitle: 'Kain Tradisional Batak', localTo: 'pematang-siantar' }),
    t('Sasando', '787.9', [P.kpg], { subtitle: 'Alat Musik dari Pulau Rote', localTo: 'kupang' }),
    t('Pesona Wisata Pulau Buton', '915.984', [P.grasindo], { localTo: 'baubau' }),
    t('Pesona Wisata Bromo dan Pasuruan', '915.982', [P.grasindo], { localTo: 'pasuruan' }),
    t('Pesona Wisata Danau Toba', '915.981', [P.grasindo], { localTo: 'pematang-siantar' }),
    t('Jelajah Nusa Tenggara Timur', '915.986', [P.grasindo], { localTo: 'kupang' }),
    t('Pengantar Energi Terbarukan', '333.79', [P.erlangga, P.deepublish]),
    t('Mengenal Perubahan Iklim', '551.6', [P.kompas]),
    t('Gempa Bumi dan Tsunami', '551.22', [P.kompas], { subtitle: 'Siaga Bencana di Sekolah' }),
    t('Pemrograman Python untuk Pemula', '005.133', [P.elex]),
    t('Dasar-Dasar Microsoft Excel', '005.54', [P.elex]),
    t('Keamanan Siber untuk Pengguna Internet', '005.8', [P.elex, P.deepublish]),
    t('Matematika Dasar untuk SMA', '510', [P.erlangga]),
  ];
}

function reference(): Title[] {
  const ref = { shelf: 'reference' as Shelf };
  return [
    t('Kamus Besar Bahasa Indonesia', '499.213', [P.balaiPustaka], ref),
    t('Tata Bahasa Baku Bahasa Indonesia', '499.215', [P.balaiPustaka]),
    t('Pedoman Umum Ejaan Bahasa Indonesia', '499.211 5', [P.balaiPustaka], ref),
    t('Kamus Bahasa Dawan-Indonesia', '499.2', [P.deepublish], { ...ref, localTo: 'kupang' }),
    t('Kamus Bahasa Wolio-Indonesia', '499.2', [P.deepublish], { ...ref, localTo: 'baubau' }),
    t('Kamus Bahasa Madura-Indonesia', '499.22', [P.deepublish], { ...ref, localTo: 'pasuruan' }),
    t('Kamus Bahasa Batak Toba-Indonesia', '499.2', [P.deepublish], { ...ref, localTo: 'pematang-siantar' }),
    t('English for Young Learners', '428', [P.erlangga], { language: 'eng', shelf: 'children' }),
    t('Practical English Conversation', '428.34', [P.erlangga], { language: 'eng' }),
    t('Atlas Indonesia dan Dunia', '912', [P.erlangga], { ...ref, materialType: MaterialType.MAP }),
    t('Peta Provinsi Nusa Tenggara Timur', '912.598 6', [P.grasindo], { ...ref, materialType: MaterialType.MAP, localTo: 'kupang' }),
    t('Peta Provinsi Sumatera Utara', '912.598 1', [P.grasindo], { ...ref, materialType: MaterialType.MAP, localTo: 'pematang-siantar' }),
  ];
}

function otherMaterials(): Title[] {
  const serial = { materialType: MaterialType.SERIAL, shelf: 'serial' as Shelf, noIsbn: true };
  const av = { materialType: MaterialType.AUDIOVISUAL, shelf: 'multimedia' as Shelf };
  const digital = { materialType: MaterialType.EBOOK, shelf: 'digital' as Shelf };
  return [
    // Serials carry an ISSN, not an ISBN.
    t('Majalah Bobo', '059.992 21', [P.gramedia], { ...serial, shelf: 'children', authors: [] }),
    t('Media Pustakawan', '020.5', [P.perpusnas], { ...serial, authors: [] }),
    t('Visi Pustaka', '020.5', [P.perpusnas], { ...serial, authors: [] }),
    t('Trubus', '630.5', [P.penebar], { ...serial, authors: [] }),
    t('Jurnal Ilmu Perpustakaan dan Kearsipan', '020.5', [P.deepublish], {
      ...serial,
      materialType: MaterialType.EJOURNAL,
      shelf: 'digital',
      authors: [],
    }),
    t('Lagu Daerah Nusantara', '782.421 62', [P.gramedia], { ...av, subtitle: 'CD Audio' }),
    t('Tenun Ikat Sumba', '746.14', [P.kompas], { ...av, subtitle: 'Film Dokumenter (DVD)', localTo: 'kupang' }),
    t('Jejak Keraton Buton', '959.84', [P.kompas], { ...av, subtitle: 'Film Dokumenter (DVD)', localTo: 'baubau' }),
    t('Panduan Literasi Digital untuk Keluarga', '004.678', [P.perpusnas], digital),
    t('Modul Literasi Keuangan', '332.024', [P.perpusnas], digital),
    t('Kumpulan Cerpen Anak Negeri', '899.221 301', [P.bentang], digital),
    t('Pemanfaatan Perpustakaan Umum oleh Pelajar SMA di Kota Kupang', '027.4', [], {
      materialType: MaterialType.THESIS,
      subtitle: 'Skripsi',
      localTo: 'kupang',
      noIsbn: true,
      year: 2023,
    }),
    t('Kabanti Wolio', '899.2', [], {
      materialType: MaterialType.MANUSCRIPT,
      subtitle: 'Naskah Puisi Keagamaan Buton (salinan)',
      shelf: 'reference',
      localTo: 'baubau',
      noIsbn: true,
      year: 1890,
      authors: [],
    }),
  ];
}

/** ISBN-13 check digit: weights 1,3,1,3 … over the first twelve digits. */
export function isbn13CheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

const PUBLISHER_FOR_UNPUBLISHED: Record<string, string> = {
  THESIS: 'Universitas Nusa Cendana',
  MANUSCRIPT: 'Koleksi Naskah Keraton Buton',
};

/** Every demo record, ids demoId('record', n) in order. */
export function demoCatalogue(): DemoRecord[] {
  const faker = demoFaker('collections:catalogue');
  const titles = [
    ...history(),
    ...folkTales(),
    ...librarianship(),
    ...agriculture(),
    ...religion(),
    ...fiction(faker),
    ...children(),
    ...everydayLife(),
    ...reference(),
    ...otherMaterials(),
  ];
  const nextArticle = new Map<string, number>();
  const person = () => {
    const sex = faker.helpers.arrayElement(['female', 'male'] as const);
    return `${faker.person.firstName(sex)} ${faker.person.lastName(sex)}`;
  };

  return titles.map((spec, n): DemoRecord => {
    const publisher: Publisher | undefined = spec.publishers.length ? faker.helpers.arrayElement(spec.publishers) : undefined;
    const materialType = spec.materialType ?? MaterialType.BOOK;
    const year = spec.year ?? faker.number.int({ min: Math.max(publisher?.since ?? 2010, 2010), max: 2026 });
    let isbn: string | null = null;
    if (publisher && !spec.noIsbn) {
      const articleDigits = 12 - publisher.isbnPrefix.length;
      // Each publisher numbers its titles from a point of its own, as real publishers do.
      const article = nextArticle.get(publisher.name) ?? faker.number.int({ min: 1, max: 10 ** articleDigits / 2 });
      nextArticle.set(publisher.name, article + faker.number.int({ min: 1, max: 7 }));
      const first12 = publisher.isbnPrefix + String(article).padStart(articleDigits, '0');
      isbn = first12 + isbn13CheckDigit(first12);
    }
    const authors =
      spec.authors ??
      (materialType === MaterialType.THESIS
        ? [person()]
        : Array.from(
            {
              length: faker.helpers.weightedArrayElement([
                { weight: 7, value: 1 },
                { weight: 3, value: 2 },
              ]),
            },
            person,
          ));
    const edition =
      spec.noIsbn || materialType !== MaterialType.BOOK ? null : (faker.helpers.maybe(() => `Cetakan ke-${faker.number.int({ min: 2, max: 9 })}`, { probability: 0.3 }) ?? null);
    return {
      id: demoId('record', n),
      title: spec.title,
      subtitle: spec.subtitle ?? null,
      authors,
      publisher: publisher?.name ?? PUBLISHER_FOR_UNPUBLISHED[materialType],
      publishedYear: year,
      edition,
      isbn,
      language: spec.language ?? 'ind',
      materialType,
      ddc: spec.ddc,
      callNumber: deriveCallNumber(spec.ddc, authors, spec.title),
      subjects: demoSubjects({ ddc: spec.ddc, shelf: spec.shelf ?? 'general', localTo: spec.localTo, materialType }),
      shelf: spec.shelf ?? 'general',
      localTo: spec.localTo,
    };
  });
}
