import { cityPerson, demoRandom, type DemoRandom } from '../../../../shared/domain/demo-city';
import { demoId } from '../../../../shared/domain/demo';
import { MaterialType } from '../../catalogue/bibliographic-record.entity';
import { deriveCallNumber } from '../../catalogue/call-number';
import { isbn13CheckDigit, type Shelf } from '../catalogue';
import { demoSubjects } from '../subjects';

/**
 * The city demo's catalogue: one library's titles, composed from word lists so that thousands of
 * them rarely repeat — national titles (novels, school books, religion, farming, fisheries,
 * cooking, picture books, comics …) in a public library's proportions of Dewey classes, and the
 * city's local content (its peoples, history, crafts, language). Publishers are Indonesian, with
 * ISBN-13s in the groups 978-979 (before 2010), 978-602 (2010–2018) and 978-623 (from 2019), each
 * under a registrant code inside the ranges the ISBN agency assigns; older local publications have
 * none. Pure and deterministic: (libraryId, count, loadDay) → the same records everywhere.
 */

export interface CityRecord {
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
}

/** What the generator knows of a record beyond its columns: where its copies go, how much it is asked for. */
export interface CityTitle {
  record: CityRecord;
  shelf: Shelf;
  genre: Genre;
  local: boolean;
  /** Relative demand (1 ≈ an average title). */
  popularity: number;
}

/** Reading interests by which the member types choose (see AFFINITY in core.ts). */
export type Genre =
  | 'fiction'
  | 'children'
  | 'comics'
  | 'religion'
  | 'school'
  | 'social'
  | 'applied'
  | 'science'
  | 'arts'
  | 'history'
  | 'self'
  | 'local'
  | 'reference'
  | 'serial'
  | 'media'
  | 'thesis';

// ---- publishers -----------------------------------------------------------------------------

interface Publisher {
  name: string;
  /** Registrant prefixes (978 + group + registrant) by group: 979 before 2010, 602 until 2018, 623 since 2019. */
  979?: string[];
  602?: string[];
  623?: string[];
}

/*
 * Registrants inside the Indonesian groups' ranges (978-979: 20–29 two digits, 000–099 and
 * 400–799 three; 978-602: 00–06 two, 200–499 three; 978-623: 00–10 two, 110–524 three). A two-digit
 * registrant numbers 10,000 titles, a three-digit one 1,000: the large publishers have several.
 */
const PUBLISHERS: Record<string, Publisher> = {
  gramedia: { name: 'Gramedia Pustaka Utama', 979: ['97897922'], 602: ['97860203', '97860206'], 623: ['97862300'] },
  elex: { name: 'Elex Media Komputindo', 979: ['97897927'], 602: ['97860202', '97860204'], 623: ['97862301'] },
  grasindo: { name: 'Gramedia Widiasarana Indonesia', 979: ['97897925'], 602: ['97860205'], 623: ['97862302'] },
  erlangga: { name: 'Erlangga', 979: ['97897924'], 602: ['978602241', '978602298', '978602434'], 623: ['97862303'] },
  bip: { name: 'Bhuana Ilmu Populer', 979: ['978979074'], 602: ['978602394', '978602455'], 623: ['97862304'] },
  balaiPustaka: { name: 'Balai Pustaka', 979: ['978979407', '978979408'], 602: ['978602260'], 623: ['978623290'] },
  mizan: { name: 'Mizan', 979: ['978979433'], 602: ['978602441', '978602385'], 623: ['978623242'] },
  gemaInsani: { name: 'Gema Insani', 979: ['978979561'], 602: ['978602250', '978602251'], 623: ['978623243'] },
  kanisius: { name: 'Kanisius', 979: ['97897921'], 602: ['978602216', '978602217'], 623: ['978623217'] },
  gunungMulia: { name: 'BPK Gunung Mulia', 979: ['978979415'], 602: ['978602231'], 623: ['978623250'] },
  nusaIndah: { name: 'Nusa Indah', 979: ['978979429'], 602: ['978602278'], 623: ['978623255'] },
  bentang: { name: 'Bentang Pustaka', 979: ['978979530'], 602: ['978602291'], 623: ['978623186'] },
  gagas: { name: 'GagasMedia', 979: ['978979780'], 602: ['978602220'], 623: ['978623187'] },
  kompas: { name: 'Penerbit Buku Kompas', 979: ['978979709'], 602: ['978602412'], 623: ['978623346'] },
  kpg: { name: 'Kepustakaan Populer Gramedia', 979: ['978979711'], 602: ['978602424', '978602481'], 623: ['978623134'] },
  obor: { name: 'Yayasan Pustaka Obor Indonesia', 979: ['978979461'], 602: ['978602433'], 623: ['978623321'] },
  penebar: { name: 'Penebar Swadaya', 979: ['978979489', '978979002'], 602: ['978602247', '978602246'], 623: ['978623224'] },
  agromedia: { name: 'AgroMedia Pustaka', 979: ['978979006'], 602: ['978602262'], 623: ['978623225'] },
  tigaSerangkai: { name: 'Tiga Serangkai', 979: ['978979533'], 602: ['978602372', '978602373'], 623: ['97862305'] },
  yrama: { name: 'Yrama Widya', 979: ['978979077'], 602: ['978602277'], 623: ['978623205'] },
  deepublish: { name: 'Deepublish', 602: ['97860200', '97860201'], 623: ['97862306', '97862307'] },
  rajawali: { name: 'Rajawali Pers', 979: ['978979769'], 602: ['978602425'], 623: ['978623372'] },
  andi: { name: 'Penerbit Andi', 979: ['97897929'], 602: ['978602263'], 623: ['97862308'] },
  perpusnas: { name: 'Perpustakaan Nasional RI', 979: ['978979008'], 602: ['978602296'], 623: ['978623200'] },
  pustakaAlKautsar: { name: 'Pustaka Al-Kautsar', 979: ['978979592'], 602: ['978602303'], 623: ['978623289'] },
  mc: { name: 'm&c!', 979: ['978979697'], 602: ['978602212'], 623: ['978623291'] },
  kesaint: { name: 'Kesaint Blanc', 979: ['978979088'], 602: ['978602342'], 623: ['978623292'] },
  bumiAksara: { name: 'Bumi Aksara', 979: ['97897926'], 602: ['978602444'], 623: ['97862309'] },
  demedia: { name: 'Demedia Pustaka', 979: ['978979093'], 602: ['978602402'], 623: ['978623293'] },
  // Local publishers: university presses, the city's printers, church and pesantren houses.
  undanaPress: { name: 'Undana Press', 602: ['978602204'], 623: ['978623294'] },
  arthaWacana: { name: 'Artha Wacana Press', 979: ['978979460'], 602: ['978602205'], 623: ['978623295'] },
  lembagaAdatButon: { name: 'Lembaga Adat Kesultanan Buton', 623: ['978623296'] },
  unidayanPress: { name: 'Unidayan Press', 602: ['978602206'], 623: ['978623297'] },
  wolioPustaka: { name: 'Penerbit Wolio Pustaka', 979: ['978979462'], 602: ['978602207'], 623: ['978623298'] },
  sidogiri: { name: 'Pustaka Sidogiri', 979: ['978979463'], 602: ['978602208'], 623: ['978623299'] },
  yudhartaPress: { name: 'Yudharta Press', 602: ['978602209'], 623: ['978623300'] },
  bromoPustaka: { name: 'CV Bromo Pustaka', 602: ['978602210'], 623: ['978623301'] },
  kolportaseHkbp: { name: 'Kolportase HKBP', 979: ['978979464'], 602: ['978602211'], 623: ['978623302'] },
  nommensenPress: { name: 'Nommensen Press', 602: ['978602213'], 623: ['978623303'] },
  usiPress: { name: 'USI Press', 602: ['978602214'], 623: ['978623304'] },
};

type PublisherKey = keyof typeof PUBLISHERS;

const LOCAL_PUBLISHERS: Record<string, PublisherKey[]> = {
  kupang: ['undanaPress', 'arthaWacana', 'nusaIndah'],
  baubau: ['lembagaAdatButon', 'unidayanPress', 'wolioPustaka'],
  pasuruan: ['sidogiri', 'yudhartaPress', 'bromoPustaka'],
  'pematang-siantar': ['kolportaseHkbp', 'nommensenPress', 'usiPress'],
};

/** Publishers of printed matter without ISBN: the city's own offices and printers. */
const LOCAL_IMPRINTS: Record<string, string[]> = {
  kupang: ['Pemerintah Kota Kupang', 'Dinas Kebudayaan Provinsi NTT', 'Percetakan Arnoldus Kupang', 'Sinode GMIT'],
  baubau: ['Pemerintah Kota Baubau', 'Dinas Pariwisata dan Kebudayaan Kota Baubau', 'Yayasan Kebudayaan Wolio', 'Percetakan Karya Baru Baubau'],
  pasuruan: ['Pemerintah Kota Pasuruan', 'Dinas Pendidikan dan Kebudayaan Kota Pasuruan', 'PP Salafiyah Pasuruan', 'Percetakan Untung Suropati'],
  'pematang-siantar': ['Pemerintah Kota Pematang Siantar', 'Dinas Kebudayaan Kabupaten Simalungun', 'Percetakan HKBP Pematangsiantar', 'GKPS Pematangsiantar'],
};

const UNIVERSITIES: Record<string, string[]> = {
  kupang: ['Universitas Nusa Cendana', 'Universitas Kristen Artha Wacana', 'Politeknik Negeri Kupang', 'Universitas Muhammadiyah Kupang'],
  baubau: ['Universitas Dayanu Ikhsanuddin', 'Universitas Muhammadiyah Buton'],
  pasuruan: ['Universitas Merdeka Pasuruan', 'Universitas Yudharta Pasuruan', 'STAI Salahuddin Pasuruan'],
  'pematang-siantar': ['Universitas Simalungun', 'Universitas HKBP Nommensen Pematangsiantar', 'STIE Sultan Agung Pematang Siantar'],
};

// ---- word lists -----------------------------------------------------------------------------

interface Local {
  /** The city's places, for novels and guides. */
  places: string[];
  /** Its peoples and their lands (Rote, Sabu …). */
  peoples: string[];
  /** Cultural themes: crafts, music, rites. */
  culture: string[];
  history: string[];
  folk: string[];
  language: { name: string; ddc: string; code: string };
  /** Its faiths' share: Christian and Muslim titles among the religious ones. */
  christian: number;
  province: string;
  city: string;
  ddcHistory: string;
  foods: string[];
  economy: string[];
}

const LOCAL: Record<string, Local> = {
  kupang: {
    places: [
      'Teluk Kupang',
      'Pantai Lasiana',
      'Pelabuhan Tenau',
      'Oesapa',
      'Kota Lama Kupang',
      'Bukit Sabana Fatuleu',
      'Pulau Semau',
      'Oebobo',
      'Gua Kristal Bolok',
      'Pasar Oeba',
      'Namosain',
      'Pantai Tablolong',
    ],
    peoples: ['Timor', 'Rote', 'Sabu', 'Flores', 'Alor', 'Sumba', 'Atoni Pah Meto', 'Helong'],
    culture: ['Sasando', 'Tenun Ikat', "Ti'i Langga", 'Rumah Adat Ume Kbubu', 'Tari Likurai', 'Gong Waning', 'Tari Caci', 'Syair Bonet', 'Sopi dan Adat Perkawinan', 'Belis'],
    history: [
      'Benteng Concordia',
      'Perjanjian Paravicini',
      'Kerajaan Amarasi',
      'Kerajaan Sonbai',
      'Kedatangan Portugis di Solor',
      'Pendudukan Jepang di Timor',
      'Pahlawan Nasional I.H. Doko',
      'W.Z. Johannes',
    ],
    folk: ['Asal Usul Pulau Timor', 'Legenda Buaya dan Anak Laki-Laki', 'Batu Nitbani', 'Putri Rote dan Sasando', 'Legenda Danau Kelimutu', 'Asal Mula Pohon Lontar'],
    language: { name: 'Bahasa Dawan', ddc: '499.22', code: 'ind' },
    christian: 0.85,
    province: 'Nusa Tenggara Timur',
    city: 'Kupang',
    ddcHistory: '959.868',
    foods: ["Se'i Sapi", 'Jagung Bose', 'Catemak Jagung', 'Kolo', 'Rumpu Rampe', 'Ikan Kuah Asam', 'Gula Lempeng Rote', 'Jagung Titi'],
    economy: ['Rumput Laut', 'Garam Rakyat', 'Sapi Bali', 'Gula Lontar', 'Jagung Lahan Kering', 'Kelor', 'Cendana', 'Madu Hutan Timor'],
  },
  baubau: {
    places: [
      'Benteng Keraton Buton',
      'Pantai Kamali',
      'Pelabuhan Murhum',
      'Kampung Wolio',
      'Bukit Wantiro',
      'Air Terjun Tirta Rimba',
      'Pulau Makassar',
      'Batu Poaro',
      'Sulaa',
      'Lakologou',
    ],
    peoples: ['Buton', 'Wolio', 'Muna', 'Cia-Cia', 'Wakatobi', 'Kulisusu'],
    culture: [
      'Kabanti',
      'Tari Linda',
      'Tenun Buton',
      'Pakaian Adat Buton',
      'Posuo',
      'Kande-Kandea',
      'Haroa',
      'Pekande-kandea',
      'Aksara Buri Wolio',
      'Undang-Undang Martabat Tujuh',
    ],
    history: [
      'Kesultanan Buton',
      'Sultan Murhum',
      'Sultan Himayatuddin',
      'Benteng Keraton Wolio',
      'Masjid Agung Keraton Buton',
      'Kerajaan Muna',
      'Sara Wolio',
      'Perjanjian Buton dan VOC',
    ],
    folk: ['Wa Kaa Kaa', 'Sibatara', 'La Ode Wuna dan Ular Naga', 'Asal Usul Pulau Makassar', 'La Moelu', 'Putri Wa Ode Wau'],
    language: { name: 'Bahasa Wolio', ddc: '499.226', code: 'ind' },
    christian: 0.05,
    province: 'Sulawesi Tenggara',
    city: 'Baubau',
    ddcHistory: '959.84',
    foods: ['Kasuami', 'Lapa-Lapa', 'Parende', 'Kambewe', 'Onde-Onde Buton', 'Ikan Parape', 'Sinonggi', 'Kaholeo'],
    economy: ['Aspal Buton', 'Jambu Mete', 'Rumput Laut', 'Perikanan Tangkap', 'Kerajinan Kuningan', 'Tenun Buton', 'Pariwisata Keraton', 'Kelapa'],
  },
  pasuruan: {
    places: [
      'Pelabuhan Pasuruan',
      'Alun-Alun Pasuruan',
      'Gunung Bromo',
      'Tosari',
      'Kebun Raya Purwodadi',
      'Pantai Lekok',
      'Kampung Arab Pasuruan',
      'Taman Safari Prigen',
      'Gempol',
      'Bugul Kidul',
    ],
    peoples: ['Jawa', 'Madura', 'Tengger', 'Arab Pasuruan', 'Pandalungan'],
    culture: [
      'Pesantren Salaf',
      'Karapan Sapi',
      'Upacara Kasada',
      'Tari Terbang Bandung',
      'Batik Pasuruan',
      'Sholawat Banjari',
      'Tradisi Haul',
      'Ludruk',
      'Wayang Kulit Jawa Timuran',
      'Kitab Kuning',
    ],
    history: [
      'Untung Suropati',
      'Kadipaten Pasuruan',
      'K.H. Abdul Hamid Pasuruan',
      'Pabrik Gula di Pasuruan',
      'Pelabuhan Pasuruan Masa Kolonial',
      'Perkembangan Pesantren di Jawa Timur',
      'Kerajaan Singhasari',
      'Kerajaan Majapahit',
    ],
    folk: ['Legenda Gunung Bromo', 'Roro Anteng dan Joko Seger', 'Asal Usul Nama Pasuruan', 'Mbah Slagah', 'Legenda Telaga Ranu Grati', 'Joko Tingkir'],
    language: { name: 'Bahasa Madura', ddc: '499.225', code: 'mad' },
    christian: 0.06,
    province: 'Jawa Timur',
    city: 'Pasuruan',
    ddcHistory: '959.82',
    foods: ['Rawon', 'Bipang Jangkar', 'Sate Komoh', 'Kue Ganjel Rel', 'Nasi Punel', 'Soto Madura', 'Lontong Kupang', 'Rujak Cingur'],
    economy: ['Batik Pasuruan', 'Industri Mebel Bukir', 'Sapi Perah', 'Tebu', 'Perikanan Tambak', 'Apel Nongkojajar', 'Kerajinan Logam', 'UMKM Santri'],
  },
  'pematang-siantar': {
    places: [
      'Danau Toba',
      'Parapat',
      'Lapangan Adam Malik',
      'Jalan Merdeka Siantar',
      'Perkebunan Teh Sidamanik',
      'Tigaras',
      'Pulau Samosir',
      'Kampung Rumah Bolon',
      'Bah Bolon',
      'Simarjarunjung',
    ],
    peoples: ['Batak Toba', 'Simalungun', 'Karo', 'Mandailing', 'Pakpak', 'Angkola'],
    culture: [
      'Aksara Batak',
      'Ulos',
      'Hiou Simalungun',
      'Gondang Sabangunan',
      'Tortor',
      'Rumah Bolon',
      'Dalihan Na Tolu',
      'Tarombo Batak',
      'Huda-Huda Toping-Toping',
      'Marhajabuan',
    ],
    history: [
      'Kerajaan Siantar',
      'Sang Naualuh Damanik',
      'HKBP',
      'Zending Batak',
      'Perkebunan Tembakau Deli',
      'I.L. Nommensen',
      'Raja Sisingamangaraja XII',
      'Tuan Rondahaim Saragih',
    ],
    folk: ['Legenda Danau Toba', 'Sigale-Gale', 'Si Boru Tumbaga', 'Legenda Batu Gantung', 'Asal Usul Marga Batak', 'Putri Hijau'],
    language: { name: 'Bahasa Batak Toba', ddc: '499.224', code: 'btk' },
    christian: 0.72,
    province: 'Sumatera Utara',
    city: 'Pematang Siantar',
    ddcHistory: '959.812',
    foods: ['Dayok Nabinatur', 'Naniura', 'Arsik Ikan Mas', 'Mie Gomak', 'Roti Ganda', 'Ombus-Ombus', 'Lampet', 'Kopi Sidikalang'],
    economy: ['Teh Sidamanik', 'Kopi Simalungun', 'Kelapa Sawit', 'Karet Rakyat', 'Industri Rokok Siantar', 'Kerajinan Ulos', 'Pariwisata Danau Toba', 'Jeruk'],
  },
};

const FICTION_HEADS = [
  'Senja',
  'Hujan',
  'Rindu',
  'Pelangi',
  'Lentera',
  'Perahu',
  'Bulan',
  'Angin',
  'Jejak',
  'Nyanyian',
  'Surat',
  'Gadis',
  'Langit',
  'Rumah',
  'Kenangan',
  'Cahaya',
  'Bayang-Bayang',
  'Laut',
  'Mimpi',
  'Doa',
  'Janji',
  'Bintang',
  'Sepotong Hati',
  'Pulang',
  'Luka',
  'Cinta',
  'Rahasia',
  'Semusim',
  'Secangkir Kopi',
  'Purnama',
  'Ombak',
  'Layang-Layang',
  'Sajak',
  'Kabut',
  'Embun',
  'Gerimis',
  'Matahari',
  'Jendela',
  'Sahabat',
  'Pelukan',
];
const FICTION_PLACES = [
  'di Kota Tua',
  'di Tepi Pantai',
  'di Ujung Jalan',
  'dari Timur',
  'di Bawah Pohon Asam',
  'di Stasiun Kereta',
  'di Kampung Nelayan',
  'di Lereng Gunung',
  'di Atas Atap',
  'di Pesantren',
  'di Tanah Rantau',
  'di Ujung Senja',
  'dari Seberang',
  'di Pelabuhan',
  'di Musim Kemarau',
  'di Bulan Desember',
  'di Kota Hujan',
  'di Jakarta',
  'di Yogyakarta',
  'di Bandung',
  'di Makassar',
  'di Medan',
  'di Surabaya',
  'di Pulau Kecil',
  'dari Negeri Seberang',
  'di Sekolah Tua',
  'di Perbatasan',
  'di Kebun Teh',
  'di Tepi Sungai',
  'dari Desa',
];
const FICTION_VERBS = [
  'yang Tak Pernah Pulang',
  'yang Tertinggal',
  'yang Hilang',
  'yang Menunggu',
  'yang Tak Sempat Terucap',
  'yang Kembali',
  'Terakhir',
  'yang Belum Selesai',
  'yang Patah',
  'Pertama',
  'yang Terlupa',
  'Abadi',
];
const FICTION_FOR = [
  'untuk Ibu',
  'untuk Ayah',
  'untuk Nadia',
  'untuk Sang Guru',
  'untuk Kekasih',
  'untuk Adik',
  'untuk Sahabat',
  'untuk Kota Ini',
  'untuk Tuhan',
  'untuk Anakku',
  'untuk Laras',
  'untuk Dia',
];
const NAMES_IN_TITLES = [
  'Ara',
  'Nayla',
  'Bima',
  'Sekar',
  'Raka',
  'Laras',
  'Dimas',
  'Kirana',
  'Elang',
  'Mentari',
  'Tio',
  'Sinta',
  'Banyu',
  'Ayu',
  'Gilang',
  'Putri',
  'Rara',
  'Jaka',
  'Dara',
  'Fajar',
];
const FICTION_AND = [
  'dan Laut Biru',
  'dan Sepeda Tua',
  'dan Kota Kenangan',
  'dan Bintang Jatuh',
  'dan Rahasia Keluarga',
  'dan Musim Hujan',
  'dan Surat dari Masa Lalu',
  'dan Kapal Kertas',
  'dan Kucing Oren',
  'dan Sang Penjaga Mercusuar',
];
const NUMBERS = ['Seribu', 'Tujuh', 'Dua', 'Tiga', 'Sepuluh', 'Empat Puluh', 'Seratus', 'Sembilan'];
const COUNTED = ['Musim', 'Malam', 'Purnama', 'Surat', 'Langkah', 'Pintu', 'Kisah', 'Doa', 'Cerita', 'Hari', 'Tahun', 'Mimpi'];
const NOVEL_SUBTITLES = [
  'Sebuah Novel',
  'Novel',
  'Kisah Cinta yang Tertunda',
  'Novel Inspiratif',
  'Novel Remaja',
  'Sebuah Memoar',
  'Kumpulan Cerita',
  'Novel Sejarah',
  'Novel Religi',
];

const CHILD_HEROES = [
  'Kancil',
  'Si Kecil Dodo',
  'Kiki Kelinci',
  'Momo si Monyet',
  'Bebek Kwek',
  'Kura-Kura Tuli',
  'Kupu-Kupu Ungu',
  'Semut Rajin',
  'Gajah Gemuk',
  'Burung Pipit',
  'Ikan Badut',
  'Ayam Jago',
  'Nino',
  'Lala',
  'Tara',
  'Kiko',
  'Bobi',
  'Sasa',
  'Ucil',
  'Dede',
  'Mimi',
  'Rara',
  'Beni',
  'Upik',
];
const CHILD_STORIES = [
  'Belajar Berbagi',
  'Pergi ke Sekolah',
  'Tidak Mau Mandi',
  'Mencari Teman',
  'dan Pohon Ajaib',
  'Menanam Jagung',
  'Pergi ke Pantai',
  'Takut Gelap',
  'Membantu Ibu',
  'Ulang Tahun',
  'dan Hujan Pertama',
  'Hemat Air',
  'Sikat Gigi',
  'Jujur Itu Indah',
  'Naik Perahu',
  'Menjaga Kebersihan',
  'dan Pelangi',
  'Ke Pasar',
  'Belajar Menabung',
  'Bermain Layang-Layang',
];
const CHILD_SERIES = [
  'Seri Anak Cerdas',
  'Seri Budi Pekerti',
  'Seri Cerita Bergambar',
  'Seri Aku Bisa',
  'Seri Dongeng Nusantara',
  'Seri Sains Cilik',
  'Seri Cerita Binatang',
  'Cerita Bergambar',
];
const CHILD_NONFICTION: [string, string][] = [
  ['Ensiklopedia Anak: Hewan Laut', '591.77'],
  ['Mengenal Tata Surya', '523.2'],
  ['Aku Suka Sayur dan Buah', '613.2'],
  ['Mengenal Huruf dan Angka', '372.4'],
  ['Ayo Belajar Membaca', '372.41'],
  ['Buku Pintar Dinosaurus', '567.9'],
  ['Mengenal Profesi', '331.7'],
  ['Ayo Mengenal Indonesia', '915.98'],
  ['Mewarnai Flora dan Fauna', '741.2'],
  ['Percobaan Sains Sederhana', '507.8'],
  ['Mengenal Anggota Tubuh', '612'],
  ['Lagu Anak Nusantara', '782.42'],
  ['Belajar Menggambar', '741.2'],
  ['Mengenal Rambu Lalu Lintas', '388.31'],
  ['Tubuhku Sehat', '613'],
  ['Ayo Hemat Energi', '333.79'],
  ['Mengenal Rumah Adat Indonesia', '728.09598'],
  ['Mengenal Pahlawan Nasional', '920.0598'],
  ['Ayo Berhitung', '372.7'],
  ['Hewan di Sekitarku', '590'],
];

const COMIC_SERIES = [
  'Si Juki',
  'Komik Sains Kuark',
  'Komik Sejarah Nusantara',
  'Komik Kisah Nabi',
  'Komik Pahlawan Indonesia',
  'Komik Next G',
  'Komik Petualangan Bobo',
  'Komik Wayang',
  'Komik Detektif Cilik',
  'Komik Lucu Kampus',
  'Komik Strip Panji Koming',
  'Komik Legenda Nusantara',
  'Komik Sains Cilik',
  'Komik Misteri Sekolah',
  'Komik Si Unyil',
];
const COMIC_EPISODES = [
  'Petualangan di Hutan',
  'Misteri Rumah Tua',
  'Liburan Seru',
  'Rahasia Gua',
  'Pulau Harta Karun',
  'Kapal Hantu',
  'Lomba Layang-Layang',
  'Sekolah Baru',
  'Tamu dari Jauh',
  'Festival Kampung',
  'Sang Penjaga Hutan',
  'Kembalinya Sang Juara',
];

const SCHOOL_SUBJECTS: [string, string][] = [
  ['Matematika', '510.7'],
  ['Bahasa Indonesia', '499.2217'],
  ['Bahasa Inggris', '428.007'],
  ['Fisika', '530.07'],
  ['Kimia', '540.7'],
  ['Biologi', '570.7'],
  ['Ekonomi', '330.07'],
  ['Sejarah Indonesia', '959.8007'],
  ['Geografi', '910.7'],
  ['Sosiologi', '301.07'],
  ['Pendidikan Pancasila', '320.5'],
  ['IPA Terpadu', '507'],
  ['IPS Terpadu', '300.7'],
  ['Seni Budaya', '700.7'],
  ['Informatika', '004.07'],
  ['Prakarya dan Kewirausahaan', '658.007'],
  ['PJOK', '613.707'],
];
const SCHOOL_LEVELS = [
  'SD/MI Kelas 4',
  'SD/MI Kelas 5',
  'SD/MI Kelas 6',
  'SMP/MTs Kelas VII',
  'SMP/MTs Kelas VIII',
  'SMP/MTs Kelas IX',
  'SMA/MA Kelas X',
  'SMA/MA Kelas XI',
  'SMA/MA Kelas XII',
  'SMK Kelas X',
];
const SCHOOL_KINDS = ['Buku Siswa', 'Ringkasan Materi', 'Bank Soal', 'Latihan Soal dan Pembahasan', 'Pendamping Kurikulum Merdeka', 'Detik-Detik Ujian', 'Modul Belajar'];

const NONFICTION_SHAPES = [
  'Panduan Praktis {}',
  '{} untuk Pemula',
  'Mengenal {}',
  'Dasar-Dasar {}',
  'Strategi {}',
  'Buku Pintar {}',
  'Rahasia Sukses {}',
  'Pengantar {}',
  'Seluk-Beluk {}',
  'Memahami {}',
  '{} dalam Kehidupan Sehari-hari',
  '{} di Indonesia',
  'Pedoman {}',
  'Kiat Jitu {}',
  'Langkah Mudah {}',
  'Kupas Tuntas {}',
  'Buku Saku {}',
  '{} dari Nol',
  'Mahir {}',
  '101 Tanya Jawab {}',
  'Cerdas {}',
  '{} Tanpa Ribet',
  'Jurus Jitu {}',
  'Wawasan {}',
  'Menguasai {}',
  'Tuntunan {}',
  '{} untuk Keluarga',
  'Serba-Serbi {}',
  'Membangun {}',
  'Sukses {}',
  '{} Masa Kini',
  'Catatan tentang {}',
  'Peluang dan Tantangan {}',
];
const NONFICTION_SUBTITLES = [
  'Teori dan Praktik',
  'Edisi Revisi',
  'Panduan Lengkap',
  'Konsep dan Aplikasi',
  'Untuk Keluarga Indonesia',
  'Sebuah Pengantar',
  'Kajian Kontekstual',
  'Pengalaman Lapangan',
  'Tanya Jawab Praktis',
  'Bunga Rampai',
];

const SOCIAL: [string, string][] = [
  ['Ekonomi Kerakyatan', '330.959 8'],
  ['Koperasi', '334'],
  ['Keuangan Keluarga', '332.024'],
  ['Hukum Perdata', '346'],
  ['Hukum Pidana', '345'],
  ['Hak Asasi Manusia', '323'],
  ['Pemerintahan Desa', '352.14'],
  ['Otonomi Daerah', '320.8'],
  ['Demokrasi', '321.8'],
  ['Pancasila', '320.5'],
  ['Pendidikan Karakter', '370.114'],
  ['Parenting', '306.874'],
  ['Pendidikan Anak Usia Dini', '372.21'],
  ['Manajemen Sekolah', '371.2'],
  ['Kurikulum Merdeka', '375'],
  ['Kesetaraan Gender', '305.3'],
  ['Perlindungan Anak', '362.7'],
  ['Kemiskinan', '362.5'],
  ['Mitigasi Bencana', '363.34'],
  ['Lingkungan Hidup', '363.7'],
  ['Jurnalistik', '070.4'],
  ['Komunikasi Publik', '302.2'],
  ['Pajak', '336.2'],
  ['Pelayanan Publik', '351'],
  ['Statistik Sosial', '310'],
  ['Sosiologi Pedesaan', '307.72'],
  ['Antropologi Budaya', '306'],
  ['Perkawinan Adat', '392.5'],
  ['Etika Profesi', '174'],
  ['Literasi Keuangan', '332.024'],
  ['Bank Syariah', '332.1'],
  ['Ekonomi Kreatif', '338.4'],
  ['Pariwisata Berkelanjutan', '338.479 1'],
  ['Hukum Adat', '340.52'],
];
const APPLIED: [string, string][] = [
  ['Budidaya Jagung', '633.15'],
  ['Budidaya Padi Sawah', '633.18'],
  ['Budidaya Kopi', '633.73'],
  ['Budidaya Kakao', '633.74'],
  ['Budidaya Cabai', '635.643'],
  ['Hidroponik', '631.585'],
  ['Pupuk Organik', '631.87'],
  ['Budidaya Porang', '635.2'],
  ['Budidaya Bawang Merah', '635.25'],
  ['Tanaman Obat Keluarga', '635.7'],
  ['Beternak Ayam Kampung', '636.5'],
  ['Beternak Kambing', '636.39'],
  ['Beternak Sapi Potong', '636.2'],
  ['Beternak Lele', '639.374 9'],
  ['Budidaya Ikan Nila', '639.375 8'],
  ['Budidaya Rumput Laut', '639.89'],
  ['Penangkapan Ikan', '639.2'],
  ['Budidaya Udang Vaname', '639.68'],
  ['Pengolahan Hasil Perikanan', '664.94'],
  ['Perlebahan', '638.1'],
  ['Masakan Nusantara', '641.595 98'],
  ['Kue Tradisional', '641.865'],
  ['Menu Sehat Keluarga', '641.563'],
  ['Masakan Rumahan', '641.5'],
  ['Minuman Tradisional', '641.87'],
  ['Aneka Sambal', '641.814'],
  ['Gizi Seimbang', '613.2'],
  ['Kesehatan Ibu dan Anak', '618'],
  ['Pertolongan Pertama', '616.025'],
  ['Pencegahan Stunting', '618.92'],
  ['Diabetes', '616.462'],
  ['Hipertensi', '616.132'],
  ['Kesehatan Reproduksi Remaja', '613.9'],
  ['Usaha Kecil dan Menengah', '658.022'],
  ['Pemasaran Digital', '658.872'],
  ['Akuntansi UMKM', '657.9'],
  ['Manajemen Keuangan Usaha', '658.15'],
  ['Kewirausahaan', '658.11'],
  ['Bengkel Sepeda Motor', '629.287'],
  ['Instalasi Listrik Rumah', '621.319'],
  ['Pertukangan Kayu', '694'],
  ['Menjahit', '646.2'],
  ['Tata Rias', '646.72'],
  ['Microsoft Excel', '005.54'],
  ['Pemrograman Python', '005.133'],
  ['Desain Grafis', '006.6'],
  ['Jaringan Komputer', '004.6'],
  ['Keamanan Siber', '005.8'],
  ['Membuat Website', '006.7'],
];
const SCIENCE: [string, string][] = [
  ['Matematika Dasar', '510'],
  ['Statistika', '519.5'],
  ['Fisika Populer', '530'],
  ['Kimia Sehari-hari', '540'],
  ['Biologi Sel', '571.6'],
  ['Ekologi Pesisir', '577.51'],
  ['Astronomi', '520'],
  ['Gempa Bumi', '551.22'],
  ['Perubahan Iklim', '551.6'],
  ['Burung-Burung Indonesia', '598.095 98'],
  ['Flora Nusantara', '581.959 8'],
  ['Terumbu Karang', '593.6'],
  ['Genetika', '576.5'],
  ['Geologi Indonesia', '555.98'],
  ['Cuaca dan Iklim', '551.5'],
];
const ARTS: [string, string][] = [
  ['Fotografi', '770'],
  ['Menggambar', '741.2'],
  ['Kerajinan Tangan', '745.5'],
  ['Batik', '746.662'],
  ['Musik Tradisional', '781.62'],
  ['Bermain Gitar', '787.87'],
  ['Sepak Bola', '796.334'],
  ['Bulu Tangkis', '796.345'],
  ['Pencak Silat', '796.815'],
  ['Arsitektur Tradisional', '720.959 8'],
  ['Seni Tari', '792.8'],
  ['Teater', '792'],
  ['Kaligrafi', '745.61'],
  ['Origami', '736.982'],
];
const SELF: [string, string][] = [
  ['Motivasi Diri', '158.1'],
  ['Manajemen Waktu', '650.11'],
  ['Kecerdasan Emosional', '152.4'],
  ['Psikologi Remaja', '155.5'],
  ['Berpikir Positif', '158.1'],
  ['Public Speaking', '808.51'],
  ['Kepemimpinan', '158.4'],
  ['Filsafat Pancasila', '199.598'],
  ['Logika', '160'],
  ['Kebahagiaan', '152.42'],
  ['Kesehatan Mental', '616.89'],
  ['Karier dan Pekerjaan', '650.14'],
];
const HISTORY: [string, string][] = [
  ['Sejarah Indonesia Modern', '959.803'],
  ['Revolusi Kemerdekaan', '959.803 5'],
  ['Kerajaan Majapahit', '959.82'],
  ['Kerajaan Sriwijaya', '959.81'],
  ['Kesultanan Ternate dan Tidore', '959.85'],
  ['Kerajaan Gowa-Tallo', '959.84'],
  ['Pergerakan Nasional', '959.802 2'],
  ['Masa Pendudukan Jepang', '959.802 2'],
  ['Orde Baru', '959.803 7'],
  ['Reformasi 1998', '959.803 9'],
  ['Tokoh Pahlawan Nasional', '920.059 8'],
  ['Soekarno', '923.159 8'],
  ['Mohammad Hatta', '923.259 8'],
  ['R.A. Kartini', '920.72'],
  ['Geografi Indonesia', '915.98'],
  ['Pariwisata Nusantara', '915.98'],
  ['Perang Dunia Kedua', '940.53'],
  ['Sejarah Dunia', '909'],
  ['Jalur Rempah', '959.8'],
  ['Candi-Candi di Jawa', '959.82'],
];
const ISLAM: [string, string][] = [
  ['Tafsir Juz Amma', '2X1.3'],
  ['Tajwid', '2X1.1'],
  ['Hadis Arbain', '2X2.1'],
  ['Akidah Islam', '2X3'],
  ['Fikih Ibadah', '2X4.1'],
  ['Zakat dan Sedekah', '2X4.3'],
  ['Manasik Haji dan Umrah', '2X4.5'],
  ['Akhlak Mulia', '2X5.1'],
  ['Tasawuf', '2X5.2'],
  ['Ekonomi Syariah', '2X6.3'],
  ['Pendidikan Islam', '2X7.3'],
  ['Sirah Nabawiyah', '2X9.1'],
  ['Sejarah Islam di Nusantara', '2X9.598'],
  ['Doa Sehari-hari', '2X4.2'],
  ['Keluarga Sakinah', '2X4.4'],
  ['Fikih Wanita', '2X4.1'],
  ['Kisah Para Sahabat', '2X9.2'],
  ['Ilmu Nahwu', '492.75'],
];
const CHRISTIAN: [string, string][] = [
  ['Renungan Harian', '242.2'],
  ['Tafsiran Injil', '226.07'],
  ['Sejarah Gereja', '270'],
  ['Pendidikan Agama Kristen', '268'],
  ['Khotbah', '252'],
  ['Doa dan Pujian', '264.2'],
  ['Teologi Kontekstual', '230.095 98'],
  ['Kehidupan Keluarga Kristen', '248.4'],
  ['Katekismus', '238'],
  ['Kitab Mazmur', '223.2'],
  ['Pelayanan Pemuda Gereja', '259.23'],
  ['Misi dan Penginjilan', '266'],
  ['Liturgi', '264'],
  ['Etika Kristen', '241'],
];
const REFERENCE: [string, string][] = [
  ['Kamus Besar Bahasa Indonesia', '499.221 3'],
  ['Kamus Inggris-Indonesia', '423.992 21'],
  ['Kamus Arab-Indonesia', '492.739 922 1'],
  ['Ensiklopedia Nasional Indonesia', '039.992 21'],
  ['Ensiklopedia Sains untuk Pelajar', '503'],
  ['Atlas Indonesia dan Dunia', '912'],
  ['Tesaurus Bahasa Indonesia', '499.221 31'],
  ['Ensiklopedia Pahlawan Indonesia', '920.059 803'],
  ['Ensiklopedia Flora dan Fauna Indonesia', '578.095 98'],
  ['Statistik Daerah', '315.98'],
  ['Almanak Indonesia', '030'],
  ['Pedoman Umum Ejaan Bahasa Indonesia', '499.221 1'],
];
const SERIALS: [string, string, string][] = [
  ['Majalah Bobo', '059.992 21', 'children'],
  ['Trubus', '630.5', 'general'],
  ['Intisari', '059.992 21', 'general'],
  ['Majalah Tempo', '059.992 21', 'general'],
  ['National Geographic Indonesia', '910.5', 'general'],
  ['Kuark', '505', 'children'],
  ['Majalah Kartini', '059.992 21', 'general'],
  ['Media Pustaka', '020.5', 'general'],
  ['Jurnal Perpustakaan', '020.5', 'general'],
  ['Gatra', '059.992 21', 'general'],
];
const MEDIA: string[] = ['Film Dokumenter', 'Kumpulan Lagu Anak', 'Video Pembelajaran', 'Rekaman Musik Tradisional', 'Audio Book', 'Film Animasi Edukasi', 'Video Tutorial'];
const THESIS_TOPICS = [
  'Pengaruh Literasi Digital terhadap Prestasi Belajar Siswa',
  'Peran Perpustakaan Umum dalam Meningkatkan Minat Baca',
  'Analisis Pendapatan Nelayan Tradisional',
  'Efektivitas Program Bantuan Sosial',
  'Strategi Pemasaran UMKM',
  'Partisipasi Masyarakat dalam Pembangunan Desa',
  'Kualitas Pelayanan Publik',
  'Pola Asuh Orang Tua dan Perkembangan Anak',
  'Analisis Kelayakan Usaha Tani',
  'Pengelolaan Sampah Rumah Tangga',
  'Penerapan Kurikulum Merdeka',
  'Kearifan Lokal dalam Pengelolaan Lingkungan',
  'Implementasi Kebijakan Pariwisata Daerah',
  'Kinerja Aparatur Kelurahan',
];

const NATIONAL_GIVEN = [
  'Ahmad',
  'Dewi',
  'Rizki',
  'Andi',
  'Nur',
  'Putri',
  'Yusuf',
  'Indah',
  'Hendra',
  'Fajar',
  'Ratna',
  'Arif',
  'Lina',
  'Dian',
  'Taufik',
  'Rina',
  'Budi',
  'Sri',
  'Adi',
  'Wahyu',
  'Irfan',
  'Maya',
  'Yudi',
  'Fitri',
  'Asep',
  'Ujang',
  'Neng',
  'Teguh',
  'Zainal',
  'Tika',
  'Rahmat',
  'Anisa',
  'Fauzan',
  'Intan',
  'Reza',
  'Bagus',
  'Citra',
  'Eka',
  'Gita',
  'Hasan',
  'Joko',
  'Kartika',
  'Lukman',
];
const NATIONAL_FAMILY = [
  'Santoso',
  'Wijaya',
  'Kurniawan',
  'Hidayat',
  'Saputra',
  'Pratama',
  'Nugroho',
  'Lestari',
  'Setiawan',
  'Siregar',
  'Nasution',
  'Harahap',
  'Lubis',
  'Rahman',
  'Suryadi',
  'Hakim',
  'Firmansyah',
  'Permana',
  'Sulistyo',
  'Gunawan',
  'Maulana',
  'Utami',
  'Syahputra',
  'Fauzi',
  'Hasibuan',
  'Tanjung',
  'Sinaga',
  'Purnomo',
  'Rachmawati',
  'Kusuma',
  'Effendi',
  'Sumarni',
  'Hakiki',
  'Prasetya',
];

// ---- genres ---------------------------------------------------------------------------------

interface Made {
  title: string;
  subtitle?: string | null;
  ddc: string;
  language?: string;
  /** 'local' authors from the city, 'national' from anywhere, 'none' for anonymous works. */
  authors?: 'local' | 'national' | 'none';
  publisher?: string;
}

interface GenreSpec {
  genre: Genre;
  /** Share of the catalogue's titles (normalised over the city's list). */
  weight: number;
  shelf: Shelf | ((r: DemoRandom) => Shelf);
  material?: MaterialType;
  publishers: PublisherKey[];
  local?: boolean;
  /** Probability that a record has no ISBN (older local prints, serials with an ISSN …). */
  noIsbn?: number;
  popularity: number;
  /** Earliest publication year. */
  from?: number;
  make(r: DemoRandom, local: Local, libraryId: string): Made;
}

const shape = (r: DemoRandom, topic: string) => r.pick(NONFICTION_SHAPES).replace('{}', topic);
const maybe = <T>(r: DemoRandom, p: number, f: () => T): T | null => (r.chance(p) ? f() : null);
const fromTopics =
  (list: [string, string][], subtitleChance = 0.45) =>
  (r: DemoRandom): Made => {
    const [topic, ddc] = r.pick(list);
    return { title: shape(r, topic), subtitle: maybe(r, subtitleChance, () => r.pick(NONFICTION_SUBTITLES)), ddc };
  };

function fictionTitle(r: DemoRandom, local: Local): string {
  const head = r.pick(FICTION_HEADS);
  switch (r.int(0, 6)) {
    case 0:
    case 1:
      return `${head} ${r.pick(FICTION_PLACES)}`;
    case 2:
      return `${head} di ${r.pick(local.places)}`;
    case 3:
      return `${head} ${r.pick(FICTION_VERBS)}`;
    case 4:
      return `${head} ${r.pick(FICTION_FOR)}`;
    case 5:
      return `${r.pick(NAMES_IN_TITLES)} ${r.pick(FICTION_AND)}`;
    default:
      return `${r.pick(NUMBERS)} ${r.pick(COUNTED)} ${r.pick(['di', 'untuk', 'tentang', 'bersama'])} ${r.pick([...NAMES_IN_TITLES, ...local.places.slice(0, 4)])}`;
  }
}

const GENRES: GenreSpec[] = [
  {
    genre: 'fiction',
    weight: 15,
    shelf: 'general',
    publishers: ['gramedia', 'gramedia', 'bentang', 'mizan', 'gagas', 'grasindo', 'kpg', 'balaiPustaka', 'elex', 'andi'],
    popularity: 2.2,
    make: (r, local) => ({ title: fictionTitle(r, local), subtitle: maybe(r, 0.25, () => r.pick(NOVEL_SUBTITLES)), ddc: '899.221 3' }),
  },
  {
    genre: 'fiction',
    weight: 2.5,
    shelf: 'general',
    publishers: ['gramedia', 'kompas', 'balaiPustaka', 'bentang', 'deepublish'],
    popularity: 1.2,
    make: (r, local) => {
      const poetry = r.chance(0.4);
      return {
        title: poetry ? `${r.pick(FICTION_HEADS)} ${r.pick([...FICTION_VERBS, ...FICTION_PLACES])}` : `${r.pick(FICTION_HEADS)} di ${r.pick(local.places)}`,
        subtitle: poetry ? 'Antologi Puisi' : r.pick(['Kumpulan Cerpen', 'Antologi Cerita Pendek', 'Kumpulan Cerita Pendek']),
        ddc: poetry ? '899.221 1' : '899.221 301',
      };
    },
  },
  {
    genre: 'children',
    weight: 11,
    shelf: 'children',
    publishers: ['bip', 'elex', 'gramedia', 'tigaSerangkai', 'kanisius', 'erlangga', 'bentang', 'mizan', 'grasindo'],
    popularity: 2.4,
    make: (r) => ({ title: `${r.pick(CHILD_HEROES)} ${r.pick(CHILD_STORIES)}`, subtitle: maybe(r, 0.5, () => r.pick(CHILD_SERIES)), ddc: '899.221 3' }),
  },
  {
    genre: 'children',
    weight: 4,
    shelf: 'children',
    publishers: ['bip', 'elex', 'erlangga', 'tigaSerangkai', 'yrama', 'gramedia'],
    popularity: 1.6,
    make: (r) => {
      const [title, ddc] = r.pick(CHILD_NONFICTION);
      return { title, subtitle: maybe(r, 0.7, () => `${r.pick(CHILD_SERIES)} ${r.int(1, 12)}`), ddc };
    },
  },
  {
    genre: 'comics',
    weight: 4,
    shelf: (r) => (r.chance(0.55) ? 'children' : 'general'),
    publishers: ['elex', 'mc', 'gramedia', 'bip', 'kesaint'],
    popularity: 3,
    make: (r) => ({ title: `${r.pick(COMIC_SERIES)} ${r.int(1, 40)}`, subtitle: r.pick(COMIC_EPISODES), ddc: '741.595 98' }),
  },
  {
    genre: 'religion',
    weight: 11,
    shelf: (r) => (r.chance(0.12) ? 'children' : 'general'),
    publishers: [],
    popularity: 1,
    make: (r, local) => {
      const christian = r.chance(local.christian);
      const [topic, ddc] = r.pick(christian ? CHRISTIAN : ISLAM);
      return {
        title: shape(r, topic),
        subtitle: maybe(r, 0.4, () =>
          r.pick(
            christian
              ? ['Bacaan untuk Jemaat', 'Bahan Katekese', 'Untuk Keluarga Kristen', 'Edisi Revisi']
              : ['Sesuai Al-Quran dan Sunnah', 'Untuk Keluarga Muslim', 'Kajian Kitab Klasik', 'Edisi Revisi'],
          ),
        ),
        ddc,
        publisher: christian ? r.pick(['gunungMulia', 'kanisius', 'nusaIndah', 'andi', 'obor']) : r.pick(['mizan', 'gemaInsani', 'pustakaAlKautsar', 'erlangga', 'tigaSerangkai']),
      };
    },
  },
  {
    genre: 'school',
    weight: 9,
    shelf: 'general',
    publishers: ['erlangga', 'erlangga', 'yrama', 'grasindo', 'tigaSerangkai', 'bumiAksara', 'balaiPustaka', 'bip'],
    popularity: 1.3,
    make: (r) => {
      const [subject, ddc] = r.pick(SCHOOL_SUBJECTS);
      return { title: `${r.pick(SCHOOL_KINDS)} ${subject}`, subtitle: `${r.pick(SCHOOL_LEVELS)}${r.chance(0.3) ? `, Semester ${r.int(1, 2)}` : ''}`, ddc };
    },
  },
  {
    genre: 'social',
    weight: 11,
    shelf: 'general',
    publishers: ['rajawali', 'kompas', 'deepublish', 'deepublish', 'kpg', 'obor', 'gramedia', 'bumiAksara', 'kanisius'],
    popularity: 0.7,
    make: fromTopics(SOCIAL),
  },
  {
    genre: 'applied',
    weight: 16,
    shelf: 'general',
    publishers: ['penebar', 'agromedia', 'gramedia', 'demedia', 'deepublish', 'elex', 'andi', 'kanisius'],
    popularity: 1,
    make: fromTopics(APPLIED),
  },
  { genre: 'science', weight: 4, shelf: 'general', publishers: ['erlangga', 'gramedia', 'kpg', 'andi', 'deepublish'], popularity: 0.6, make: fromTopics(SCIENCE) },
  { genre: 'arts', weight: 4, shelf: 'general', publishers: ['gramedia', 'elex', 'kanisius', 'demedia', 'andi'], popularity: 0.8, make: fromTopics(ARTS) },
  { genre: 'history', weight: 6, shelf: 'general', publishers: ['kpg', 'kompas', 'obor', 'balaiPustaka', 'gramedia', 'deepublish'], popularity: 0.7, make: fromTopics(HISTORY) },
  { genre: 'self', weight: 4, shelf: 'general', publishers: ['gramedia', 'elex', 'mizan', 'bentang', 'kanisius', 'andi'], popularity: 1.4, make: fromTopics(SELF) },
  {
    genre: 'reference',
    weight: 2,
    shelf: 'reference',
    publishers: ['balaiPustaka', 'gramedia', 'erlangga', 'bip', 'grasindo'],
    popularity: 0.3,
    make: (r) => {
      const [title, ddc] = r.pick(REFERENCE);
      return { title, subtitle: r.chance(0.6) ? `Edisi ${r.pick(['Kelima', 'Keempat', 'Ketiga', 'Revisi', 'Terbaru'])}` : null, ddc };
    },
  },
  {
    genre: 'reference',
    weight: 1,
    shelf: 'general',
    publishers: ['perpusnas', 'deepublish', 'rajawali', 'kpg'],
    popularity: 0.4,
    make: (r) => ({
      title: shape(r, r.pick(['Ilmu Perpustakaan', 'Literasi Informasi', 'Katalogisasi', 'Perpustakaan Sekolah', 'Perpustakaan Digital', 'Promosi Perpustakaan', 'Budaya Baca'])),
      subtitle: maybe(r, 0.4, () => r.pick(NONFICTION_SUBTITLES)),
      ddc: r.pick(['020', '025.3', '027.4', '027.8', '028.9', '025.04', '021.7']),
    }),
  },
  {
    genre: 'serial',
    weight: 1.5,
    shelf: 'serial',
    material: MaterialType.SERIAL,
    publishers: ['gramedia', 'kompas'],
    noIsbn: 1,
    popularity: 0.8,
    make: (r) => {
      const [title, ddc] = r.pick(SERIALS);
      return { title, subtitle: `Vol. ${r.int(10, 60)}, No. ${r.int(1, 52)}`, ddc, authors: 'none' };
    },
  },
  {
    genre: 'media',
    weight: 1,
    shelf: 'multimedia',
    material: MaterialType.AUDIOVISUAL,
    publishers: ['perpusnas', 'kompas', 'elex'],
    noIsbn: 0.7,
    popularity: 0.7,
    make: (r, local) => ({
      title: `${r.pick(MEDIA)}: ${r.pick([...local.culture, ...local.places, ...CHILD_STORIES])}`,
      subtitle: r.pick(['DVD', 'CD Audio', 'Video']),
      ddc: r.pick(['791.43', '782.42', '781.62', '371.33']),
    }),
  },
  {
    genre: 'media',
    weight: 0.5,
    shelf: 'reference',
    material: MaterialType.MAP,
    publishers: ['perpusnas', 'erlangga'],
    noIsbn: 0.6,
    popularity: 0.3,
    make: (r, local) => ({
      title: `Peta ${r.pick([`Kota ${local.city}`, `Provinsi ${local.province}`, 'Indonesia', 'Wisata ' + local.city, 'Administrasi ' + local.province])}`,
      subtitle: `Skala 1:${r.pick(['25.000', '50.000', '250.000', '1.000.000'])}`,
      ddc: '912.598',
      authors: 'none',
    }),
  },
];

/** Local content: the city's history, peoples, crafts, folklore, language, economy, places; some printed locally without ISBN. */
const LOCAL_GENRES: GenreSpec[] = [
  {
    genre: 'local',
    weight: 2.5,
    shelf: 'general',
    publishers: [],
    local: true,
    noIsbn: 0.35,
    popularity: 1.1,
    from: 1985,
    make: (r, local) => {
      const h = r.pick(local.history);
      return {
        title: r.pick([`Sejarah ${h}`, h, `Menelusuri Jejak ${h}`, `${h} dalam Lintasan Sejarah`, `Mengenal ${h}`]),
        subtitle: maybe(r, 0.5, () => r.pick([`Sejarah ${local.province}`, 'Kajian Sejarah Lokal', `Dari Masa ke Masa`, 'Bunga Rampai', `Warisan Budaya ${local.city}`])),
        ddc: local.ddcHistory,
        authors: 'local',
      };
    },
  },
  {
    genre: 'local',
    weight: 2.5,
    shelf: 'general',
    publishers: [],
    local: true,
    noIsbn: 0.35,
    popularity: 1,
    from: 1985,
    make: (r, local) => {
      const c = r.pick(local.culture);
      const p = r.pick(local.peoples);
      return {
        title: r.pick([`${c}`, `${c} Masyarakat ${p}`, `Mengenal ${c}`, `Adat dan Budaya ${p}`, `${c}: Warisan Budaya ${p}`, `Kearifan Lokal Masyarakat ${p}`, `Ragam Hias ${c}`]),
        subtitle: maybe(r, 0.45, () => r.pick(['Kajian Etnografi', 'Makna dan Fungsi', 'Sebuah Pengantar', 'Dokumentasi Budaya', `Kebudayaan ${local.province}`])),
        ddc: c.match(/Tenun|Ulos|Hiou|Batik/) ? '746.1' : c.match(/Sasando|Gondang|Gong|Sholawat|Tari|Tortor/) ? '781.62' : '390.095 98',
        authors: 'local',
      };
    },
  },
  {
    genre: 'local',
    weight: 1.5,
    shelf: (r) => (r.chance(0.6) ? 'children' : 'general'),
    publishers: [],
    local: true,
    noIsbn: 0.25,
    popularity: 1.5,
    make: (r, local) => ({
      title: r.pick(local.folk),
      subtitle: r.pick([`Cerita Rakyat ${local.province}`, 'Seri Dongeng Nusantara', 'Cerita Bergambar', `Cerita Rakyat ${r.pick(local.peoples)}`, 'Dwibahasa']),
      ddc: '398.209 598',
      authors: 'local',
    }),
  },
  {
    genre: 'local',
    weight: 1,
    shelf: 'general',
    publishers: [],
    local: true,
    noIsbn: 0.4,
    popularity: 0.7,
    from: 1985,
    make: (r, local) => ({
      title: r.pick([
        `Kamus ${local.language.name}–Indonesia`,
        `Tata Bahasa ${local.language.name}`,
        `Belajar ${local.language.name}`,
        `Ungkapan dan Peribahasa ${local.language.name}`,
        `Sastra Lisan ${r.pick(local.peoples)}`,
      ]),
      subtitle: maybe(r, 0.5, () => r.pick(['Edisi Revisi', 'Untuk Sekolah Dasar', 'Muatan Lokal', 'Kajian Linguistik'])),
      ddc: local.language.ddc,
      language: r.chance(0.4) ? local.language.code : 'ind',
      authors: 'local',
    }),
  },
  {
    genre: 'local',
    weight: 1.5,
    shelf: 'general',
    publishers: [],
    local: true,
    noIsbn: 0.3,
    popularity: 0.9,
    make: (r, local) => {
      const food = r.chance(0.4);
      const topic = food ? r.pick(local.foods) : r.pick(local.economy);
      return {
        title: food
          ? r.pick([`Resep ${topic}`, `Kuliner Khas ${local.city}: ${topic}`, `Masakan ${r.pick(local.peoples)}`])
          : r.pick([`Pengembangan ${topic} di ${local.city}`, `Potensi ${topic}`, `${topic} dan Ekonomi Rakyat`, `Budidaya dan Pemasaran ${topic}`]),
        subtitle: maybe(r, 0.4, () => r.pick(['Potensi Daerah', 'Hasil Penelitian', 'Panduan Praktis', `Kajian di ${local.province}`])),
        ddc: food ? '641.595 98' : r.pick(['338.1', '330.959 8', '633', '639.2']),
        authors: 'local',
      };
    },
  },
  {
    genre: 'local',
    weight: 1,
    shelf: 'general',
    publishers: [],
    local: true,
    noIsbn: 0.3,
    popularity: 0.8,
    make: (r, local) => ({
      title: r.pick([
        `Pesona ${r.pick(local.places)}`,
        `Panduan Wisata ${local.city}`,
        `Jelajah ${r.pick(local.places)}`,
        `${local.city} dalam Angka ${r.int(2015, 2024)}`,
        `Profil ${local.city}`,
      ]),
      subtitle: maybe(r, 0.4, () => r.pick(['Panduan Wisata', `Destinasi ${local.province}`, 'Fotografi', 'Data dan Informasi'])),
      ddc: r.pick(['915.986', '915.98', '338.479 159 8', '315.98']),
      authors: r.chance(0.3) ? 'none' : 'local',
    }),
  },
  {
    genre: 'thesis',
    weight: 1,
    shelf: 'reference',
    material: MaterialType.THESIS,
    publishers: [],
    local: true,
    noIsbn: 1,
    popularity: 0.2,
    make: (r, local, libraryId) => ({
      title: `${r.pick(THESIS_TOPICS)} di ${r.pick([`Kota ${local.city}`, `Kelurahan ${r.pick(local.places)}`, local.province])}`,
      subtitle: `Skripsi`,
      ddc: r.pick(['020', '307.72', '338.1', '352.14', '370.1', '658.8', '363.7']),
      authors: 'local',
      publisher: r.pick(UNIVERSITIES[libraryId]),
    }),
  },
];

/** Religion in the city's mix: Kupang and Pematang Siantar mostly Christian, Baubau and Pasuruan Muslim (Pasuruan, the city of pesantren, reads more of it). */
const RELIGION_WEIGHT: Record<string, number> = { kupang: 9, baubau: 11, pasuruan: 15, 'pematang-siantar': 9 };

/** Wolio manuscripts: a handful of copies of the sultanate's texts, not for loan. */
const MANUSCRIPTS = [
  'Kabanti Bula Malino',
  'Kabanti Kanturuna Mohelana',
  'Hikayat Sultan Buton',
  'Undang-Undang Martabat Tujuh',
  'Silsilah Raja-Raja Buton',
  'Kitab Sara Wolio',
  'Ajonga Inda Malusa',
  'Surat Sultan Buton kepada VOC',
];

// ---- the catalogue --------------------------------------------------------------------------

interface Allocator {
  next(publisher: PublisherKey, group: 979 | 602 | 623): string | null;
}

/**
 * ISBNs unique across the four cities without knowing each other: in a registrant, the k-th title
 * of library L gets article number 4k + L (the libraries interleave), so no two collide.
 */
function isbnAllocator(libraryIndex: number): Allocator {
  const used = new Map<string, number>();
  return {
    next(key, group) {
      const prefixes = PUBLISHERS[key][group];
      if (!prefixes) return null;
      const k = used.get(`${key}:${group}`) ?? 0;
      used.set(`${key}:${group}`, k + 1);
      let g = 4 * k + libraryIndex + 1; // article 0 is left unused
      for (const prefix of prefixes) {
        const capacity = 10 ** (12 - prefix.length);
        if (g < capacity) {
          const first12 = prefix + String(g).padStart(12 - prefix.length, '0');
          return first12 + isbn13CheckDigit(first12);
        }
        g -= capacity;
      }
      return null;
    },
  };
}

const LIBRARY_INDEX: Record<string, number> = { kupang: 0, baubau: 1, pasuruan: 2, 'pematang-siantar': 3 };

function nationalAuthor(r: DemoRandom): string {
  return `${r.pick(NATIONAL_GIVEN)} ${r.pick(NATIONAL_FAMILY)}`;
}

const subjectCache = new Map<string, string[]>();
function subjectsOf(ddc: string, shelf: Shelf, local: string | undefined, materialType: MaterialType): string[] {
  const key = `${ddc}|${shelf}|${local}|${materialType}`;
  let s = subjectCache.get(key);
  if (!s) {
    s = demoSubjects({ ddc, shelf, localTo: local, materialType });
    subjectCache.set(key, s);
  }
  return s;
}

/** The last year a title bought by the load day can be of, and the part of it gone by then (its later titles were not yet out). */
interface Years {
  last: number;
  part: number;
}

/** A year in lo…years.last, each as likely, the last one in proportion to the part of it gone by. */
function yearFrom(r: DemoRandom, lo: number, years: Years): number {
  if (lo >= years.last) return years.last;
  return Math.min(years.last, lo + Math.floor(r.float() * (years.last - lo + years.part)));
}

/**
 * A publication year: mostly 2000 onwards, a few older; never after the year the library could have bought it.
 * About as many titles of each year since 2000 (the library buys some 4–7 % of its stock a year, most of it new
 * titles, and weeds the worn-out ones), the current year's in proportion to the part of it gone by.
 */
function publicationYear(r: DemoRandom, from: number, years: Years): number {
  const u = r.float();
  if (u < 0.08 && from < 2000) return r.int(from, 1999);
  return yearFrom(r, Math.max(from, 2000), years);
}

/** `count` records of one library, ids demoId('record', libraryId, n). */
export function cityCatalogue(libraryId: string, count: number, loadDay: string): CityTitle[] {
  const r = demoRandom(`collections:city:catalogue:${libraryId}`);
  const local = LOCAL[libraryId];
  const isbn = isbnAllocator(LIBRARY_INDEX[libraryId]);
  // A copy is bought at least a month after the book is out: the newest titles are of last year when the load day is in January.
  const latest = addMonthsBack(loadDay);
  const lastYear = Number(latest.slice(0, 4));
  const years: Years = { last: lastYear, part: (Date.parse(`${latest}T00:00:00Z`) - Date.parse(`${lastYear}-01-01T00:00:00Z`)) / 86_400_000 / 365 };
  const specs = [...GENRES.map((g) => (g.genre === 'religion' ? { ...g, weight: RELIGION_WEIGHT[libraryId] } : g)), ...LOCAL_GENRES];
  const total = specs.reduce((s, g) => s + g.weight, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const g of specs) cumulative.push((acc += g.weight / total));
  const seen = new Set<string>();
  const out: CityTitle[] = [];
  const manuscripts = libraryId === 'baubau' ? Math.min(MANUSCRIPTS.length, Math.max(2, Math.round(count / 1500))) : 0;

  for (let n = 0; n < count; n++) {
    if (n >= count - manuscripts) {
      const title = MANUSCRIPTS[count - 1 - n];
      const authors: string[] = [];
      out.push({
        record: {
          id: demoId('record', libraryId, n),
          title,
          subtitle: 'Naskah Wolio (salinan)',
          authors,
          publisher: 'Koleksi Naskah Keraton Buton',
          publishedYear: r.int(1820, 1930),
          edition: null,
          isbn: null,
          language: r.chance(0.5) ? 'ara' : 'mis',
          materialType: MaterialType.MANUSCRIPT,
          ddc: '899.2',
          callNumber: deriveCallNumber('899.2', authors, title),
          subjects: subjectsOf('899.2', 'reference', libraryId, MaterialType.MANUSCRIPT),
        },
        shelf: 'reference',
        genre: 'local',
        local: true,
        popularity: 0,
      });
      continue;
    }
    const u = r.float();
    let gi = 0;
    while (cumulative[gi] < u && gi < specs.length - 1) gi++;
    const spec = specs[gi];
    let made = spec.make(r, local, libraryId);
    for (let attempt = 0; attempt < 4 && seen.has(`${made.title}|${made.subtitle ?? ''}`); attempt++) made = spec.make(r, local, libraryId);
    let key = `${made.title}|${made.subtitle ?? ''}`;
    if (seen.has(key)) {
      // The next volume of the work.
      let vol = 2;
      const volume = (v: number) => `${made.subtitle ? `${made.subtitle}, ` : ''}Jilid ${v}`;
      while (seen.has(`${made.title}|${volume(vol)}`)) vol++;
      made = { ...made, subtitle: volume(vol) };
      key = `${made.title}|${made.subtitle}`;
    }
    seen.add(key);
    const shelf = typeof spec.shelf === 'function' ? spec.shelf(r) : spec.shelf;
    const materialType = spec.material ?? MaterialType.BOOK;

    // Publisher: the title's own (religion, theses), else the genre's or, for local content, a local one or a national one.
    let publisherKey: PublisherKey | undefined;
    let publisherName: string;
    if (made.publisher && made.publisher in PUBLISHERS) publisherKey = made.publisher;
    else if (!made.publisher && spec.local)
      publisherKey = r.chance(0.6) ? r.pick(LOCAL_PUBLISHERS[libraryId]) : r.pick(['deepublish', 'obor', 'kpg', 'balaiPustaka'] as PublisherKey[]);
    else if (!made.publisher) publisherKey = r.pick(spec.publishers);
    publisherName = publisherKey ? PUBLISHERS[publisherKey].name : made.publisher!;

    const withoutIsbn = spec.noIsbn !== undefined && r.chance(spec.noIsbn);
    let year = publicationYear(r, spec.from ?? 1995, years);
    if (materialType === MaterialType.SERIAL) year = yearFrom(r, lastYear - 6, years);
    let recordIsbn: string | null = null;
    if (!withoutIsbn && publisherKey) {
      const p = PUBLISHERS[publisherKey];
      if (!p[979] && year < 2010) year = yearFrom(r, 2010, years);
      if (!p[602] && year < 2019 && !p[979]) year = yearFrom(r, 2019, years);
      const group = year < 2010 ? 979 : year < 2019 ? 602 : 623;
      recordIsbn = isbn.next(publisherKey, group) ?? isbn.next(publisherKey, 623);
    } else if (withoutIsbn && spec.local && materialType === MaterialType.BOOK) {
      // Printed by the city's offices and printers, before or without an ISBN.
      publisherName = r.pick(LOCAL_IMPRINTS[libraryId]);
      year = Math.min(year, r.int(1985, 2012));
    }

    const authorKind = made.authors ?? (spec.local ? 'local' : 'national');
    const authors: string[] = [];
    if (authorKind !== 'none') {
      const many = r.chance(materialType === MaterialType.THESIS ? 0 : 0.22) ? r.int(2, 3) : 1;
      for (let a = 0; a < many; a++) authors.push(authorKind === 'local' || r.chance(0.08) ? cityPerson(r, libraryId).name : nationalAuthor(r));
    }
    const edition = recordIsbn && materialType === MaterialType.BOOK && r.chance(0.25) ? `Cetakan ke-${r.int(2, 9)}` : null;
    const language = made.language ?? (spec.genre === 'religion' && r.chance(0.04) ? 'ara' : r.chance(0.015) ? 'eng' : 'ind');
    // Demand: the genre's, a wide spread between titles, and recent titles asked for more.
    const age = lastYear - year;
    const popularity = spec.popularity * Math.exp(0.9 * normal(r)) * (age <= 2 ? 1.8 : age <= 6 ? 1.2 : age <= 12 ? 0.8 : 0.5);
    out.push({
      record: {
        id: demoId('record', libraryId, n),
        title: made.title,
        subtitle: made.subtitle ?? null,
        authors,
        publisher: publisherName,
        publishedYear: year,
        edition,
        isbn: recordIsbn,
        language,
        materialType,
        ddc: made.ddc,
        callNumber: deriveCallNumber(made.ddc, authors, made.title),
        subjects: subjectsOf(made.ddc, shelf, spec.local ? libraryId : undefined, materialType),
      },
      shelf,
      genre: spec.genre,
      local: !!spec.local,
      popularity,
    });
  }
  return out;
}

function addMonthsBack(loadDay: string): string {
  const d = new Date(`${loadDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 45);
  return d.toISOString().slice(0, 10);
}

/** A standard normal deviate. */
export function normal(r: DemoRandom): number {
  return Math.sqrt(-2 * Math.log(1 - r.float())) * Math.cos(2 * Math.PI * r.float());
}
