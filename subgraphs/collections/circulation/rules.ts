import { isOpenOn, nextOpenDay, type LibraryCalendar } from '../../../shared/domain/library-calendar';
import { addDays, daysBetween } from '../../../shared/platform/time';
import type { MaterialType } from '../catalogue/bibliographic-record.entity';
import type { LoanRule } from './loan-rule.entity';
import type { MemberType } from '../members/member.entity';

/**
 * The pure part of circulation: which rule applies, when a loan is due, what a late return costs.
 * No database, no clock: callers pass "today" (in the library's zone) and the calendar.
 */

/** How specific a rule is for this member type and material type; -1 when it does not apply. */
export function specificity(rule: Pick<LoanRule, 'memberType' | 'materialType'>, memberType: MemberType, materialType: MaterialType): number {
  if (rule.memberType !== null && rule.memberType !== memberType) return -1;
  if (rule.materialType !== null && rule.materialType !== materialType) return -1;
  // Member type outranks material type, as in Koha's circulation rules.
  return (rule.memberType !== null ? 2 : 0) + (rule.materialType !== null ? 1 : 0);
}

/** The most specific of a library's rules for this member type and material type, or null. */
export function pickRule<R extends Pick<LoanRule, 'memberType' | 'materialType'>>(rules: R[], memberType: MemberType, materialType: MaterialType): R | null {
  let best: R | null = null;
  let bestScore = -1;
  for (const rule of rules) {
    const score = specificity(rule, memberType, materialType);
    if (score > bestScore) {
      best = rule;
      bestScore = score;
    }
  }
  return best;
}

/** The due date of a loan period starting `from`: `days` later, moved to the next open day. */
export function dueDate(calendar: LibraryCalendar, from: string, days: number): string {
  return nextOpenDay(calendar, addDays(from, days));
}

/**
 * A renewal runs a new loan period from today, and never gives back less than the loan already
 * has: the later of today + the period (moved to an open day) and the current due date.
 */
export function renewedDueDate(calendar: LibraryCalendar, dueOn: string, today: string, days: number): string {
  const fromToday = dueDate(calendar, today, days);
  return fromToday > dueOn ? fromToday : dueOn;
}

/** The cap of a loan's fine: the rule's cap, never above the copy's replacement price. */
export function fineCapFor(rule: Pick<LoanRule, 'fineCap'>, price: number): number {
  return Math.max(0, rule.fineCap === null ? price : Math.min(rule.fineCap, price));
}

export interface FineTerms {
  dueOn: string;
  finePerDay: number;
  graceDays: number;
  fineCap: number;
  /** True: only the open days after the grace days are charged; absent or false: every open day since the due date. */
  deductGraceDays?: boolean;
}

/** Open days of the library after `dueOn` up to and including `returnedOn`. */
export function openDaysLate(calendar: LibraryCalendar, dueOn: string, returnedOn: string): number {
  let days = 0;
  for (let day = addDays(dueOn, 1); day <= returnedOn; day = addDays(day, 1)) if (isOpenOn(calendar, day)) days += 1;
  return days;
}

/**
 * The overdue fine of a copy returned on `returnedOn` (the lending library's date): nothing
 * within the grace days; past them, at the loan's rate up to its cap, every day the library was
 * open since the due date — or, when the loan deducts its grace days, only those after them.
 */
export function overdueFine(calendar: LibraryCalendar, terms: FineTerms, returnedOn: string): { daysOverdue: number; fine: number } {
  const daysOverdue = Math.max(0, daysBetween(terms.dueOn, returnedOn));
  if (daysOverdue === 0 || daysOverdue <= terms.graceDays) return { daysOverdue, fine: 0 };
  const countFrom = terms.deductGraceDays ? addDays(terms.dueOn, terms.graceDays) : terms.dueOn;
  const fine = Math.min(terms.fineCap, openDaysLate(calendar, countFrom, returnedOn) * terms.finePerDay);
  return { daysOverdue, fine };
}

/** The last day a copy waits on the hold shelf, from the day it is put there. */
export function pickupByDate(calendar: LibraryCalendar, shelvedOn: string, holdShelfDays: number): string {
  return dueDate(calendar, shelvedOn, holdShelfDays);
}
