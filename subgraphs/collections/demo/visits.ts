import type { EntityManager } from 'typeorm';
import { DEMO_LIBRARIES, DEMO_TODAY, addDays, demoFaker, demoId } from '../../../shared/domain/demo';
import { isOpenOn, type LibraryCalendar } from '../../../shared/domain/library-calendar';
import { isoWeekday } from '../../../shared/platform/time';
import { VisitCorrection } from '../visits/visit-correction.entity';
import { VisitCount, VisitSource } from '../visits/visit-count.entity';
import { localInstant } from './helpers';

/**
 * Demo visitor counts: every open day of every library from VISITS_FROM to the day before
 * DEMO_TODAY, entered at closing time by one of its librarians. Kupang and Pasuruan have a gate
 * counter (which broke down for a week in August: those days were counted by hand); Baubau and
 * Pematang Siantar count by hand. A few counts were corrected afterwards, one of them twice.
 */

export const VISITS_FROM = '2026-05-01';

/** Visitors on an ordinary weekday, roughly in proportion to the city. */
const BASE: Record<string, number> = { kupang: 185, baubau: 70, pasuruan: 115, 'pematang-siantar': 125 };
const GATE_COUNTER = new Set(['kupang', 'pasuruan']);
const COUNTER_BROKEN = { from: '2026-08-10', to: '2026-08-15' };
/** School holidays (end of the school year): children come during the week. */
const SCHOOL_HOLIDAYS = { from: '2026-06-27', to: '2026-07-12' };

interface Fix {
  /** Days after VISITS_FROM's first open day … picked among open days by index. */
  day: number;
  /** New count as a share of the entered one. */
  factor: number;
  reason: string;
}

const FIXES: Fix[] = [
  { day: 9, factor: 0.82, reason: 'Penghitung gerbang menghitung ganda saat rombongan sekolah keluar-masuk' },
  { day: 41, factor: 1.1, reason: 'Salah salin dari lembar tally: 1 lembar terlewat' },
  { day: 77, factor: 1.25, reason: 'Pengunjung acara bedah buku di aula belum dihitung' },
  { day: 118, factor: 0.95, reason: 'Petugas kebersihan dan tamu dinas ikut terhitung' },
];

export function demoVisits(tx: EntityManager, calendars: Map<string, LibraryCalendar>): { visits: VisitCount[]; corrections: VisitCorrection[] } {
  const visits: VisitCount[] = [];
  const corrections: VisitCorrection[] = [];
  for (const library of DEMO_LIBRARIES) {
    const calendar = calendars.get(library.id)!;
    const faker = demoFaker(`collections:visits:${library.id}`);
    const mine: VisitCount[] = [];
    for (let day = VISITS_FROM; day < DEMO_TODAY; day = addDays(day, 1)) {
      if (!isOpenOn(calendar, day)) continue;
      const weekday = isoWeekday(day);
      let expected = BASE[library.id] * (weekday === 6 ? 1.35 : weekday === 1 ? 0.9 : weekday === 5 ? 0.85 : 1);
      if (day >= SCHOOL_HOLIDAYS.from && day <= SCHOOL_HOLIDAYS.to) expected *= 1.3;
      const count = Math.max(0, Math.round(expected * faker.number.float({ min: 0.75, max: 1.25 })));
      const broken = day >= COUNTER_BROKEN.from && day <= COUNTER_BROKEN.to;
      const source = GATE_COUNTER.has(library.id) && !broken ? VisitSource.GATE_COUNTER : VisitSource.MANUAL;
      const librarian = faker.number.int({ min: 0, max: 7 });
      const visit = tx.getRepository(VisitCount).create({
        id: demoId('visit', library.id, day),
        libraryId: library.id,
        visitDate: day,
        source,
        count,
        enteredCount: count,
        correctionCount: 0,
        recordedAt: localInstant(library, day, 16, faker.number.int({ min: 0, max: 50 })),
        recordedBy: `librarian:${library.id}`,
        recordedByRole: 'LIBRARIAN',
        recordedByLibrarianId: demoId('librarian', library.id, librarian),
      });
      mine.push(visit);
    }
    FIXES.forEach((fix, k) => {
      const visit = mine[Math.min(fix.day, mine.length - 1)];
      const steps = k === 2 ? [fix.factor, fix.factor + 0.04] : [fix.factor];
      steps.forEach((factor, s) => {
        const newCount = Math.round(visit.enteredCount * factor);
        const admin = s === 1 || k % 2 === 1;
        corrections.push(
          tx.getRepository(VisitCorrection).create({
            id: demoId('visit-correction', library.id, visit.visitDate, s + 1),
            visitId: visit.id,
            sequence: s + 1,
            previousCount: visit.count,
            newCount,
            reason: s === 1 ? 'Daftar hadir peserta acara diterima dari panitia: angka final' : fix.reason,
            correctedAt: localInstant(library, addDays(visit.visitDate, 1 + s), 9, 15 + s),
            correctedBy: admin ? `library_admin:${library.id}` : `librarian:${library.id}`,
            correctedByRole: admin ? 'LIBRARY_ADMIN' : 'LIBRARIAN',
            correctedByLibrarianId: admin ? null : demoId('librarian', library.id, 1),
          }),
        );
        visit.count = newCount;
        visit.correctionCount = s + 1;
      });
    });
    visits.push(...mine);
  }
  return { visits, corrections };
}
