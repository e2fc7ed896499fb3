import { BadUserInputError } from '../../../shared/platform/errors';
import { isCalendarDate } from '../../../shared/platform/scalars';

/**
 * The structure of a NIP (Nomor Induk Pegawai) as the demo builds it (`nipFor` in
 * shared/domain/demo-city.ts) and BKN issues it: 18 digits —
 * birth date YYYYMMDD, appointment (TMT CPNS) month YYYYMM, sex digit (1 male, 2 female),
 * a three-digit sequence number.
 */
export interface NipParts {
  birthDate: string;
  appointedMonth: string;
  sex: 'male' | 'female';
  sequence: number;
}

/** The parts of a NIP, or BAD_USER_INPUT on `nip` naming what is wrong. `today`: YYYY-MM-DD. */
export function parseNip(nip: string, today: string): NipParts {
  const bad = (why: string) => new BadUserInputError('nip', `A NIP ${why}`);
  if (!/^\d{18}$/.test(nip)) throw bad('is 18 digits');
  const birthDate = `${nip.slice(0, 4)}-${nip.slice(4, 6)}-${nip.slice(6, 8)}`;
  if (!isCalendarDate(birthDate)) throw bad('starts with the birth date, YYYYMMDD');
  const appointedYear = Number(nip.slice(8, 12));
  const appointedMonthNumber = Number(nip.slice(12, 14));
  if (appointedMonthNumber < 1 || appointedMonthNumber > 12) throw bad('has the appointment month (YYYYMM) in digits 9-14');
  const appointedMonth = `${nip.slice(8, 12)}-${nip.slice(12, 14)}`;
  if (birthDate < '1900-01-01' || birthDate > today) throw bad('starts with a birth date in the past');
  if (appointedYear < Number(birthDate.slice(0, 4)) + 18) throw bad('has an appointment at 18 or older');
  if (appointedMonth > today.slice(0, 7)) throw bad('has an appointment month that has begun');
  const sexDigit = nip[14];
  if (sexDigit !== '1' && sexDigit !== '2') throw bad('has 1 (male) or 2 (female) as digit 15');
  return { birthDate, appointedMonth, sex: sexDigit === '2' ? 'female' : 'male', sequence: Number(nip.slice(15)) };
}
