import { randomUUID } from 'node:crypto';
import ISBN from 'isbn3';
import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { isUniqueViolation, transaction } from '../../../shared/database';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/errors';
import { ConnectionArgs, normalisePage } from '../../../shared/pagination';
import { deriveCallNumber } from '../call-number';
import type { CollectionsContext } from '../context';
import { AUTHOR_SEPARATOR, BibliographicRecord } from '../entities/bibliographic-record.entity';
import { Library } from '../entities/library.stub';
import { AddBibliographicRecordInput } from './bibliographic-record.inputs';
import { ItemConnection } from './connections';

/** ISBN-10 or -13, hyphens and spaces allowed → ISBN-13 digits; BAD_USER_INPUT on 'isbn' otherwise. */
export function normaliseIsbn(raw: string): string {
  const parsed = ISBN.parse(raw.trim());
  if (!parsed) throw new BadUserInputError('isbn', 'isbn is not a valid ISBN-10 or ISBN-13');
  return parsed.isbn13;
}


@ObjectType({ description: 'Copies of a title at one library' })
export class LibraryAvailability {
  @Field(() => Library)
  library: Library;

  @Field(() => Int, { description: 'Copies held (withdrawn ones left out)' })
  copies: number;

  @Field(() => Int, { description: 'Copies on the shelf now (AVAILABLE)' })
  available: number;
}

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
   * cities) and ADMIN. The ISBN is stored as ISBN-13; one already catalogued is a CONFLICT.
   * One INSERT, so a refusal writes nothing.
   */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => BibliographicRecord, { nullable: true, description: 'Catalogue a new title (LIBRARIAN, LIBRARY_ADMIN, ADMIN)' })
  async addBibliographicRecord(
    @Arg('input', () => AddBibliographicRecordInput) input: AddBibliographicRecordInput,
    @Ctx() { db }: CollectionsContext,
  ): Promise<BibliographicRecord> {
    const title = input.title.trim();
    if (!title) throw new BadUserInputError('title', 'title must not be blank');
    const authors = input.authors.map((a) => a.trim().replace(/\s+/g, ' '));
    if (authors.some((a) => !a)) throw new BadUserInputError('authors', 'an author name must not be blank');
    const publisher = input.publisher.trim();
    if (!publisher) throw new BadUserInputError('publisher', 'publisher must not be blank');
    const isbn = input.isbn?.trim() ? normaliseIsbn(input.isbn) : null;
    const ddc = input.ddc.trim();
    const subjects = [...new Set((input.subjects ?? []).map((x) => x.trim().replace(/\s+/g, ' ')))];
    if (subjects.some((x) => !x)) throw new BadUserInputError('subjects', 'a subject heading must not be blank');
    // Both lists are stored joined in a 1000-character column.
    if (authors.join(AUTHOR_SEPARATOR).length > 1000) throw new BadUserInputError('authors', 'the authors together must not exceed 1000 characters');
    if (subjects.join(AUTHOR_SEPARATOR).length > 1000) throw new BadUserInputError('subjects', 'the subjects together must not exceed 1000 characters');

    const repo = db.getRepository(BibliographicRecord);
    if (isbn && (await repo.existsBy({ isbn }))) throw new ConflictError(`ISBN ${isbn} is already in the catalogue`);
    const record = repo.create({
      id: randomUUID(),
      title,
      subtitle: input.subtitle?.trim() || null,
      authors,
      publisher,
      publishedYear: input.publishedYear,
      edition: input.edition?.trim() || null,
      isbn,
      subjects,
      language: input.language,
      materialType: input.materialType,
      ddc,
      callNumber: input.callNumber?.trim() || deriveCallNumber(ddc, authors, title),
    });
    try {
      // A copy: after an INSERT on MySQL, TypeORM writes defaulted columns back raw (untransformed).
      await transaction(db, (tx) => tx.getRepository(BibliographicRecord).insert({ ...record }));
    } catch (err) {
      // Two librarians cataloguing the same ISBN at once: the unique index decides.
      if (isbn && isUniqueViolation(err)) throw new ConflictError(`ISBN ${isbn} is already in the catalogue`);
      throw err;
    }
    return record;
  }
}
