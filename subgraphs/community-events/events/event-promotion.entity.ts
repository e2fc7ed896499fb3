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
registerEnumType(PromotionPlatform, { name: 'PromotionPlatform', description: 'Where an event was promoted' });

/** A social media post (or web page) promoting an event. Public. */
@ObjectType({ description: 'A social media post or web page promoting an event (public)' })
@Entity('event_promotion')
@Index('IDX_event_promotion_event', ['eventId', 'createdAt'])
export class EventPromotionLink {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Event;

  @Field(() => PromotionPlatform)
  @Column({ type: 'varchar', length: 20 })
  platform: PromotionPlatform;

  @Field()
  @Column({ type: 'varchar', length: 500 })
  url: string;

  @Field(() => Date, { nullable: true, description: 'When the post went out' })
  @Column({ type: 'datetime', nullable: true })
  postedAt: Date | null;

  @Field()
  @Column({ type: 'datetime' })
  createdAt: Date;
}
