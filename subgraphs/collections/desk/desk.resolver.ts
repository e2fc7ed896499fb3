import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireMemberAccess } from '../access';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { pullHold } from '../circulation/circulation.service';
import { HoldConnection, LoanConnection } from '../circulation/circulation.types';
import type { CollectionsContext } from '../context';
import { Member } from '../members/member.entity';
import { DeskLibraryPageArgs, DeskLoansArgs, DeskPeriodArgs, HoldShelfArgs, OverdueListArgs } from './desk.inputs';
import { currentLoans, holdShelf, mostActiveMembers, mostBorrowedTitles, overdueList, pullList, type DeskDeps } from './desk.service';
import { CollectionsDocument } from '../document.types';
import { HoldPull, MemberActivity, MostActiveMembers, MostBorrowedTitles, PullSlipConnection, TitleCirculation } from './desk.types';

const DESK = "the library's LIBRARIAN or LIBRARY_ADMIN, ADMIN";
const deps = (ctx: CollectionsContext): DeskDeps => ({ db: ctx.db, calendars: ctx.calendar, maxPageSize: ctx.config.maxPageSize });

/** The front desk's lists and the pull. Rules and refusals live in desk.service.ts and circulation.service.ts. */
@Resolver()
export class DeskResolver {
  @Query(() => LoanConnection, {
    nullable: true,
    description: `The library's current loans (lent here, not returned), overdue or due today, by member type, by due date or checkout (${DESK})`,
  })
  async deskLoans(@Args(() => DeskLoansArgs) args: DeskLoansArgs, @Ctx() ctx: CollectionsContext) {
    return currentLoans(deps(ctx), ctx.identity, args);
  }

  @Query(() => CollectionsDocument, {
    nullable: true,
    description: `Overdue loans of the library's members who have neither e-mail nor phone (no notice reaches them), as CSV or a page to print, by member name (${DESK})`,
  })
  async overdueList(@Args(() => OverdueListArgs) args: OverdueListArgs, @Ctx() ctx: CollectionsContext): Promise<CollectionsDocument> {
    return overdueList(deps(ctx), ctx.identity, args.libraryId, args.format);
  }

  @Query(() => PullSlipConnection, {
    nullable: true,
    description: `Copies to fetch from the library's shelves for waiting holds, oldest hold first: a hold moves a copy only when it is pulled (${DESK})`,
  })
  async pullList(@Args(() => DeskLibraryPageArgs) args: DeskLibraryPageArgs, @Ctx() ctx: CollectionsContext) {
    return pullList(deps(ctx), ctx.identity, args);
  }

  @Mutation(() => HoldPull, {
    nullable: true,
    description:
      "Pull a copy off the shelf for a waiting hold, named or the first in the title's queue (staff of the library where the copy is, ADMIN): READY on this hold shelf, or IN_TRANSIT to the pickup library. CONFLICT when another desk pulled it first",
  })
  async pullHold(
    @Arg('holdId', () => ID, { nullable: true, description: "The waiting hold, from the pull list; omit to serve the first hold in the title's queue" })
    holdId: string | null,
    @Arg('barcode', () => String, { description: 'The copy fetched, as scanned: case and surrounding spaces aside' }) barcode: string,
    @Ctx() ctx: CollectionsContext,
  ): Promise<HoldPull> {
    const pulled = await pullHold({ db: ctx.db, calendars: ctx.calendar }, ctx.identity, holdId, barcode);
    return { hold: pulled.hold!, item: pulled.item, sendTo: pulled.sendTo ? { id: pulled.sendTo } : null };
  }

  @Query(() => HoldConnection, {
    nullable: true,
    description: `Copies waiting on the library's hold shelf, the soonest last pickup day (pickupBy) first; past it until the hourly expiry clears them (${DESK})`,
  })
  async holdShelf(@Args(() => HoldShelfArgs) args: HoldShelfArgs, @Ctx() ctx: CollectionsContext) {
    return holdShelf(deps(ctx), ctx.identity, args);
  }

  @Query(() => MostActiveMembers, {
    nullable: true,
    description: `The library's members with the most checkouts here over a period (default the 30 days to today), most first (${DESK})`,
  })
  async mostActiveMembers(@Args(() => DeskPeriodArgs) args: DeskPeriodArgs, @Ctx() ctx: CollectionsContext): Promise<MostActiveMembers> {
    return mostActiveMembers(deps(ctx), ctx.identity, args);
  }

  @Query(() => MostBorrowedTitles, {
    nullable: true,
    description: `The titles the library lent most over a period (default the 30 days to today), most first (${DESK})`,
  })
  async mostBorrowedTitles(@Args(() => DeskPeriodArgs) args: DeskPeriodArgs, @Ctx() ctx: CollectionsContext): Promise<MostBorrowedTitles> {
    return mostBorrowedTitles(deps(ctx), ctx.identity, args);
  }
}

@Resolver(() => MemberActivity)
export class MemberActivityResolver {
  /** The ranking lists the library's own members only; the member rule is applied again here all the same. */
  @FieldResolver(() => Member, { nullable: true, description: "The card holder (the library's staff, ADMIN)" })
  async member(@Root() entry: MemberActivity, @Ctx() { loaders, identity }: CollectionsContext): Promise<Member> {
    const member = (await loaders.memberById.load(entry.memberId))!;
    requireMemberAccess(identity, member);
    return member;
  }
}

@Resolver(() => TitleCirculation)
export class TitleCirculationResolver {
  @FieldResolver(() => BibliographicRecord, { description: 'The title' })
  async record(@Root() entry: TitleCirculation, @Ctx() { loaders }: CollectionsContext): Promise<BibliographicRecord> {
    return (await loaders.recordById.load(entry.recordId))!;
  }
}
