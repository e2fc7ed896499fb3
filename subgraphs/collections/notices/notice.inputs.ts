import { Field, ID, InputType, Int } from 'type-graphql';
import { NoticeChannel } from './notice-policy.entity';
import { DEFAULT_POLICY, LIMITS } from './policy';

@InputType({ description: "A library's notice policy; fields left out keep their value (a first policy: the defaults shown)" })
export class CirculationNoticePolicyInput {
  @Field(() => ID)
  libraryId: string;

  @Field({ nullable: true, description: `Default ${DEFAULT_POLICY.enabled}` })
  enabled?: boolean;

  @Field({ nullable: true, description: 'Who signs the notices, 3 to 150 characters; required for a first policy' })
  senderName?: string;

  @Field(() => Int, { nullable: true, description: `Days before the due date, ${LIMITS.dueSoonDays.join(' to ')} (0 = no DUE_SOON); default ${DEFAULT_POLICY.dueSoonDays}` })
  dueSoonDays?: number;

  @Field({ nullable: true, description: `DUE_TODAY on the due date; default ${DEFAULT_POLICY.dueToday}` })
  dueToday?: boolean;

  @Field(() => Int, { nullable: true, description: `First OVERDUE this many days late, ${LIMITS.overdueAfterDays.join(' to ')}; default ${DEFAULT_POLICY.overdueAfterDays}` })
  overdueAfterDays?: number;

  @Field(() => Int, { nullable: true, description: `Then every this many days, ${LIMITS.overdueEveryDays.join(' to ')}; default ${DEFAULT_POLICY.overdueEveryDays}` })
  overdueEveryDays?: number;

  @Field(() => Int, { nullable: true, description: `At most this many OVERDUE notices per loan, ${LIMITS.overdueMaxNotices.join(' to ')} (0 = none); default ${DEFAULT_POLICY.overdueMaxNotices}` })
  overdueMaxNotices?: number;

  @Field({ nullable: true, description: `HOLD_AVAILABLE; default ${DEFAULT_POLICY.holdAvailable}` })
  holdAvailable?: boolean;

  @Field(() => Int, { nullable: true, description: `HOLD_EXPIRING this many days before the last pickup day, ${LIMITS.holdExpiringDays.join(' to ')} (0 = none); default ${DEFAULT_POLICY.holdExpiringDays}` })
  holdExpiringDays?: number;

  @Field(() => [NoticeChannel], { nullable: true, description: `In order of preference, at least one; default ${DEFAULT_POLICY.channels.join(', ')}` })
  channels?: NoticeChannel[];
}
