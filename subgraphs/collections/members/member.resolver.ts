import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../../shared/platform/errors';
import { ConnectionArgs, normalisePage } from '../../../shared/platform/pagination';
import { requireMayReadMember, requireMemberAccess } from '../access';
import { FineEntryConnection, HoldConnection, LoanConnection } from '../circulation/circulation.types';
import type { CollectionsContext } from '../context';
import { Library } from '../federation/library.stub';
import { Partner } from '../federation/partner.stub';
import { Member } from './member.entity';
import { loansVariant, memberListPage } from './member.service';

@Resolver(() => Member)
export class MemberResolver {
  /**
   * The member themself, staff of their home library, ADMIN. Others are refused before the
   * lookup (UNAUTHENTICATED / FORBIDDEN), so they cannot probe which ids exist; NOT_FOUND is for
   * callers who could have seen it.
   */
  @Query(() => Member, { nullable: true, description: "One card holder (the member, their library's staff, ADMIN)" })
  async member(@Arg('id', () => ID) id: string, @Ctx() { loaders, identity }: CollectionsContext): Promise<Member> {
    requireMayReadMember(identity, id);
    const member = await loaders.memberById.load(id);
    if (!member) throw new NotFoundError('Member', id);
    requireMemberAccess(identity, member);
    return member;
  }

  @FieldResolver(() => Library, { description: 'Home library' })
  library(@Root() member: Member): Library {
    return { id: member.libraryId };
  }

  @FieldResolver(() => Partner, { nullable: true, description: 'For an INSTITUTION member: the partner it stands for' })
  partner(@Root() member: Member): Partner | null {
    return member.partnerId ? { id: member.partnerId } : null;
  }

  /** Loans by checkout time, oldest first, as the loan rule allows: member.service.ts `loansVariant`. */
  @FieldResolver(() => LoanConnection, {
    nullable: true,
    description: "The member's loans by checkout time (the member, ADMIN; staff: their own library's loans)",
  })
  async loans(@Root() member: Member, @Args() args: ConnectionArgs, @Ctx() ctx: CollectionsContext) {
    const variant = loansVariant(ctx.identity, member);
    return ctx.loaders.loansByMemberId.load({ parentId: member.id, page: normalisePage(args, ctx.config.maxPageSize), variant });
  }

  @FieldResolver(() => HoldConnection, { nullable: true, description: "The member's holds, oldest first (the member, their library's staff, ADMIN)" })
  async holds(
    @Root() member: Member,
    @Args() args: ConnectionArgs,
    @Arg('openOnly', () => Boolean, { defaultValue: false, description: 'Only WAITING, IN_TRANSIT and READY holds' }) openOnly: boolean,
    @Ctx() ctx: CollectionsContext,
  ) {
    return memberListPage(ctx, member, ctx.loaders.holdsByMemberId, args, openOnly ? 'open' : '');
  }

  @FieldResolver(() => FineEntryConnection, { nullable: true, description: "The member's fines ledger, oldest line first (the member, their library's staff, ADMIN)" })
  async fines(@Root() member: Member, @Args() args: ConnectionArgs, @Ctx() ctx: CollectionsContext) {
    return memberListPage(ctx, member, ctx.loaders.finesByMemberId, args);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Unpaid fines in rupiah (the member, their library’s staff, ADMIN)' })
  async fineBalance(@Root() member: Member, @Ctx() ctx: CollectionsContext): Promise<number> {
    requireMemberAccess(ctx.identity, member);
    return ctx.loaders.fineBalanceByMemberId.load(member.id);
  }
}
