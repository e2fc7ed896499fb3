import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { now } from '../../../shared/platform/clock';
import { deny } from '../../../shared/platform/auth';
import { ConnectionArgs, normalisePage } from '../../../shared/platform/pagination';
import { requireMemberAccess } from '../access';
import type { CollectionsContext } from '../context';
import { Library } from '../federation/library.stub';
import { Member } from '../members/member.entity';
import { memberListPage } from '../members/member.service';
import { CirculationNotice, NoticeKind, NoticeStatus } from './circulation-notice.entity';
import { NoticePolicy } from './notice-policy.entity';
import { CirculationNoticePolicyInput } from './notice.inputs';
import { listNotices, noticePolicyOf } from './notice.service';
import { CirculationNoticeConnection } from './notice.types';
import { setPolicy } from './policy';
import { retryFailedNotice } from './retry';

@Resolver(() => NoticePolicy)
export class NoticePolicyResolver {
  @Query(() => NoticePolicy, {
    nullable: true,
    description: "A library's notice policy; null when it has none and sends no notices (the library's LIBRARIAN and LIBRARY_ADMIN, ADMIN)",
  })
  async circulationNoticePolicy(
    @Arg('libraryId', () => ID, { description: 'The library (its slug, e.g. `kupang`)' }) libraryId: string,
    @Ctx() ctx: CollectionsContext,
  ): Promise<NoticePolicy | null> {
    return noticePolicyOf(ctx.db, ctx.identity, libraryId);
  }

  @Mutation(() => NoticePolicy, {
    nullable: true,
    description:
      "Set a library's notice policy (the library's LIBRARY_ADMIN, ADMIN); BAD_USER_INPUT with the field for a value out of range, NOT_FOUND for an unknown library; the next notice run applies it",
  })
  async setCirculationNoticePolicy(
    @Arg('input', () => CirculationNoticePolicyInput, { description: 'The library and the settings to change' }) input: CirculationNoticePolicyInput,
    @Ctx() ctx: CollectionsContext,
  ): Promise<NoticePolicy> {
    return setPolicy(ctx.db, ctx.identity, { ...input }, (id) => ctx.calendar.get(id));
  }

  @FieldResolver(() => Library, { description: 'The library the policy belongs to' })
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
    @Arg('libraryId', () => ID, {
      nullable: true,
      description: "Only this sending library's notices (its slug); staff may name only their own library, the default for them; ADMIN: omit for all",
    })
    libraryId: string | null,
    @Arg('status', () => NoticeStatus, { nullable: true, description: 'Only notices in this state; omit for all' }) status: NoticeStatus | null,
    @Arg('kind', () => NoticeKind, { nullable: true, description: 'Only notices of this kind; omit for all' }) kind: NoticeKind | null,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: CollectionsContext,
  ) {
    return listNotices({ db: ctx.db, identity: ctx.identity, maxPageSize: ctx.config.maxPageSize }, { libraryId, status, kind }, args);
  }

  @Mutation(() => CirculationNotice, {
    nullable: true,
    description:
      "Send a FAILED notice again, to the member's current address by the first channel of the policy that reaches them (the sending library's LIBRARIAN and LIBRARY_ADMIN, ADMIN); " +
      'CONFLICT with reason NOT_FAILED for a notice that is not FAILED, NO_CHANNEL when nothing configured reaches the member; NOT_FOUND for an unknown id',
  })
  async retryCirculationNotice(@Arg('id', () => ID, { description: "The FAILED notice's id" }) id: string, @Ctx() ctx: CollectionsContext): Promise<CirculationNotice> {
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
    return memberListPage(ctx, member, ctx.loaders.noticesByMemberId, args);
  }
}
