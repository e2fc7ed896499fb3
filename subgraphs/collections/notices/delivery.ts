import type { DataSource } from 'typeorm';
import type { NoticeSettings } from '../../../shared/platform/config';
import type { Logger } from '../../../shared/platform/logger';
import { deliverDue, exponentialBackoff, type Attempt, type Outbox } from '../../../shared/platform/outbox';
import type { Transports } from '../../../shared/platform/transports';
import type { CirculationNotice } from './circulation-notice.entity';
import { noticeOutbox } from './outbox';

/**
 * The delivery worker: a pass of the shared outbox worker (shared/platform/outbox.ts) over
 * `circulation_notice`. PENDING notices whose next attempt time has come are claimed one by one
 * with a conditional UPDATE and leased while they are sent, so two workers — two service
 * instances, or the CLI next to the service — never send one notice at once; every attempt names
 * the notice's id as its delivery id (shared/platform/transports.ts). A refused or failed delivery is retried after
 * retryBaseMs × 2^(attempts − 1) (at most 6 h), and marked FAILED after maxAttempts. What is the
 * notices' own: the transports (e-mail, the signed webhook) and the last error on the row.
 */

export interface DeliverySummary {
  sent: number;
  retried: number;
  failed: number;
}

/** Sending a claimed notice by its channel's transport. */
function byTransport(transports: Transports): Outbox<CirculationNotice> {
  return {
    ...noticeOutbox,
    name: 'circulation notice',
    attempt: async (notice, at): Promise<Attempt> => {
      try {
        await transports.send(notice, at);
        return { error: null };
      } catch (err) {
        return { error: ((err as Error).message || 'Delivery failed').slice(0, 500) };
      }
    },
    columns: ({ attempt, outcome, at }) => ({ lastError: attempt.error, sentAt: outcome === 'delivered' ? at : null }),
    logFields: (notice) => ({ notice: notice.id, channel: notice.channel }),
  };
}

/** Delivers every notice due at `now`, each at most once per pass. */
export async function deliverPendingNotices(
  db: DataSource,
  transports: Transports,
  settings: NoticeSettings,
  now: Date,
  log?: Pick<Logger, 'warn'>,
  leaseMarginMs?: number,
): Promise<DeliverySummary> {
  const run = await deliverDue(db, byTransport(transports), now, {
    maxAttempts: settings.maxAttempts,
    backoffMs: exponentialBackoff(settings.retryBaseMs),
    timeoutMs: settings.timeoutMs,
    leaseMarginMs,
    log,
  });
  return { sent: run.delivered, retried: run.retrying, failed: run.failed };
}
