import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export enum EventNoticeKind {
  EVENT_CANCELLED = 'EVENT_CANCELLED',
  SESSION_CANCELLED = 'SESSION_CANCELLED',
  PROMOTED_FROM_WAITLIST = 'PROMOTED_FROM_WAITLIST',
  REMINDER = 'REMINDER',
}
registerEnumType(EventNoticeKind, {
  name: 'EventNoticeKind',
  description:
    'EVENT_CANCELLED: the event is off; SESSION_CANCELLED: one session of a series is off; PROMOTED_FROM_WAITLIST: a place came free; REMINDER: the event (for a series: a session) starts tomorrow, sent the day before',
  valuesConfig: {
    EVENT_CANCELLED: { description: 'The event was cancelled, and the registration with it' },
    SESSION_CANCELLED: { description: 'One session of a series was cancelled; the registration still covers the other sessions' },
    PROMOTED_FROM_WAITLIST: { description: 'A place came free and the waitlisted registration now holds it (CONFIRMED)' },
    REMINDER: { description: 'The event (for a series: a session) starts tomorrow; written the day before' },
  },
});

export enum EventNoticeStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
}
registerEnumType(EventNoticeStatus, {
  name: 'EventNoticeStatus',
  description:
    'PENDING (waiting for its next attempt), SENT (the SMTP server or the notice webhook accepted it), FAILED (not sent: no address, or given up after the last attempt)',
  valuesConfig: {
    PENDING: { description: 'Waiting for its next delivery attempt' },
    SENT: { description: 'Delivered: the SMTP server or the notice webhook accepted it' },
    FAILED: { description: 'Not sent and no longer retried: no address a configured channel can reach, or the last attempt failed' },
  },
});

/**
 * The outbox of messages to registrants, written in the same transaction as the change that
 * causes them (cancelling an event, a waitlist promotion) or by the daily reminder writer
 * (reminders.ts), and delivered by e-mail by the
 * subgraph's worker (delivery.ts, on shared/platform/outbox.ts): a guest's to the e-mail address on the
 * registration, a member's to the e-mail or phone collections keeps, read when it is sent.
 */
@ObjectType({
  description: "A message to a registrant, sent by e-mail (or WhatsApp/SMS to a member's phone) when an address is known (the registrant, the event library's staff, ADMIN)",
})
@Entity('event_notice')
@Index('IDX_event_notice_registration', ['registrationId'])
@Index('IDX_event_notice_status_next', ['status', 'nextAttemptAt'])
@Index('UQ_event_notice_dedupe', ['dedupeKey'], { unique: true })
export class EventNotice {
  @Field(() => ID, { description: "The notice's id (a UUID)" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  @Column({ type: 'varchar', length: 36 })
  registrationId: string;

  /** Recipient: the member (their contact details live in collections) … */
  @Column({ type: 'varchar', length: 36, nullable: true })
  memberId: string | null;

  /** … or the guest's e-mail: the address the notice goes to. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  email: string | null;

  /**
   * What makes a notice written by a job unique (`reminder:<eventId>:<registrationId>`): the index
   * refuses a second one, also when two runs race. Null for the notices of a change (many may be).
   */
  @Column({ type: 'varchar', length: 100, nullable: true })
  dedupeKey: string | null;

  @Field(() => EventNoticeKind, { description: 'What the notice announces' })
  @Column({ type: 'varchar', length: 30 })
  kind: EventNoticeKind;

  /** In Indonesian: the event, its start in the library's zone, what happened. The e-mail's body. */
  @Field({ description: "The message, in Indonesian: the event, its start in the library's zone and what happened (the body of what is sent)" })
  @Column({ type: 'text' })
  message: string;

  @Field(() => EventNoticeStatus, { description: 'Whether it was sent' })
  @Column({ type: 'varchar', length: 10 })
  status: EventNoticeStatus;

  @Field(() => Int, { description: 'Delivery attempts so far' })
  @Column({ type: 'int' })
  attempts: number;

  /** When the worker tries next (PENDING only). */
  @Column({ type: 'datetime', nullable: true })
  nextAttemptAt: Date | null;

  /** A worker holds the notice until then, so that two workers never send it at once. */
  @Column({ type: 'datetime', nullable: true })
  lockedUntil: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was not sent (yet): the last error, or "no address"' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Field({ description: 'When the notice was written (an instant in UTC)' })
  @Column({ type: 'datetime' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was sent (the SMTP server or the notice webhook accepted it); null until then' })
  @Column({ type: 'datetime', nullable: true })
  sentAt: Date | null;
}
