import { Arg, Args, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { deny, requireStaffOf, STAFF_ROLES } from '../../../shared/auth';
import { Connection, ConnectionArgs, normalisePage, paginate } from '../../../shared/pagination';
import { requireMemberAccess } from '../access';
import type { CollectionsContext } from '../context';
import { CirculationNotice, NoticeKind, NoticeStatus } from '../entities/circulation-notice.entity';
import { Library } from '../entities/library.stub';
import { Member } from '../entities/member.entity';
import { NoticeChannel, NoticePolicy } from '../entities/notice-policy.entity';
import { DEFAULT_POLICY, LIMITS, requireMayReadPolicy, setPolicy } from '../notices/policy';
import { now } from '../../../shared/clock';
import { retryFailedNotice } from '../notices/retry';

@ObjectType()
export class CirculationNoticeConnection extends Connection(CirculationNotice) {}

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


@Resolver(() => NoticePolicy)
export class NoticePolicyResolver {
  @Query(() => NoticePolicy, {
    nullable: true,
    description: "A library's notice policy; null when it has none and sends no notices (the library's LIBRARIAN and LIBRARY_ADMIN, ADMIN)",
  })
  async circulationNoticePolicy(@Arg('libraryId', () => ID) libraryId: string, @Ctx() ctx: CollectionsContext): Promise<NoticePolicy | null> {
    requireMayReadPolicy(ctx.identity, libraryId);
    return ctx.db.getRepository(NoticePolicy).findOneBy({ libraryId });
  }

  @Mutation(() => NoticePolicy, {
    nullable: true,
    description:
      "Set a library's notice policy (the library's LIBRARY_ADMIN, ADMIN); BAD_USER_INPUT with the field for a value out of range, NOT_FOUND for an unknown library; the next notice run applies it",
  })
  async setCirculationNoticePolicy(@Arg('input', () => CirculationNoticePolicyInput) input: CirculationNoticePolicyInput, @Ctx() ctx: CollectionsContext): Promise<NoticePolicy> {
    return setPolicy(ctx.db, ctx.identity, { ...input }, (id) => ctx.calendar.get(id));
  }

  @FieldResolver(() => Library)
  library(@Root() policy: NoticePolicy): Library {
    return { id: policy.libraryId };
  }
}

@Resolver(() => CirculationNotice)
export class CirculationNoticeResolver {
  @Query(() => CirculationNoticeConnection, {
    nullable: true,
    description:
      "The outbox of circulation notices, oldest first, optionally by status and kind (LIBRARIAN and LIBRARY_ADMIN: their library's, also when libraryId is left out; ADMIN: one library's or, without libraryId, all)",
  })
  async circulationNotices(
    @Arg('libraryId', () => ID, { nullable: true }) libraryId: string | null,
    @Arg('status', () => NoticeStatus, { nullable: true }) status: NoticeStatus | null,
    @Arg('kind', () => NoticeKind, { nullable: true }) kind: NoticeKind | null,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: CollectionsContext,
  ) {
    const { identity } = ctx;
    if (identity.role !== 'ADMIN' && !STAFF_ROLES.includes(identity.role)) deny(identity, "The notice outbox is for the library's staff");
    const library = libraryId ?? (identity.role === 'ADMIN' ? null : identity.libraryId!);
    if (library) requireStaffOf(identity, library);
    const page = normalisePage(args, ctx.config.maxPageSize);
    const repo = ctx.db.getRepository(CirculationNotice);
    const qb = repo.createQueryBuilder('n').where('1 = 1');
    if (library) qb.andWhere('n.libraryId = :library', { library });
    if (status) qb.andWhere('n.status = :status', { status });
    if (kind) qb.andWhere('n.kind = :kind', { kind });
    return paginate(qb, { repo, alias: 'n', sort: 'createdAt' }, page);
  }

  @Mutation(() => CirculationNotice, {
    nullable: true,
    description:
      "Send a FAILED notice again, to the member's current address by the first channel of the policy that reaches them (the sending library's LIBRARIAN and LIBRARY_ADMIN, ADMIN); " +
      'CONFLICT with reason NOT_FAILED for a notice that is not FAILED, NO_CHANNEL when nothing configured reaches the member; NOT_FOUND for an unknown id',
  })
  async retryCirculationNotice(@Arg('id', () => ID) id: string, @Ctx() ctx: CollectionsContext): Promise<CirculationNotice> {
    return retryFailedNotice(ctx.db, ctx.identity, ctx.config.notices, id, now());
  }

  @Query(() => CirculationNoticeConnection, { nullable: true, description: 'The notices sent (or to be sent) to me, oldest first (MEMBER)' })
  async myCirculationNotices(@Args() args: ConnectionArgs, @Ctx() ctx: CollectionsContext) {
    if (ctx.identity.role !== 'MEMBER') deny(ctx.identity, 'Only a member has notices of their own');
    return ctx.loaders.noticesByMemberId.load({ parentId: ctx.identity.memberId!, page: normalisePage(args, ctx.config.maxPageSize) });
  }

  @FieldResolver(() => Member, { nullable: true, description: "Who it is for (the member, their library's staff, ADMIN)" })
  async member(@Root() notice: CirculationNotice, @Ctx() { loaders, identity }: CollectionsContext): Promise<Member> {
    const member = (await loaders.memberById.load(notice.memberId))!;
    requireMemberAccess(identity, member);
    return member;
  }

  @FieldResolver(() => Library, { description: 'The library that sends it: the lending library of a loan, the pickup library of a hold' })
  library(@Root() notice: CirculationNotice): Library {
    return { id: notice.libraryId };
  }
}

@Resolver(() => Member)
export class MemberNoticesResolver {
  @FieldResolver(() => CirculationNoticeConnection, { nullable: true, description: "The member's circulation notices, oldest first (the member, their library's staff, ADMIN)" })
  async circulationNotices(@Root() member: Member, @Args() args: ConnectionArgs, @Ctx() ctx: CollectionsContext) {
    requireMemberAccess(ctx.identity, member);
    return ctx.loaders.noticesByMemberId.load({ parentId: member.id, page: normalisePage(args, ctx.config.maxPageSize) });
  }
}
