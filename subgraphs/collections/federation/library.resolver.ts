import { Arg, Args, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { requireLibraryAccess } from '../access';
import { CalendarDateScalar } from '../../../shared/scalars';
import { validatePeriod } from '../indicators';
import { perDay } from '../visits/service';
import { ConnectionArgs, normalisePage } from '../../../shared/pagination';
import { pickRule } from '../circulation/rules';
import type { CollectionsContext } from '../context';
import { MaterialType } from '../entities/bibliographic-record.entity';
import { HoldStatus } from '../entities/hold.entity';
import { Library } from '../entities/library.stub';
import { LoanRule } from '../entities/loan-rule.entity';
import { MemberType } from '../entities/member.entity';
import { HoldConnection, ItemConnection, MemberConnection } from './connections';
import { CollectionIndicators } from './indicators.types';

const specificityOrder = (r: LoanRule) => (r.memberType ? 2 : 0) + (r.materialType ? 1 : 0);

/** Collections' fields on the library (owned by staff-development). */
@Resolver(() => Library)
export class LibraryResolver {
  /** Public: the OPAC shows every copy. */
  @FieldResolver(() => ItemConnection, { nullable: true, description: 'Copies held by the library, by barcode (public)' })
  async items(@Root() library: Library, @Args() args: ConnectionArgs, @Ctx() ctx: CollectionsContext) {
    return ctx.loaders.itemsByLibraryId.load({ parentId: library.id, page: normalisePage(args, ctx.config.maxPageSize) });
  }

  /**
   * Personal data: the library's own staff and ADMIN only (GOVERNMENT sees aggregates, never
   * members). Nullable so that a refusal leaves the rest of the library readable.
   */
  @FieldResolver(() => MemberConnection, {
    nullable: true,
    description: "Card holders whose home library this is, by name (the library's staff, ADMIN)",
  })
  async members(@Root() library: Library, @Args() args: ConnectionArgs, @Ctx() ctx: CollectionsContext) {
    requireLibraryAccess(ctx.identity, library.id, 'RECORDS');
    return ctx.loaders.membersByLibraryId.load({ parentId: library.id, page: normalisePage(args, ctx.config.maxPageSize) });
  }

  /** Public: libraries publish their loan terms. */
  @FieldResolver(() => [LoanRule], { description: "The library's loan rules, the default (any, any) first, most specific last (public)" })
  async loanRules(@Root() library: Library, @Ctx() { loaders }: CollectionsContext): Promise<LoanRule[]> {
    const rules = await loaders.loanRulesByLibraryId.load(library.id);
    return [...rules].sort(
      (a, b) => specificityOrder(a) - specificityOrder(b) || (a.memberType ?? '').localeCompare(b.memberType ?? '') || (a.materialType ?? '').localeCompare(b.materialType ?? ''),
    );
  }

  @FieldResolver(() => LoanRule, { nullable: true, description: 'The rule this library applies to a member type borrowing a material type: the most specific that matches (public)' })
  async loanRuleFor(
    @Root() library: Library,
    @Arg('memberType', () => MemberType) memberType: MemberType,
    @Arg('materialType', () => MaterialType) materialType: MaterialType,
    @Ctx() { loaders }: CollectionsContext,
  ): Promise<LoanRule | null> {
    return pickRule(await loaders.loanRulesByLibraryId.load(library.id), memberType, materialType);
  }

  /**
   * The desk's hold work: copies on the hold shelf (READY), on their way here (IN_TRANSIT), and
   * the queue of holds to be picked up here (WAITING). The library's staff and ADMIN.
   */
  @FieldResolver(() => HoldConnection, { nullable: true, description: "Holds to be picked up here, oldest first, by status (the library's staff, ADMIN)" })
  async holds(
    @Root() library: Library,
    @Args() args: ConnectionArgs,
    @Arg('status', () => [HoldStatus], { nullable: true, description: 'Default: the open ones (WAITING, IN_TRANSIT, READY)' }) status: HoldStatus[] | null,
    @Ctx() ctx: CollectionsContext,
  ) {
    requireLibraryAccess(ctx.identity, library.id, 'RECORDS');
    const statuses = status?.length ? [...new Set(status)].sort() : [HoldStatus.IN_TRANSIT, HoldStatus.READY, HoldStatus.WAITING];
    return ctx.loaders.holdsByPickupLibraryId.load({
      parentId: library.id,
      page: normalisePage(args, ctx.config.maxPageSize),
      variant: statuses.join(','),
    });
  }

  /**
   * Aggregates for the library's staff, GOVERNMENT (which funds and supervises the libraries) and
   * ADMIN; no personal data. The gateway brings the population from staff-development (@requires).
   */
  @Directive('@requires(fields: "population")')
  @FieldResolver(() => CollectionIndicators, {
    nullable: true,
    description: "Collection and circulation figures over a period, days in the library's zone (the library's staff, GOVERNMENT, ADMIN)",
  })
  async collectionIndicators(
    @Root() library: Library,
    @Arg('from', () => CalendarDateScalar) from: string,
    @Arg('to', () => CalendarDateScalar) to: string,
    @Ctx() ctx: CollectionsContext,
  ): Promise<CollectionIndicators> {
    requireLibraryAccess(ctx.identity, library.id, 'FIGURES');
    validatePeriod(from, to);
    const f = await ctx.loaders.indicators(ctx.calendar).load({ libraryId: library.id, from, to });
    const population = library.population ?? 0;
    return {
      from,
      to,
      titles: f.titles,
      items: f.items,
      members: f.members,
      activeMembers: f.activeMembers,
      loans: f.loans,
      returns: f.returns,
      holdsPlaced: f.holdsPlaced,
      loansPerCapita: population > 0 ? Math.round((f.loans / population) * 1e6) / 1e6 : 0,
      overdueRate: f.loansDue > 0 ? Math.round((f.loansOverdue / f.loansDue) * 1e4) / 1e4 : 0,
      finesCharged: f.finesCharged,
      finesPaid: f.finesPaid,
      titlesPerCapita: population > 0 ? Math.round((f.titles / population) * 1e6) / 1e6 : 0,
      recentStockShare: f.items > 0 ? Math.round((f.recentItems / f.items) * 1e4) / 1e4 : 0,
      digitalUses: f.digitalUses,
      visits: f.visits,
      visitsPerDay: perDay(f.visits, f.visitDays),
      acquisitionSpend: f.acquisitionSpend,
      aggregatedThrough: f.aggregatedThrough,
      aggregatedAt: f.aggregatedAt,
      computedAt: f.computedAt,
    };
  }
}
