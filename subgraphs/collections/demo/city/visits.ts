import { demoId } from '../../../../shared/domain/demo';
import { demandWeight, demoRandom, isOpenDay } from '../../../../shared/domain/demo-city';
import { addDays, isoWeekday } from '../../../../shared/platform/time';
import type { VisitCorrection } from '../../visits/visit-correction.entity';
import { VisitSource, type VisitCount } from '../../visits/visit-count.entity';
import type { CityCollection } from './context';
import { librarianOf, zoneClock } from './extras-helpers';

/**
 * A city library's daily visitor counts over the whole history: one count for every open day from
 * the window's first day to yesterday, none on a closed day, about `visitsPerOpenDay` on an average
 * day of the last year, shaped by the year (demandWeight: school holidays, Ramadan, Christmas,
 * Saturdays, growth) with the day's own noise and the odd school group. Entered at closing time by
 * one of the librarians. Kupang and Pasuruan read a gate counter, which breaks down for a few days
 * about once a year (those days are counted by hand); Baubau and Pematang Siantar count by hand.
 * A handful of counts were corrected the next morning, one of them twice: the fixture's reasons,
 * and the day before each breakdown, when the failing counter undercounted.
 */

const GATE_COUNTER = new Set(['kupang', 'pasuruan']);

const REASONS: { factor: number; reason: string; second?: { delta: number; reason: string } }[] = [
  { factor: 0.82, reason: 'Penghitung gerbang menghitung ganda saat rombongan sekolah keluar-masuk' },
  { factor: 1.1, reason: 'Salah salin dari lembar tally: 1 lembar terlewat' },
  {
    factor: 1.25,
    reason: 'Pengunjung acara bedah buku di aula belum dihitung',
    second: { delta: 0.04, reason: 'Daftar hadir peserta acara diterima dari panitia: angka final' },
  },
  { factor: 0.95, reason: 'Petugas kebersihan dan tamu dinas ikut terhitung' },
  { factor: 1.15, reason: 'Kunjungan rombongan TK ke ruang anak belum dicatat' },
  { factor: 0.9, reason: 'Peserta rapat di ruang serbaguna ikut terhitung sebagai pengunjung' },
];
const BROKEN_REASON = 'Penghitung gerbang mulai rusak dan tidak menghitung sebagian pengunjung: dihitung ulang dari buku tamu';

export interface CityVisits {
  visits: VisitCount[];
  corrections: VisitCorrection[];
}

export function cityVisits(c: CityCollection): CityVisits {
  const { library, profile, loadDay, window } = c;
  const rng = demoRandom(`collections:city-visits:${library.id}:${loadDay}`);
  const clock = zoneClock(library.timezone);
  const days: string[] = [];
  for (let day = window.from; day <= window.through; day = addDays(day, 1)) if (isOpenDay(library.id, day)) days.push(day);

  // An average open day of the last year has visitsPerOpenDay visitors.
  const lastYear = days.filter((d) => d >= addDays(loadDay, -365));
  const mean = lastYear.reduce((s, d) => s + demandWeight(profile, d, loadDay), 0) / Math.max(1, lastYear.length);

  // The gate counter's breakdowns: a run of 3–6 open days about every 250 open days.
  const broken = new Set<number>();
  const brokenStarts: number[] = [];
  if (GATE_COUNTER.has(library.id)) {
    for (let start = rng.int(60, 200); start < days.length - 10; start += rng.int(220, 300)) {
      brokenStarts.push(start);
      const length = rng.int(3, 6);
      for (let k = 0; k < length; k++) broken.add(start + k);
    }
  }

  const visits: VisitCount[] = days.map((day, i) => {
    let expected = (profile.visitsPerOpenDay * demandWeight(profile, day, loadDay)) / mean;
    expected *= 0.88 + rng.float() * 0.24; // weather, a market day, a rainy afternoon
    if (rng.chance(0.04)) expected *= 1.2 + rng.float() * 0.3; // a school group, a visit by the mayor's office
    const count = Math.max(1, rng.poisson(expected));
    const closing = isoWeekday(day) === 6 ? 13 * 60 : 16 * 60;
    return {
      id: demoId('visit', library.id, day),
      libraryId: library.id,
      visitDate: day,
      source: GATE_COUNTER.has(library.id) && !broken.has(i) ? VisitSource.GATE_COUNTER : VisitSource.MANUAL,
      count,
      enteredCount: count,
      correctionCount: 0,
      recordedAt: clock.at(day, closing + rng.int(0, 50), rng.int(0, 59)),
      recordedBy: `librarian:${library.id}`,
      recordedByRole: 'LIBRARIAN',
      recordedByLibrarianId: librarianOf(c, rng.int(0, 7)),
    };
  });

  // Corrections the next morning (never on the last days, whose morning after is today or later).
  const corrections: VisitCorrection[] = [];
  const correct = (i: number, steps: { factor: number; reason: string }[]) => {
    const visit = visits[i];
    if (visit.correctionCount || addDays(visit.visitDate, steps.length) >= loadDay) return;
    steps.forEach((step, s) => {
      const newCount = Math.max(1, Math.round(visit.enteredCount * step.factor));
      const admin = s === 1 || rng.chance(0.3);
      corrections.push({
        id: demoId('visit-correction', library.id, visit.visitDate, s + 1),
        visitId: visit.id,
        sequence: s + 1,
        previousCount: visit.count,
        newCount,
        reason: step.reason,
        correctedAt: clock.at(addDays(visit.visitDate, 1 + s), 8 * 60 + rng.int(5, 90), rng.int(0, 59)),
        correctedBy: admin ? `library_admin:${library.id}` : `librarian:${library.id}`,
        correctedByRole: admin ? 'LIBRARY_ADMIN' : 'LIBRARIAN',
        correctedByLibrarianId: admin ? null : librarianOf(c, 1),
      });
      visit.count = newCount;
      visit.correctionCount = s + 1;
    });
  };
  for (const start of brokenStarts) if (start > 0) correct(start - 1, [{ factor: 1.2 + rng.float() * 0.2, reason: BROKEN_REASON }]);
  let r = 0;
  for (let i = rng.int(5, 30); i < days.length - 3; i += rng.int(70, 130)) {
    const fix = REASONS[r++ % REASONS.length];
    correct(i, fix.second ? [fix, { factor: fix.factor + fix.second.delta, reason: fix.second.reason }] : [fix]);
  }
  return { visits, corrections };
}
