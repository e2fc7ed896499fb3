import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireRole } from '../../../shared/platform/auth';
import { NotFoundError } from '../../../shared/platform/errors';
import { ConnectionArgs, normalisePage } from '../../../shared/platform/pagination';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { requireLibraryAccess, requireMemberAccess } from '../access';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { Item } from '../catalogue/item.entity';
import type { CollectionsContext } from '../context';
import { Librarian } from '../federation/librarian.stub';
import { Library } from '../federation/library.stub';
import { Member } from '../members/member.entity';
import { memberListPage } from '../members/member.service';
import { AcquisitionBudget, RupiahScalar } from './acquisition-budget.entity';
import { AcquisitionOrder, AcquisitionOrderLine, AcquisitionOrderStatus } from './acquisition-order.entity';
import { AcquisitionOrderInput, ReasonArgs, SetAcquisitionBudgetArgs, SuggestPurchaseInput } from './acquisition.inputs';
import {
  cancelAcquisitionOrder,
  placeAcquisitionOrder,
  receiveAcquisitionOrder,
  rejectPurchaseSuggestion,
  setAcquisitionBudget,
  STAFF_AND_ADMIN,
  suggestPurchase,
  type AcquisitionDeps,
} from './acquisition.service';
import { AcquisitionBudgetLine, AcquisitionOrderConnection, AcquisitionReceipt, PurchaseSuggestionConnection } from './acquisition.types';
import { PurchaseSuggestion, PurchaseSuggestionStatus } from './purchase-suggestion.entity';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';

const deps = (ctx: CollectionsContext): AcquisitionDeps => ({ db: ctx.db, calendars: ctx.calendar });

@Resolver(() => AcquisitionOrder)
export class AcquisitionOrderResolver {
  @Mutation(() => AcquisitionBudget, {
    nullable: true,
    description: "Set a library's acquisition budget for a year (its LIBRARY_ADMIN, ADMIN); CONFLICT (reason BUDGET_BELOW_COMMITTED) below what orders already committed",
  })
  async setAcquisitionBudget(
    @Args(() => SetAcquisitionBudgetArgs) { libraryId, year, amount }: SetAcquisitionBudgetArgs,
    @Ctx() ctx: CollectionsContext,
  ): Promise<AcquisitionBudget> {
    return setAcquisitionBudget(deps(ctx), ctx.identity, { libraryId, year, amount });
  }

  @Mutation(() => AcquisitionOrder, {
    nullable: true,
    description:
      "Place a purchase order (the library's LIBRARIAN or LIBRARY_ADMIN, ADMIN): its cost is committed against this year's budget, which is never overspent — CONFLICT with reason BUDGET_EXCEEDED (and remaining) or NO_BUDGET otherwise",
  })
  async placeAcquisitionOrder(
    @Arg('input', () => AcquisitionOrderInput, { description: 'The order' }) input: AcquisitionOrderInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: CollectionsContext,
  ): Promise<AcquisitionOrder> {
    return placeAcquisitionOrder(deps(ctx), ctx.identity, input, idempotencyKey);
  }

  @Mutation(() => AcquisitionReceipt, {
    nullable: true,
    description:
      "Receive an order (the library's LIBRARIAN or LIBRARY_ADMIN, ADMIN): in one transaction, its copies are catalogued with barcodes of the library's series, acquired on the receipt date at the unit price, and its cost is spent",
  })
  async receiveAcquisitionOrder(
    @Arg('id', () => ID, { description: "The order's id" }) id: string,
    @Arg('receivedOn', () => CalendarDateScalar, { nullable: true, description: 'Default: today in the library’s zone' }) receivedOn: string | null,
    @Ctx() ctx: CollectionsContext,
  ): Promise<AcquisitionReceipt> {
    return receiveAcquisitionOrder(deps(ctx), ctx.identity, id, receivedOn);
  }

  @Mutation(() => AcquisitionOrder, {
    nullable: true,
    description: "Cancel an order not yet received (the library's LIBRARIAN or LIBRARY_ADMIN, ADMIN): its cost goes back to the budget",
  })
  async cancelAcquisitionOrder(@Args(() => ReasonArgs) { id, reason }: ReasonArgs, @Ctx() ctx: CollectionsContext): Promise<AcquisitionOrder> {
    return cancelAcquisitionOrder(deps(ctx), ctx.identity, id, reason);
  }

  @Query(() => AcquisitionOrder, { nullable: true, description: "One purchase order (the library's LIBRARIAN and LIBRARY_ADMIN, ADMIN)" })
  async acquisitionOrder(@Arg('id', () => ID, { description: "The order's id" }) id: string, @Ctx() ctx: CollectionsContext): Promise<AcquisitionOrder> {
    requireRole(ctx.identity, STAFF_AND_ADMIN);
    const order = await ctx.loaders.acquisitionOrderById.load(id);
    if (!order) throw new NotFoundError('AcquisitionOrder', id);
    requireLibraryAccess(ctx.identity, order.libraryId, 'RECORDS');
    return order;
  }

  @FieldResolver(() => Library, { description: 'The ordering library' })
  library(@Root() order: AcquisitionOrder): Library {
    return { id: order.libraryId };
  }

  @FieldResolver(() => [AcquisitionOrderLine], { description: 'Its titles, in order' })
  async lines(@Root() order: AcquisitionOrder, @Ctx() { loaders }: CollectionsContext): Promise<AcquisitionOrderLine[]> {
    return loaders.linesByOrderId.load(order.id);
  }

  @FieldResolver(() => Librarian, { nullable: true, description: 'The librarian who placed it, when a librarian did' })
  orderedByLibrarian(@Root() order: AcquisitionOrder): Librarian | null {
    return order.orderedByLibrarianId ? { id: order.orderedByLibrarianId } : null;
  }
}

@Resolver(() => AcquisitionOrderLine)
export class AcquisitionOrderLineResolver {
  @FieldResolver(() => BibliographicRecord, { description: 'The title ordered' })
  async record(@Root() line: AcquisitionOrderLine, @Ctx() { loaders }: CollectionsContext): Promise<BibliographicRecord> {
    return (await loaders.recordById.load(line.recordId))!;
  }

  @FieldResolver(() => RupiahScalar, { description: 'copies × unitPrice' })
  cost(@Root() line: AcquisitionOrderLine): number {
    return line.copies * line.unitPrice;
  }

  @FieldResolver(() => PurchaseSuggestion, { nullable: true, description: 'The suggestion it answers' })
  async suggestion(@Root() line: AcquisitionOrderLine, @Ctx() { loaders }: CollectionsContext): Promise<PurchaseSuggestion | null> {
    return line.suggestionId ? loaders.suggestionById.load(line.suggestionId) : null;
  }

  @FieldResolver(() => [Item], { description: 'The copies it brought, once received, by barcode' })
  async items(@Root() line: AcquisitionOrderLine, @Ctx() { loaders }: CollectionsContext): Promise<Item[]> {
    return loaders.itemsByAcquisitionLineId.load(line.id);
  }
}

@Resolver(() => PurchaseSuggestion)
export class PurchaseSuggestionResolver {
  @Mutation(() => PurchaseSuggestion, {
    nullable: true,
    description: "Suggest a title for the library to buy (a MEMBER with a valid card, for their own library; the library's staff; ADMIN)",
  })
  async suggestPurchase(
    @Arg('input', () => SuggestPurchaseInput, { description: 'The title suggested' }) input: SuggestPurchaseInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: CollectionsContext,
  ): Promise<PurchaseSuggestion> {
    return suggestPurchase(deps(ctx), ctx.identity, input, idempotencyKey);
  }

  @Mutation(() => PurchaseSuggestion, { nullable: true, description: "Turn a suggestion down, saying why (the library's LIBRARIAN or LIBRARY_ADMIN, ADMIN)" })
  async rejectPurchaseSuggestion(@Args(() => ReasonArgs) { id, reason }: ReasonArgs, @Ctx() ctx: CollectionsContext): Promise<PurchaseSuggestion> {
    return rejectPurchaseSuggestion(deps(ctx), ctx.identity, id, reason);
  }

  @FieldResolver(() => Library, { description: 'The library asked to buy it' })
  library(@Root() suggestion: PurchaseSuggestion): Library {
    return { id: suggestion.libraryId };
  }

  @FieldResolver(() => Member, { nullable: true, description: "The member who asked (the member, their library's staff, ADMIN); null when staff did" })
  async member(@Root() suggestion: PurchaseSuggestion, @Ctx() { loaders, identity }: CollectionsContext): Promise<Member | null> {
    if (!suggestion.memberId) return null;
    const member = (await loaders.memberById.load(suggestion.memberId))!;
    requireMemberAccess(identity, member);
    return member;
  }

  @FieldResolver(() => Librarian, { nullable: true, description: 'The librarian who asked, when a librarian did' })
  suggestedByLibrarian(@Root() suggestion: PurchaseSuggestion): Librarian | null {
    return suggestion.suggestedByLibrarianId ? { id: suggestion.suggestedByLibrarianId } : null;
  }

  @FieldResolver(() => BibliographicRecord, { nullable: true, description: 'The catalogue record: the title asked for, or bought as' })
  async record(@Root() suggestion: PurchaseSuggestion, @Ctx() { loaders }: CollectionsContext): Promise<BibliographicRecord | null> {
    return suggestion.recordId ? loaders.recordById.load(suggestion.recordId) : null;
  }

  /** The order's vendor and money are the library's business: staff and ADMIN; the member sees the status. */
  @FieldResolver(() => AcquisitionOrder, { nullable: true, description: "The order that bought it (the library's staff, ADMIN)" })
  async order(@Root() suggestion: PurchaseSuggestion, @Ctx() ctx: CollectionsContext): Promise<AcquisitionOrder | null> {
    if (!suggestion.orderId) return null;
    requireLibraryAccess(ctx.identity, suggestion.libraryId, 'RECORDS');
    return ctx.loaders.acquisitionOrderById.load(suggestion.orderId);
  }
}

@Resolver(() => AcquisitionBudget)
export class AcquisitionBudgetResolver {
  @FieldResolver(() => Library, { description: 'The library whose budget it is' })
  library(@Root() budget: AcquisitionBudget): Library {
    return { id: budget.libraryId };
  }

  @FieldResolver(() => RupiahScalar, { description: 'What can still be ordered: amount − committed' })
  remaining(@Root() budget: AcquisitionBudget): number {
    return budget.amount - budget.committed;
  }

  @FieldResolver(() => RupiahScalar, { description: 'Ordered and not yet received: committed − spent' })
  outstanding(@Root() budget: AcquisitionBudget): number {
    return budget.committed - budget.spent;
  }

  @FieldResolver(() => Int, { description: 'Orders placed against it (cancelled ones included)' })
  orders(@Root() budget: AcquisitionBudget): number {
    return budget.orderCount;
  }

  @FieldResolver(() => [AcquisitionBudgetLine], { description: 'Committed and spent per budget line, by line' })
  async byLine(@Root() budget: AcquisitionBudget, @Ctx() { loaders }: CollectionsContext): Promise<AcquisitionBudgetLine[]> {
    return loaders.budgetLinesByLibraryYear.load(`${budget.libraryId}|${budget.year}`);
  }
}

@Resolver(() => Member)
export class MemberSuggestionsResolver {
  @FieldResolver(() => PurchaseSuggestionConnection, { nullable: true, description: "The member's purchase suggestions, oldest first (the member, their library's staff, ADMIN)" })
  async purchaseSuggestions(@Root() member: Member, @Args() args: ConnectionArgs, @Ctx() ctx: CollectionsContext) {
    return memberListPage(ctx, member, ctx.loaders.suggestionsByMemberId, args);
  }
}

@Resolver(() => Library)
export class LibraryAcquisitionsResolver {
  /** Totals only: GOVERNMENT may read them. */
  @FieldResolver(() => AcquisitionBudget, {
    nullable: true,
    description: "The acquisition budget of a year: amount, committed, spent, remaining, by budget line; null when none is set (the library's staff, GOVERNMENT, ADMIN)",
  })
  async acquisitionBudget(
    @Root() library: Library,
    @Arg('year', () => Int, { description: 'The budget year' }) year: number,
    @Ctx() ctx: CollectionsContext,
  ): Promise<AcquisitionBudget | null> {
    requireLibraryAccess(ctx.identity, library.id, 'FIGURES');
    return ctx.loaders.budgetByLibraryYear.load(`${library.id}|${year}`);
  }

  @FieldResolver(() => AcquisitionOrderConnection, {
    nullable: true,
    description: "Purchase orders, oldest first, by status and budget year (the library's LIBRARIAN and LIBRARY_ADMIN, ADMIN)",
  })
  async acquisitionOrders(
    @Root() library: Library,
    @Args() args: ConnectionArgs,
    @Arg('status', () => [AcquisitionOrderStatus], { nullable: true, description: 'Default: all' }) status: AcquisitionOrderStatus[] | null,
    @Arg('year', () => Int, { nullable: true, description: 'Budget year; default: all' }) year: number | null,
    @Ctx() ctx: CollectionsContext,
  ) {
    requireLibraryAccess(ctx.identity, library.id, 'RECORDS');
    const statuses = status?.length ? [...new Set(status)].sort().join(',') : '';
    return ctx.loaders.ordersByLibraryId.load({ parentId: library.id, page: normalisePage(args, ctx.config.maxPageSize), variant: `${statuses}|${year ?? ''}` });
  }

  @FieldResolver(() => PurchaseSuggestionConnection, {
    nullable: true,
    description: "Purchase suggestions made to the library, oldest first, by status (the library's LIBRARIAN and LIBRARY_ADMIN, ADMIN)",
  })
  async purchaseSuggestions(
    @Root() library: Library,
    @Args() args: ConnectionArgs,
    @Arg('status', () => [PurchaseSuggestionStatus], { nullable: true, description: 'Default: all' }) status: PurchaseSuggestionStatus[] | null,
    @Ctx() ctx: CollectionsContext,
  ) {
    requireLibraryAccess(ctx.identity, library.id, 'RECORDS');
    const statuses = status?.length ? [...new Set(status)].sort().join(',') : '';
    return ctx.loaders.suggestionsByLibraryId.load({ parentId: library.id, page: normalisePage(args, ctx.config.maxPageSize), variant: statuses });
  }
}
