import { demoId } from '../../../../shared/domain/demo';
import type { DemoPartnerKind, DemoRandom } from '../../../../shared/domain/demo-city';

/**
 * Where the city demo's partners are: streets and kelurahan of each city, its telephone area
 * code, and the partners several cities share (national and provincial bodies).
 */

export interface CityPlaces {
  /** Landline area code (0380 Kupang, 0402 Baubau, 0343 Pasuruan, 0622 Pematang Siantar). */
  areaCode: string;
  streets: string[];
  /** Kelurahan (or kecamatan) named in addresses. */
  areas: string[];
}

export const CITY_PLACES: Record<string, CityPlaces> = {
  kupang: {
    areaCode: '0380',
    streets: [
      'Jl. El Tari',
      'Jl. Timor Raya',
      'Jl. W.J. Lalamentik',
      'Jl. Frans Seda',
      'Jl. Adisucipto',
      'Jl. Jenderal Sudirman',
      'Jl. Piet A. Tallo',
      'Jl. Perintis Kemerdekaan',
      'Jl. Cak Doko',
      'Jl. Moh. Hatta',
      'Jl. Herewila',
      'Jl. Kejora',
    ],
    areas: ['Oebobo', 'Kelapa Lima', 'Oesapa', 'Naikoten I', 'Fatululi', 'Liliba', 'Penfui', 'Maulafa', 'Alak', 'Kuanino', 'Fontein', 'Oepura', 'Pasir Panjang'],
  },
  baubau: {
    areaCode: '0402',
    streets: [
      'Jl. Betoambari',
      'Jl. Sultan Hasanuddin',
      'Jl. Yos Sudarso',
      'Jl. Dayanu Ikhsanuddin',
      'Jl. Budi Utomo',
      'Jl. Erlangga',
      'Jl. R.A. Kartini',
      'Jl. Pahlawan',
      'Jl. Anoa',
      'Jl. Murhum',
      'Jl. Balai Kota',
    ],
    areas: ['Wale', 'Tomba', 'Bataraguru', 'Wangkanapi', 'Lipu', 'Katobengke', 'Bukit Wolio Indah', 'Kaisabu Baru', 'Lamangga', 'Nganganaumala', 'Waborobo'],
  },
  pasuruan: {
    areaCode: '0343',
    streets: [
      'Jl. Pahlawan',
      'Jl. Soekarno Hatta',
      'Jl. Panglima Sudirman',
      'Jl. Hayam Wuruk',
      'Jl. Veteran',
      'Jl. Untung Suropati',
      'Jl. Dr. Wahidin Sudirohusodo',
      'Jl. Ir. H. Juanda',
      'Jl. Kyai Sepuh',
      'Jl. Gajah Mada',
      'Jl. Sultan Agung',
    ],
    areas: ['Purworejo', 'Bugul Kidul', 'Gadingrejo', 'Panggungrejo', 'Bugul Lor', 'Kebonagung', 'Pekuncen', 'Karanganyar', 'Trajeng', 'Mandaranrejo', 'Tembokrejo', 'Sekargadung'],
  },
  'pematang-siantar': {
    areaCode: '0622',
    streets: [
      'Jl. Merdeka',
      'Jl. Sutomo',
      'Jl. Sudirman',
      'Jl. Ahmad Yani',
      'Jl. Diponegoro',
      'Jl. Sangnawaluh',
      'Jl. Medan',
      'Jl. Asahan',
      'Jl. Kartini',
      'Jl. Pdt. J. Wismar Saragih',
      'Jl. Gereja',
      'Jl. Viyata Yudha',
    ],
    areas: [
      'Siantar Barat',
      'Siantar Timur',
      'Siantar Utara',
      'Siantar Selatan',
      'Siantar Marihat',
      'Siantar Martoba',
      'Siantar Sitalasari',
      'Siantar Marimbun',
      'Bah Kapul',
      'Martimbang',
    ],
  },
};

/** An address in the city: street, number, kelurahan, city. */
export function cityAddress(rng: DemoRandom, libraryId: string, city: string): string {
  const places = CITY_PLACES[libraryId];
  return `${rng.pick(places.streets)} No. ${rng.int(1, 160)}, ${rng.pick(places.areas)}, Kota ${city}`;
}

/** An office landline in the city: area code and a 6-digit number (7 digits in Jakarta, Surabaya and Medan). */
export function landline(rng: DemoRandom, areaCode: string): string {
  const digits = ['021', '031', '061'].includes(areaCode) ? 7 : 6;
  return `${areaCode}${rng.int(2, 8)}${String(rng.int(0, 10 ** (digits - 1) - 1)).padStart(digits - 1, '0')}`;
}

/** An Indonesian mobile number with a real operator prefix (0811…, 0852…, 0878…). */
export function mobileNumber(rng: DemoRandom): string {
  return `08${rng.pick(['11', '12', '13', '21', '22', '52', '53', '57', '77', '78', '95', '96'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
}

/** A partner several demo libraries share (or a province's library for one city): demoId('partner', 'regional', n). */
export interface SharedPartner {
  id: string;
  name: string;
  kind: DemoPartnerKind;
  city: string;
  address: string;
  areaCode: string;
  domain: string;
  /** Whose names its contact person has (a city's name pools). */
  namesOf: string;
  libraries: string[];
}

const shared = (n: number, p: Omit<SharedPartner, 'id'>): SharedPartner => ({ id: demoId('partner', 'regional', n), ...p });

/**
 * The national library works with every city (its inclusion programme, collection aid); the
 * national radio with two; each province's library with its own city. The ids are the fixture's
 * where the fixture has the same institution.
 */
export const SHARED_PARTNERS: SharedPartner[] = [
  shared(0, {
    name: 'Perpustakaan Nasional Republik Indonesia',
    kind: 'GOVERNMENT_AGENCY',
    city: 'Jakarta Pusat',
    address: 'Jl. Medan Merdeka Selatan No. 11, Gambir, Jakarta Pusat',
    areaCode: '021',
    domain: 'perpusnas.go.id',
    namesOf: 'pasuruan',
    libraries: ['kupang', 'baubau', 'pasuruan', 'pematang-siantar'],
  }),
  shared(1, {
    name: 'Dinas Perpustakaan dan Kearsipan Provinsi Nusa Tenggara Timur',
    kind: 'LIBRARY',
    city: 'Kupang',
    address: 'Jl. Jenderal Soeharto No. 50, Naikoten I, Kota Kupang',
    areaCode: '0380',
    domain: 'nttprov.go.id',
    namesOf: 'kupang',
    libraries: ['kupang'],
  }),
  shared(2, {
    name: 'LPP Radio Republik Indonesia',
    kind: 'MEDIA',
    city: 'Jakarta Pusat',
    address: 'Jl. Medan Merdeka Barat No. 4-5, Gambir, Jakarta Pusat',
    areaCode: '021',
    domain: 'rri.go.id',
    namesOf: 'pasuruan',
    libraries: ['pasuruan', 'pematang-siantar'],
  }),
  shared(3, {
    name: 'Dinas Perpustakaan dan Kearsipan Provinsi Jawa Timur',
    kind: 'LIBRARY',
    city: 'Surabaya',
    address: 'Jl. Menur Pumpungan No. 32, Sukolilo, Kota Surabaya',
    areaCode: '031',
    domain: 'jatimprov.go.id',
    namesOf: 'pasuruan',
    libraries: ['pasuruan'],
  }),
  shared(4, {
    name: 'Dinas Perpustakaan dan Arsip Daerah Provinsi Sumatera Utara',
    kind: 'LIBRARY',
    city: 'Medan',
    address: 'Jl. Brigjend Katamso No. 45 A, Medan Maimun, Kota Medan',
    areaCode: '061',
    domain: 'sumutprov.go.id',
    namesOf: 'pematang-siantar',
    libraries: ['pematang-siantar'],
  }),
  shared(5, {
    name: 'Dinas Perpustakaan dan Kearsipan Provinsi Sulawesi Tenggara',
    kind: 'LIBRARY',
    city: 'Kendari',
    address: 'Jl. Drs. H. Abdullah Silondae No. 8, Mandonga, Kota Kendari',
    areaCode: '0401',
    domain: 'sultraprov.go.id',
    namesOf: 'baubau',
    libraries: ['baubau'],
  }),
];
