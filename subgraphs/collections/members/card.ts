import type { EntityManager } from 'typeorm';
import { defaultPrefix } from '../catalogue/barcodes';
import { MemberStatus, MemberType, type Member } from './member.entity';

/**
 * A library card: what it reads today, how long it runs, and its number.
 *
 * The status is computed, never stale: the stored status is ACTIVE, SUSPENDED or CLOSED, and a
 * card past its `expiresOn` reads EXPIRED — in GraphQL (`Member.status`, which the gateway's
 * sign-in directory reads too) and at the circulation desk — from the library's today, with no
 * nightly job to miss.
 */
export function cardStatus(member: Pick<Member, 'status' | 'expiresOn'>, today: string): MemberStatus {
  if (member.status !== MemberStatus.ACTIVE) return member.status;
  return member.expiresOn < today ? MemberStatus.EXPIRED : MemberStatus.ACTIVE;
}

/**
 * How many years a card runs, by member type: from registration, and on renewal from today or
 * from the old expiry if that is still ahead (docs/members.md).
 */
export const CARD_TERM_YEARS: Record<MemberType, number> = {
  [MemberType.ADULT]: 3,
  [MemberType.SENIOR]: 3,
  [MemberType.STUDENT]: 1,
  [MemberType.CHILD]: 1,
  [MemberType.INSTITUTION]: 1,
};

/** `date` plus whole years; 29 February becomes 28 February in a year without one. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The card's expiry for a card of this type starting on `from`. */
export const cardExpiry = (memberType: MemberType, from: string): string => addYears(from, CARD_TERM_YEARS[memberType]);

/** The city codes (BPS) the libraries' cards carry, as the cards already printed do. */
export const CARD_CODES: Record<string, string> = { kupang: '5371', baubau: '7472', pasuruan: '3575', 'pematang-siantar': '1272' };

/**
 * A library's card-number series: `<city code>.<year>.<five digits>` (`5371.2026.00042`), the
 * next number after the highest of that library and year. Numbers are not reserved: the unique
 * index on `cardNumber` decides, and a desk that lost the race takes the next one
 * (`issueCardNumber`'s caller retries in a fresh transaction), so two desks at once never get the
 * same number, on SQLite, MariaDB or Galera (no lock to lose between nodes).
 */
export async function nextCardNumber(tx: EntityManager, libraryId: string, today: string): Promise<string> {
  const prefix = `${CARD_CODES[libraryId] ?? defaultPrefix(libraryId)}.${today.slice(0, 4)}.`;
  const rows: { cardNumber: string }[] = await tx.query('SELECT cardNumber FROM member WHERE cardNumber LIKE ?', [`${prefix}%`]);
  const highest = rows.reduce((max, r) => Math.max(max, Number(/^\d+$/.test(r.cardNumber.slice(prefix.length)) ? r.cardNumber.slice(prefix.length) : 0)), 0);
  return `${prefix}${String(highest + 1).padStart(5, '0')}`;
}
