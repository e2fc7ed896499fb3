import { IsDateString, IsEnum, IsInt, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireStaffOf } from '../../../shared/auth';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/errors';
import { CalendarDateScalar } from '../../../shared/scalars';
import { addDays } from '../../../shared/time';
import { newId } from '../circulation/ids';
import { now } from '../../../shared/clock';
import { normaliseBarcode, routeCopy, setItemStatus } from '../circulation/service';
import { isUniqueViolation, transaction } from '../../../shared/database';
import { ItemReceipt } from './circulation.types';
import type { CollectionsContext } from '../context';
import { BibliographicRecord } from '../entities/bibliographic-record.entity';
import { CollectionType, Item, ItemStatus } from '../entities/item.entity';
import { Library } from '../entities/library.stub';

@InputType({ description: 'A new copy of a catalogued title' })
export class AddItemInput {
  @Field(() => ID)
  @Length(1, 36)
  recordId: string;

  @Field(() => ID, { description: 'The holding library' })
  @Length(1, 40)
  libraryId: string;

  @Field({ description: "Printed on the copy, e.g. 'KPG-001234'" })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{0,29}$/, { message: 'barcode must be 1 to 30 letters, digits and hyphens' })
  barcode: string;

  @Field({ description: "Shelf area, e.g. 'Rak Umum'" })
  @Length(1, 100)
  location: string;

  @Field(() => CollectionType, { defaultValue: CollectionType.GENERAL })
  @IsEnum(CollectionType)
  collectionType: CollectionType;

  @Field(() => CalendarDateScalar)
  @IsDateString()
  acquiredOn: string;

  @Field(() => Int, { description: 'Purchase (replacement) price in rupiah' })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  price: number;

  @Field(() => Boolean, { defaultValue: false, description: 'Reference copy: NOT_FOR_LOAN' })
  @IsOptional()
  referenceOnly: boolean;
}

@Resolver(() => Item)
export class ItemResolver {
  /** The staff of the holding library, ADMIN. A copy of a title members wait for serves the queue at once. */
  @Mutation(() => ItemReceipt, { nullable: true, description: "Add a copy of a title to a library's holdings (its LIBRARIAN or LIBRARY_ADMIN, ADMIN)" })
  async addItem(@Arg('input', () => AddItemInput) input: AddItemInput, @Ctx() ctx: CollectionsContext): Promise<ItemReceipt> {
    requireStaffOf(ctx.identity, input.libraryId);
    const barcode = normaliseBarcode(input.barcode);
    if (input.acquiredOn > addDays(now().toISOString().slice(0, 10), 1)) throw new BadUserInputError('acquiredOn', 'acquiredOn must not be in the future');
    const record = await ctx.loaders.recordById.load(input.recordId);
    if (!record) throw new NotFoundError('BibliographicRecord', input.recordId);
    const deps = { db: ctx.db, calendars: ctx.calendar };
    try {
      const routed = await transaction(ctx.db, async (tx) => {
        const item = tx.getRepository(Item).create({
          id: newId(),
          barcode,
          recordId: record.id,
          libraryId: input.libraryId,
          location: input.location.trim(),
          collectionType: input.collectionType,
          status: input.referenceOnly ? ItemStatus.NOT_FOR_LOAN : ItemStatus.AVAILABLE,
          atLibraryId: null,
          acquiredOn: input.acquiredOn,
          price: input.price,
        });
        await tx.getRepository(Item).insert({ ...item });
        if (input.referenceOnly) return { item, hold: null, sendTo: null };
        return routeCopy(tx, deps, item, ItemStatus.AVAILABLE, item.libraryId);
      });
      return { ...routed, sendTo: routed.sendTo ? { id: routed.sendTo } : null };
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError(`Barcode ${barcode} is already in use`);
      throw err;
    }
  }

  @Mutation(() => ItemReceipt, {
    nullable: true,
    description: 'Set a copy on the shelf, missing, in repair, not for loan or withdrawn (its library’s staff, ADMIN); AVAILABLE serves the holds queue first',
  })
  async setItemStatus(
    @Arg('barcode', () => String) barcode: string,
    @Arg('status', () => ItemStatus) status: ItemStatus,
    @Ctx() ctx: CollectionsContext,
  ): Promise<ItemReceipt> {
    const routed = await setItemStatus({ db: ctx.db, calendars: ctx.calendar }, ctx.identity, barcode, status);
    return { ...routed, sendTo: routed.sendTo ? { id: routed.sendTo } : null };
  }

  /** Public. NOT_FOUND for an unknown id. */
  @Query(() => Item, { description: 'One copy by id (public)' })
  async item(@Arg('id', () => ID) id: string, @Ctx() { loaders }: CollectionsContext): Promise<Item> {
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
