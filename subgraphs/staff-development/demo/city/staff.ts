import { demoId, type DemoLibrary } from '../../../../shared/domain/demo';
import { careerDates, cityPerson, demoRandom, emailFor, nipFor, type CityProfile, type DemoRandom } from '../../../../shared/domain/demo-city';
import { addDays } from '../../../../shared/platform/time';
import { CareerLevel, EmploymentStatus, type Librarian } from '../../librarians/librarian.entity';

/**
 * A library's staff at city scale: `profile.staff` people, librarian i = demoId('librarian',
 * libraryId, i). Librarian 0 is the head (kepala perpustakaan, Ahli Madya, a civil servant of long
 * service); the others are a mix a city library really has: many on the skilled track (Terampil,
 * Mahir) and first expert level (Ahli Pertama), fewer Ahli Muda, one Ahli Madya at most besides
 * the head; mostly civil servants (PNS), some contracted (PPPK, appointed from 2019 on) and a few
 * honorary staff (HONORER, entry level). Birth, appointment and NIP agree with each other, and
 * everyone was appointed before the history starts.
 */

/** What the generators need to know about a person besides the row. */
export interface CityStaffMember {
  index: number;
  row: Librarian;
  sex: 'female' | 'male';
  birth: string;
  /** Appointment (TMT) month, YYYY-MM. */
  appointed: string;
  /** A civil servant (PNS or PPPK): reviewed yearly, earns credit points. */
  asn: boolean;
  /** How keen on training (0.3–1.7): some go to everything, some to little. */
  keenness: number;
  /** Usual performance (−1 weaker … +1 stronger): reviews follow it. */
  performance: number;
}

/** Honorary staff per city (a smaller city leans more on them), and the PPPK share. */
const EMPLOYMENT: Record<string, { honorer: number; pppk: number }> = {
  kupang: { honorer: 0.18, pppk: 0.18 },
  baubau: { honorer: 0.26, pppk: 0.16 },
  pasuruan: { honorer: 0.13, pppk: 0.22 },
  'pematang-siantar': { honorer: 0.2, pppk: 0.15 },
};

/** Share of the staff besides the head at each level. */
const LEVEL_SHARES: [CareerLevel, number][] = [
  [CareerLevel.TERAMPIL, 0.26],
  [CareerLevel.MAHIR, 0.18],
  [CareerLevel.PENYELIA, 0.07],
  [CareerLevel.AHLI_PERTAMA, 0.26],
  [CareerLevel.AHLI_MUDA, 0.19],
  [CareerLevel.AHLI_MADYA, 0.04],
];

/** Least years of service at each level (one reaches Ahli Madya after long years). */
const MIN_SERVICE: Record<CareerLevel, number> = {
  [CareerLevel.TERAMPIL]: 0,
  [CareerLevel.MAHIR]: 5,
  [CareerLevel.PENYELIA]: 12,
  [CareerLevel.AHLI_PERTAMA]: 0,
  [CareerLevel.AHLI_MUDA]: 6,
  [CareerLevel.AHLI_MADYA]: 14,
  [CareerLevel.AHLI_UTAMA]: 20,
};

/** The level counts for `n` staff besides the head: largest remainders, so they sum to n. */
function levelCounts(n: number, honorer: number): Map<CareerLevel, number> {
  const exact = LEVEL_SHARES.map(([level, share]) => ({ level, exact: share * n, count: Math.floor(share * n) }));
  let left = n - exact.reduce((s, e) => s + e.count, 0);
  for (const e of [...exact].sort((a, b) => b.exact - b.count - (a.exact - a.count))) {
    if (left <= 0) break;
    e.count += 1;
    left -= 1;
  }
  const counts = new Map(exact.map((e) => [e.level, e.count]));
  // a second Ahli Madya besides the head only in a large library
  if (n < 25 && (counts.get(CareerLevel.AHLI_MADYA) ?? 0) > 0) {
    counts.set(CareerLevel.AHLI_MUDA, (counts.get(CareerLevel.AHLI_MUDA) ?? 0) + counts.get(CareerLevel.AHLI_MADYA)!);
    counts.set(CareerLevel.AHLI_MADYA, 0);
  }
  // honorary staff sit at the entry level: take the places from the skilled track's upper levels first
  while ((counts.get(CareerLevel.TERAMPIL) ?? 0) < honorer) {
    const from = [CareerLevel.MAHIR, CareerLevel.AHLI_PERTAMA, CareerLevel.AHLI_MUDA].find((l) => (counts.get(l) ?? 0) > 1) ?? CareerLevel.AHLI_PERTAMA;
    counts.set(from, (counts.get(from) ?? 0) - 1);
    counts.set(CareerLevel.TERAMPIL, (counts.get(CareerLevel.TERAMPIL) ?? 0) + 1);
  }
  return counts;
}

function shuffle<T>(rng: DemoRandom, items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const month = (appointed: string) => `${appointed}-01`;

/** Birth and appointment for a level and status, appointed before `from` (the first day of the history). */
function datesFor(rng: DemoRandom, loadDay: string, from: string, level: CareerLevel, status: EmploymentStatus, head: boolean): { birth: string; appointed: string } {
  const loadYear = Number(loadDay.slice(0, 4));
  const minService = head ? 16 : MIN_SERVICE[level];
  for (let attempt = 0; attempt < 400; attempt++) {
    const dates = careerDates(rng, loadDay);
    const birthYear = Number(dates.birth.slice(0, 4));
    if (status === EmploymentStatus.PNS) {
      if (month(dates.appointed) >= from) continue;
      if (loadYear - Number(dates.appointed.slice(0, 4)) < minService) continue;
      return dates;
    }
    // PPPK from 2019 on (often long-serving honorary staff, so older); honorary staff since 2008
    const earliest = Math.max(status === EmploymentStatus.PPPK ? 2019 : 2008, birthYear + 20);
    const latest = Number(from.slice(0, 4)) - (from.slice(5) <= '01-31' ? 1 : 0);
    if (earliest > latest) continue;
    const year = rng.int(earliest, latest);
    const appointed = `${year}-${rng.pick(['01', '03', '04', '07', '10'])}`;
    if (month(appointed) >= from) continue;
    return { birth: dates.birth, appointed };
  }
  throw new Error(`No career dates for ${level} ${status} before ${from}`);
}

/** The library's staff: rows and the facts the other generators build on. */
export function cityStaff(library: DemoLibrary, profile: CityProfile, loadDay: string, from: string, libraryIndex: number): CityStaffMember[] {
  const rng = demoRandom(`staff-development:city:staff:${library.id}`);
  const n = profile.staff;
  const { honorer: honorerShare, pppk: pppkShare } = EMPLOYMENT[library.id] ?? { honorer: 0.2, pppk: 0.18 };
  const honorer = Math.max(1, Math.round(honorerShare * (n - 1)));
  const pppk = Math.max(1, Math.round(pppkShare * (n - 1)));
  const counts = levelCounts(n - 1, honorer);

  // places besides the head: honorary staff at Terampil, PPPK at Terampil, Mahir or Ahli Pertama, the rest PNS
  const places: { level: CareerLevel; status: EmploymentStatus }[] = [];
  for (const [level, count] of counts) for (let k = 0; k < count; k++) places.push({ level, status: EmploymentStatus.PNS });
  let h = 0;
  for (const p of places) {
    if (h >= honorer || p.level !== CareerLevel.TERAMPIL) continue;
    p.status = EmploymentStatus.HONORER;
    h++;
  }
  let c = 0;
  for (const level of [CareerLevel.AHLI_PERTAMA, CareerLevel.TERAMPIL, CareerLevel.MAHIR]) {
    for (const p of places) {
      if (c >= pppk || p.level !== level || p.status !== EmploymentStatus.PNS || !rng.chance(0.6)) continue;
      p.status = EmploymentStatus.PPPK;
      c++;
    }
  }
  const order = [{ level: CareerLevel.AHLI_MADYA, status: EmploymentStatus.PNS }, ...shuffle(rng, places)];

  const domain = `perpustakaan-${library.id}.go.id`;
  const emails = new Set<string>();
  const names = new Set<string>();
  return order.map((place, i) => {
    let person = cityPerson(rng, library.id);
    for (let tries = 0; names.has(person.name) && tries < 20; tries++) person = cityPerson(rng, library.id, person.sex);
    names.add(person.name);
    const { birth, appointed } = datesFor(rng, loadDay, from, place.level, place.status, i === 0);
    let email = emailFor(person.name, domain);
    for (let k = 2; emails.has(email); k++) email = emailFor(person.name, domain, k);
    emails.add(email);
    const entry = place.level === CareerLevel.TERAMPIL || place.level === CareerLevel.AHLI_PERTAMA;
    // in level since the appointment (entry levels), or since a promotion some years later
    const levelSince = entry
      ? month(appointed)
      : addDays(month(`${Number(appointed.slice(0, 4)) + Math.min(MIN_SERVICE[place.level] || 4, 10)}${appointed.slice(4)}`), rng.int(0, 900));
    return {
      index: i,
      sex: person.sex,
      birth,
      appointed,
      asn: place.status !== EmploymentStatus.HONORER,
      keenness: 0.3 + 1.4 * rng.float(),
      performance: 2 * rng.float() - 1,
      row: {
        id: demoId('librarian', library.id, i),
        libraryId: library.id,
        name: person.name,
        nip: nipFor(birth, appointed, person.sex, libraryIndex * 100 + i + 1),
        email,
        careerLevel: place.level,
        employmentStatus: place.status,
        levelSince: levelSince < addDays(loadDay, -60) ? levelSince : addDays(loadDay, -60 - rng.int(0, 300)),
        phone: null,
        position: null,
        employmentEndedOn: null,
        employmentEndReason: null,
      },
    };
  });
}
