import type { DataSource } from 'typeorm';
import { deny, isStaffOf, requireStaffOf, type Identity } from '../../../shared/platform/auth';
import { transaction } from '../../../shared/platform/database';
import { BadUserInputError } from '../../../shared/platform/errors';
import { addDays, daysBetween } from '../../../shared/platform/time';
import { now as clockNow } from '../../../shared/platform/clock';
import { NoticeChannel, NoticePolicy } from './notice-policy.entity';
import { NoticeKind } from './circulation-notice.entity';

/**
 * A library's notice policy: what the defaults are, what may be set, and — as pure functions of
 * the policy and "today" in the library's zone — which notice a loan or a hold is due for.
 */

/** What a library gets when its LIBRARY_ADMIN sets a policy without saying otherwise. */
export const DEFAULT_POLICY = {
  enabled: true,
  dueSoonDays: 3,
  dueToday: true,
  overdueAfterDays: 1,
  overdueEveryDays: 7,
  overdueMaxNotices: 3,
  holdAvailable: true,
  holdExpiringDays: 2,
  channels: [NoticeChannel.EMAIL, NoticeChannel.WEBHOOK],
} as const;

/** The bounds a librarian would accept; anything else is a typo (checked by CirculationNoticePolicyInput). */
export const LIMITS = {
  dueSoonDays: [0, 14],
  overdueAfterDays: [1, 60],
  overdueEveryDays: [1, 60],
  overdueMaxNotices: [0, 10],
  holdExpiringDays: [0, 14],
} as const;

export type PolicyInput = Partial<Omit<NoticePolicy, 'libraryId' | 'updatedAt' | 'updatedBy'>> & { libraryId: string };

/** The library's staff and ADMIN read a policy; GOVERNMENT, PARTNER, members and others are refused. */
export function requireMayReadPolicy(identity: Identity, libraryId: string): void {
  requireStaffOf(identity, libraryId);
}

/** The library's LIBRARY_ADMIN and ADMIN set it. */
export function requireMaySetPolicy(identity: Identity, libraryId: string): void {
  if (!isStaffOf(identity, libraryId, ['LIBRARY_ADMIN'])) deny(identity, "Only the library's LIBRARY_ADMIN (or ADMIN) sets its notice policy");
}

/**
 * Sets the library's policy: fields not given keep their current value (or the default, for a
 * library setting one for the first time). The sender name defaults to the library's own name,
 * which collections does not hold (staff-development does): a first policy must name it.
 */
export async function setPolicy(
  db: DataSource,
  identity: Identity,
  input: PolicyInput,
  /** Throws NOT_FOUND for a library that does not exist (the calendar client asks staff-development). */
  requireLibrary: (libraryId: string) => Promise<unknown>,
): Promise<NoticePolicy> {
  requireMaySetPolicy(identity, input.libraryId); // each field's bounds: CirculationNoticePolicyInput
  await requireLibrary(input.libraryId);
  return transaction(db, async (tx) => {
    const repo = tx.getRepository(NoticePolicy);
    const current = await repo.findOneBy({ libraryId: input.libraryId });
    const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null)) as PolicyInput;
    if (!current && !given.senderName) throw new BadUserInputError('senderName', "a library's first notice policy must name who signs the notices");
    const policy = repo.create({
      ...DEFAULT_POLICY,
      channels: [...DEFAULT_POLICY.channels],
      ...(current ?? {}),
      ...given,
      senderName: (given.senderName ?? current?.senderName)!.trim(),
      updatedAt: clockNow(),
      updatedBy: identity.sub.slice(0, 100),
    });
    await repo.save(policy);
    return policy;
  });
}

/** A notice a loan or hold is due for today: its kind, its dedupe key, and (OVERDUE) its number. */
export interface DueNotice {
  kind: NoticeKind;
  key: string;
  sequence?: number;
}

/**
 * The notices an open loan is due for on `today` (the lending library's date):
 * - DUE_SOON from `dueSoonDays` before the due date until the day before it, once per due date
 *   (a renewal gets a new reminder), and not for a loan lent for less than that;
 * - DUE_TODAY on the due date itself, once per due date;
 * - OVERDUE number n on dueOn + overdueAfterDays + (n − 1) × overdueEveryDays, n ≤ the limit.
 *   When the job missed days, only the latest number due is written: a member gets one
 *   reminder, not three at once.
 */
export function dueLoanNotices(
  policy: Pick<NoticePolicy, 'dueSoonDays' | 'dueToday' | 'overdueAfterDays' | 'overdueEveryDays' | 'overdueMaxNotices'>,
  loan: { id: string; dueOn: string; lentOn: string },
  today: string,
): DueNotice[] {
  const out: DueNotice[] = [];
  const untilDue = daysBetween(today, loan.dueOn);
  if (policy.dueSoonDays > 0 && untilDue > 0 && untilDue <= policy.dueSoonDays && loan.lentOn < addDays(loan.dueOn, -policy.dueSoonDays)) {
    out.push({ kind: NoticeKind.DUE_SOON, key: `loan:${loan.id}:DUE_SOON:${loan.dueOn}` });
  }
  if (policy.dueToday && untilDue === 0) out.push({ kind: NoticeKind.DUE_TODAY, key: `loan:${loan.id}:DUE_TODAY:${loan.dueOn}` });
  const late = -untilDue;
  if (policy.overdueMaxNotices > 0 && late >= policy.overdueAfterDays) {
    const n = Math.min(policy.overdueMaxNotices, 1 + Math.floor((late - policy.overdueAfterDays) / policy.overdueEveryDays));
    out.push({ kind: NoticeKind.OVERDUE, key: `loan:${loan.id}:OVERDUE:${n}`, sequence: n });
  }
  return out;
}

/**
 * The notices a READY hold is due for on `today` (the pickup library's date): HOLD_AVAILABLE
 * once, while the copy waits; HOLD_EXPIRING once per pickup deadline, from `holdExpiringDays`
 * before it — but not on the day the member was told it is available (`availableNoticeOn`):
 * two messages in one day about the same copy help nobody.
 */
export function dueHoldNotices(
  policy: Pick<NoticePolicy, 'holdAvailable' | 'holdExpiringDays'>,
  hold: { id: string; pickupBy: string },
  today: string,
  availableNoticeOn: string | null,
): DueNotice[] {
  const out: DueNotice[] = [];
  if (today > hold.pickupBy) return out;
  if (policy.holdAvailable) out.push({ kind: NoticeKind.HOLD_AVAILABLE, key: `hold:${hold.id}:HOLD_AVAILABLE` });
  const left = daysBetween(today, hold.pickupBy);
  const toldToday = policy.holdAvailable && (availableNoticeOn === null || availableNoticeOn >= today);
  if (policy.holdExpiringDays > 0 && left <= policy.holdExpiringDays && !toldToday) {
    out.push({ kind: NoticeKind.HOLD_EXPIRING, key: `hold:${hold.id}:HOLD_EXPIRING:${hold.pickupBy}` });
  }
  return out;
}
