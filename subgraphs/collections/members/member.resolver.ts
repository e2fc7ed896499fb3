import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../../shared/platform/errors';
import { libraryToday } from '../../../shared/platform/time';
import { ConnectionArgs, normalisePage } from '../../../shared/platform/pagination';
import { requireMayReadMember, requireMemberAccess } from '../access';
import { FineEntryConnection, HoldConnection, LoanConnection } from '../circulation/circulation.types';
import type { CollectionsContext } from '../context';
import { Library } from '../federation/library.stub';
import { Partner } from '../federation/partner.stub';
import { Item } from '../catalogue/item.entity';
import { cardStatus } from './card';
import { Member, MemberStatus } from './member.entity';
import { FindMembersArgs, ItemByBarcodeArgs, MemberByCardArgs, MemberContactInput, MemberReasonArgs, RegisterMemberInput } from './member.inputs';
import {
  closeMemberAccount,
  findMembers,
  itemByBarcode,
  loansVariant,
  memberByCard,
  memberListPage,
  reinstateMember,
  registerMember,
  renewMemberCard,
  replaceMemberCard,
  suspendMember,
  updateMemberContact,
  type MemberDeps,
} from './member.service';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';

const DESK = "the library's LIBRARIAN or LIBRARY_ADMIN, ADMIN";
const deps = (ctx: CollectionsContext): MemberDeps => ({ db: ctx.db, calendars: ctx.calendar });

@Resolver(() => Member)
export class MemberResolver {
  /**
   * The member themself, staff of their home library, ADMIN. Others are refused before the
   * lookup (UNAUTHENTICATED / FORBIDDEN), so they cannot probe which ids exist; NOT_FOUND is for
   * callers who could have seen it.
   */
  @Query(() => Member, { nullable: true, description: "One card holder (the member, their library's staff, ADMIN)" })
  async member(@Arg('id', () => ID, { description: "The member's id" }) id: string, @Ctx() { loaders, identity }: CollectionsContext): Promise<Member> {
    requireMayReadMember(identity, id);
    const member = await loaders.memberById.load(id);
    if (!member) throw new NotFoundError('Member', id);
    requireMemberAccess(identity, member);
    return member;
  }

  @Query(() => Member, { nullable: true, description: `The member holding this card at this library (${DESK}); NOT_FOUND for a number nobody holds, also a replaced one` })
  async memberByCard(@Args(() => MemberByCardArgs) args: MemberByCardArgs, @Ctx() ctx: CollectionsContext): Promise<Member> {
    return memberByCard(ctx.db, ctx.identity, args.libraryId, args.cardNumber);
  }

  @Query(() => [Member], {
    description: `The library's members whose name starts with \`name\`, case and accents aside ("ndun" finds "Ndún"), by name; closed accounts left out (${DESK})`,
  })
  async findMembers(@Args(() => FindMembersArgs) args: FindMembersArgs, @Ctx() ctx: CollectionsContext): Promise<Member[]> {
    return findMembers(ctx.db, ctx.identity, args.libraryId, args.name, args.first);
  }

  @Query(() => Item, { nullable: true, description: `The library's copy with this barcode, case aside (${DESK}); NOT_FOUND when it has none` })
  async itemByBarcode(@Args(() => ItemByBarcodeArgs) args: ItemByBarcodeArgs, @Ctx() ctx: CollectionsContext): Promise<Item> {
    return itemByBarcode(ctx.db, ctx.identity, args.libraryId, args.barcode);
  }

  @Mutation(() => Member, {
    nullable: true,
    description: `Register a card holder (${DESK}): the card runs its type's term from today, numbered from the library's series unless cardNumber is given (CONFLICT, reason CARD_NUMBER_TAKEN, when another card has it)`,
  })
  async registerMember(
    @Arg('input', () => RegisterMemberInput, { description: 'The new card holder' }) input: RegisterMemberInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: CollectionsContext,
  ): Promise<Member> {
    return registerMember(deps(ctx), ctx.identity, input, idempotencyKey);
  }

  @Mutation(() => Member, {
    nullable: true,
    description: `Change a member's e-mail, phone or address (the member themself, ${DESK}); omitted: unchanged, null: removed`,
  })
  async updateMemberContact(
    @Arg('id', () => ID, { description: "The member's id" }) id: string,
    @Arg('input', () => MemberContactInput, { description: 'The details to change: an omitted field stays, null removes it' }) input: MemberContactInput,
    @Ctx() ctx: CollectionsContext,
  ): Promise<Member> {
    return updateMemberContact(deps(ctx), ctx.identity, id, input);
  }

  @Mutation(() => Member, {
    nullable: true,
    description: `Renew a card for its type's term, from the old expiry while it has not passed, else from today (${DESK})`,
  })
  async renewMemberCard(@Arg('id', () => ID, { description: "The member's id" }) id: string, @Ctx() ctx: CollectionsContext): Promise<Member> {
    return renewMemberCard(deps(ctx), ctx.identity, id);
  }

  @Mutation(() => Member, { nullable: true, description: `Suspend a card (${DESK}); CONFLICT (reason ALREADY_SUSPENDED) when it is` })
  async suspendMember(@Args(() => MemberReasonArgs) args: MemberReasonArgs, @Ctx() ctx: CollectionsContext): Promise<Member> {
    return suspendMember(deps(ctx), ctx.identity, args.id, args.reason);
  }

  @Mutation(() => Member, { nullable: true, description: `Lift a card's suspension (${DESK}); CONFLICT (reason NOT_SUSPENDED) when it is not suspended` })
  async reinstateMember(@Args(() => MemberReasonArgs) args: MemberReasonArgs, @Ctx() ctx: CollectionsContext): Promise<Member> {
    return reinstateMember(deps(ctx), ctx.identity, args.id, args.reason);
  }

  @Mutation(() => Member, {
    nullable: true,
    description: `A lost card: a new number from the library's series; the old number finds nobody any more, loans and fines stay with the member (${DESK})`,
  })
  async replaceMemberCard(
    @Args(() => MemberReasonArgs) args: MemberReasonArgs,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: CollectionsContext,
  ): Promise<Member> {
    return replaceMemberCard(deps(ctx), ctx.identity, args.id, args.reason, idempotencyKey);
  }

  @Mutation(() => Member, {
    nullable: true,
    description: `Close an account (${DESK}): CONFLICT (reason OPEN_LOANS, UNPAID_FINES or OPEN_HOLDS) until everything is settled; the personal data is removed, the loan history kept, the status reads CLOSED`,
  })
  async closeMemberAccount(@Arg('id', () => ID, { description: "The member's id" }) id: string, @Ctx() ctx: CollectionsContext): Promise<Member> {
    return closeMemberAccount(deps(ctx), ctx.identity, id);
  }

  @FieldResolver(() => MemberStatus, { description: "The card as it reads today in the library's time zone: EXPIRED once past expiresOn" })
  async status(@Root() member: Member, @Ctx() ctx: CollectionsContext): Promise<MemberStatus> {
    return cardStatus(member, await libraryToday(ctx.calendar, member.libraryId));
  }

  @FieldResolver(() => String, { nullable: true, description: 'E-mail address; null when none was given or the account is closed' })
  email(@Root() member: Member): string | null {
    return member.email || null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Telephone number; null when none was given or the account is closed' })
  phone(@Root() member: Member): string | null {
    return member.phone || null;
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
