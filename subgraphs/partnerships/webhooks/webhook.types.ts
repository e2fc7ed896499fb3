import { ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { WebhookDelivery } from './webhook-delivery.entity';

@ObjectType({ description: "A page of a webhook's deliveries, oldest first" })
export class WebhookDeliveryConnection extends Connection(WebhookDelivery) {}
