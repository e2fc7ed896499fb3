import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { NoticeChannel } from './notice-policy.entity';

export enum NoticeKind {
  DUE_SOON = 'DUE_SOON',
  DUE_TODAY = 'DUE_TODAY',
  OVERDUE = 'OVERDUE',
  HOLD_AVAILABLE = 'HOLD_AVAILABLE',
  HOLD_EXPIRING = 'HOLD_EXPIRING',
}
registerEnumType(NoticeKind, {
  name: 'CirculationNoticeKind',
  description: 'DUE_SOON (before the due date), DUE_TODAY, OVERDUE (repeated), HOLD_AVAILABLE (on the hold shelf), HOLD_EXPIRING (pickup deadline near)',
  valuesConfig: {
    DUE_SOON: { description: "A loan is due within the policy's dueSoonDays; once per due date" },
    DUE_TODAY: { description: 'A loan is due today; once per due date' },
    OVERDUE: { description: 'A loan is past its due date: from overdueAfterDays late, then every overdueEveryDays, up to overdueMaxNotices' },
    HOLD_AVAILABLE: { description: "A copy for the member's hold waits on the hold shelf; once per hold" },
    HOLD_EXPIRING: { description: "The last pickup day of a copy on the hold shelf is within the policy's holdExpiringDays" },
  },
});

export enum NoticeStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
}
registerEnumType(NoticeStatus, {
  name: 'CirculationNoticeStatus',
  description: 'PENDING (waiting for its next attempt), SENT (the SMTP server or the gateway accepted it), FAILED (gave up after the last attempt)',
  valuesConfig: {
    PENDING: { description: 'Written, not delivered yet: waiting for its next attempt at nextAttemptAt' },
    SENT: { description: 'The SMTP server or the gateway accepted it (sentAt)' },
    FAILED: { description: 'Delivery gave up after the last allowed attempt (lastError says why); retryCirculationNotice sends it again' },
  },
});

/**
 * The outbox of circulation notices: written once by the notice job (the unique dedupe key makes a
 * second write impossible, also when two runs race) and delivered by its worker. Personal data:
 * the member, the staff of the library that sends it, ADMIN.
 */
@ObjectType({ description: "A reminder to a member about a loan or a hold, as rendered and sent (the member, the sending library's staff, ADMIN)" })
@Entity('circulation_notice')
@Index('UQ_circulation_notice_dedupe', ['dedupeKey'], { unique: true })
@Index('IDX_circulation_notice_status_next', ['status', 'nextAttemptAt'])
@Index('IDX_circulation_notice_member_created', ['memberId', 'createdAt'])
@Index('IDX_circulation_notice_library_created', ['libraryId', 'createdAt'])
export class CirculationNotice {
  @Field(() => ID, { description: "The notice's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** What the notice is about, once: `loan:<id>:OVERDUE:2`, `loan:<id>:DUE_SOON:<due date>`, `hold:<id>:HOLD_AVAILABLE` … */
  @Column({ type: 'varchar', length: 120 })
  dedupeKey: string;

  @Column({ type: 'varchar', length: 36 })
  memberId: string;

  /** The sending library (slug): the lending library of a loan, the pickup library of a hold. */
  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  loanId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  holdId: string | null;

  @Field(() => NoticeKind, { description: 'What the notice is about' })
  @Column({ type: 'varchar', length: 20 })
  kind: NoticeKind;

  @Field(() => NoticeChannel, { description: 'How it is sent' })
  @Column({ type: 'varchar', length: 10 })
  channel: NoticeChannel;

  @Field({ description: 'The e-mail address (EMAIL) or phone number (WEBHOOK) it goes to' })
  @Column({ type: 'varchar', length: 200 })
  recipient: string;

  @Field({ description: 'In Indonesian' })
  @Column({ type: 'varchar', length: 300 })
  subject: string;

  @Field({ description: 'In Indonesian: the title, the dates in the library’s zone, the library' })
  @Column({ type: 'text' })
  text: string;

  @Field(() => NoticeStatus, { description: 'Where its delivery stands' })
  @Column({ type: 'varchar', length: 10 })
  status: NoticeStatus;

  @Field(() => Int, { description: 'Delivery attempts so far' })
  @Column({ type: 'int' })
  attempts: number;

  @Field(() => Date, { nullable: true, description: 'When the worker tries next (PENDING only)' })
  @Column({ type: 'datetime', nullable: true })
  nextAttemptAt: Date | null;

  /** A worker holds the notice until then, so that two workers never send it at once. */
  @Column({ type: 'datetime', nullable: true })
  lockedUntil: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Field({ description: 'When the notice job wrote it (UTC)' })
  @Column({ type: 'datetime' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was accepted for delivery (UTC); null until SENT' })
  @Column({ type: 'datetime', nullable: true })
  sentAt: Date | null;
}
