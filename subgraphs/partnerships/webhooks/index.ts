import type { Feature } from '../feature';
import { PartnerWebhook } from './partner-webhook.entity';
import { WebhookAttempt, WebhookDelivery } from './webhook-delivery.entity';
import { PartnerWebhookResolver, PartnerWebhooksResolver, WebhookDeliveryResolver } from './webhook.resolver';

/** Partners' webhook endpoints, the outbox of signed deliveries and its worker. */
export const webhooks: Feature = {
  entities: [PartnerWebhook, WebhookDelivery, WebhookAttempt],
  resolvers: [PartnerWebhookResolver, PartnerWebhooksResolver, WebhookDeliveryResolver],
};
