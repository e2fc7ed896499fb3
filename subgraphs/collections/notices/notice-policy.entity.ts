import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NoticeChannel } from '../../../shared/platform/transports';

// The channels are the shared transports' (shared/platform/transports.ts); the API calls them so here.
export { NoticeChannel };
registerEnumType(NoticeChannel, {
  name: 'CirculationNoticeChannel',
  description: "EMAIL (SMTP, to the member's address) or WEBHOOK (a WhatsApp/SMS gateway, to the member's phone)",
  valuesConfig: {
    EMAIL: { description: "An e-mail through the configured SMTP server (SMTP_URL), to the member's e-mail address" },
    WEBHOOK: { description: "A JSON POST to the configured WhatsApp/SMS gateway (NOTICE_WEBHOOK_URL), for the member's phone number" },
  },
});

/** Channels are kept in one column, comma-separated, in the order of preference. */
const channelsColumn = {
  to: (channels: NoticeChannel[] | undefined) => (channels === undefined ? undefined : channels.join(',')),
  from: (value: string | null) => (value ? (value.split(',') as NoticeChannel[]) : []),
};

/**
 * What a library tells its members, and when (one row per library; none = the library sends no
 * notices). Days are counted in the library's time zone. The library's staff and ADMIN read it;
 * its LIBRARY_ADMIN and ADMIN set it.
 */
@ObjectType('CirculationNoticePolicy', { description: "When a library reminds its members of due dates, overdue loans and holds (the library's staff, ADMIN)" })
@Entity('notice_policy')
export class NoticePolicy {
  /** The library (slug): the lending library for loans, the pickup library for holds. */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  libraryId: string;

  @Field({ description: 'Off: the job writes no notice for this library (those already written are still delivered)' })
  @Column({ type: 'boolean' })
  enabled: boolean;

  @Field({ description: 'Who signs the notices, e.g. "Perpustakaan Umum Kota Kupang"' })
  @Column({ type: 'varchar', length: 150 })
  senderName: string;

  @Field(() => Int, { description: 'DUE_SOON this many days before the due date (0 = none); not for loans shorter than that' })
  @Column({ type: 'int' })
  dueSoonDays: number;

  @Field({ description: 'DUE_TODAY on the due date' })
  @Column({ type: 'boolean' })
  dueToday: boolean;

  @Field(() => Int, { description: 'The first OVERDUE notice this many days after the due date' })
  @Column({ type: 'int' })
  overdueAfterDays: number;

  @Field(() => Int, { description: 'Then again every this many days' })
  @Column({ type: 'int' })
  overdueEveryDays: number;

  @Field(() => Int, { description: 'At most this many OVERDUE notices per loan (0 = none)' })
  @Column({ type: 'int' })
  overdueMaxNotices: number;

  @Field({ description: 'HOLD_AVAILABLE when a held copy waits on the hold shelf' })
  @Column({ type: 'boolean' })
  holdAvailable: boolean;

  @Field(() => Int, { description: 'HOLD_EXPIRING this many days before the last pickup day (0 = none)' })
  @Column({ type: 'int' })
  holdExpiringDays: number;

  @Field(() => [NoticeChannel], { description: 'Channels the library uses, in order of preference (EMAIL needs a member e-mail address)' })
  @Column({ type: 'varchar', length: 40, transformer: channelsColumn })
  channels: NoticeChannel[];

  @Field({ description: 'When the policy was last set (UTC)' })
  @Column({ type: 'datetime' })
  updatedAt: Date;

  @Field({ description: 'Who last set the policy (token subject)' })
  @Column({ type: 'varchar', length: 100 })
  updatedBy: string;
}
