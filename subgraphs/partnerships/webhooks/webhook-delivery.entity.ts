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

  @Field(() => WebhookEventType)
  @Column({ type: 'varchar', length: 40 })
  event: WebhookEventType;

  @Field({ description: 'The JSON body, exactly as signed and sent' })
  @Column({ type: 'text' })
  body: string;

  @Field(() => WebhookDeliveryStatus)
  @Column({ type: 'varchar', length: 20 })
  status: WebhookDeliveryStatus;

  @Field(() => Int)
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

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', nullable: true })
  deliveredAt: Date | null;

  @Field()
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

  @Field(() => Int)
  @Column({ type: 'int' })
  number: number;

  @Field()
  @Column({ type: 'datetime' })
  attemptedAt: Date;

  @Field(() => Int, { nullable: true, description: 'Null when no HTTP answer came (refused, timed out)' })
  @Column({ type: 'int', nullable: true })
  statusCode: number | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Field(() => Int)
  @Column({ type: 'int' })
  durationMs: number;
}
