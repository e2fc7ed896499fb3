import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../../shared/platform/errors';
import { ConnectionArgs, normalisePage } from '../../../shared/platform/pagination';
import type { CollectionsContext } from '../context';
import { AuthorityHeading, formKey } from './authority.entity';
import { BibliographicRecord } from './bibliographic-record.entity';
import { AddBibliographicRecordInput } from './bibliographic-record.inputs';
import { addBibliographicRecord } from './catalogue.service';
import { UpdateBibliographicRecordInput } from './maintenance.inputs';
import { mergeBibliographicRecords, updateBibliographicRecord, withdrawBibliographicRecord } from './maintenance.service';
import { ItemConnection, LibraryAvailability } from './catalogue.types';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';

@Resolver(() => BibliographicRecord)
export class BibliographicRecordResolver {
  /** Public. NOT_FOUND for an unknown id. */
  @Query(() => BibliographicRecord, { description: 'One catalogue record by id (public)' })
  async bibliographicRecord(@Arg('id', () => ID, { description: "The record's id" }) id: string, @Ctx() { loaders }: CollectionsContext): Promise<BibliographicRecord> {
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

  @FieldResolver(() => [AuthorityHeading], {
    description: "The authority file's headings for this record's authors and subjects, authors first (those not in the file left out; public)",
  })
  async headings(@Root() record: BibliographicRecord, @Ctx() { loaders }: CollectionsContext): Promise<AuthorityHeading[]> {
    const keys = [...record.authors.map((a) => `NAME|${formKey(a)}`), ...record.subjects.map((s) => `SUBJECT|${formKey(s)}`)];
    const found = await loaders.headingByForm.loadMany(keys);
    const headings = found.filter((h): h is AuthorityHeading => h !== null && !(h instanceof Error));
    return [...new Map(headings.map((h) => [h.id, h])).values()];
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
    @Arg('input', () => AddBibliographicRecordInput, { description: 'The new title' }) input: AddBibliographicRecordInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() { db, identity }: CollectionsContext,
  ): Promise<BibliographicRecord> {
    return addBibliographicRecord({ db, identity }, input, idempotencyKey);
  }

  /** The record is shared by the union catalogue: any library's cataloguers edit it (maintenance.service.ts). */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => BibliographicRecord, {
    nullable: true,
    description: 'Edit a catalogue record: the fields given change (LIBRARIAN, LIBRARY_ADMIN of any library, ADMIN — the record is shared by the union catalogue)',
  })
  async updateBibliographicRecord(
    @Arg('id', () => ID, { description: 'The record' }) id: string,
    @Arg('input', () => UpdateBibliographicRecordInput, { description: 'The fields to change' }) input: UpdateBibliographicRecordInput,
    @Ctx() { db }: CollectionsContext,
  ): Promise<BibliographicRecord> {
    return updateBibliographicRecord({ db }, id, input);
  }

  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Int, {
    nullable: true,
    description:
      "Withdraw a library's copies of a record; answers how many were withdrawn. LIBRARIAN and LIBRARY_ADMIN: their own library's copies; ADMIN: libraryId's, or every library's when omitted. A copy on loan, on a hold shelf or in transit: CONFLICT, nothing withdrawn",
  })
  async withdrawBibliographicRecord(
    @Arg('id', () => ID, { description: 'The record' }) id: string,
    @Ctx() ctx: CollectionsContext,
    @Arg('libraryId', () => ID, { nullable: true, description: 'The library whose copies are withdrawn; staff: their own (the default)' }) libraryId?: string | null,
  ): Promise<number> {
    return withdrawBibliographicRecord({ db: ctx.db }, ctx.identity, id, libraryId);
  }

  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => BibliographicRecord, {
    nullable: true,
    description:
      'Merge a duplicate record into another: its copies, holds, MARC sources, order lines and suggestions move to the survivor, and the duplicate is deleted (its id then reads as NOT_FOUND). LIBRARIAN and LIBRARY_ADMIN: only a duplicate no other library holds copies of; ADMIN: any',
  })
  async mergeBibliographicRecords(
    @Arg('survivorId', () => ID, { description: 'The record that stays' }) survivorId: string,
    @Arg('duplicateId', () => ID, { description: 'The record merged into it and deleted' }) duplicateId: string,
    @Ctx() ctx: CollectionsContext,
  ): Promise<BibliographicRecord> {
    return mergeBibliographicRecords({ db: ctx.db }, ctx.identity, survivorId, duplicateId);
  }
}
