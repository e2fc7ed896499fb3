import { ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { WebhookDelivery } from './webhook-delivery.entity';

@ObjectType()
export class WebhookDeliveryConnection extends Connection(WebhookDelivery) {}
