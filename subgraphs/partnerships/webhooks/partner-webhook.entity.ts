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
  valuesConfig: {
    PROGRAMME_CHANGED: { description: "A programme under the partner's agreements was created or changed status (body type programme.changed)" },
    INTERNSHIP_CHANGED: {
      description: "An internship of the partner's students was applied for, changed status, or got a logbook week or an evaluation (body type internship.changed)",
    },
  },
});

/** A partner's endpoint for signed event deliveries. The secret is write-only: never returned. */
@ObjectType('PartnerWebhook', { description: "A partner's endpoint for signed deliveries (the partner, ADMIN)" })
@Entity('partner_webhook')
@Index('IDX_webhook_partner', ['partnerId'])
export class PartnerWebhook {
  @Field(() => ID, { description: "The webhook's id (a UUID)" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  partnerId: string;

  @ManyToOne(() => Partner, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partnerId' })
  partner?: Partner;

  @Field({ description: 'Where deliveries are POSTed' })
  @Column({ type: 'varchar', length: 500 })
  url: string;

  /**
   * The signing secret (shared/platform/standard-webhooks.ts): `whsec_…` made by us, or a legacy
   * string a partner gave before Standard Webhooks. Shown once (`signingSecret`), never again.
   */
  @Column({ type: 'varchar', length: 200 })
  secret: string;

  /** The secret before the last rotation: it still signs, next to `secret`, until `previousSecretExpiresAt`. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  previousSecret: string | null;

  @Column({ type: 'datetime', nullable: true })
  previousSecretExpiresAt: Date | null;

  /** Only in the answer of registerPartnerWebhook and rotatePartnerWebhookSecret: not a column. */
  @Field(() => String, {
    nullable: true,
    description: 'The signing secret (whsec_…), only in the answer of registerPartnerWebhook (when it made the secret) and rotatePartnerWebhookSecret; null everywhere else',
  })
  signingSecret?: string | null;

  @Field(() => [WebhookEventType], { description: 'The events delivered to it' })
  @Column({ type: 'simple-array' })
  events: WebhookEventType[];

  @Field({ description: 'False once deactivated: no more deliveries' })
  @Column({ type: 'boolean' })
  active: boolean;

  @Field({ description: 'When it was registered (an instant, UTC)' })
  @Column({ type: 'datetime' })
  createdAt: Date;
}
