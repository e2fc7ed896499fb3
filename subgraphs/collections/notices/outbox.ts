import { randomUUID } from 'node:crypto';
import { In, IsNull, LessThanOrEqual, MoreThanOrEqual, type DataSource } from 'typeorm';
import { isUniqueViolation, transaction } from '../../../shared/platform/database';
import type { LibraryCalendar } from '../../../shared/domain/library-calendar';
import { queued, type OutboxTable } from '../../../shared/platform/outbox';
import { addDays, daysBetween, localDate, todayAt, wholeSeconds } from '../../../shared/platform/time';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { CirculationNotice, NoticeKind, NoticeStatus } from './circulation-notice.entity';
import { Hold, HoldStatus } from '../circulation/hold.entity';
import { Item } from '../catalogue/item.entity';
import { Loan } from '../circulation/loan.entity';
import { Member } from '../members/member.entity';
import { NoticeChannel, NoticePolicy } from './notice-policy.entity';
import { dueHoldNotices, dueLoanNotices, type DueNotice } from './policy';
import { renderNotice, type NoticeFacts } from './render';

/**
 * The outbox writer: for every library with an enabled policy, the notices its open loans and
 * READY holds are due for today (in the library's zone) are rendered and written once. The
 * unique dedupe key makes a second write impossible, also when two runs race: the loser's
 * insert is refused and counted as `alreadyWritten`.
 *
 * A notice goes by the first of the policy's channels that can reach the member: EMAIL when the
 * member has an address and SMTP is configured, WEBHOOK when the member has a phone number and
 * the webhook is configured. When none can, nothing is written (`unreachable`): a notice nobody
 * can send is noise in the outbox, and the next run writes it once a channel is configured and
 * the notice is still due.
 */

/** The `circulation_notice` table as the shared outbox mechanism (shared/platform/outbox.ts) knows it. */
export const noticeOutbox: OutboxTable<CirculationNotice> = {
  entity: CirculationNotice,
  statuses: { pending: NoticeStatus.PENDING, delivered: NoticeStatus.SENT, failed: NoticeStatus.FAILED },
};

export interface WriteSummary {
  written: Record<NoticeKind, number>;
  unreachable: number;
  alreadyWritten: number;
  /** Libraries skipped this run (their calendar could not be read), with why. */
  skipped: { libraryId: string; error: string }[];
}

export interface WriterDeps {
  db: DataSource;
  calendars: { get(libraryId: string): Promise<LibraryCalendar> };
}

const emptyCounts = (): Record<NoticeKind, number> => Object.fromEntries(Object.values(NoticeKind).map((k) => [k, 0])) as Record<NoticeKind, number>;

const chunks = <T>(list: T[], size = 500): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** The first channel of the policy that is configured and can reach the member. */
export function channelFor(
  policy: Pick<NoticePolicy, 'channels'>,
  member: Pick<Member, 'email' | 'phone'>,
  available: Set<NoticeChannel>,
): { channel: NoticeChannel; recipient: string } | null {
  for (const channel of policy.channels) {
    if (!available.has(channel)) continue;
    if (channel === NoticeChannel.EMAIL && member.email?.includes('@')) return { channel, recipient: member.email.trim() };
    if (channel === NoticeChannel.WEBHOOK && member.phone?.trim()) return { channel, recipient: member.phone.trim() };
  }
  return null;
}

interface Candidate {
  due: DueNotice;
  memberId: string;
  loan?: Loan;
  hold?: Hold;
}

async function existingKeys(db: DataSource, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(keys)) {
    const rows = await db.getRepository(CirculationNotice).find({ select: { dedupeKey: true }, where: { dedupeKey: In(part) } });
    for (const r of rows) found.add(r.dedupeKey);
  }
  return found;
}

async function byIds<T extends { id: string }>(db: DataSource, entity: new () => T, ids: string[]): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  for (const part of chunks([...new Set(ids)])) {
    for (const row of await db.getRepository(entity).findBy({ id: In(part) } as never)) out.set(row.id, row);
  }
  return out;
}

/** The notices one library's loans and holds are due for today. */
async function candidatesOf(db: DataSource, policy: NoticePolicy, timezone: string, today: string): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  const loans = await db.getRepository(Loan).findBy({ libraryId: policy.libraryId, returnedAt: IsNull(), dueOn: LessThanOrEqual(addDays(today, policy.dueSoonDays)) });
  for (const loan of loans) {
    for (const due of dueLoanNotices(policy, { id: loan.id, dueOn: loan.dueOn, lentOn: localDate(loan.checkedOutAt, timezone) }, today)) {
      candidates.push({ due, memberId: loan.memberId, loan });
    }
  }
  if (policy.holdAvailable || policy.holdExpiringDays > 0) {
    const holds = await db.getRepository(Hold).findBy({ pickupLibraryId: policy.libraryId, status: HoldStatus.READY, pickupBy: MoreThanOrEqual(today) });
    const toldOn = new Map<string, string>();
    for (const part of chunks(holds.map((h) => h.id))) {
      const told = await db.getRepository(CirculationNotice).find({ select: { holdId: true, createdAt: true }, where: { holdId: In(part), kind: NoticeKind.HOLD_AVAILABLE } });
      for (const t of told) toldOn.set(t.holdId!, localDate(t.createdAt, timezone));
    }
    for (const hold of holds) {
      for (const due of dueHoldNotices(policy, { id: hold.id, pickupBy: hold.pickupBy! }, today, toldOn.get(hold.id) ?? null)) {
        candidates.push({ due, memberId: hold.memberId, hold });
      }
    }
  }
  return candidates;
}

/** Writes one notice; false when its dedupe key is already there (another run was first). */
async function insertOnce(db: DataSource, notice: CirculationNotice): Promise<boolean> {
  try {
    await transaction(db, (tx) => tx.getRepository(CirculationNotice).insert(notice));
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** One library's due notices, written. */
async function writeForLibrary(db: DataSource, policy: NoticePolicy, calendar: LibraryCalendar, available: Set<NoticeChannel>, at: Date, summary: WriteSummary): Promise<void> {
  const today = todayAt(calendar, at);
  const all = await candidatesOf(db, policy, calendar.timezone, today);
  if (!all.length) return;
  const written = await existingKeys(
    db,
    all.map((c) => c.due.key),
  );
  const fresh = all.filter((c) => !written.has(c.due.key));
  if (!fresh.length) return;

  const members = await byIds(
    db,
    Member,
    fresh.map((c) => c.memberId),
  );
  const items = await byIds(
    db,
    Item,
    fresh.flatMap((c) => (c.loan ? [c.loan.itemId] : c.hold?.itemId ? [c.hold.itemId] : [])),
  );
  const recordIds = fresh.map((c) => (c.loan ? items.get(c.loan.itemId)?.recordId : c.hold!.recordId)).filter((id): id is string => !!id);
  const records = await byIds(db, BibliographicRecord, recordIds);

  for (const c of fresh) {
    const member = members.get(c.memberId);
    if (!member) continue;
    const route = channelFor(policy, member, available);
    if (!route) {
      summary.unreachable += 1;
      continue;
    }
    const item = c.loan ? items.get(c.loan.itemId) : c.hold!.itemId ? items.get(c.hold!.itemId) : undefined;
    const record = records.get(c.loan ? (item?.recordId ?? '') : c.hold!.recordId);
    const facts: NoticeFacts = {
      kind: c.due.kind,
      memberName: member.name,
      title: record?.title ?? 'koleksi perpustakaan',
      barcode: item?.barcode ?? null,
      library: policy.senderName,
      dueOn: c.loan?.dueOn,
      daysLate: c.loan ? Math.max(0, daysBetween(c.loan.dueOn, today)) : undefined,
      sequence: c.due.sequence,
      finePerDay: c.loan?.finePerDay,
      pickupBy: c.hold?.pickupBy ?? undefined,
    };
    const { subject, text } = renderNotice(facts);
    const notice = db.getRepository(CirculationNotice).create({
      id: randomUUID(),
      dedupeKey: c.due.key,
      memberId: member.id,
      libraryId: policy.libraryId,
      loanId: c.loan?.id ?? null,
      holdId: c.hold?.id ?? null,
      kind: c.due.kind,
      channel: route.channel,
      recipient: route.recipient.slice(0, 200),
      subject: subject.length > 300 ? `${subject.slice(0, 297)}...` : subject,
      text,
      ...queued(noticeOutbox, at),
      lastError: null,
      createdAt: at,
      sentAt: null,
    });
    if (await insertOnce(db, notice)) summary.written[c.due.kind] += 1;
    else summary.alreadyWritten += 1;
  }
}

/** Writes every notice due at `now` into the outbox, once. */
export async function writeDueNotices(deps: WriterDeps, available: Set<NoticeChannel>, now: Date): Promise<WriteSummary> {
  const at = wholeSeconds(now);
  const summary: WriteSummary = { written: emptyCounts(), unreachable: 0, alreadyWritten: 0, skipped: [] };
  const policies = await deps.db.getRepository(NoticePolicy).find({ where: { enabled: true }, order: { libraryId: 'ASC' } });
  for (const policy of policies) {
    let calendar: LibraryCalendar;
    try {
      calendar = await deps.calendars.get(policy.libraryId);
    } catch (err) {
      summary.skipped.push({ libraryId: policy.libraryId, error: (err as Error).message });
      continue;
    }
    await writeForLibrary(deps.db, policy, calendar, available, at, summary);
  }
  return summary;
}
