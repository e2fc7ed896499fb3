import { createHmac, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { In, type DataSource } from 'typeorm';
import type { Config } from '../../../shared/config';
import { transaction } from '../../../shared/database';
import { startPeriodicJob } from '../../../shared/jobs';
import { postWebhook } from '../../../shared/outbound-guard';
import type { Logger } from '../../../shared/logger';
import type { BackgroundServices } from '../../../shared/subgraph';
import { PartnerWebhook } from './partner-webhook.entity';
import { WebhookAttempt, WebhookDelivery, WebhookDeliveryStatus } from './webhook-delivery.entity';
import { now as clockNow } from '../../../shared/clock';
import { wholeSeconds } from '../../../shared/time';

/**
 * Signed deliveries of partner events.
 *
 * - The outbox (webhook.outbox.ts): `enqueueWebhookEvent(tx, …)` writes one `webhook_delivery`
 *   row per subscribed webhook inside the transaction of the change, so an event exists exactly
 *   when the change does.
 * - The worker: `deliverDueWebhooks(db, options)` claims due rows (a guarded UPDATE, so two
 *   service instances never send the same row at once), POSTs them, logs each attempt, and retries
 *   with exponential backoff until `maxAttempts`, then marks the delivery FAILED.
 * - The signature: `x-signature: sha256=<hex HMAC-SHA256(secret, "<x-webhook-timestamp>.<body>")>`;
 *   signing the timestamp with the body lets a receiver refuse replays of old deliveries.
 */

/** The signature header's value for a body sent at `timestamp` (Unix seconds). */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface WebhookWorkerOptions {
  /** The clock (tests move it forward instead of waiting). */
  now?: () => Date;
  /** Wait before attempt n + 1 after n failed attempts, in ms. Default 30 s × 2^(n−1), at most 6 h. */
  backoffMs?: (failedAttempts: number) => number;
  /** Attempts before a delivery is FAILED. Default 8 (about 2 h of retries with the default backoff). */
  maxAttempts?: number;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  /** Deliveries claimed per run. Default 20. */
  batchSize?: number;
  /**
   * May a delivery connect to a loopback/private/link-local address (WEBHOOK_ALLOW_PRIVATE)?
   * Default no: the address is checked at connect time (shared/outbound-guard.ts).
   */
  allowPrivateAddresses?: boolean;
  log?: Pick<Logger, 'warn' | 'info'>;
}

export const defaultBackoffMs = (failedAttempts: number): number => Math.min(30_000 * 2 ** (failedAttempts - 1), 6 * 3600_000);

export interface DeliveryRun {
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
}

/** One pass of the worker: sends every due delivery once. */
export async function deliverDueWebhooks(db: DataSource, options: WebhookWorkerOptions = {}): Promise<DeliveryRun> {
  const now = wholeSeconds((options.now ?? clockNow)());
  const maxAttempts = options.maxAttempts ?? 8;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const backoff = options.backoffMs ?? defaultBackoffMs;
  const run: DeliveryRun = { attempted: 0, delivered: 0, retrying: 0, failed: 0 };

  const deliveries = db.getRepository(WebhookDelivery);
  const due = await deliveries
    .createQueryBuilder('d')
    .where('d.status = :pending', { pending: WebhookDeliveryStatus.PENDING })
    .andWhere('d.nextAttemptAt <= :now', { now })
    .andWhere('(d.lockedUntil IS NULL OR d.lockedUntil <= :now)', { now })
    .orderBy('d.nextAttemptAt', 'ASC')
    .addOrderBy('d.id', 'ASC')
    .take(options.batchSize ?? 20)
    .getMany();
  if (!due.length) return run;
  const hooks = new Map((await db.getRepository(PartnerWebhook).findBy({ id: In([...new Set(due.map((d) => d.webhookId))]) })).map((h) => [h.id, h]));

  await Promise.all(
    due.map(async (delivery) => {
      // Claim: only one worker wins the row until the lock passes.
      const lockedUntil = new Date(now.getTime() + timeoutMs + 60_000);
      const claim = await deliveries
        .createQueryBuilder()
        .update(WebhookDelivery)
        .set({ lockedUntil })
        .where('id = :id AND status = :pending AND attempts = :attempts', { id: delivery.id, pending: WebhookDeliveryStatus.PENDING, attempts: delivery.attempts })
        .andWhere('(lockedUntil IS NULL OR lockedUntil <= :now)', { now })
        .execute();
      if (claim.affected !== 1) return;

      const hook = hooks.get(delivery.webhookId);
      const number = delivery.attempts + 1;
      let statusCode: number | null = null;
      let error: string | null = null;
      const started = performance.now();
      if (!hook || !hook.active) {
        error = 'The webhook was deactivated';
      } else {
        const timestamp = Math.floor(now.getTime() / 1000);
        try {
          const res = await postWebhook(hook.url, {
            headers: {
              'content-type': 'application/json',
              'user-agent': 'library-federation-webhooks/1',
              'x-webhook-id': delivery.id,
              'x-webhook-event': delivery.event,
              'x-webhook-timestamp': String(timestamp),
              'x-signature': webhookSignature(hook.secret, timestamp, delivery.body),
            },
            body: delivery.body,
            timeoutMs,
            allowPrivateAddresses: options.allowPrivateAddresses,
          });
          statusCode = res.status;
          if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
        } catch (err) {
          error = ((err as Error).name === 'TimeoutError' ? `No answer within ${timeoutMs} ms` : (err as Error).message || 'Request failed').slice(0, 500);
        }
      }
      const durationMs = Math.round(performance.now() - started);
      const delivered = error === null;
      const givesUp = !delivered && (number >= maxAttempts || !hook || !hook.active);
      const status = delivered ? WebhookDeliveryStatus.DELIVERED : givesUp ? WebhookDeliveryStatus.FAILED : WebhookDeliveryStatus.PENDING;

      await transaction(db, async (tx) => {
        await tx.getRepository(WebhookAttempt).insert({ id: randomUUID(), deliveryId: delivery.id, number, attemptedAt: now, statusCode, error, durationMs });
        await tx.getRepository(WebhookDelivery).update(
          { id: delivery.id },
          {
            attempts: number,
            status,
            lastStatusCode: statusCode,
            lockedUntil: null,
            nextAttemptAt: status === WebhookDeliveryStatus.PENDING ? wholeSeconds(new Date(now.getTime() + backoff(number))) : null,
            deliveredAt: delivered ? now : null,
          },
        );
      });
      run.attempted += 1;
      if (delivered) run.delivered += 1;
      else if (givesUp) {
        run.failed += 1;
        options.log?.warn({ delivery: delivery.id, webhook: delivery.webhookId, attempts: number, error }, 'webhook delivery failed for good');
      } else run.retrying += 1;
    }),
  );
  return run;
}

/**
 * Runs the worker every `WEBHOOK_POLL_MS` (default 5 s; 0 = not at all) with the configured
 * attempts and timeout, one pass at a time (shared/jobs.ts); the stop function waits for the pass
 * in progress. This is the partnerships subgraph's `background` hook.
 */
export function startWebhookWorker(
  services: Pick<BackgroundServices, 'db' | 'log'> & { config: Pick<Config, 'partnerWebhooks'> },
  options: WebhookWorkerOptions & { intervalMs?: number } = {},
): () => Promise<void> {
  const { pollMs, maxAttempts, timeoutMs, allowPrivateAddresses } = services.config.partnerWebhooks;
  const everyMs = options.intervalMs ?? pollMs;
  if (!everyMs) return async () => undefined;
  return startPeriodicJob(
    async () => {
      await deliverDueWebhooks(services.db, { log: services.log, maxAttempts, timeoutMs, allowPrivateAddresses, ...options });
    },
    { everyMs, firstAfterMs: everyMs, onError: (err) => services.log.error({ err }, 'webhook worker pass failed') },
  );
}
