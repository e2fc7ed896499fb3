import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Event } from './event.entity';

export enum PromotionPlatform {
  INSTAGRAM = 'INSTAGRAM',
  FACEBOOK = 'FACEBOOK',
  X = 'X',
  TIKTOK = 'TIKTOK',
  YOUTUBE = 'YOUTUBE',
  WHATSAPP = 'WHATSAPP',
  WEBSITE = 'WEBSITE',
  OTHER = 'OTHER',
}
registerEnumType(PromotionPlatform, {
  name: 'PromotionPlatform',
  description: 'Where an event was promoted',
  valuesConfig: {
    INSTAGRAM: { description: 'Instagram' },
    FACEBOOK: { description: 'Facebook' },
    X: { description: 'X (formerly Twitter)' },
    TIKTOK: { description: 'TikTok' },
    YOUTUBE: { description: 'YouTube' },
    WHATSAPP: { description: 'WhatsApp' },
    WEBSITE: { description: "A web page, e.g. the library's own site" },
    OTHER: { description: 'Any other platform' },
  },
});

/** A social media post (or web page) promoting an event. Public. */
@ObjectType({ description: 'A social media post or web page promoting an event (public)' })
@Entity('event_promotion')
@Index('IDX_event_promotion_event', ['eventId', 'createdAt'])
export class EventPromotionLink {
  @Field(() => ID, { description: "The link's id (a UUID), for removePromotionLink" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Event;

  @Field(() => PromotionPlatform, { description: 'Where the post or page is' })
  @Column({ type: 'varchar', length: 20 })
  platform: PromotionPlatform;

  @Field({ description: 'The http(s) link to the post or page' })
  @Column({ type: 'varchar', length: 500 })
  url: string;

  @Field(() => Date, { nullable: true, description: 'When the post went out' })
  @Column({ type: 'datetime', nullable: true })
  postedAt: Date | null;

  @Field({ description: 'When the link was added (an instant in UTC)' })
  @Column({ type: 'datetime' })
  createdAt: Date;
}
