import { demoId } from '../../../../shared/domain/demo';
import { demoRandom, type DemoRandom } from '../../../../shared/domain/demo-city';
import { addDays, daysBetween, isoWeekday } from '../../../../shared/platform/time';
import { DigitalFormat, DigitalLicence, DigitalResourceKind, type DigitalResource } from '../../digital/digital-resource.entity';
import type { DigitalTurnaway } from '../../digital/digital-turnaway.entity';
import type { DigitalUse } from '../../digital/digital-use.entity';
import { MemberStatus, MemberType, type Member } from '../../members/member.entity';
import type { CityCollection } from './context';
import { librarianOf, zoneClock } from './extras-helpers';

/**
 * A city library's digital shelf and its use over the history. Every library lists what its
 * members read online: the national platforms (iPusnas e-books on a licence of so many copies,
 * e-Resources Perpusnas and Garuda journals, open to every member), open government publications,
 * a few e-books the library licensed from a vendor with a few seats, and its own digitised
 * local collection — Buton's Wolio manuscripts and kabanti in Baubau, Batak pustaha in Pematang
 * Siantar, Timor's tenun ikat and sasando in Kupang, pesantren kitab and Babad in Pasuruan. Each
 * resource belongs to its library (a national platform's licence is the library's own
 * subscription), so that one library's transaction holds all of it.
 *
 * Uses grow over the history (from about 0.3 % to 0.7 % of the members a day: the library promotes
 * iPusnas at school visits), mostly in the evening, a few by staff; played in time order against
 * the licences: a reader who finds every seat taken is a turnaway. Nothing starts on or after the
 * load day; a seat taken in the last days may still be held (its session ends ahead).
 */

const BASE = 'https://pustaka-digital.example.id';

interface Spec {
  key: string;
  title: string;
  authors?: string[];
  publisher?: string;
  year?: number;
  kind: DigitalResourceKind;
  format: DigitalFormat;
  /** Seats of a CONCURRENT_USERS licence, at scale 1 (at least 1); none: OPEN. */
  seats?: number;
  minutes: number;
  /** Relative popularity. */
  weight: number;
  /** Added this many days after the window's first day (digitised during the history); default: before it. */
  addedAfter?: number;
  language?: string;
}

const DAY = 24 * 60;

const NATIONAL: Spec[] = [
  {
    key: 'ipusnas',
    title: 'iPusnas: Koleksi E-Book Perpustakaan',
    publisher: 'Perpustakaan Nasional RI',
    kind: DigitalResourceKind.EBOOK,
    format: DigitalFormat.EPUB,
    seats: 40,
    minutes: 3 * DAY,
    weight: 14,
  },
  {
    key: 'eresources',
    title: 'e-Resources Perpusnas: Jurnal dan Basis Data Ilmiah',
    publisher: 'Perpustakaan Nasional RI',
    kind: DigitalResourceKind.EJOURNAL,
    format: DigitalFormat.HTML,
    minutes: 120,
    weight: 5,
  },
  {
    key: 'garuda',
    title: 'Garuda: Garba Rujukan Digital',
    publisher: 'Kementerian Pendidikan Tinggi, Sains, dan Teknologi',
    kind: DigitalResourceKind.EJOURNAL,
    format: DigitalFormat.HTML,
    minutes: 120,
    weight: 4,
  },
  {
    key: 'bse',
    title: 'Buku Sekolah Elektronik Kurikulum Merdeka',
    publisher: 'Kementerian Pendidikan Dasar dan Menengah',
    kind: DigitalResourceKind.EBOOK,
    format: DigitalFormat.PDF,
    minutes: 240,
    weight: 8,
  },
  {
    key: 'literasi-keuangan',
    title: 'Modul Literasi Keuangan untuk Masyarakat',
    publisher: 'Otoritas Jasa Keuangan',
    year: 2023,
    kind: DigitalResourceKind.EBOOK,
    format: DigitalFormat.PDF,
    minutes: 240,
    weight: 2,
  },
  {
    key: 'literasi-digital',
    title: 'Panduan Literasi Digital untuk Keluarga',
    publisher: 'Kementerian Komunikasi dan Digital',
    year: 2024,
    kind: DigitalResourceKind.EBOOK,
    format: DigitalFormat.EPUB,
    minutes: 240,
    weight: 2,
  },
  {
    key: 'iplm',
    title: 'Indeks Pembangunan Literasi Masyarakat: Ringkasan Nasional',
    publisher: 'Perpustakaan Nasional RI',
    year: 2025,
    kind: DigitalResourceKind.ARTICLE,
    format: DigitalFormat.PDF,
    minutes: 60,
    weight: 1,
  },
  // Licensed from a vendor: few seats, much wanted (the turnaways).
  {
    key: 'laut-bercerita',
    title: 'Laut Bercerita',
    authors: ['Leila S. Chudori'],
    publisher: 'Kepustakaan Populer Gramedia',
    year: 2017,
    kind: DigitalResourceKind.EBOOK,
    format: DigitalFormat.EPUB,
    seats: 6,
    minutes: 3 * DAY,
    weight: 2,
  },
  {
    key: 'bumi-manusia',
    title: 'Bumi Manusia',
    authors: ['Pramoedya Ananta Toer'],
    publisher: 'Lentera Dipantara',
    year: 2005,
    kind: DigitalResourceKind.EBOOK,
    format: DigitalFormat.EPUB,
    seats: 4,
    minutes: 3 * DAY,
    weight: 1.5,
  },
  {
    key: 'filosofi-teras',
    title: 'Filosofi Teras',
    authors: ['Henry Manampiring'],
    publisher: 'Penerbit Buku Kompas',
    year: 2018,
    kind: DigitalResourceKind.EBOOK,
    format: DigitalFormat.EPUB,
    seats: 4,
    minutes: 3 * DAY,
    weight: 2,
  },
  {
    key: 'cerpen-anak',
    title: 'Kumpulan Cerpen Anak Negeri',
    publisher: 'Balai Pustaka',
    year: 2022,
    kind: DigitalResourceKind.EBOOK,
    format: DigitalFormat.EPUB,
    seats: 5,
    minutes: 2 * DAY,
    weight: 2,
  },
];

const LOCAL: Record<string, Spec[]> = {
  kupang: [
    {
      key: 'tenun-ikat',
      title: 'Tenun Ikat Timor: Motif dan Makna',
      authors: ['Sanggar Tenun Ina Ndao'],
      kind: DigitalResourceKind.EBOOK,
      format: DigitalFormat.PDF,
      minutes: 240,
      weight: 2,
      addedAfter: 200,
    },
    {
      key: 'sasando',
      title: 'Sasando: Rekaman Lagu-Lagu Rote',
      authors: ['Sanggar Sasando Kupang'],
      kind: DigitalResourceKind.AUDIO,
      format: DigitalFormat.MP3,
      minutes: 90,
      weight: 2,
    },
    {
      key: 'cerita-rakyat',
      title: 'Cerita Rakyat Flobamora',
      authors: ['Sanggar Bahasa Kupang'],
      kind: DigitalResourceKind.AUDIO,
      format: DigitalFormat.MP3,
      minutes: 90,
      weight: 2,
    },
    {
      key: 'kupang-sejarah',
      title: 'Kupang dari Masa ke Masa',
      authors: ['Yohanes Bria'],
      publisher: 'Penerbit Lamalera',
      year: 2021,
      kind: DigitalResourceKind.EBOOK,
      format: DigitalFormat.EPUB,
      seats: 2,
      minutes: 2 * DAY,
      weight: 2,
    },
    { key: 'arsip-foto', title: 'Arsip Foto Kota Kupang 1950–1990', kind: DigitalResourceKind.ARTICLE, format: DigitalFormat.PDF, minutes: 60, weight: 1, addedAfter: 420 },
  ],
  baubau: [
    {
      key: 'naskah-wolio',
      title: 'Naskah Wolio: Digitalisasi Manuskrip Kesultanan Buton',
      authors: ['Perpustakaan Umum Kota Baubau'],
      kind: DigitalResourceKind.ARTICLE,
      format: DigitalFormat.PDF,
      minutes: 120,
      weight: 2,
      addedAfter: 240,
      language: 'wlo',
    },
    {
      key: 'martabat-tujuh',
      title: 'Undang-Undang Martabat Tujuh Kesultanan Buton',
      kind: DigitalResourceKind.ARTICLE,
      format: DigitalFormat.PDF,
      minutes: 120,
      weight: 1,
      addedAfter: 240,
    },
    {
      key: 'kabanti',
      title: 'Kabanti Bula Malino: Lantunan Syair Buton',
      authors: ['La Ode Malim'],
      kind: DigitalResourceKind.AUDIO,
      format: DigitalFormat.MP3,
      minutes: 90,
      weight: 2,
    },
    { key: 'benteng', title: 'Benteng Keraton Buton dalam Arsip Surat Kabar', kind: DigitalResourceKind.ARTICLE, format: DigitalFormat.PDF, minutes: 60, weight: 1 },
    {
      key: 'aspal-buton',
      title: 'Aspal Buton untuk Jalan Nusantara',
      authors: ['Rahmat Hidayat'],
      publisher: 'Penerbit Unidayan',
      year: 2023,
      kind: DigitalResourceKind.EBOOK,
      format: DigitalFormat.PDF,
      seats: 1,
      minutes: DAY,
      weight: 2,
    },
  ],
  pasuruan: [
    {
      key: 'kitab-pesantren',
      title: 'Kitab Kuning Koleksi Pesantren Pasuruan: Edisi Digital',
      authors: ['Perpustakaan Umum Kota Pasuruan'],
      kind: DigitalResourceKind.ARTICLE,
      format: DigitalFormat.PDF,
      minutes: 120,
      weight: 2,
      addedAfter: 300,
    },
    { key: 'babad-surapati', title: 'Babad Untung Surapati', kind: DigitalResourceKind.EBOOK, format: DigitalFormat.PDF, minutes: 240, weight: 1, language: 'jav' },
    {
      key: 'bandeng',
      title: 'Budidaya Bandeng di Pesisir Pasuruan',
      authors: ['Siti Aminah'],
      publisher: 'Penebar Swadaya',
      year: 2022,
      kind: DigitalResourceKind.EBOOK,
      format: DigitalFormat.PDF,
      seats: 1,
      minutes: DAY,
      weight: 2,
    },
    {
      key: 'dongeng',
      title: 'Dongeng Anak Jawa Timur',
      authors: ['Komunitas Dongeng Pasuruan'],
      kind: DigitalResourceKind.AUDIO,
      format: DigitalFormat.M4B,
      minutes: 90,
      weight: 2,
    },
    { key: 'koran-lama', title: 'Pasuruan dalam Surat Kabar Hindia Belanda', kind: DigitalResourceKind.ARTICLE, format: DigitalFormat.PDF, minutes: 60, weight: 1 },
  ],
  'pematang-siantar': [
    {
      key: 'pustaha',
      title: 'Pustaha Laklak Simalungun: Digitalisasi Naskah Batak',
      authors: ['Perpustakaan Umum Kota Pematang Siantar'],
      kind: DigitalResourceKind.ARTICLE,
      format: DigitalFormat.PDF,
      minutes: 120,
      weight: 2,
      addedAfter: 260,
      language: 'bts',
    },
    {
      key: 'aksara-batak',
      title: 'Belajar Aksara Batak Simalungun',
      authors: ['Jansen Saragih'],
      publisher: 'Penerbit USI',
      year: 2020,
      kind: DigitalResourceKind.EBOOK,
      format: DigitalFormat.EPUB,
      seats: 2,
      minutes: 2 * DAY,
      weight: 2,
    },
    {
      key: 'sejarah-simalungun',
      title: 'Sejarah Simalungun',
      authors: ['Jansen Saragih'],
      publisher: 'Penerbit USI',
      year: 2020,
      kind: DigitalResourceKind.EBOOK,
      format: DigitalFormat.EPUB,
      seats: 2,
      minutes: 2 * DAY,
      weight: 2,
    },
    { key: 'siantar-tempo', title: 'Siantar Tempo Doeloe', kind: DigitalResourceKind.ARTICLE, format: DigitalFormat.PDF, minutes: 60, weight: 1 },
    { key: 'uning-uningan', title: 'Uning-Uningan: Musik Tradisional Simalungun', kind: DigitalResourceKind.AUDIO, format: DigitalFormat.MP3, minutes: 90, weight: 1 },
  ],
};

export interface CityDigital {
  resources: DigitalResource[];
  uses: DigitalUse[];
  turnaways: DigitalTurnaway[];
}

/** Uses a day per member, at the window's first day and at its last: it grows in between. */
const RATE_FROM = 0.003;
const RATE_THROUGH = 0.007;

export const cityDigitalResourceId = (libraryId: string, key: string) => demoId('digital-resource', libraryId, key);

export function cityDigital(c: CityCollection): CityDigital {
  const { library, profile, loadDay, window } = c;
  const rng = demoRandom(`collections:city-digital:${library.id}:${loadDay}`);
  const clock = zoneClock(library.timezone);
  const specs = [...NATIONAL, ...(LOCAL[library.id] ?? [])];
  const scale = profile.members / 10_000;
  const seatsOf = (s: Spec) => (s.seats === undefined ? null : Math.max(1, Math.round(s.seats * Math.min(1, scale))));
  const addedOn = (s: Spec) => (s.addedAfter === undefined ? addDays(window.from, -rng.int(30, 400)) : addDays(window.from, s.addedAfter));
  const resources: DigitalResource[] = specs.map((s) => ({
    id: cityDigitalResourceId(library.id, s.key),
    title: s.title,
    authors: s.authors ?? [],
    publisher: s.publisher ?? null,
    publishedYear: s.year ?? null,
    kind: s.kind,
    format: s.format,
    language: s.language ?? 'ind',
    accessUrl: `${BASE}/${library.id}/${s.key}`,
    licence: s.seats === undefined ? DigitalLicence.OPEN : DigitalLicence.CONCURRENT_USERS,
    concurrentUsers: seatsOf(s),
    sessionMinutes: s.minutes,
    libraryId: library.id,
    recordId: null,
    createdAt: clock.at(addedOn(s), 9 * 60 + rng.int(0, 240)),
    withdrawnAt: null,
  }));
  const offeredFrom = new Map(resources.map((r) => [r.id, clock.dayOf(r.createdAt)]));

  // Readers: people with a card; a fifth of them read most of what is read online.
  const people = c.members.filter((m) => m.memberType !== MemberType.INSTITUTION).sort((a, b) => a.joinedOn.localeCompare(b.joinedOn) || a.id.localeCompare(b.id));
  const keen = people.filter(() => rng.chance(0.2));
  const reader = (day: string): Member | null => {
    for (let attempt = 0; attempt < 4; attempt++) {
      const pool = rng.chance(0.65) && keen.length ? keen : people;
      const m = pool[rng.int(0, pool.length - 1)];
      if (m && m.joinedOn <= day && m.expiresOn >= day && m.status !== MemberStatus.SUSPENDED) return m;
    }
    return null;
  };
  const weights = specs.map((s) => s.weight);
  const total = weights.reduce((a, b) => a + b, 0);
  const pickSpec = (r: DemoRandom, day: string): number => {
    for (let attempt = 0; attempt < 4; attempt++) {
      let x = r.float() * total;
      const i = weights.findIndex((w) => (x -= w) < 0);
      const k = i < 0 ? specs.length - 1 : i;
      if (offeredFrom.get(resources[k].id)! <= day) return k;
    }
    return 0;
  };

  interface Attempt {
    k: number;
    reader: Member | null;
    librarian: number;
    start: number;
    returnAfter: number | null;
  }
  const attempts: Attempt[] = [];
  const span = Math.max(1, daysBetween(window.from, window.through));
  const loadStart = clock.at(loadDay, 0).getTime();
  for (let day = window.from, i = 0; day <= window.through; day = addDays(day, 1), i++) {
    const rate = RATE_FROM + ((RATE_THROUGH - RATE_FROM) * i) / span;
    const weekday = isoWeekday(day);
    const n = rng.poisson(profile.members * rate * (weekday === 7 ? 0.8 : weekday === 6 ? 0.9 : 1));
    for (let j = 0; j < n; j++) {
      const k = pickSpec(rng, day);
      const staff = rng.chance(0.07);
      const who = staff ? null : reader(day);
      if (!staff && !who) continue;
      // 24/7, but mostly after school and in the evening.
      const slot = rng.float();
      const minute = slot < 0.12 ? rng.int(0, 7 * 60) : slot < 0.5 ? rng.int(8 * 60, 17 * 60) : rng.int(18 * 60, 23 * 60 + 59);
      const spec = specs[k];
      attempts.push({
        k,
        reader: who,
        librarian: rng.int(0, 7),
        start: clock.at(day, minute, rng.int(0, 59)).getTime(),
        returnAfter: rng.chance(0.55) ? rng.int(5, Math.min(spec.minutes - 1, 6 * 60)) : null,
      });
    }
  }
  attempts.sort((a, b) => a.start - b.start || a.k - b.k);

  const uses: DigitalUse[] = [];
  const turnaways: DigitalTurnaway[] = [];
  const holding = new Map<number, { end: number; who: string }[]>();
  for (const a of attempts) {
    const spec = specs[a.k];
    const resource = resources[a.k];
    const who = a.reader ? a.reader.id : `staff:${a.librarian}`;
    const live = (holding.get(a.k) ?? []).filter((h) => h.end > a.start);
    holding.set(a.k, live);
    if (live.some((h) => h.who === who)) continue; // the same reader again: the same use
    if (resource.concurrentUsers !== null && live.length >= resource.concurrentUsers) {
      turnaways.push({ id: demoId('digital-turnaway', library.id, turnaways.length + 1), resourceId: resource.id, libraryId: library.id, refusedAt: new Date(a.start) });
      continue;
    }
    const expiresAt = a.start + spec.minutes * 60_000;
    const returned = a.returnAfter === null ? null : a.start + a.returnAfter * 60_000;
    const endedAt = returned !== null && returned < loadStart ? returned : null;
    live.push({ end: returned ?? expiresAt, who });
    uses.push({
      id: demoId('digital-use', library.id, uses.length + 1),
      resourceId: resource.id,
      libraryId: library.id,
      memberId: a.reader?.id ?? null,
      userSub: a.reader ? `member:${library.id}` : `librarian:${library.id}`,
      userRole: a.reader ? 'MEMBER' : 'LIBRARIAN',
      librarianId: a.reader ? null : librarianOf(c, a.librarian),
      startedAt: new Date(a.start),
      expiresAt: new Date(expiresAt),
      endedAt: endedAt === null ? null : new Date(endedAt),
    });
  }
  return { resources, uses, turnaways };
}
