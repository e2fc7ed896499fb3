import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../../shared/errors';
import type { CollectionsContext } from '../context';
import { BibliographicRecord } from '../entities/bibliographic-record.entity';
import { Item } from '../entities/item.entity';
import { Library } from '../entities/library.stub';

@Resolver(() => Item)
export class ItemResolver {
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
}
