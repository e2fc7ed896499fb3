import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, Length } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ConnectionArgs } from '../../../shared/platform/pagination';
import { WebhookEventType } from './partner-webhook.entity';
import { WebhookDeliveryStatus } from './webhook-delivery.entity';

@InputType({ description: "A partner's new endpoint for signed deliveries" })
export class RegisterPartnerWebhookInput {
  @Field(() => ID, { nullable: true, description: "The partner (a PARTNER token's own; required for ADMIN)" })
  @IsOptional()
  @IsUUID()
  partnerId?: string;

  @Field({ description: 'Where deliveries are POSTed (https; http only outside production)' })
  @Length(8, 500)
  url: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Default (recommended): the service makes a Standard Webhooks secret (whsec_…) and answers it once in signingSecret. Given: a whsec_ secret, or a legacy string of 24–200 characters whose UTF-8 bytes are the key; never shown again',
  })
  @IsOptional()
  @Length(24, 200)
  secret?: string | null;

  @Field(() => [WebhookEventType], { nullable: true, description: 'Default: all' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  events?: WebhookEventType[];
}

@ArgsType()
export class DeliveryListArgs extends ConnectionArgs {
  @Field(() => WebhookDeliveryStatus, { nullable: true, description: 'Only deliveries in this status' })
  status?: WebhookDeliveryStatus;
}
