import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { libraryToday } from '../../../shared/platform/time';
import { NotFoundError } from '../../../shared/platform/errors';
import { setItemStatus } from '../circulation/circulation.service';
import { ItemReceipt } from '../circulation/circulation.types';
import type { CollectionsContext } from '../context';
import { Library } from '../federation/library.stub';
import { BibliographicRecord } from './bibliographic-record.entity';
import { addItem } from './catalogue.service';
import { Item, ItemStatus } from './item.entity';
import { AddItemInput } from './item.inputs';
import { LabelKind, labelSheet } from './labels';
import { CopySelection, MoveItemsInput, UpdateItemInput } from './maintenance.inputs';
import { moveItems, requireCopiesOf, selectCopies, updateItem } from './maintenance.service';
import { CollectionsDocument } from '../document.types';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';

@Resolver(() => Item)
export class ItemResolver {
  /** The staff of the holding library, ADMIN. A copy of a title members wait for serves the queue at once. */
  @Mutation(() => ItemReceipt, { nullable: true, description: "Add a copy of a title to a library's holdings (its LIBRARIAN or LIBRARY_ADMIN, ADMIN)" })
  async addItem(
    @Arg('input', () => AddItemInput, { description: 'The new copy' }) input: AddItemInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: CollectionsContext,
  ): Promise<ItemReceipt> {
    const routed = await addItem({ db: ctx.db, calendars: ctx.calendar, loaders: ctx.loaders }, ctx.identity, input, idempotencyKey);
    return { ...routed, sendTo: routed.sendTo ? { id: routed.sendTo } : null };
  }

  @Mutation(() => ItemReceipt, {
    nullable: true,
    description: 'Set a copy on the shelf, missing, in repair, not for loan or withdrawn (its library’s staff, ADMIN); AVAILABLE serves the holds queue first',
  })
  async setItemStatus(
    @Arg('barcode', () => String, { description: "The copy's barcode (case and surrounding spaces ignored)" }) barcode: string,
    @Arg('status', () => ItemStatus, {
      description: 'The new status: AVAILABLE, MISSING, REPAIR, NOT_FOR_LOAN, WITHDRAWN or LOST (circulation sets the others; any other is BAD_USER_INPUT)',
    })
    status: ItemStatus,
    @Ctx() ctx: CollectionsContext,
  ): Promise<ItemReceipt> {
    const routed = await setItemStatus({ db: ctx.db, calendars: ctx.calendar }, ctx.identity, barcode, status);
    return { ...routed, sendTo: routed.sendTo ? { id: routed.sendTo } : null };
  }

  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Item, { nullable: true, description: "Change a copy's shelf location or collection (its library's LIBRARIAN or LIBRARY_ADMIN, ADMIN)" })
  async updateItem(
    @Arg('id', () => ID, { description: 'The copy' }) id: string,
    @Arg('input', () => UpdateItemInput, { description: 'The fields to change' }) input: UpdateItemInput,
    @Ctx() ctx: CollectionsContext,
  ): Promise<Item> {
    return updateItem({ db: ctx.db }, ctx.identity, id, input);
  }

  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => [Item], {
    nullable: true,
    description:
      "Move copies to another record, e.g. catalogued under the wrong edition (their library's LIBRARIAN or LIBRARY_ADMIN, ADMIN); a copy on a hold shelf or in transit: CONFLICT",
  })
  async moveItems(
    @Arg('input', () => MoveItemsInput, { description: 'The copies and the record they move to' }) input: MoveItemsInput,
    @Ctx() ctx: CollectionsContext,
  ): Promise<Item[]> {
    return moveItems({ db: ctx.db }, ctx.identity, input);
  }

  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Query(() => CollectionsDocument, {
    description:
      "Spine and barcode labels for copies, as an HTML page for A4 sheets of 24 labels (3 × 8, 70 × 37 mm); its library's LIBRARIAN or LIBRARY_ADMIN for its own copies, ADMIN for any",
  })
  async copyLabels(
    @Arg('copies', () => CopySelection, { description: 'The copies, by id and/or barcode, at most 200; printed in barcode order' }) copies: CopySelection,
    @Ctx() ctx: CollectionsContext,
    @Arg('kind', () => LabelKind, { defaultValue: LabelKind.BOTH, description: 'Spine labels, barcode labels or both' }) kind: LabelKind,
  ): Promise<CollectionsDocument> {
    const items = await selectCopies(ctx.db, copies);
    requireCopiesOf(ctx.identity, items);
    const records = await ctx.loaders.recordById.loadMany(items.map((i) => i.recordId));
    const day = await libraryToday(ctx.calendar, items[0].libraryId);
    return labelSheet(
      items.map((item, k) => ({ item, record: records[k] as BibliographicRecord })),
      kind,
      day,
    );
  }

  /** Public. NOT_FOUND for an unknown id. */
  @Query(() => Item, { description: 'One copy by id (public)' })
  async item(@Arg('id', () => ID, { description: "The copy's id" }) id: string, @Ctx() { loaders }: CollectionsContext): Promise<Item> {
    const item = await loaders.itemById.load(id);
    if (!item) throw new NotFoundError('Item', id);
    return item;
  }

  @FieldResolver(() => BibliographicRecord, { description: 'The title this is a copy of' })
  async record(@Root() item: Item, @Ctx() { loaders }: CollectionsContext): Promise<BibliographicRecord> {
    // recordId is a foreign key: the record exists.
    return (await loaders.recordById.load(item.recordId))!;
  }

  @FieldResolver(() => Library, { description: 'The holding library' })
  library(@Root() item: Item): Library {
    return { id: item.libraryId };
  }

  @FieldResolver(() => Library, { description: 'Where the copy is now, or is on its way to: the holding library unless lent, set aside or sent elsewhere' })
  currentLibrary(@Root() item: Item): Library {
    return { id: item.atLibraryId ?? item.libraryId };
  }
}
