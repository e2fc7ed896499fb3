import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../../shared/platform/errors';
import { ConnectionArgs, normalisePage } from '../../../shared/platform/pagination';
import type { CollectionsContext } from '../context';
import { BibliographicRecord } from './bibliographic-record.entity';
import { AddBibliographicRecordInput } from './bibliographic-record.inputs';
import { addBibliographicRecord } from './catalogue.service';
import { ItemConnection, LibraryAvailability } from './catalogue.types';

@Resolver(() => BibliographicRecord)
export class BibliographicRecordResolver {
  /** Public. NOT_FOUND for an unknown id. */
  @Query(() => BibliographicRecord, { description: 'One catalogue record by id (public)' })
  async bibliographicRecord(@Arg('id', () => ID) id: string, @Ctx() { loaders }: CollectionsContext): Promise<BibliographicRecord> {
    const record = await loaders.recordById.load(id);
    if (!record) throw new NotFoundError('BibliographicRecord', id);
    return record;
  }

  /** Public, like Library.items. */
  @FieldResolver(() => ItemConnection, { description: 'Copies of this title in every library, by barcode (public)' })
  async items(@Root() record: BibliographicRecord, @Args() args: ConnectionArgs, @Ctx() ctx: CollectionsContext) {
    return ctx.loaders.itemsByRecordId.load({ parentId: record.id, page: normalisePage(args, ctx.config.maxPageSize) });
  }

  @FieldResolver(() => [LibraryAvailability], { description: 'Per library holding the title: copies held and copies on the shelf now (public)' })
  async availability(@Root() record: BibliographicRecord, @Ctx() { loaders }: CollectionsContext): Promise<LibraryAvailability[]> {
    const rows = await loaders.availabilityByRecordId.load(record.id);
    return rows.map((r) => ({ library: { id: r.libraryId }, copies: r.copies, available: r.available }));
  }

  @FieldResolver(() => Int, { description: 'Members waiting for the title (public: a count, no names)' })
  async holdQueueLength(@Root() record: BibliographicRecord, @Ctx() { loaders }: CollectionsContext): Promise<number> {
    return loaders.holdQueueLengthByRecordId.load(record.id);
  }

  /**
   * Cataloguing: LIBRARIAN and LIBRARY_ADMIN of any library (the catalogue is shared by the
   * cities) and ADMIN: catalogue.service.ts `addBibliographicRecord`.
   */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => BibliographicRecord, { nullable: true, description: 'Catalogue a new title (LIBRARIAN, LIBRARY_ADMIN, ADMIN)' })
  async addBibliographicRecord(
    @Arg('input', () => AddBibliographicRecordInput) input: AddBibliographicRecordInput,
    @Ctx() { db }: CollectionsContext,
  ): Promise<BibliographicRecord> {
    return addBibliographicRecord({ db }, input);
  }
}
