import { demoId } from '../../../../shared/domain/demo';
import { demoRandom, isOpenDay } from '../../../../shared/domain/demo-city';
import { addDays, daysBetween } from '../../../../shared/platform/time';
import { HoldStatus, type Hold } from '../../circulation/hold.entity';
import type { Loan } from '../../circulation/loan.entity';
import { MemberType, type Member } from '../../members/member.entity';
import { NoticeStatus, type CirculationNotice } from '../../notices/circulation-notice.entity';
import { NoticeChannel, type NoticePolicy } from '../../notices/notice-policy.entity';
import { channelFor } from '../../notices/outbox';
import { dueHoldNotices, dueLoanNotices, type DueNotice } from '../../notices/policy';
import { renderNotice, type NoticeFacts, type RenderedNotice } from '../../notices/render';
import type { CityCollection } from './context';
import { whole, zoneClock } from './extras-helpers';

/**
 * A city library's circulation notices, as its notice job (notices/outbox.ts, every 15 minutes)
 * would have written them over the history, by the same rules (notices/policy.ts) and with the
 * same dedupe keys, so that the job running after the load adds nothing it already sent:
 *
 * - the policy: WhatsApp first (the gateway reaches every member with a phone), e-mail otherwise;
 *   overdue notices the day after the due date, then weekly, three at most; hold notices; and,
 *   since REMINDER_WEEKS before the load day (when the library switched them on: the policy's
 *   updatedAt), a reminder two days before the due date;
 * - a loan's notices are written by the job's first run of the day (just after midnight in the
 *   library's zone) while the loan is still out; a hold's "ready" notice within minutes of the copy
 *   reaching the hold shelf, the "last days" notice at the first run from two days before the
 *   pickup deadline;
 * - delivered within seconds (SENT), except to the few members whose number or address no longer
 *   exists: the gateway refused every attempt (FAILED, after the sixth). A member with neither
 *   phone nor e-mail gets none (the job counts them unreachable);
 * - what is due on the load day itself (loans just overdue or in their next overdue week, loans due
 *   in two days, holds in their last days) is in the outbox as the job's run of that morning left
 *   it: PENDING, to be sent by the worker.
 */

/** Weeks before the load day since which the library sends reminders before the due date. */
const REMINDER_WEEKS = 6;
/** The attempts after which the worker gives up (NOTICE_MAX_ATTEMPTS' default). */
const MAX_ATTEMPTS = 6;

/**
 * renderNotice, for tens of thousands of notices: the words depend on the dates and amounts, which
 * repeat, and on the member, title and copy, which are only put in. Rendered once per repeat with
 * markers in their place, then filled in (the same text renderNotice gives).
 */
function noticeRenderer(): (facts: NoticeFacts) => RenderedNotice {
  const templates = new Map<string, RenderedNotice>();
  const NAME = '\u0000N\u0000';
  const TITLE = '\u0000T\u0000';
  const BARCODE = '\u0000B\u0000';
  const fill = (s: string, f: NoticeFacts) =>
    s
      .split(NAME)
      .join(f.memberName)
      .split(TITLE)
      .join(f.title)
      .split(BARCODE)
      .join(f.barcode ?? '');
  return (f) => {
    const key = [f.kind, f.library, f.dueOn, f.daysLate, f.sequence, f.finePerDay, f.pickupBy, f.barcode === null].join('|');
    let template = templates.get(key);
    if (!template) {
      template = renderNotice({ ...f, memberName: NAME, title: TITLE, barcode: f.barcode === null ? null : BARCODE });
      templates.set(key, template);
    }
    return { subject: fill(template.subject, f), text: fill(template.text, f) };
  };
}

export interface CityNotices {
  policy: NoticePolicy;
  notices: CirculationNotice[];
}

export function cityNoticePolicy(c: CityCollection): NoticePolicy {
  const clock = zoneClock(c.library.timezone);
  return {
    libraryId: c.library.id,
    enabled: true,
    senderName: c.library.name,
    dueSoonDays: 2,
    dueToday: false,
    overdueAfterDays: 1,
    overdueEveryDays: 7,
    overdueMaxNotices: 3,
    holdAvailable: true,
    holdExpiringDays: 2,
    channels: [NoticeChannel.WEBHOOK, NoticeChannel.EMAIL],
    updatedAt: clock.at(addDays(c.loadDay, -7 * REMINDER_WEEKS), 10 * 60 + 12),
    updatedBy: `library_admin:${c.library.id}`,
  };
}

export function cityNotices(c: CityCollection): CityNotices {
  const { library, loadDay, window } = c;
  const rng = demoRandom(`collections:city-notices:${library.id}:${loadDay}`);
  const clock = zoneClock(library.timezone);
  const policy = cityNoticePolicy(c);
  const remindersFrom = clock.dayOf(policy.updatedAt) < loadDay ? addDays(clock.dayOf(policy.updatedAt), 1) : loadDay;
  const available = new Set([NoticeChannel.EMAIL, NoticeChannel.WEBHOOK]);
  const members = new Map(c.members.map((m) => [m.id, m]));
  const items = new Map(c.items.map((i) => [i.id, i]));
  const records = new Map(c.records.map((r) => [r.id, r]));
  // The job's run a few minutes after midnight writes the day's loan notices.
  const phase = rng.int(1, 14);
  const runOf = (day: string) => clock.at(day, phase).getTime();
  const loadRun = runOf(loadDay);
  const DAY = 86_400_000;

  // Members whose number or address is dead: every notice to them fails.
  const dead = new Set(c.members.filter(() => rng.chance(0.03)).map((m) => m.id));

  const render = noticeRenderer();
  const notices: CirculationNotice[] = [];
  const written = new Set<string>();
  const write = (due: DueNotice, member: Member, at: number, about: { loan?: Loan; hold?: Hold }, today: string) => {
    if (written.has(due.key)) return;
    const route = channelFor(policy, member, available);
    if (!route) return;
    written.add(due.key);
    const { loan, hold } = about;
    const item = items.get(loan?.itemId ?? hold?.itemId ?? '');
    const record = records.get(loan ? (item?.recordId ?? '') : (hold?.recordId ?? ''));
    const { subject, text } = render({
      kind: due.kind,
      memberName: member.name,
      title: record?.title ?? 'koleksi perpustakaan',
      barcode: item?.barcode ?? null,
      library: policy.senderName,
      dueOn: loan?.dueOn,
      daysLate: loan ? Math.max(0, daysBetween(loan.dueOn, today)) : undefined,
      sequence: due.sequence,
      finePerDay: loan?.finePerDay,
      pickupBy: hold?.pickupBy ?? undefined,
    });
    const createdAt = whole(at);
    const pending = today >= loadDay;
    const failed = !pending && dead.has(member.id);
    notices.push({
      id: demoId('circulation-notice', library.id, due.key),
      dedupeKey: due.key,
      memberId: member.id,
      libraryId: library.id,
      loanId: loan?.id ?? null,
      holdId: hold?.id ?? null,
      kind: due.kind,
      channel: route.channel,
      recipient: route.recipient.slice(0, 200),
      subject: subject.length > 300 ? `${subject.slice(0, 297)}...` : subject,
      text,
      status: pending ? NoticeStatus.PENDING : failed ? NoticeStatus.FAILED : NoticeStatus.SENT,
      attempts: pending ? 0 : failed ? MAX_ATTEMPTS : 1,
      nextAttemptAt: pending ? createdAt : null,
      lockedUntil: null,
      lastError: failed ? (route.channel === NoticeChannel.WEBHOOK ? 'Gateway 422: nomor tidak terdaftar di WhatsApp' : '550 5.1.1 Mailbox unavailable') : null,
      createdAt,
      sentAt: pending || failed ? null : whole(at + rng.int(2, 40) * 1000),
    });
  };

  // Loans: the days a notice falls due, each written if the loan was still out at that day's run.
  const days: number[] = [];
  if (policy.dueSoonDays > 0) days.push(-policy.dueSoonDays);
  for (let n = 0; n < policy.overdueMaxNotices; n++) days.push(policy.overdueAfterDays + n * policy.overdueEveryDays);
  const dueRuns = new Map<string, number>();
  const [firstRun, remindersRun] = [runOf(window.from), runOf(remindersFrom)];
  for (const loan of c.loans) {
    if (loan.libraryId !== library.id) continue;
    const member = members.get(loan.memberId);
    if (!member) continue;
    const out = loan.checkedOutAt.getTime();
    const back = loan.returnedAt ? loan.returnedAt.getTime() : Infinity;
    let dueRun = dueRuns.get(loan.dueOn);
    if (dueRun === undefined) dueRuns.set(loan.dueOn, (dueRun = runOf(loan.dueOn)));
    let lentOn: string | null = null;
    for (const offset of days) {
      const run = dueRun + offset * DAY;
      if (run > loadRun || run < firstRun || (offset < 0 && run < remindersRun) || out >= run || back <= run) continue;
      const today = addDays(loan.dueOn, offset);
      lentOn ??= clock.dayOf(loan.checkedOutAt);
      for (const due of dueLoanNotices(policy, { id: loan.id, dueOn: loan.dueOn, lentOn }, today)) write(due, member, run, { loan }, today);
    }
  }

  // Holds: "ready" when the copy reached the hold shelf, "last days" from two days before the deadline.
  for (const hold of c.holds) {
    if (hold.pickupLibraryId !== library.id || !hold.pickupBy || hold.status === HoldStatus.WAITING || hold.status === HoldStatus.IN_TRANSIT) continue;
    const member = members.get(hold.memberId);
    if (!member) continue;
    const shelfDays = member.memberType === MemberType.INSTITUTION ? 14 : 7;
    const placedOn = clock.dayOf(hold.placedAt);
    const closedAt = hold.closedAt ? hold.closedAt.getTime() : Infinity;
    let readyOn = addDays(hold.pickupBy, -shelfDays);
    if (hold.closedAt && readyOn > clock.dayOf(hold.closedAt)) readyOn = clock.dayOf(hold.closedAt);
    if (readyOn < placedOn) readyOn = placedOn;
    // A copy on the shelf now was shelved before the load day: on the last open day before it, at the latest.
    if (readyOn >= loadDay) {
      readyOn = addDays(loadDay, -1);
      while (!isOpenDay(library.id, readyOn) && readyOn > placedOn) readyOn = addDays(readyOn, -1);
    }
    if (readyOn < placedOn || readyOn >= loadDay) continue;
    if (readyOn < window.from) continue;
    let readyAt = clock.at(readyOn, 9 * 60 + rng.int(0, 6 * 60), rng.int(0, 59)).getTime();
    if (readyAt <= hold.placedAt.getTime()) readyAt = hold.placedAt.getTime() + 60_000;
    if (readyAt >= closedAt) readyAt = closedAt - 60_000;
    const toldAt = readyAt + rng.int(1, 15) * 60_000;
    if (toldAt < closedAt && clock.dayOf(new Date(toldAt)) < loadDay) {
      const toldOn = clock.dayOf(new Date(toldAt));
      for (const due of dueHoldNotices(policy, { id: hold.id, pickupBy: hold.pickupBy }, toldOn, null)) write(due, member, toldAt, { hold }, toldOn);
      let day = addDays(hold.pickupBy, -policy.holdExpiringDays);
      if (day <= toldOn) day = addDays(toldOn, 1);
      const run = runOf(day);
      if (day <= hold.pickupBy && run <= loadRun && run < closedAt) {
        for (const due of dueHoldNotices(policy, { id: hold.id, pickupBy: hold.pickupBy }, day, toldOn)) write(due, member, run, { hold }, day);
      }
    }
  }

  notices.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.dedupeKey.localeCompare(b.dedupeKey));
  return { policy, notices };
}
