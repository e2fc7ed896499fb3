import type { EntityManager } from 'typeorm';
import { DEMO_LIBRARIES, DEMO_TODAY, addDays, demoFaker, demoId, type DemoLibrary } from '../../../shared/domain/demo';
import { DigitalFormat, DigitalLicence, DigitalResource, DigitalResourceKind } from '../digital/digital-resource.entity';
import { DigitalTurnaway } from '../digital/digital-turnaway.entity';
import { DigitalUse } from '../digital/digital-use.entity';
import { Member, MemberStatus, MemberType } from '../members/member.entity';
import { demoCatalogue } from './catalogue';
import { localInstant } from './helpers';

/**
 * Demo digital library: the catalogue's e-books and e-journal, shared by the four cities (two open
 * government publications, a licensed short-story collection with six seats, the journal with
 * five), an open article, and each city's own digitised local material and a licensed local e-book
 * with one or two seats. Uses by members and librarians from USES_FROM to the day before
 * DEMO_TODAY, played in time order against the licences: a reader who finds every seat taken is a
 * turnaway. Most uses were returned or ran out long before DEMO_TODAY; the last days' e-book loans
 * may still hold a seat on it (none does by the real date the demo is run at: sessions are days).
 */

export const USES_FROM = '2026-06-01';
const BASE = 'https://pustaka-digital.example.id';

interface Spec {
  key: string;
  title: string;
  authors?: string[];
  publisher?: string;
  year?: number;
  kind: DigitalResourceKind;
  format: DigitalFormat;
  licence: DigitalLicence;
  seats?: number;
  minutes: number;
  libraryId: string | null;
  /** Title of the demo catalogue record it is. */
  record?: string;
  /** Relative popularity. */
  weight: number;
}

const SHARED: Spec[] = [
  {
    key: 'literasi-digital',
    title: 'Panduan Literasi Digital untuk Keluarga',
    kind: DigitalResourceKind.EBOOK,
    format: DigitalFormat.EPUB,
    licence: DigitalLicence.OPEN,
    minutes: 240,
    libraryId: null,
    record: 'Panduan Literasi Digital untuk Keluarga',
    weight: 3,
  },
  {
    key: 'literasi-keuangan',
    title: 'Modul Literasi Keuangan',
    kind: DigitalResourceKind.EBOOK,
    format: DigitalFormat.PDF,
    licence: DigitalLicence.OPEN,
    minutes: 240,
    libraryId: null,
    record: 'Modul Literasi Keuangan',
    weight: 2,
  },
  {
    key: 'cerpen-anak',
    title: 'Kumpulan Cerpen Anak Negeri',
    kind: DigitalResourceKind.EBOOK,
    format: DigitalFormat.EPUB,
    licence: DigitalLicence.CONCURRENT_USERS,
    seats: 6,
    minutes: 2 * 24 * 60,
    libraryId: null,
    record: 'Kumpulan Cerpen Anak Negeri',
    weight: 4,
  },
  {
    key: 'jipk',
    title: 'Jurnal Ilmu Perpustakaan dan Kearsipan',
    kind: DigitalResourceKind.EJOURNAL,
    format: DigitalFormat.HTML,
    licence: DigitalLicence.CONCURRENT_USERS,
    seats: 5,
    minutes: 120,
    libraryId: null,
    record: 'Jurnal Ilmu Perpustakaan dan Kearsipan',
    weight: 2,
  },
  {
    key: 'iplm',
    title: 'Indeks Pembangunan Literasi Masyarakat: Ringkasan Nasional',
    publisher: 'Perpustakaan Nasional RI',
    year: 2025,
    kind: DigitalResourceKind.ARTICLE,
    format: DigitalFormat.PDF,
    licence: DigitalLicence.OPEN,
    minutes: 60,
    libraryId: null,
    weight: 1,
  },
];

const LOCAL: Spec[] = [
  {
    key: 'kupang-cerita',
    title: 'Cerita Rakyat Flobamora',
    authors: ['Sanggar Bahasa Kupang'],
    kind: DigitalResourceKind.AUDIO,
    format: DigitalFormat.MP3,
    licence: DigitalLicence.OPEN,
    minutes: 90,
    libraryId: 'kupang',
    weight: 3,
  },
  {
    key: 'kupang-sejarah',
    title: 'Kupang dari Masa ke Masa',
    authors: ['Yohanes Bria'],
    publisher: 'Penerbit Lamalera',
    year: 2021,
    kind: DigitalResourceKind.EBOOK,
    format: DigitalFormat.EPUB,
    licence: DigitalLicence.CONCURRENT_USERS,
    seats: 2,
    minutes: 2 * 24 * 60,
    libraryId: 'kupang',
    weight: 3,
  },
  {
    key: 'baubau-kabanti',
    title: 'Kabanti: Lantunan Syair Buton',
    authors: ['La Ode Malim'],
    kind: DigitalResourceKind.AUDIO,
    format: DigitalFormat.MP3,
    licence: DigitalLicence.OPEN,
    minutes: 90,
    libraryId: 'baubau',
    weight: 2,
  },
  {
    key: 'baubau-benteng',
    title: 'Benteng Keraton Buton dalam Arsip Surat Kabar',
    kind: DigitalResourceKind.ARTICLE,
    format: DigitalFormat.PDF,
    licence: DigitalLicence.OPEN,
    minutes: 60,
    libraryId: 'baubau',
    weight: 1,
  },
  {
    key: 'baubau-aspal',
    title: 'Aspal Buton untuk Jalan Nusantara',
    authors: ['Rahmat Hidayat'],
    publisher: 'Penerbit Unidayan',
    year: 2023,
    kind: DigitalResourceKind.EBOOK,
    format: DigitalFormat.PDF,
    licence: DigitalLicence.CONCURRENT_USERS,
    seats: 1,
    minutes: 24 * 60,
    libraryId: 'baubau',
    weight: 2,
  },
  {
    key: 'pasuruan-bandeng',
    title: 'Budidaya Bandeng di Pesisir Pasuruan',
    authors: ['Siti Aminah'],
    publisher: 'Penebar Swadaya',
    year: 2022,
    kind: DigitalResourceKind.EBOOK,
    format: DigitalFormat.PDF,
    licence: DigitalLicence.CONCURRENT_USERS,
    seats: 1,
    minutes: 24 * 60,
    libraryId: 'pasuruan',
    weight: 2,
  },
  {
    key: 'pasuruan-dongeng',
    title: 'Dongeng Anak Jawa Timur',
    authors: ['Komunitas Dongeng Pasuruan'],
    kind: DigitalResourceKind.AUDIO,
    format: DigitalFormat.M4B,
    licence: DigitalLicence.OPEN,
    minutes: 90,
    libraryId: 'pasuruan',
    weight: 3,
  },
  {
    key: 'siantar-simalungun',
    title: 'Sejarah Simalungun',
    authors: ['Jansen Saragih'],
    publisher: 'Penerbit USI',
    year: 2020,
    kind: DigitalResourceKind.EBOOK,
    format: DigitalFormat.EPUB,
    licence: DigitalLicence.CONCURRENT_USERS,
    seats: 2,
    minutes: 2 * 24 * 60,
    libraryId: 'pematang-siantar',
    weight: 3,
  },
  {
    key: 'siantar-tempo',
    title: 'Siantar Tempo Doeloe',
    kind: DigitalResourceKind.ARTICLE,
    format: DigitalFormat.PDF,
    licence: DigitalLicence.OPEN,
    minutes: 60,
    libraryId: 'pematang-siantar',
    weight: 1,
  },
];

/** Uses begun per day by a library's readers, in proportion to the city. */
const DAILY: Record<string, number> = { kupang: 4, baubau: 2, pasuruan: 3, 'pematang-siantar': 3 };

const at = (library: DemoLibrary, date: string, minuteOfDay: number) => localInstant(library, date, Math.floor(minuteOfDay / 60), minuteOfDay % 60);

export const demoDigitalResourceId = (key: string) => demoId('digital-resource', key);

export function demoDigital(tx: EntityManager, members: Member[]): { resources: DigitalResource[]; uses: DigitalUse[]; turnaways: DigitalTurnaway[] } {
  const records = new Map(demoCatalogue().map((r) => [r.title, r.id]));
  const specs = [...SHARED, ...LOCAL];
  const resources = specs.map((s) =>
    tx.getRepository(DigitalResource).create({
      id: demoDigitalResourceId(s.key),
      title: s.title,
      authors: s.authors ?? [],
      publisher: s.publisher ?? null,
      publishedYear: s.year ?? null,
      kind: s.kind,
      format: s.format,
      language: 'ind',
      accessUrl: `${BASE}/${s.libraryId ?? 'bersama'}/${s.key}`,
      licence: s.licence,
      concurrentUsers: s.seats ?? null,
      sessionMinutes: s.minutes,
      libraryId: s.libraryId,
      recordId: s.record ? records.get(s.record)! : null,
      createdAt: new Date('2026-05-15T01:00:00Z'),
      withdrawnAt: null,
    }),
  );

  // Candidate uses of every library, then played in time order against the licences.
  interface Attempt {
    library: DemoLibrary;
    spec: Spec;
    reader: Member | null;
    librarian: number;
    start: Date;
    returnAfter: number | null;
  }
  const attempts: Attempt[] = [];
  for (const library of DEMO_LIBRARIES) {
    const faker = demoFaker(`collections:digital:${library.id}`);
    const readers = members.filter((m) => m.libraryId === library.id && m.status === MemberStatus.ACTIVE && m.memberType !== MemberType.INSTITUTION && m.expiresOn > DEMO_TODAY);
    const offered = specs.filter((s) => s.libraryId === null || s.libraryId === library.id);
    const weighted = offered.map((s) => ({ weight: s.weight, value: s }));
    for (let day = USES_FROM; day < DEMO_TODAY; day = addDays(day, 1)) {
      const n = faker.number.int({ min: 0, max: DAILY[library.id] * 2 });
      for (let k = 0; k < n; k++) {
        const staff = faker.number.int({ min: 1, max: 10 }) === 1;
        const spec = faker.helpers.weightedArrayElement(weighted);
        // 24/7, but mostly in the evening.
        const minute = faker.helpers.weightedArrayElement([
          { weight: 1, value: faker.number.int({ min: 0, max: 7 * 60 }) },
          { weight: 3, value: faker.number.int({ min: 8 * 60, max: 17 * 60 }) },
          { weight: 4, value: faker.number.int({ min: 18 * 60, max: 23 * 60 + 59 }) },
        ]);
        const returned = faker.number.int({ min: 1, max: 10 }) <= 6;
        attempts.push({
          library,
          spec,
          reader: staff ? null : faker.helpers.arrayElement(readers),
          librarian: faker.number.int({ min: 0, max: 7 }),
          start: at(library, day, minute),
          returnAfter: returned ? faker.number.int({ min: 5, max: Math.min(spec.minutes - 1, 6 * 60) }) : null,
        });
      }
    }
  }
  attempts.sort((a, b) => a.start.getTime() - b.start.getTime() || a.library.id.localeCompare(b.library.id));

  const uses: DigitalUse[] = [];
  const turnaways: DigitalTurnaway[] = [];
  const holding = new Map<string, { end: number; who: string }[]>();
  for (const a of attempts) {
    const t = a.start.getTime();
    const who = a.reader ? a.reader.id : `${a.library.id}:${a.librarian}`;
    const live = (holding.get(a.spec.key) ?? []).filter((h) => h.end > t);
    holding.set(a.spec.key, live);
    if (live.some((h) => h.who === who)) continue; // the same reader again: the same use
    if (a.spec.licence === DigitalLicence.CONCURRENT_USERS && live.length >= a.spec.seats!) {
      turnaways.push(
        tx
          .getRepository(DigitalTurnaway)
          .create({ id: demoId('digital-turnaway', turnaways.length + 1), resourceId: demoDigitalResourceId(a.spec.key), libraryId: a.library.id, refusedAt: a.start }),
      );
      continue;
    }
    const expiresAt = new Date(t + a.spec.minutes * 60_000);
    const endedAt = a.returnAfter === null ? null : new Date(t + a.returnAfter * 60_000);
    live.push({ end: (endedAt ?? expiresAt).getTime(), who });
    uses.push(
      tx.getRepository(DigitalUse).create({
        id: demoId('digital-use', uses.length + 1),
        resourceId: demoDigitalResourceId(a.spec.key),
        libraryId: a.library.id,
        memberId: a.reader?.id ?? null,
        userSub: a.reader ? `member:${a.library.id}` : `librarian:${a.library.id}`,
        userRole: a.reader ? 'MEMBER' : 'LIBRARIAN',
        librarianId: a.reader ? null : demoId('librarian', a.library.id, a.librarian),
        startedAt: a.start,
        expiresAt,
        endedAt,
      }),
    );
  }
  return { resources, uses, turnaways };
}
