import { Arg, Args, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, normalisePage } from '../../../shared/platform/pagination';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { requireLibraryAccess } from '../access';
import { MaterialType } from '../catalogue/bibliographic-record.entity';
import { ItemConnection } from '../catalogue/catalogue.types';
import { HoldConnection } from '../circulation/circulation.types';
import { HoldStatus } from '../circulation/hold.entity';
import { LoanRule } from '../circulation/loan-rule.entity';
import { publishedOrder } from '../circulation/loan-rule.service';
import { pickRule } from '../circulation/rules';
import type { CollectionsContext } from '../context';
import { collectionIndicators } from '../indicators/indicators.service';
import { CollectionIndicators } from '../indicators/indicators.types';
import { MemberType } from '../members/member.entity';
import { MemberConnection } from '../members/member.types';
import { Library } from './library.stub';

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
    return publishedOrder(await loaders.loanRulesByLibraryId.load(library.id));
  }

  @FieldResolver(() => LoanRule, {
    nullable: true,
    description: 'The rule this library applies to a member type borrowing a material type: the most specific that matches (public)',
  })
  async loanRuleFor(
    @Root() library: Library,
    @Arg('memberType', () => MemberType, { description: 'The type of card of the borrower' }) memberType: MemberType,
    @Arg('materialType', () => MaterialType, { description: 'The material type of the title borrowed' }) materialType: MaterialType,
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
    @Arg('from', () => CalendarDateScalar, { description: "First day of the period, in the library's time zone" }) from: string,
    @Arg('to', () => CalendarDateScalar, { description: 'Last day of the period, included: not before from, at most five years after it' }) to: string,
    @Ctx() ctx: CollectionsContext,
  ): Promise<CollectionIndicators> {
    requireLibraryAccess(ctx.identity, library.id, 'FIGURES');
    return collectionIndicators({ loaders: ctx.loaders, calendars: ctx.calendar }, library, from, to);
  }
}
