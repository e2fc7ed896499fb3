import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export enum EventNoticeKind {
  EVENT_CANCELLED = 'EVENT_CANCELLED',
  SESSION_CANCELLED = 'SESSION_CANCELLED',
  PROMOTED_FROM_WAITLIST = 'PROMOTED_FROM_WAITLIST',
}
registerEnumType(EventNoticeKind, {
  name: 'EventNoticeKind',
  description: 'EVENT_CANCELLED: the event is off; SESSION_CANCELLED: one session of a series is off; PROMOTED_FROM_WAITLIST: a place came free',
});

/**
 * The outbox of messages to registrants, written in the same transaction as the change that
 * causes them (cancelling an event, a waitlist promotion). A delivery worker (e-mail, WhatsApp)
 * sends what has no `sentAt` yet and stamps it; this subgraph only records.
 */
@ObjectType({ description: 'A message recorded for a registrant (the outbox a delivery worker sends from)' })
@Entity('event_notice')
@Index('IDX_event_notice_registration', ['registrationId'])
@Index('IDX_event_notice_unsent', ['sentAt', 'createdAt'])
export class EventNotice {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  @Column({ type: 'varchar', length: 36 })
  registrationId: string;

  /** Recipient: the member (their contact details live in collections) … */
  @Column({ type: 'varchar', length: 36, nullable: true })
  memberId: string | null;

  /** … or the guest's e-mail. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  email: string | null;

  @Field(() => EventNoticeKind)
  @Column({ type: 'varchar', length: 30 })
  kind: EventNoticeKind;

  @Field()
  @Column({ type: 'text' })
  message: string;

  @Field()
  @Column({ type: 'datetime' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When a delivery worker sent it; null while waiting' })
  @Column({ type: 'datetime', nullable: true })
  sentAt: Date | null;
}
