import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Partner } from '../partners/partner.entity';

export enum WebhookEventType {
  PROGRAMME_CHANGED = 'PROGRAMME_CHANGED',
  INTERNSHIP_CHANGED = 'INTERNSHIP_CHANGED',
}
registerEnumType(WebhookEventType, {
  name: 'WebhookEventType',
  description: "PROGRAMME_CHANGED (a programme under the partner's agreements was created or changed status), INTERNSHIP_CHANGED (an internship of the partner's students changed)",
});

/** A partner's endpoint for signed event deliveries. The secret is write-only: never returned. */
@ObjectType('PartnerWebhook', { description: "A partner's endpoint for signed deliveries (the partner, ADMIN)" })
@Entity('partner_webhook')
@Index('IDX_webhook_partner', ['partnerId'])
export class PartnerWebhook {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  partnerId: string;

  @ManyToOne(() => Partner, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partnerId' })
  partner?: Partner;

  @Field()
  @Column({ type: 'varchar', length: 500 })
  url: string;

  /** HMAC-SHA256 key of the signatures; given by the partner, never shown again. */
  @Column({ type: 'varchar', length: 200 })
  secret: string;

  @Field(() => [WebhookEventType])
  @Column({ type: 'simple-array' })
  events: WebhookEventType[];

  @Field()
  @Column({ type: 'boolean' })
  active: boolean;

  @Field()
  @Column({ type: 'datetime' })
  createdAt: Date;
}
