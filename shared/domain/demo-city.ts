import { createHash } from 'node:crypto';
import type { Faker } from '@faker-js/faker';
import type { DemoSettings } from '../platform/config';
import { addDays, todayAt } from '../platform/time';
import { DEMO_LIBRARIES, DEMO_PARTNERS, DEMO_PARTNER_KINDS, demoFaker } from './demo';
import { CITY_ANNIVERSARIES, CLOSED_WEEKDAYS, NATIONAL_HOLIDAYS } from './demo-calendar';

/**
 * The city-scale demo: what every subgraph's generator shares, so that the four agree on who and
 * what exists (ids stay `demoId(kind, libraryId, i)`; this file says how many `i` there are) and
 * on the shape of the year (holidays, school terms, Ramadan), without reading each other's tables.
 *
 * The data covers DEMO_HISTORY_DAYS before the load day, up to yesterday, and a near future
 * (events and programmes ahead, loans due). Volumes follow each city's population; see
 * docs/demo.md for the figures and their sources.
 */

export type DemoPartnerKind = 'SCHOOL' | 'UNIVERSITY' | 'LIBRARY' | 'GOVERNMENT_AGENCY' | 'COMPANY' | 'COMMUNITY_ORGANISATION' | 'MEDIA';

/** Days of history before the load day: 24 months. */
export const DEMO_HISTORY_DAYS = 730;

export interface CityProfile {
  libraryId: string;
  population: number;
  /** Card holders (people and institutions). */
  members: number;
  /** Bibliographic records and copies. */
  titles: number;
  copies: number;
  /** Loans in an average year (the seasonal shape spreads them over the days). */
  loansPerYear: number;
  /** Visitors on an average open day. */
  visitsPerOpenDay: number;
  /** Public events a year (reading clubs' sessions count one each). */
  eventsPerYear: number;
  /** Librarians and other staff in the directory. */
  staff: number;
  /** Partner institutions (schools, universities, communities, companies …). */
  partners: number;
  /** How much Ramadan lowers demand (0–1): a Muslim-majority city reads less in the fasting month's afternoons. */
  ramadanDip: number;
  /** How much the Christmas–New Year fortnight lowers demand (0–1). */
  christmasDip: number;
  /** Year-on-year growth of demand (a library that promotes itself grows). */
  yearlyGrowth: number;
}

type ProfileBase = Omit<CityProfile, 'libraryId' | 'population'>;

/**
 * Per city at scale 1. Members are 2.6–3.6 % of inhabitants; 2.8 copies a title; 8–11 loans per
 * member a year; each city differs in its staff, season and habits.
 */
const PROFILES: Record<string, ProfileBase> = {
  kupang: {
    members: 13_300,
    titles: 18_000,
    copies: 52_000,
    loansPerYear: 105_000,
    visitsPerOpenDay: 420,
    eventsPerYear: 180,
    staff: 34,
    partners: 22,
    ramadanDip: 0.05,
    christmasDip: 0.45,
    yearlyGrowth: 0.08,
  },
  baubau: {
    members: 5_700,
    titles: 11_000,
    copies: 31_000,
    loansPerYear: 62_000,
    visitsPerOpenDay: 190,
    eventsPerYear: 110,
    staff: 17,
    partners: 12,
    ramadanDip: 0.3,
    christmasDip: 0.1,
    yearlyGrowth: 0.12,
  },
  pasuruan: {
    members: 6_650,
    titles: 13_500,
    copies: 38_000,
    loansPerYear: 78_000,
    visitsPerOpenDay: 260,
    eventsPerYear: 150,
    staff: 23,
    partners: 16,
    ramadanDip: 0.3,
    christmasDip: 0.1,
    yearlyGrowth: 0.05,
  },
  'pematang-siantar': {
    members: 7_000,
    titles: 14_500,
    copies: 41_000,
    loansPerYear: 70_000,
    visitsPerOpenDay: 230,
    eventsPerYear: 120,
    staff: 26,
    partners: 18,
    ramadanDip: 0.12,
    christmasDip: 0.35,
    yearlyGrowth: 0.03,
  },
};

/** The city's profile, volumes multiplied by `scale` (never below what the features need to show: a few of each). */
export function cityProfile(libraryId: string, scale = 1): CityProfile {
  const base = PROFILES[libraryId];
  const library = DEMO_LIBRARIES.find((l) => l.id === libraryId);
  if (!base || !library) throw new Error(`No demo profile for library ${libraryId}`);
  const scaled = (n: number, min: number) => Math.max(min, Math.round(n * scale));
  return {
    ...base,
    libraryId,
    population: library.population,
    members: scaled(base.members, 40),
    titles: scaled(base.titles, 60),
    copies: scaled(base.copies, 120),
    loansPerYear: scaled(base.loansPerYear, 400),
    visitsPerOpenDay: scaled(base.visitsPerOpenDay, 10),
    eventsPerYear: scaled(base.eventsPerYear, 12),
    // People and partners do not shrink below a library's real minimum.
    staff: Math.max(8, Math.round(base.staff * Math.min(1, scale * 4))),
    partners: Math.max(DEMO_PARTNER_KINDS.length, Math.round(base.partners * Math.min(1, scale * 4))),
  };
}

/** The day the demo is loaded for, in the library's zone: DEMO_TODAY when set, else today. Its history ends the day before. */
export function demoLoadDay(settings: Pick<DemoSettings, 'today'>, timezone: string, at?: Date): string {
  return settings.today ?? todayAt({ timezone }, at);
}

/** The first and last day of the history for a load day. */
export function demoWindow(loadDay: string): { from: string; through: string } {
  return { from: addDays(loadDay, -DEMO_HISTORY_DAYS), through: addDays(loadDay, -1) };
}

// ---------------------------------------------------------------------------------------------
// The year: holidays, school terms, Ramadan.

/** National holidays before and after the fixture's years (the fixture seeds NATIONAL_HOLIDAYS, 2026–2027, only). */
const OTHER_NATIONAL_HOLIDAYS: [string, string][] = [
  ['2024-01-01', 'Tahun Baru 2024 Masehi'],
  ['2024-02-08', 'Isra Mikraj Nabi Muhammad SAW'],
  ['2024-02-10', 'Tahun Baru Imlek 2575 Kongzili'],
  ['2024-03-11', 'Hari Suci Nyepi (Tahun Baru Saka 1946)'],
  ['2024-03-29', 'Wafat Yesus Kristus'],
  ['2024-03-31', 'Kebangkitan Yesus Kristus (Paskah)'],
  ['2024-04-10', 'Idul Fitri 1445 H'],
  ['2024-04-11', 'Idul Fitri 1445 H'],
  ['2024-05-01', 'Hari Buruh Internasional'],
  ['2024-05-09', 'Kenaikan Yesus Kristus'],
  ['2024-05-23', 'Hari Raya Waisak 2568 BE'],
  ['2024-06-01', 'Hari Lahir Pancasila'],
  ['2024-06-17', 'Idul Adha 1445 H'],
  ['2024-07-07', 'Tahun Baru Islam 1446 H'],
  ['2024-08-17', 'Hari Kemerdekaan Republik Indonesia'],
  ['2024-09-16', 'Maulid Nabi Muhammad SAW'],
  ['2024-12-25', 'Hari Raya Natal'],
  ['2025-01-01', 'Tahun Baru 2025 Masehi'],
  ['2025-01-27', 'Isra Mikraj Nabi Muhammad SAW'],
  ['2025-01-29', 'Tahun Baru Imlek 2576 Kongzili'],
  ['2025-03-29', 'Hari Suci Nyepi (Tahun Baru Saka 1947)'],
  ['2025-03-31', 'Idul Fitri 1446 H'],
  ['2025-04-01', 'Idul Fitri 1446 H'],
  ['2025-04-18', 'Wafat Yesus Kristus'],
  ['2025-04-20', 'Kebangkitan Yesus Kristus (Paskah)'],
  ['2025-05-01', 'Hari Buruh Internasional'],
  ['2025-05-12', 'Hari Raya Waisak 2569 BE'],
  ['2025-05-29', 'Kenaikan Yesus Kristus'],
  ['2025-06-01', 'Hari Lahir Pancasila'],
  ['2025-06-06', 'Idul Adha 1446 H'],
  ['2025-06-27', 'Tahun Baru Islam 1447 H'],
  ['2025-08-17', 'Hari Kemerdekaan Republik Indonesia'],
  ['2025-09-05', 'Maulid Nabi Muhammad SAW'],
  ['2025-12-25', 'Hari Raya Natal'],
];

/** Holidays fixed in the solar calendar, for years the tables above do not list. */
const FIXED_DATE_HOLIDAYS: [string, string][] = [
  ['01-01', 'Tahun Baru Masehi'],
  ['05-01', 'Hari Buruh Internasional'],
  ['06-01', 'Hari Lahir Pancasila'],
  ['08-17', 'Hari Kemerdekaan Republik Indonesia'],
  ['12-25', 'Hari Raya Natal'],
];

/** Ramadan (first and last fasting day) and Idul Fitri, by the government's expected dates. */
const RAMADAN: { from: string; through: string; fitri: string }[] = [
  { from: '2024-03-12', through: '2024-04-09', fitri: '2024-04-10' },
  { from: '2025-03-01', through: '2025-03-30', fitri: '2025-03-31' },
  { from: '2026-02-18', through: '2026-03-19', fitri: '2026-03-20' },
  { from: '2027-02-08', through: '2027-03-09', fitri: '2027-03-10' },
  { from: '2028-01-28', through: '2028-02-25', fitri: '2028-02-26' },
  { from: '2029-01-16', through: '2029-02-13', fitri: '2029-02-14' },
];

/** National holidays between two days (inclusive): the tables where they reach, the solar-calendar ones elsewhere. */
export function nationalHolidaysBetween(from: string, through: string): [string, string][] {
  const listed = [...OTHER_NATIONAL_HOLIDAYS, ...NATIONAL_HOLIDAYS];
  const listedYears = new Set(listed.map(([d]) => d.slice(0, 4)));
  const out = listed.filter(([d]) => d >= from && d <= through);
  for (let year = Number(from.slice(0, 4)); year <= Number(through.slice(0, 4)); year++) {
    if (listedYears.has(String(year))) continue;
    for (const [md, name] of FIXED_DATE_HOLIDAYS) {
      const d = `${year}-${md}`;
      if (d >= from && d <= through) out.push([d, md === '01-01' ? `Tahun Baru ${year} Masehi` : name]);
    }
  }
  return out.sort(([a], [b]) => a.localeCompare(b));
}

/** The city's anniversaries between two days (its library closes). */
export function cityAnniversariesBetween(libraryId: string, from: string, through: string): [string, string][] {
  const [md, name] = CITY_ANNIVERSARIES[libraryId];
  const out: [string, string][] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(through.slice(0, 4)); year++) {
    const d = `${year}-${md}`;
    if (d >= from && d <= through) out.push([d, name]);
  }
  return out;
}

/**
 * Whether the library is open on a day: not its weekly closed day, not a national holiday, not the
 * city's anniversary, and not the collective leave (cuti bersama) around Idul Fitri.
 */
export function isOpenDay(libraryId: string, date: string): boolean {
  const weekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1; // ISO 1 = Monday
  if (CLOSED_WEEKDAYS[libraryId].includes(weekday)) return false;
  if (closedDays(libraryId).has(date)) return false;
  return true;
}

const closedCache = new Map<string, Set<string>>();
function closedDays(libraryId: string): Set<string> {
  let set = closedCache.get(libraryId);
  if (!set) {
    set = new Set([
      ...nationalHolidaysBetween('2024-01-01', '2029-12-31').map(([d]) => d),
      ...cityAnniversariesBetween(libraryId, '2024-01-01', '2029-12-31').map(([d]) => d),
      // Cuti bersama: the day before and the three days after Idul Fitri's first day.
      ...RAMADAN.flatMap((r) => [-1, 2, 3].map((n) => addDays(r.fitri, n))),
    ]);
    closedCache.set(libraryId, set);
  }
  return set;
}

function inRange(date: string, from: string, through: string): boolean {
  return date >= from && date <= through;
}

/** School holidays: the end of the school year (late June to mid July) and the semester break (late December to early January). */
export function isSchoolHoliday(date: string): boolean {
  const md = date.slice(5);
  return inRange(md, '06-22', '07-13') || md >= '12-20' || md <= '01-04';
}

/** Whether a day falls in Ramadan. */
export function isRamadan(date: string): boolean {
  return RAMADAN.some((r) => inRange(date, r.from, r.through));
}

/** Month shape: the school year starts in mid July, October is the language-and-literacy month, December is holidays. */
const MONTH_WEIGHT = [0.95, 1.0, 1.0, 1.0, 1.05, 0.9, 0.95, 1.15, 1.1, 1.15, 1.05, 0.8];
/** Monday … Sunday: Friday is short (Friday prayers), Saturday is for families. */
const WEEKDAY_WEIGHT = [1.1, 1.05, 1.0, 1.0, 0.8, 1.2, 1.0];

/**
 * How busy an open day is against the city's average (about 1): month, weekday, school holidays,
 * Ramadan, the Christmas fortnight and the city's growth over the history. 0 on a closed day.
 * Deterministic: generators add their own noise.
 */
export function demandWeight(profile: CityProfile, date: string, loadDay: string): number {
  if (!isOpenDay(profile.libraryId, date)) return 0;
  const d = new Date(`${date}T00:00:00Z`);
  let w = MONTH_WEIGHT[d.getUTCMonth()] * WEEKDAY_WEIGHT[(d.getUTCDay() + 6) % 7];
  if (isSchoolHoliday(date)) w *= 0.75;
  if (isRamadan(date)) w *= 1 - profile.ramadanDip;
  const md = date.slice(5);
  if (md >= '12-20' || md <= '01-02') w *= 1 - profile.christmasDip;
  const yearsBack = (Date.parse(`${loadDay}T00:00:00Z`) - d.getTime()) / (365 * 86_400_000);
  return w / (1 + profile.yearlyGrowth) ** yearsBack;
}

// ---------------------------------------------------------------------------------------------
// People: names by region, e-mail addresses, NIPs.

type Sex = 'female' | 'male';

interface NamePool {
  /** Share of the city's people from this group. */
  share: number;
  given: Record<Sex, string[]>;
  /** Family names (clan, marga, fam); empty where people carry none (Java, Madura). */
  family: string[];
  /** How a name is put together. */
  format?: (given: string, family: string | undefined, sex: Sex, rng: DemoRandom) => string;
}

const NTT_GIVEN: Record<Sex, string[]> = {
  female: [
    'Maria',
    'Agustina',
    'Yuliana',
    'Welhelmina',
    'Margaretha',
    'Elisabeth',
    'Adriana',
    'Yunita',
    'Selfina',
    'Novita',
    'Debora',
    'Ester',
    'Kristina',
    'Marlin',
    'Yasinta',
    'Fransiska',
    'Theresia',
    'Imelda',
    'Rambu',
    'Oktaviani',
    'Serlina',
    'Meliyanti',
  ],
  male: [
    'Yohanes',
    'Yosef',
    'Fransiskus',
    'Paulus',
    'Petrus',
    'Marthen',
    'Yakobus',
    'Dominggus',
    'Yermias',
    'Kornelis',
    'Ferdinand',
    'Imanuel',
    'Oktovianus',
    'Melkianus',
    'Agustinus',
    'Stefanus',
    'Aloysius',
    'Benediktus',
    'Yunus',
    'Semuel',
    'Daniel',
    'Frits',
  ],
};

const MUSLIM_GIVEN: Record<Sex, string[]> = {
  female: [
    'Siti',
    'Nurhayati',
    'Hasna',
    'Salma',
    'Asmawati',
    'Rahmawati',
    'Fitriani',
    'Nurjannah',
    'Halimah',
    'Sitti Aisyah',
    'Rosdiana',
    'Nurul',
    'Hasmiati',
    'Marlina',
    'Suriani',
    'Rosmini',
  ],
  male: [
    'Muhammad',
    'Ali',
    'Rahman',
    'Syarif',
    'Hamid',
    'Abdul Gafur',
    'Husein',
    'Rusli',
    'Arifin',
    'Amiruddin',
    'Sirad',
    'Hasanuddin',
    'Kamaruddin',
    'Jusman',
    'Rahim',
    'Saharuddin',
  ],
};

/** Name pools per city: who lives there. */
const NAMES: Record<string, NamePool[]> = {
  kupang: [
    {
      share: 0.45, // Timorese (Atoni, Dawan)
      given: NTT_GIVEN,
      family: [
        'Benu',
        'Nenobais',
        'Tefa',
        'Taneo',
        'Nubatonis',
        'Banunaek',
        'Bani',
        'Kase',
        'Oematan',
        'Nitbani',
        'Boimau',
        'Tanesib',
        'Selan',
        'Amalo',
        'Sole',
        'Neonufa',
        'Liu',
        'Taek',
      ],
    },
    {
      share: 0.25, // Rotenese
      given: NTT_GIVEN,
      family: ['Ndun', 'Manafe', 'Messakh', 'Pellokila', 'Tallo', 'Henuk', 'Mooy', 'Zacharias', 'Adoe', 'Lenggu', 'Nalle', 'Foenay', 'Bessie', 'Ndoen', 'Dethan', 'Mandala'],
    },
    {
      share: 0.15, // Sabu
      given: NTT_GIVEN,
      family: ['Radja', 'Bire', 'Kore', 'Djami', 'Hina', 'Lado', 'Ludji', 'Rohi', 'Dimu', 'Haba', 'Riwu', 'Kana', 'Dju', 'Tede'],
    },
    {
      share: 0.15, // Flores (Lamaholot, Sikka, Manggarai)
      given: NTT_GIVEN,
      family: ['da Costa', 'Fernandez', 'Parera', 'Gomez', 'Lewar', 'Kelen', 'Tukan', 'Koten', 'Making', 'Wara', 'Nggadas', 'Mbete', 'Jehamat', 'Ruing'],
    },
  ],
  baubau: [
    {
      share: 0.65, // Buton: La/Wa before the name, La Ode/Wa Ode for the nobility
      given: MUSLIM_GIVEN,
      family: [],
      format: (given, _f, sex, rng) => `${rng.int(0, 9) < 4 ? (sex === 'male' ? 'La Ode' : 'Wa Ode') : sex === 'male' ? 'La' : 'Wa'} ${given}`,
    },
    {
      share: 0.35, // Muna
      given: {
        female: ['Wa Nuriati', 'Wa Hasmia', 'Wa Ode Asmawati', 'Wa Sitti', 'Wa Marni', 'Wa Ode Hariati', 'Wa Lina', 'Wa Ode Nurlia'],
        male: ['La Ngkaria', 'La Ode Sirad', 'La Kadiri', 'La Ode Maane', 'La Hamidu', 'La Sunu', 'La Ode Kaimoeddin', 'La Ode Rusdin'],
      },
      family: [],
      format: (given, _f, _s, rng) => `${given}${rng.int(0, 9) < 4 ? ` ${rng.pick(['Sahidin', 'Ridwan', 'Mbaru', 'Tamburaka', 'Rahim'])}` : ''}`,
    },
  ],
  pasuruan: [
    {
      share: 0.65, // Javanese: given names only, often two
      given: {
        female: ['Sri', 'Endang', 'Dwi', 'Tri', 'Siti', 'Wahyu', 'Rina', 'Ratna', 'Dewi', 'Lestari', 'Rahayu', 'Wulandari', 'Setyaningsih', 'Puji', 'Kartika', 'Ayu'],
        male: ['Agus', 'Bambang', 'Eko', 'Budi', 'Sugeng', 'Wahyu', 'Joko', 'Teguh', 'Hadi', 'Slamet', 'Bayu', 'Dimas', 'Prasetyo', 'Santoso', 'Hartono', 'Riyadi'],
      },
      family: [],
      format: (given, _f, sex, rng) =>
        `${given} ${rng.pick(
          sex === 'female'
            ? ['Wahyuni', 'Lestari', 'Rahayu', 'Wulandari', 'Handayani', 'Purwanti', 'Susanti', 'Kusumawati']
            : ['Santoso', 'Prasetyo', 'Suprapto', 'Hartono', 'Riyadi', 'Hidayat', 'Setiawan', 'Nugroho'],
        )}`,
    },
    {
      share: 0.35, // Madurese
      given: {
        female: ['Sitti Maryam', 'Holisah', 'Nur Hasanah', 'Jamilah', 'Mutmainnah', 'Fatimatus Zahro', 'Rofiqoh', 'Hosnol Khotimah', 'Maimunah', 'Latifah'],
        male: [
          'Moh. Holil',
          'Abd. Rahman',
          'Achmad Syafii',
          'Fathorrahman',
          'Mat Sahri',
          'Mohammad Hasyim',
          'Rofiqi',
          'Moh. Zainal',
          'Badrus Sholeh',
          'Khoirul Anam',
          'Sumarlin',
          'Moh. Rasid',
        ],
      },
      family: [],
      format: (given) => given,
    },
  ],
  'pematang-siantar': [
    {
      share: 0.55, // Batak Toba
      given: {
        female: ['Rosmawati', 'Tiurma', 'Herlina', 'Sondang', 'Dearma', 'Riris', 'Junita', 'Friska', 'Yohana', 'Lisbet', 'Rotua', 'Melva', 'Nurhaida', 'Erni'],
        male: ['Hotman', 'Togar', 'Parlindungan', 'Lamhot', 'Maruli', 'Binsar', 'Samuel', 'Jonathan', 'Rudolf', 'Poltak', 'Bonar', 'Hasudungan', 'Gomgom', 'Tumpal'],
      },
      family: [
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
      ],
    },
    {
      share: 0.45, // Simalungun
      given: {
        female: ['Rosdiana', 'Masniari', 'Juliana', 'Romauli', 'Ernita', 'Lesna', 'Darmawati', 'Hotmaida', 'Sartika', 'Nurmaya'],
        male: ['Jaramen', 'Djasarmen', 'Sarmedi', 'Japaten', 'Mansen', 'Saut', 'Hendra', 'Jalatua', 'Tuahman', 'Marolop'],
      },
      family: ['Saragih', 'Purba', 'Damanik', 'Sinaga', 'Girsang', 'Sipayung', 'Sumbayak', 'Garingging', 'Munthe', 'Sidauruk'],
    },
  ],
};

export interface DemoPerson {
  name: string;
  sex: Sex;
}

/** A person of the city: a name from one of its peoples, by their share. */
export function cityPerson(rng: DemoRandom, libraryId: string, sex: Sex = rng.pick(['female', 'male'] as const)): DemoPerson {
  const pools = NAMES[libraryId];
  if (!pools) throw new Error(`No demo names for library ${libraryId}`);
  let pick = rng.float();
  const pool = pools.find((p) => (pick -= p.share) < 0) ?? pools[pools.length - 1];
  const given = rng.pick(pool.given[sex]);
  const family = pool.family.length ? rng.pick(pool.family) : undefined;
  const name = pool.format ? pool.format(given, family, sex, rng) : `${given} ${family}`;
  return { name, sex };
}

/**
 * Member i of a library as a person (name and sex): the same in every subgraph (collections' card
 * holder, community-events' registrant), without reading collections' tables.
 */
export function cityMemberPerson(libraryId: string, i: number): DemoPerson {
  return cityPerson(demoRandom(`member:${libraryId}:${i}`), libraryId);
}

/** An e-mail address that matches the name: `yohanes.benu17@gmail.com`, `hotman.sitorus@perpustakaan-…go.id`. */
export function emailFor(name: string, domain: string, suffix?: number | string): string {
  const local = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .split(/\s+/)
    .filter(Boolean)
    .filter((w, i, all) => !(all.length > 2 && (w === 'la' || w === 'wa' || w === 'ode'))) // "La Ode Sirad" → sirad
    .slice(0, 2)
    .join('.');
  return `${local}${suffix ?? ''}@${domain}`;
}

/**
 * A civil servant's NIP (18 digits): birth date (8), appointment year and month (6), sex (1: male,
 * 2: female), sequence (3). The appointment is at least 22 years after the birth.
 */
export function nipFor(birth: string, appointed: string, sex: Sex, seq: number): string {
  const born = birth.replace(/-/g, '');
  const tmt = appointed.replace(/-/g, '').slice(0, 6);
  if (Number(tmt.slice(0, 4)) < Number(born.slice(0, 4)) + 18) throw new Error(`NIP: appointed ${appointed} before 18 (born ${birth})`);
  return `${born}${tmt}${sex === 'female' ? 2 : 1}${String(seq % 1000).padStart(3, '0')}`;
}

/** A birth date and an appointment month consistent with each other and with the load day: appointed at 22–35, at least a year ago. */
export function careerDates(rng: DemoRandom, loadDay: string): { birth: string; appointed: string } {
  const loadYear = Number(loadDay.slice(0, 4));
  const birthYear = rng.int(loadYear - 58, loadYear - 24);
  const birth = `${birthYear}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
  const appointedYear = rng.int(birthYear + 22, Math.min(birthYear + 35, loadYear - 1));
  return { birth, appointed: `${appointedYear}-${rng.pick(['01', '03', '04', '07', '10'])}` };
}

// ---------------------------------------------------------------------------------------------
// Partners: the fixture's six first (same ids, same names), then the city's other schools,
// universities, communities, companies and media.

export interface DemoPartner {
  name: string;
  domain: string;
  kind: DemoPartnerKind;
}

const MORE_PARTNERS: Record<string, DemoPartner[]> = {
  kupang: [
    { name: 'SD Inpres Oesapa', domain: 'sdinpresoesapa.sch.id', kind: 'SCHOOL' },
    { name: 'SMP Negeri 5 Kupang', domain: 'smpn5kupang.sch.id', kind: 'SCHOOL' },
    { name: 'SMK Negeri 3 Kupang', domain: 'smkn3kupang.sch.id', kind: 'SCHOOL' },
    { name: 'SMA Kristen Mercusuar Kupang', domain: 'smakmercusuar.sch.id', kind: 'SCHOOL' },
    { name: 'SD Katolik St. Yoseph Naikoten', domain: 'sdkyosephnaikoten.sch.id', kind: 'SCHOOL' },
    { name: 'Universitas Kristen Artha Wacana', domain: 'ukaw.ac.id', kind: 'UNIVERSITY' },
    { name: 'Politeknik Negeri Kupang', domain: 'pnk.ac.id', kind: 'UNIVERSITY' },
    { name: 'Universitas Muhammadiyah Kupang', domain: 'unmuhkupang.ac.id', kind: 'UNIVERSITY' },
    { name: 'Perpustakaan Daerah Provinsi NTT', domain: 'perpusda.nttprov.go.id', kind: 'LIBRARY' },
    { name: 'Dinas Pendidikan dan Kebudayaan Kota Kupang', domain: 'dikbud.kupangkota.go.id', kind: 'GOVERNMENT_AGENCY' },
    { name: 'Komunitas Rumah Baca Oesapa', domain: 'gmail.com', kind: 'COMMUNITY_ORGANISATION' },
    { name: 'Gereja Masehi Injili di Timor, Klasis Kota Kupang', domain: 'gmit.or.id', kind: 'COMMUNITY_ORGANISATION' },
    { name: 'Pos Kupang', domain: 'poskupang.com', kind: 'MEDIA' },
    { name: 'RRI Kupang', domain: 'rri.co.id', kind: 'MEDIA' },
    { name: 'PT Telkom Indonesia Witel NTT', domain: 'telkom.co.id', kind: 'COMPANY' },
    { name: 'SMP Katolik Giovanni Kupang', domain: 'smpkgiovanni.sch.id', kind: 'SCHOOL' },
  ],
  baubau: [
    { name: 'SMP Negeri 1 Baubau', domain: 'smpn1baubau.sch.id', kind: 'SCHOOL' },
    { name: 'MAN 1 Baubau', domain: 'man1baubau.sch.id', kind: 'SCHOOL' },
    { name: 'SD Negeri 4 Wolio', domain: 'sdn4wolio.sch.id', kind: 'SCHOOL' },
    { name: 'Universitas Muhammadiyah Buton', domain: 'umbuton.ac.id', kind: 'UNIVERSITY' },
    { name: 'Dinas Pendidikan Kota Baubau', domain: 'disdik.baubaukota.go.id', kind: 'GOVERNMENT_AGENCY' },
    { name: 'Komunitas Literasi Kampung Wolio', domain: 'gmail.com', kind: 'COMMUNITY_ORGANISATION' },
    { name: 'Baubau Post', domain: 'baubaupost.com', kind: 'MEDIA' },
    { name: 'MTs Negeri 1 Baubau', domain: 'mtsn1baubau.sch.id', kind: 'SCHOOL' },
  ],
  pasuruan: [
    { name: 'MAN Kota Pasuruan', domain: 'mankotapasuruan.sch.id', kind: 'SCHOOL' },
    { name: 'SMK Negeri 1 Pasuruan', domain: 'smkn1pasuruan.sch.id', kind: 'SCHOOL' },
    { name: 'SD Negeri Bugul Kidul 1', domain: 'sdnbugulkidul1.sch.id', kind: 'SCHOOL' },
    { name: 'MTs Negeri 1 Pasuruan', domain: 'mtsn1pasuruan.sch.id', kind: 'SCHOOL' },
    { name: 'Pondok Pesantren Salafiyah Pasuruan', domain: 'salafiyah.or.id', kind: 'COMMUNITY_ORGANISATION' },
    { name: 'Universitas Yudharta Pasuruan', domain: 'yudharta.ac.id', kind: 'UNIVERSITY' },
    { name: 'Dinas Pendidikan Kota Pasuruan', domain: 'dindik.pasuruankota.go.id', kind: 'GOVERNMENT_AGENCY' },
    { name: 'Komunitas Baca Pelabuhan', domain: 'gmail.com', kind: 'COMMUNITY_ORGANISATION' },
    { name: 'Radar Bromo', domain: 'radarbromo.jawapos.com', kind: 'MEDIA' },
    { name: 'PT Cheil Jedang Indonesia Pasuruan', domain: 'cj.co.id', kind: 'COMPANY' },
    { name: 'SMP Negeri 4 Pasuruan', domain: 'smpn4pasuruan.sch.id', kind: 'SCHOOL' },
    { name: 'Perpustakaan Universitas Merdeka Pasuruan', domain: 'lib.unmerpas.ac.id', kind: 'LIBRARY' },
  ],
  'pematang-siantar': [
    { name: 'SMA Negeri 4 Pematang Siantar', domain: 'sman4siantar.sch.id', kind: 'SCHOOL' },
    { name: 'SMP Negeri 1 Pematang Siantar', domain: 'smpn1siantar.sch.id', kind: 'SCHOOL' },
    { name: 'SD Negeri 122351 Pematang Siantar', domain: 'sdn122351.sch.id', kind: 'SCHOOL' },
    { name: 'SMK Negeri 1 Pematang Siantar', domain: 'smkn1siantar.sch.id', kind: 'SCHOOL' },
    { name: 'Universitas HKBP Nommensen Pematangsiantar', domain: 'uhnp.ac.id', kind: 'UNIVERSITY' },
    { name: 'STIE Sultan Agung Pematang Siantar', domain: 'stiesultanagung.ac.id', kind: 'UNIVERSITY' },
    { name: 'Dinas Pendidikan Kota Pematang Siantar', domain: 'disdik.pematangsiantarkota.go.id', kind: 'GOVERNMENT_AGENCY' },
    { name: 'Komunitas Literasi Horas Siantar', domain: 'gmail.com', kind: 'COMMUNITY_ORGANISATION' },
    { name: 'HKBP Distrik Pematang Siantar', domain: 'hkbp.or.id', kind: 'COMMUNITY_ORGANISATION' },
    { name: 'Metro Siantar', domain: 'metrosiantar.com', kind: 'MEDIA' },
    { name: 'PT Sinar Sosro Pematang Siantar', domain: 'sosro.com', kind: 'COMPANY' },
    { name: 'Perpustakaan Universitas Simalungun', domain: 'lib.usi.ac.id', kind: 'LIBRARY' },
  ],
};

/** The city's partners, index i = demoId('partner', libraryId, i); the first six are the fixture's. */
export function cityPartners(libraryId: string, scale = 1): DemoPartner[] {
  const first: DemoPartner[] = DEMO_PARTNERS[libraryId].map((p, i) => ({ ...p, kind: DEMO_PARTNER_KINDS[i] }));
  return [...first, ...MORE_PARTNERS[libraryId]].slice(0, cityProfile(libraryId, scale).partners);
}

/** Index i of the city's partners that are schools, in order: member i of the library is the institution card of the i-th school. */
export function citySchoolPartners(libraryId: string, scale = 1): number[] {
  return cityPartners(libraryId, scale).flatMap((p, i) => (p.kind === 'SCHOOL' ? [i] : []));
}

// ---------------------------------------------------------------------------------------------
// Randomness: seeded, the same on every machine.

/** A small seeded random source for bulk rows (a Faker per row would cost too much). */
export interface DemoRandom {
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** A float in [0, 1). */
  float(): number;
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A Poisson-distributed count with mean `mean` (a day's loans, a day's visitors …). */
  poisson(mean: number): number;
}

/** mulberry32 seeded from sha1(seed). */
export function demoRandom(seed: string): DemoRandom {
  let a = createHash('sha1').update(seed).digest().readUInt32BE(0);
  const float = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(float() * (max - min + 1));
  return {
    float,
    int,
    pick: (items) => items[Math.floor(float() * items.length)],
    chance: (p) => float() < p,
    poisson(mean) {
      if (mean <= 0) return 0;
      if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(float)));
      const limit = Math.exp(-mean);
      let k = 0;
      let p = float();
      while (p > limit) {
        k++;
        p *= float();
      }
      return k;
    },
  };
}

function normal(float: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - float())) * Math.cos(2 * Math.PI * float());
}

/** A faker for one city and one purpose (titles, addresses, free text): the same seed gives the same data on every machine. */
export function cityFaker(libraryId: string, purpose: string): Faker {
  return demoFaker(`city:${libraryId}:${purpose}`);
}
