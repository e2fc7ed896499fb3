import { ArrayNotEmpty, ArrayUnique, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { TrimmedLength } from '../../../shared/platform/validation';
import { NoticeChannel } from './notice-policy.entity';
import { DEFAULT_POLICY, LIMITS } from './policy';

/** Left out, or a whole number within the field's LIMITS (the bounds a librarian would accept). */
function WithinLimits(field: keyof typeof LIMITS): PropertyDecorator {
  const [min, max] = LIMITS[field];
  const rule = { message: `${field} must be a whole number from ${min} to ${max}` };
  const rules = [IsOptional(), IsInt(rule), Min(min, rule), Max(max, rule)];
  return (target, key) => rules.forEach((apply) => apply(target, key));
}

@InputType({ description: "A library's notice policy; fields left out keep their value (a first policy: the defaults shown)" })
export class CirculationNoticePolicyInput {
  @Field(() => ID, { description: 'The library whose policy to set (its slug, e.g. `kupang`)' })
  libraryId: string;

  @Field({ nullable: true, description: `Default ${DEFAULT_POLICY.enabled}` })
  enabled?: boolean;

  @Field({ nullable: true, description: 'Who signs the notices, 3 to 150 characters; required for a first policy' })
  @IsOptional()
  @TrimmedLength(3, 150, { message: 'senderName must be 3 to 150 characters' })
  senderName?: string;

  @Field(() => Int, { nullable: true, description: `Days before the due date, ${LIMITS.dueSoonDays.join(' to ')} (0 = no DUE_SOON); default ${DEFAULT_POLICY.dueSoonDays}` })
  @WithinLimits('dueSoonDays')
  dueSoonDays?: number;

  @Field({ nullable: true, description: `DUE_TODAY on the due date; default ${DEFAULT_POLICY.dueToday}` })
  dueToday?: boolean;

  @Field(() => Int, { nullable: true, description: `First OVERDUE this many days late, ${LIMITS.overdueAfterDays.join(' to ')}; default ${DEFAULT_POLICY.overdueAfterDays}` })
  @WithinLimits('overdueAfterDays')
  overdueAfterDays?: number;

  @Field(() => Int, { nullable: true, description: `Then every this many days, ${LIMITS.overdueEveryDays.join(' to ')}; default ${DEFAULT_POLICY.overdueEveryDays}` })
  @WithinLimits('overdueEveryDays')
  overdueEveryDays?: number;

  @Field(() => Int, {
    nullable: true,
    description: `At most this many OVERDUE notices per loan, ${LIMITS.overdueMaxNotices.join(' to ')} (0 = none); default ${DEFAULT_POLICY.overdueMaxNotices}`,
  })
  @WithinLimits('overdueMaxNotices')
  overdueMaxNotices?: number;

  @Field({ nullable: true, description: `HOLD_AVAILABLE; default ${DEFAULT_POLICY.holdAvailable}` })
  holdAvailable?: boolean;

  @Field(() => Int, {
    nullable: true,
    description: `HOLD_EXPIRING this many days before the last pickup day, ${LIMITS.holdExpiringDays.join(' to ')} (0 = none); default ${DEFAULT_POLICY.holdExpiringDays}`,
  })
  @WithinLimits('holdExpiringDays')
  holdExpiringDays?: number;

  @Field(() => [NoticeChannel], { nullable: true, description: `In order of preference, at least one; default ${DEFAULT_POLICY.channels.join(', ')}` })
  @IsOptional()
  @ArrayNotEmpty({ message: 'at least one channel is needed (switch the policy off with enabled: false)' })
  @ArrayUnique({ message: 'a channel is listed twice' })
  channels?: NoticeChannel[];
}
