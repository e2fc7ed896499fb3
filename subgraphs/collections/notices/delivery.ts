import type { DataSource } from 'typeorm';
import type { NoticeSettings } from '../../../shared/config';
import { transaction } from '../../../shared/database';
import type { Logger } from '../../../shared/logger';
import { CirculationNotice, NoticeStatus } from '../entities/circulation-notice.entity';
import type { Transports } from './transports';
import { wholeSeconds } from '../../../shared/time';

/**
 * The delivery worker: PENDING notices whose next attempt time has come are claimed one by one
 * with a conditional UPDATE (status, attempts and a free lock as the worker saw them), so two
 * workers — two service instances, or the CLI next to the service — never send one notice twice.
 * A refused or failed delivery is retried after retryBaseMs × 2^(attempts − 1) (at most 6 h),
 * and marked FAILED after maxAttempts.
 */

export interface DeliverySummary {
  sent: number;
  retried: number;
  failed: number;
}

const MAX_BACKOFF_MS = 6 * 3600_000;
const BATCH = 20;

export const backoffMs = (settings: Pick<NoticeSettings, 'retryBaseMs'>, failedAttempts: number): number =>
  Math.min(settings.retryBaseMs * 2 ** (failedAttempts - 1), MAX_BACKOFF_MS);

async function due(db: DataSource, at: Date): Promise<CirculationNotice[]> {
  return db
    .getRepository(CirculationNotice)
    .createQueryBuilder('n')
    .where('n.status = :pending', { pending: NoticeStatus.PENDING })
    .andWhere('n.nextAttemptAt <= :at', { at })
    .andWhere('(n.lockedUntil IS NULL OR n.lockedUntil <= :at)', { at })
    .orderBy('n.nextAttemptAt', 'ASC')
    .addOrderBy('n.id', 'ASC')
    .take(BATCH)
    .getMany();
}

/** Takes the notice for this worker until `until`; false when another worker has it or it changed. */
async function claim(db: DataSource, notice: CirculationNotice, at: Date, until: Date): Promise<boolean> {
  const result = await transaction(db, (tx) =>
    tx
      .createQueryBuilder()
      .update(CirculationNotice)
      .set({ lockedUntil: until })
      .where('id = :id AND status = :pending AND attempts = :attempts', { id: notice.id, pending: NoticeStatus.PENDING, attempts: notice.attempts })
      .andWhere('(lockedUntil IS NULL OR lockedUntil <= :at)', { at })
      .execute(),
  );
  return result.affected === 1;
}

async function deliverOne(db: DataSource, transports: Transports, settings: NoticeSettings, notice: CirculationNotice, at: Date, summary: DeliverySummary, log?: Pick<Logger, 'warn'>): Promise<void> {
  const until = wholeSeconds(new Date(at.getTime() + settings.timeoutMs + 60_000));
  if (!(await claim(db, notice, at, until))) return;
  let error: string | null = null;
  try {
    await transports.send(notice, at);
  } catch (err) {
    error = ((err as Error).message || 'Delivery failed').slice(0, 500);
  }
  const attempts = notice.attempts + 1;
  const status = error === null ? NoticeStatus.SENT : attempts >= settings.maxAttempts ? NoticeStatus.FAILED : NoticeStatus.PENDING;
  await transaction(db, (tx) =>
    tx
      .createQueryBuilder()
      .update(CirculationNotice)
      .set({
        status,
        attempts,
        lockedUntil: null,
        lastError: error,
        sentAt: error === null ? at : null,
        nextAttemptAt: status === NoticeStatus.PENDING ? wholeSeconds(new Date(at.getTime() + backoffMs(settings, attempts))) : null,
      })
      // Still as claimed: nobody else may have recorded an attempt in between.
      .where('id = :id AND status = :pending AND attempts = :attempts', { id: notice.id, pending: NoticeStatus.PENDING, attempts: notice.attempts })
      .execute(),
  );
  if (status === NoticeStatus.SENT) summary.sent += 1;
  else if (status === NoticeStatus.PENDING) summary.retried += 1;
  else {
    summary.failed += 1;
    log?.warn({ notice: notice.id, channel: notice.channel, attempts, error }, 'circulation notice failed for good');
  }
}

/** Delivers every notice due at `now`, each at most once per pass. */
export async function deliverPendingNotices(
  db: DataSource,
  transports: Transports,
  settings: NoticeSettings,
  now: Date,
  log?: Pick<Logger, 'warn'>,
): Promise<DeliverySummary> {
  const at = wholeSeconds(now);
  const summary: DeliverySummary = { sent: 0, retried: 0, failed: 0 };
  const seen = new Set<string>();
  for (;;) {
    const batch = (await due(db, at)).filter((n) => !seen.has(n.id));
    if (!batch.length) return summary;
    for (const n of batch) seen.add(n.id);
    await Promise.all(batch.map((n) => deliverOne(db, transports, settings, n, at, summary, log)));
  }
}
