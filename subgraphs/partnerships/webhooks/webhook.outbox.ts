import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { now as clockNow } from '../../../shared/platform/clock';
import { queued, type OutboxTable } from '../../../shared/platform/outbox';
import { wholeSeconds } from '../../../shared/platform/time';
import { PartnerWebhook, WebhookEventType } from './partner-webhook.entity';
import { WebhookDelivery, WebhookDeliveryStatus } from './webhook-delivery.entity';

/**
 * The outbox of partner events: `enqueueWebhookEvent(tx, …)` writes one `webhook_delivery` row per
 * subscribed webhook inside the transaction of the change, so an event exists exactly when the
 * change does. The worker (webhook.worker.ts) sends them with the shared outbox mechanism
 * (shared/platform/outbox.ts).
 */

/** The `webhook_delivery` table as the shared outbox mechanism knows it. */
export const webhookOutbox: OutboxTable<WebhookDelivery> = {
  entity: WebhookDelivery,
  statuses: { pending: WebhookDeliveryStatus.PENDING, delivered: WebhookDeliveryStatus.DELIVERED, failed: WebhookDeliveryStatus.FAILED },
};

/**
 * The body's `type` per event (Standard Webhooks' dotted names) and its `version`: a change a
 * receiver must know of bumps the version; adding a field does not. docs/partnerships.md
 * documents each type's payload.
 */
export const WEBHOOK_EVENT_TYPES: Record<WebhookEventType, string> = {
  [WebhookEventType.PROGRAMME_CHANGED]: 'programme.changed',
  [WebhookEventType.INTERNSHIP_CHANGED]: 'internship.changed',
};
export const WEBHOOK_PAYLOAD_VERSION = '1';

export type WebhookChange = 'CREATED' | 'STATUS_CHANGED' | 'SUPERVISOR_ASSIGNED' | 'LOGBOOK_ENTRY_RECORDED' | 'EVALUATED';

/** Writes the event's deliveries for every active webhook of the partner that subscribes to it. */
export async function enqueueWebhookEvent(
  tx: EntityManager,
  partnerId: string,
  event: WebhookEventType,
  change: WebhookChange,
  data: Record<string, unknown>,
  now: Date = clockNow(),
): Promise<number> {
  const hooks = (await tx.getRepository(PartnerWebhook).findBy({ partnerId, active: true })).filter((h) => h.events.includes(event));
  if (!hooks.length) return 0;
  const at = wholeSeconds(now);
  const rows = hooks.map((hook) => {
    const id = randomUUID();
    return tx.getRepository(WebhookDelivery).create({
      id,
      webhookId: hook.id,
      partnerId,
      event,
      body: JSON.stringify({ type: WEBHOOK_EVENT_TYPES[event], version: WEBHOOK_PAYLOAD_VERSION, id, event, change, occurredAt: at.toISOString(), partnerId, data }),
      ...queued(webhookOutbox, at),
      lastStatusCode: null,
      deliveredAt: null,
      createdAt: at,
    });
  });
  await tx.getRepository(WebhookDelivery).insert(rows);
  return rows.length;
}
