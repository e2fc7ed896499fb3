import { createHash } from 'node:crypto';
import type { Faker } from '@faker-js/faker';

/**
 * Demo data shared knowledge. Subgraphs never read each other's tables, so the ids that cross
 * subgraphs in the demo data (a facilitator's librarian id, a partner school's id …) are derived
 * here deterministically: every subgraph computes the same id for "librarian 3 of Kupang".
 */

export interface DemoLibrary {
  id: string;
  name: string;
  city: string;
  province: string;
  timezone: string;
  /** Population of the city (2020 census, BPS). */
  population: number;
  address: string;
}

export const DEMO_LIBRARIES: DemoLibrary[] = [
  {
    id: 'kupang',
    name: 'Perpustakaan Umum Kota Kupang',
    city: 'Kupang',
    province: 'Nusa Tenggara Timur',
    timezone: 'Asia/Makassar',
    population: 442758,
    address: 'Jl. Frans Seda No. 5, Kelapa Lima, Kota Kupang',
  },
  {
    id: 'baubau',
    name: 'Perpustakaan Umum Kota Baubau',
    city: 'Baubau',
    province: 'Sulawesi Tenggara',
    timezone: 'Asia/Makassar',
    population: 159248,
    address: 'Jl. Betoambari No. 12, Wolio, Kota Baubau',
  },
  {
    id: 'pasuruan',
    name: 'Perpustakaan Umum Kota Pasuruan',
    city: 'Pasuruan',
    province: 'Jawa Timur',
    timezone: 'Asia/Jakarta',
    population: 208006,
    address: 'Jl. Pahlawan No. 28, Purworejo, Kota Pasuruan',
  },
  {
    id: 'pematang-siantar',
    name: 'Perpustakaan Umum Kota Pematang Siantar',
    city: 'Pematang Siantar',
    province: 'Sumatera Utara',
    timezone: 'Asia/Jakarta',
    population: 268254,
    address: 'Jl. Merdeka No. 3, Siantar Barat, Kota Pematang Siantar',
  },
];

/** How many of each cross-subgraph entity the demo data has per library. */
export const DEMO_COUNTS = {
  librariansPerLibrary: 8,
  membersPerLibrary: 60,
  partnersPerLibrary: 6,
};

/**
 * The kind of demo partner `demoId('partner', libraryId, i)` for i = 0…partnersPerLibrary-1:
 * collections lends to the schools through institution members, events are co-hosted with them.
 */
export const DEMO_PARTNER_KINDS = ['SCHOOL', 'SCHOOL', 'SCHOOL', 'UNIVERSITY', 'COMMUNITY_ORGANISATION', 'COMPANY'] as const;

/**
 * Name and mail domain of each library's demo partners, index i = demoId('partner', libraryId, i),
 * in the order of DEMO_PARTNER_KINDS. Partnerships owns them; collections names its institution
 * members (the schools) after them.
 */
export const DEMO_PARTNERS: Record<string, { name: string; domain: string }[]> = {
  kupang: [
    { name: 'SD Negeri 1 Kupang', domain: 'sdn1kupang.sch.id' },
    { name: 'SMP Negeri 2 Kupang', domain: 'smpn2kupang.sch.id' },
    { name: 'SMA Negeri 1 Kupang', domain: 'sman1kupang.sch.id' },
    { name: 'Universitas Nusa Cendana', domain: 'staf.undana.ac.id' },
    { name: 'Komunitas Taman Baca Lentera Flobamora', domain: 'gmail.com' },
    { name: 'Bank NTT Kantor Cabang Utama Kupang', domain: 'bankntt.co.id' },
  ],
  baubau: [
    { name: 'SD Negeri 1 Baubau', domain: 'sdn1baubau.sch.id' },
    { name: 'SMP Negeri 2 Baubau', domain: 'smpn2baubau.sch.id' },
    { name: 'SMA Negeri 1 Baubau', domain: 'sman1baubau.sch.id' },
    { name: 'Universitas Dayanu Ikhsanuddin', domain: 'unidayan.ac.id' },
    { name: 'Komunitas Taman Baca Benteng Keraton', domain: 'gmail.com' },
    { name: 'Bank Sultra Cabang Baubau', domain: 'banksultra.co.id' },
  ],
  pasuruan: [
    { name: 'SD Negeri 1 Pasuruan', domain: 'sdn1pasuruan.sch.id' },
    { name: 'SMP Negeri 2 Pasuruan', domain: 'smpn2pasuruan.sch.id' },
    { name: 'SMA Negeri 1 Pasuruan', domain: 'sman1pasuruan.sch.id' },
    { name: 'Universitas Merdeka Pasuruan', domain: 'unmerpas.ac.id' },
    { name: 'Komunitas Taman Baca Kota Santri', domain: 'gmail.com' },
    { name: 'Program CSR Bank Jatim Cabang Pasuruan', domain: 'bankjatim.co.id' },
  ],
  'pematang-siantar': [
    { name: 'SD Negeri 122350 Pematang Siantar', domain: 'sdn122350.sch.id' },
    { name: 'SMP Negeri 2 Pematang Siantar', domain: 'smpn2siantar.sch.id' },
    { name: 'SMA Negeri 1 Pematang Siantar', domain: 'sman1siantar.sch.id' },
    { name: 'Universitas Simalungun', domain: 'usi.ac.id' },
    { name: 'Komunitas Taman Baca Rumah Bolon', domain: 'gmail.com' },
    { name: 'Bank Sumut Cabang Pematang Siantar', domain: 'banksumut.co.id' },
  ],
};

/** A stable UUID (v5 layout) for a demo entity, e.g. demoId('librarian', 'kupang', 3). */
export function demoId(kind: string, ...parts: (string | number)[]): string {
  const h = createHash('sha1')
    .update([kind, ...parts].join(':'))
    .digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** An Indonesian-locale faker seeded from a name, so the same call gives the same data everywhere. */
export function demoFaker(seed: string): Faker {
  // Loaded on first use: only seeding needs faker (~0.1 s to load), not a service or a test that starts on seeded data.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Faker, id_ID, en, base } = require('@faker-js/faker') as typeof import('@faker-js/faker');
  const faker = new Faker({ locale: [id_ID, en, base] });
  faker.seed(createHash('sha1').update(seed).digest().readUInt32BE(0));
  return faker;
}

/** The demo "today": demo dates are relative to a fixed day so that every run makes the same data. */
export const DEMO_TODAY = '2026-11-01';

export { addDays } from '../platform/time';
