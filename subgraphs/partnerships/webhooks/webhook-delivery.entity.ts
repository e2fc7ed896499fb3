import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PartnerWebhook, WebhookEventType } from './partner-webhook.entity';

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'PENDING (waiting for its next attempt), DELIVERED (answered 2xx), FAILED (gave up after the last attempt)',
  valuesConfig: {
    PENDING: { description: 'Waiting for its first or next attempt' },
    DELIVERED: { description: 'The receiver answered with a 2xx status' },
    FAILED: { description: 'Given up for good: every attempt failed, or the webhook was deactivated' },
  },
});

/**
 * The outbox: one row per webhook per change, written in the transaction of the change, sent by
 * the delivery worker (webhook.worker.ts). The body is stored as sent, so every attempt signs the same bytes.
 */
@ObjectType({ description: 'One event sent (or to be sent) to a webhook, with its attempts' })
@Entity('webhook_delivery')
@Index('IDX_delivery_status_next', ['status', 'nextAttemptAt'])
@Index('IDX_delivery_webhook_created', ['webhookId', 'createdAt'])
export class WebhookDelivery {
  @Field(() => ID, { description: 'Also sent as x-webhook-id: receivers use it to drop duplicates' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  webhookId: string;

  @ManyToOne(() => PartnerWebhook, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhookId' })
  webhook?: PartnerWebhook;

  @Column({ type: 'varchar', length: 36 })
  partnerId: string;

  @Field(() => WebhookEventType, { description: 'The event delivered' })
  @Column({ type: 'varchar', length: 40 })
  event: WebhookEventType;

  @Field({ description: 'The JSON body, exactly as signed and sent' })
  @Column({ type: 'text' })
  body: string;

  @Field(() => WebhookDeliveryStatus, { description: 'Pending, delivered or failed for good' })
  @Column({ type: 'varchar', length: 20 })
  status: WebhookDeliveryStatus;

  @Field(() => Int, { description: 'Attempts made so far' })
  @Column({ type: 'int' })
  attempts: number;

  @Field(() => Date, { nullable: true, description: 'When the worker tries next (PENDING only)' })
  @Column({ type: 'datetime', nullable: true })
  nextAttemptAt: Date | null;

  /** A worker holding the delivery until then (so that two workers never send it at once). */
  @Column({ type: 'datetime', nullable: true })
  lockedUntil: Date | null;

  @Field(() => Int, { nullable: true, description: "The receiver's last HTTP status" })
  @Column({ type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Field(() => Date, { nullable: true, description: 'When the receiver answered 2xx (an instant, UTC); null until delivered' })
  @Column({ type: 'datetime', nullable: true })
  deliveredAt: Date | null;

  @Field({ description: 'When the event happened and the delivery was queued (an instant, UTC)' })
  @Column({ type: 'datetime' })
  createdAt: Date;
}

/** One HTTP attempt of a delivery: the delivery log. */
@ObjectType({ description: 'One attempt to deliver a webhook event' })
@Entity('webhook_attempt')
@Index('UQ_attempt_delivery_number', ['deliveryId', 'number'], { unique: true })
export class WebhookAttempt {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  deliveryId: string;

  @ManyToOne(() => WebhookDelivery, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'deliveryId' })
  delivery?: WebhookDelivery;

  @Field(() => Int, { description: '1 for the first attempt, then 2, 3 …' })
  @Column({ type: 'int' })
  number: number;

  @Field({ description: 'When the attempt was made (an instant, UTC)' })
  @Column({ type: 'datetime' })
  attemptedAt: Date;

  @Field(() => Int, { nullable: true, description: 'Null when no HTTP answer came (refused, timed out)' })
  @Column({ type: 'int', nullable: true })
  statusCode: number | null;

  @Field(() => String, { nullable: true, description: 'What went wrong, e.g. HTTP 500 or no answer within the timeout; null when the receiver answered 2xx' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Field(() => Int, { description: 'How long the attempt took, in milliseconds (0 when no request was made)' })
  @Column({ type: 'int' })
  durationMs: number;
}
