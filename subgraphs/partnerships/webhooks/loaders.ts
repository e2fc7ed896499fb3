import type { DataSource } from 'typeorm';
import { byForeignKeyLoader, connectionLoader } from '../../../shared/platform/pagination';
import { filterScope } from '../list-filter';
import { PartnerWebhook } from './partner-webhook.entity';
import { WebhookAttempt, WebhookDelivery } from './webhook-delivery.entity';

/** Per-request loaders of a partner's webhooks, their deliveries and the attempts. */
export function webhookLoaders(db: DataSource) {
  return {
    webhooksByPartnerId: byForeignKeyLoader(db.getRepository(PartnerWebhook), 'partnerId', { createdAt: 'ASC', id: 'ASC' }),
    deliveriesByWebhookId: connectionLoader({
      repo: db.getRepository(WebhookDelivery),
      alias: 'd',
      sort: 'createdAt',
      parent: 'd.webhookId',
      scope: filterScope('d'),
    }),
    attemptsByDeliveryId: byForeignKeyLoader(db.getRepository(WebhookAttempt), 'deliveryId', { number: 'ASC' }),
  };
}
