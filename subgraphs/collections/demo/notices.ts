import { In, IsNull, type EntityManager } from 'typeorm';
import { DEMO_LIBRARIES, DEMO_TODAY, demoId } from '../../../shared/domain/demo';
import { daysBetween, localDate, zonedToUtc } from '../../../shared/platform/time';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { CirculationNotice, NoticeStatus } from '../notices/circulation-notice.entity';
import { Hold, HoldStatus } from '../circulation/hold.entity';
import { Item } from '../catalogue/item.entity';
import { Loan } from '../circulation/loan.entity';
import { Member } from '../members/member.entity';
import { NoticeChannel, NoticePolicy } from '../notices/notice-policy.entity';
import { channelFor } from '../notices/outbox';
import { DEFAULT_POLICY, dueHoldNotices, dueLoanNotices, type DueNotice } from '../notices/policy';
import { renderNotice } from '../notices/render';

/**
 * Demo notices: every demo library has the default policy, signed with its name, and the notices
 * its loans and holds were due for on the demo "today" (08:00 in the library's zone) are in the
 * outbox as the job would have written them — sent, except the last of each library, which the
 * mail server refused until the job gave up (FAILED), so the outbox filters have something to show.
 * Same dedupe keys as the job: a real run later adds only what is new.
 */
export async function demoNotices(tx: EntityManager): Promise<{ policies: NoticePolicy[]; notices: CirculationNotice[] }> {
  const policies: NoticePolicy[] = [];
  const notices: CirculationNotice[] = [];
  for (const library of DEMO_LIBRARIES) {
    const policy = tx.getRepository(NoticePolicy).create({
      ...DEFAULT_POLICY,
      channels: [...DEFAULT_POLICY.channels],
      libraryId: library.id,
      senderName: library.name,
      updatedAt: zonedToUtc('2026-10-01', '09:00', library.timezone),
      updatedBy: 'demo',
    });
    policies.push(policy);
    const at = zonedToUtc(DEMO_TODAY, '08:00', library.timezone);
    const loans = await tx.getRepository(Loan).find({ where: { libraryId: library.id, returnedAt: IsNull() }, order: { dueOn: 'ASC', id: 'ASC' } });
    const holds = await tx.getRepository(Hold).find({ where: { pickupLibraryId: library.id, status: HoldStatus.READY }, order: { placedAt: 'ASC', id: 'ASC' } });
    const due: { notice: DueNotice; memberId: string; loan?: Loan; hold?: Hold }[] = [
      ...loans.flatMap((loan) =>
        dueLoanNotices(policy, { id: loan.id, dueOn: loan.dueOn, lentOn: localDate(loan.checkedOutAt, library.timezone) }, DEMO_TODAY).map((notice) => ({
          notice,
          memberId: loan.memberId,
          loan,
        })),
      ),
      ...holds
        .filter((h) => h.pickupBy)
        .flatMap((hold) => dueHoldNotices(policy, { id: hold.id, pickupBy: hold.pickupBy! }, DEMO_TODAY, null).map((notice) => ({ notice, memberId: hold.memberId, hold }))),
    ];
    if (!due.length) continue;
    const members = new Map((await tx.getRepository(Member).findBy({ id: In([...new Set(due.map((d) => d.memberId))]) })).map((m) => [m.id, m]));
    const itemIds = due.flatMap((d) => (d.loan ? [d.loan.itemId] : d.hold?.itemId ? [d.hold.itemId] : []));
    const items = new Map((itemIds.length ? await tx.getRepository(Item).findBy({ id: In(itemIds) }) : []).map((i) => [i.id, i]));
    const recordIds = [...items.values()].map((i) => i.recordId);
    const records = new Map((recordIds.length ? await tx.getRepository(BibliographicRecord).findBy({ id: In(recordIds) }) : []).map((r) => [r.id, r]));
    due.forEach((d, i) => {
      const member = members.get(d.memberId)!;
      const route = channelFor(policy, member, new Set([NoticeChannel.EMAIL, NoticeChannel.WEBHOOK]));
      if (!route) return;
      const item = items.get(d.loan?.itemId ?? d.hold?.itemId ?? '');
      const { subject, text } = renderNotice({
        kind: d.notice.kind,
        memberName: member.name,
        title: records.get(item?.recordId ?? '')?.title ?? 'koleksi perpustakaan',
        barcode: item?.barcode ?? null,
        library: policy.senderName,
        dueOn: d.loan?.dueOn,
        daysLate: d.loan ? Math.max(0, daysBetween(d.loan.dueOn, DEMO_TODAY)) : undefined,
        sequence: d.notice.sequence,
        finePerDay: d.loan?.finePerDay,
        pickupBy: d.hold?.pickupBy ?? undefined,
      });
      const failed = i === due.length - 1 && due.length > 2;
      notices.push(
        tx.getRepository(CirculationNotice).create({
          id: demoId('circulation-notice', library.id, i),
          dedupeKey: d.notice.key,
          memberId: member.id,
          libraryId: library.id,
          loanId: d.loan?.id ?? null,
          holdId: d.hold?.id ?? null,
          kind: d.notice.kind,
          channel: route.channel,
          recipient: route.recipient,
          subject: subject.slice(0, 300),
          text,
          status: failed ? NoticeStatus.FAILED : NoticeStatus.SENT,
          attempts: failed ? DEFAULT_MAX_ATTEMPTS : 1,
          nextAttemptAt: null,
          lockedUntil: null,
          lastError: failed ? '550 5.1.1 Mailbox unavailable' : null,
          createdAt: at,
          sentAt: failed ? null : new Date(at.getTime() + 60_000),
        }),
      );
    });
  }
  return { policies, notices };
}

/** The default of NOTICE_MAX_ATTEMPTS, as the demo's FAILED notices record it. */
const DEFAULT_MAX_ATTEMPTS = 6;
