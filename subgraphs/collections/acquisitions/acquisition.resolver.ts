import { ArrayMaxSize, IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { Arg, Args, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { requireRole } from '../../../shared/auth';
import { NotFoundError } from '../../../shared/errors';
import { Connection, ConnectionArgs, normalisePage } from '../../../shared/pagination';
import { CalendarDateScalar } from '../../../shared/scalars';
import { requireLibraryAccess, requireMemberAccess } from '../access';
import {
  cancelAcquisitionOrder,
  placeAcquisitionOrder,
  receiveAcquisitionOrder,
  rejectPurchaseSuggestion,
  setAcquisitionBudget,
  STAFF_AND_ADMIN,
  suggestPurchase,
  type AcquisitionDeps,
} from '../acquisitions/service';
import type { CollectionsContext } from '../context';
import { AcquisitionBudget, RupiahScalar } from '../entities/acquisition-budget.entity';
import { AcquisitionOrder, AcquisitionOrderLine, AcquisitionOrderStatus } from '../entities/acquisition-order.entity';
import { BibliographicRecord } from '../entities/bibliographic-record.entity';
import { CollectionType, Item } from '../entities/item.entity';
import { Librarian } from '../entities/librarian.stub';
import { Library } from '../entities/library.stub';
import { Member } from '../entities/member.entity';
import { PurchaseSuggestion, PurchaseSuggestionStatus } from '../entities/purchase-suggestion.entity';

@InputType({ description: 'A title to suggest for purchase' })
export class SuggestPurchaseInput {
  @Field(() => ID, { nullable: true, description: "Members and staff: their own library (the default); ADMIN names one" })
  @IsOptional()
  @Length(1, 40)
  libraryId?: string | null;

  @Field()
  @Length(1, 300)
  title: string;

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(20)
  @Length(1, 150, { each: true })
  authors: string[];

  @Field(() => String, { nullable: true, description: 'ISBN-10 or -13, hyphens allowed' })
  @IsOptional()
  isbn?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  publisher?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1450)
  @Max(2100)
  publishedYear?: number | null;

  @Field(() => ID, { nullable: true, description: 'A title already in the catalogue (more copies wanted)' })
  @IsOptional()
  @Length(1, 36)
  recordId?: string | null;

  @Field(() => String, { nullable: true, description: 'Why it is wanted, up to 500 characters' })
  @IsOptional()
  @Length(0, 500)
  note?: string | null;
}

@InputType({ description: 'A title of an order: copies at a unit price' })
export class AcquisitionOrderLineInput {
  @Field(() => ID, { description: 'The catalogue record (catalogue a new title first with addBibliographicRecord)' })
  recordId: string;

  @Field(() => Int, { description: '1 to 200' })
  copies: number;

  @Field(() => Int, { description: 'Rupiah per copy' })
  unitPrice: number;

  @Field(() => String, { nullable: true, description: "Shelf area for the copies (default 'Rak Umum')" })
  location?: string | null;

  @Field(() => CollectionType, { nullable: true, description: 'Default GENERAL' })
  collectionType?: CollectionType | null;

  @Field(() => ID, { nullable: true, description: 'The purchase suggestion this line answers (it must be OPEN)' })
  suggestionId?: string | null;
}

@InputType({ description: 'A purchase order' })
export class AcquisitionOrderInput {
  @Field(() => ID)
  @Length(1, 40)
  libraryId: string;

  @Field()
  @Length(1, 200)
  vendor: string;

  @Field({ description: "e.g. '5.2.2.23.01 Belanja Buku Bacaan' or 'DAK Fisik 2026'" })
  @Length(1, 100)
  budgetLine: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 500)
  note?: string | null;

  @Field(() => [AcquisitionOrderLineInput])
  lines: AcquisitionOrderLineInput[];
}

@ObjectType({ description: 'What a receipt did: the order, and the copies it catalogued' })
export class AcquisitionReceipt {
  @Field(() => AcquisitionOrder)
  order: AcquisitionOrder;

  @Field(() => [Item], { description: 'The new copies, with their barcodes: AVAILABLE, or set aside for a member waiting for the title' })
  items: Item[];
}

@ObjectType({ description: 'Money of a budget year on one budget line' })
export class AcquisitionBudgetLine {
  @Field()
  budgetLine: string;

  @Field(() => RupiahScalar)
  committed: number;

  @Field(() => RupiahScalar)
  spent: number;
}

@ObjectType()
export class AcquisitionOrderConnection extends Connection(AcquisitionOrder) {}

@ObjectType()
export class PurchaseSuggestionConnection extends Connection(PurchaseSuggestion) {}

const deps = (ctx: CollectionsContext): AcquisitionDeps => ({ db: ctx.db, calendars: ctx.calendar });

@Resolver(() => AcquisitionOrder)
export class AcquisitionOrderResolver {
  @Mutation(() => AcquisitionBudget, {
    nullable: true,
    description:
      "Set a library's acquisition budget for a year (its LIBRARY_ADMIN, ADMIN); CONFLICT (reason BUDGET_BELOW_COMMITTED) below what orders already committed",
  })
  async setAcquisitionBudget(
    @Arg('libraryId', () => ID) libraryId: string,
    @Arg('year', () => Int) year: number,
    @Arg('amount', () => RupiahScalar, { description: 'Rupiah' }) amount: number,
    @Ctx() ctx: CollectionsContext,
  ): Promise<AcquisitionBudget> {
    return setAcquisitionBudget(deps(ctx), ctx.identity, { libraryId, year, amount });
  }

  @Mutation(() => AcquisitionOrder, {
    nullable: true,
    description:
      "Place a purchase order (the library's LIBRARIAN or LIBRARY_ADMIN, ADMIN): its cost is committed against this year's budget, which is never overspent — CONFLICT with reason BUDGET_EXCEEDED (and remaining) or NO_BUDGET otherwise",
  })
  async placeAcquisitionOrder(@Arg('input', () => AcquisitionOrderInput) input: AcquisitionOrderInput, @Ctx() ctx: CollectionsContext): Promise<AcquisitionOrder> {
    return placeAcquisitionOrder(deps(ctx), ctx.identity, input);
  }

  @Mutation(() => AcquisitionReceipt, {
    nullable: true,
    description:
      "Receive an order (the library's LIBRARIAN or LIBRARY_ADMIN, ADMIN): in one transaction, its copies are catalogued with barcodes of the library's series, acquired on the receipt date at the unit price, and its cost is spent",
  })
  async receiveAcquisitionOrder(
    @Arg('id', () => ID) id: string,
    @Arg('receivedOn', () => CalendarDateScalar, { nullable: true, description: 'Default: today in the library’s zone' }) receivedOn: string | null,
    @Ctx() ctx: CollectionsContext,
  ): Promise<AcquisitionReceipt> {
    return receiveAcquisitionOrder(deps(ctx), ctx.identity, id, receivedOn);
  }

  @Mutation(() => AcquisitionOrder, { nullable: true, description: "Cancel an order not yet received (the library's LIBRARIAN or LIBRARY_ADMIN, ADMIN): its cost goes back to the budget" })
  async cancelAcquisitionOrder(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: CollectionsContext): Promise<AcquisitionOrder> {
    return cancelAcquisitionOrder(deps(ctx), ctx.identity, id, reason);
  }

  @Query(() => AcquisitionOrder, { nullable: true, description: "One purchase order (the library's LIBRARIAN and LIBRARY_ADMIN, ADMIN)" })
  async acquisitionOrder(@Arg('id', () => ID) id: string, @Ctx() ctx: CollectionsContext): Promise<AcquisitionOrder> {
    requireRole(ctx.identity, STAFF_AND_ADMIN);
    const order = await ctx.loaders.acquisitionOrderById.load(id);
    if (!order) throw new NotFoundError('AcquisitionOrder', id);
    requireLibraryAccess(ctx.identity, order.libraryId, 'RECORDS');
    return order;
  }

  @FieldResolver(() => Library)
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
  @FieldResolver(() => BibliographicRecord)
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
  async suggestPurchase(@Arg('input', () => SuggestPurchaseInput) input: SuggestPurchaseInput, @Ctx() ctx: CollectionsContext): Promise<PurchaseSuggestion> {
    return suggestPurchase(deps(ctx), ctx.identity, input);
  }

  @Mutation(() => PurchaseSuggestion, { nullable: true, description: "Turn a suggestion down, saying why (the library's LIBRARIAN or LIBRARY_ADMIN, ADMIN)" })
  async rejectPurchaseSuggestion(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: CollectionsContext): Promise<PurchaseSuggestion> {
    return rejectPurchaseSuggestion(deps(ctx), ctx.identity, id, reason);
  }

  @FieldResolver(() => Library)
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
  @FieldResolver(() => Library)
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
    requireMemberAccess(ctx.identity, member);
    return ctx.loaders.suggestionsByMemberId.load({ parentId: member.id, page: normalisePage(args, ctx.config.maxPageSize) });
  }
}

@Resolver(() => Library)
export class LibraryAcquisitionsResolver {
  /** Totals only: GOVERNMENT may read them. */
  @FieldResolver(() => AcquisitionBudget, {
    nullable: true,
    description: "The acquisition budget of a year: amount, committed, spent, remaining, by budget line; null when none is set (the library's staff, GOVERNMENT, ADMIN)",
  })
  async acquisitionBudget(@Root() library: Library, @Arg('year', () => Int) year: number, @Ctx() ctx: CollectionsContext): Promise<AcquisitionBudget | null> {
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
