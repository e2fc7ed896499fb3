import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { In, type DataSource } from 'typeorm';
import type { Config } from '../../../shared/platform/config';
import { postWebhook } from '../../../shared/platform/outbound-guard';
import type { Logger } from '../../../shared/platform/logger';
import { deliverDue, exponentialBackoff, startOutboxWorker, type Attempt, type Outbox, type PassCounts } from '../../../shared/platform/outbox';
import type { BackgroundServices } from '../../../shared/platform/subgraph';
import { PartnerWebhook } from './partner-webhook.entity';
import { WebhookAttempt, type WebhookDelivery } from './webhook-delivery.entity';
import { webhookOutbox } from './webhook.outbox';
import { now as clockNow } from '../../../shared/platform/clock';
import { legacySignature, signedHeaders } from '../../../shared/platform/standard-webhooks';
import { signingSecrets } from './webhook.service';

/**
 * Signed deliveries of partner events.
 *
 * - The outbox (webhook.outbox.ts): `enqueueWebhookEvent(tx, …)` writes one `webhook_delivery`
 *   row per subscribed webhook inside the transaction of the change, so an event exists exactly
 *   when the change does.
 * - The worker: `deliverDueWebhooks(db, options)` is a pass of the shared outbox worker
 *   (shared/platform/outbox.ts: a guarded claim, so two service instances never send the same row at once;
 *   exponential backoff until `maxAttempts`, then FAILED). What is its own: the signed POST, the
 *   log of every attempt (`webhook_attempt`), and giving up at once on a deactivated webhook.
 * - The delivery id: every attempt of a delivery carries its row's id as `Idempotency-Key` (and
 *   `x-webhook-id`, and `id` in the body), so a receiver that had it already can drop it.
 * - The signature: Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`,
 *   shared/platform/standard-webhooks.ts), with the previous secret's signature too while a
 *   rotation's overlap lasts; the deprecated `x-signature` until release 0.3.0.
 */

/** The deprecated `x-signature` value for a body sent at `timestamp` (Unix seconds). */
export const webhookSignature = legacySignature;

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
  /** How long beyond `timeoutMs` a claimed delivery stays leased (renewed while it is sent): OUTBOX_LEASE_MARGIN_MS. Default 60 s. */
  leaseMarginMs?: number;
  /**
   * May a delivery connect to a loopback/private/link-local address (WEBHOOK_ALLOW_PRIVATE)?
   * Default no: the address is checked at connect time (shared/platform/outbound-guard.ts).
   */
  allowPrivateAddresses?: boolean;
  log?: Pick<Logger, 'warn' | 'info'>;
}

export const defaultBackoffMs = exponentialBackoff(30_000);

/** What a pass did: attempted, delivered, retrying (PENDING again), failed (for good). */
export type DeliveryRun = PassCounts;

interface HttpAttempt extends Attempt {
  statusCode: number | null;
  durationMs: number;
}

/** A signed POST of the stored body to the webhook's URL; every attempt is logged. */
function signedPosts(timeoutMs: number, allowPrivateAddresses: boolean | undefined): Outbox<WebhookDelivery, HttpAttempt, Map<string, PartnerWebhook>> {
  return {
    ...webhookOutbox,
    name: 'webhook delivery',
    prepare: async (rows, db) => new Map((await db.getRepository(PartnerWebhook).findBy({ id: In([...new Set(rows.map((d) => d.webhookId))]) })).map((h) => [h.id, h])),
    attempt: async (delivery, at, hooks) => {
      const hook = hooks.get(delivery.webhookId);
      // What is still pending for a deactivated webhook fails at once, without a request.
      if (!hook || !hook.active) return { error: 'The webhook was deactivated', giveUp: true, statusCode: null, durationMs: 0 };
      const started = performance.now();
      let statusCode: number | null = null;
      let error: string | null = null;
      const timestamp = Math.floor(at.getTime() / 1000);
      try {
        const res = await postWebhook(hook.url, {
          headers: {
            'content-type': 'application/json',
            'user-agent': 'library-federation-webhooks/1',
            // The delivery id, the same for every attempt: a receiver drops what it already had.
            'idempotency-key': delivery.id,
            'x-webhook-id': delivery.id,
            'x-webhook-event': delivery.event,
            'x-webhook-timestamp': String(timestamp),
            ...signedHeaders({ id: delivery.id, at, body: delivery.body, secrets: signingSecrets(hook, at) }),
          },
          body: delivery.body,
          timeoutMs,
          allowPrivateAddresses,
        });
        statusCode = res.status;
        if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
      } catch (err) {
        error = ((err as Error).name === 'TimeoutError' ? `No answer within ${timeoutMs} ms` : (err as Error).message || 'Request failed').slice(0, 500);
      }
      return { error, statusCode, durationMs: Math.round(performance.now() - started) };
    },
    columns: ({ attempt, outcome, at }) => ({ lastStatusCode: attempt.statusCode, deliveredAt: outcome === 'delivered' ? at : null }),
    record: async (tx, { row, attempt, number, at }) => {
      await tx
        .getRepository(WebhookAttempt)
        .insert({ id: randomUUID(), deliveryId: row.id, number, attemptedAt: at, statusCode: attempt.statusCode, error: attempt.error, durationMs: attempt.durationMs });
    },
    logFields: (delivery) => ({ delivery: delivery.id, webhook: delivery.webhookId }),
  };
}

/** One pass of the worker: sends every due delivery once (at most `batchSize` of them). */
export async function deliverDueWebhooks(db: DataSource, options: WebhookWorkerOptions = {}): Promise<DeliveryRun> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return deliverDue(db, signedPosts(timeoutMs, options.allowPrivateAddresses), (options.now ?? clockNow)(), {
    maxAttempts: options.maxAttempts ?? 8,
    backoffMs: options.backoffMs ?? defaultBackoffMs,
    timeoutMs,
    batchSize: options.batchSize ?? 20,
    leaseMarginMs: options.leaseMarginMs,
    allDue: false,
    log: options.log,
  });
}

/**
 * Runs the worker every `WEBHOOK_POLL_MS` (default 5 s; 0 = not at all) with the configured
 * attempts and timeout, one pass at a time (shared/platform/outbox.ts); the stop function waits for the
 * pass in progress. This is the partnerships subgraph's `background` hook.
 */
export function startWebhookWorker(
  services: Pick<BackgroundServices, 'db' | 'log'> & { config: Pick<Config, 'partnerWebhooks'> & Partial<Pick<Config, 'outboxLeaseMarginMs'>> },
  options: WebhookWorkerOptions & { intervalMs?: number } = {},
): () => Promise<void> {
  const { pollMs, maxAttempts, timeoutMs, allowPrivateAddresses } = services.config.partnerWebhooks;
  return startOutboxWorker(
    { name: 'partner-webhooks', db: services.db, table: webhookOutbox },
    { everyMs: options.intervalMs ?? pollMs, onError: (err) => services.log.error({ err }, 'webhook worker pass failed') },
    () => ({
      pass: () =>
        deliverDueWebhooks(services.db, { log: services.log, maxAttempts, timeoutMs, allowPrivateAddresses, leaseMarginMs: services.config.outboxLeaseMarginMs, ...options }),
    }),
  );
}
