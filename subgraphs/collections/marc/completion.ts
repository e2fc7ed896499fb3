import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import type { Identity } from '../../../shared/platform/auth';
import { normalisePage, paginate, type ConnectionArgs, type Page } from '../../../shared/platform/pagination';
import { Connection } from '../../../shared/platform/pagination';
import { requireLibraryAccess } from '../access';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';

/**
 * Records "to be completed": catalogued without a publisher, a year, a Dewey class or a call
 * number (a MARC import takes such records rather than refusing them). A library's list holds
 * the ones it has copies of or imported. ISBN is not asked for: older and local works have none.
 */

export enum MissingCatalogueField {
  PUBLISHER = 'PUBLISHER',
  PUBLISHED_YEAR = 'PUBLISHED_YEAR',
  DDC = 'DDC',
  CALL_NUMBER = 'CALL_NUMBER',
}
registerEnumType(MissingCatalogueField, {
  name: 'MissingCatalogueField',
  description: 'A catalogue field a record lacks',
  valuesConfig: {
    PUBLISHER: { description: 'No publisher' },
    PUBLISHED_YEAR: { description: 'No year of publication' },
    DDC: { description: 'No Dewey class' },
    CALL_NUMBER: { description: 'No call number (shelf mark)' },
  },
});

@ObjectType({ description: 'A catalogue record that lacks fields the catalogue expects' })
export class RecordToComplete {
  /** For the connection's cursor: the record's id. */
  id: string;

  /** For the connection's sort. */
  title: string;

  @Field(() => BibliographicRecord, { description: 'The record to complete' })
  record: BibliographicRecord;

  @Field(() => [MissingCatalogueField], { description: 'What it lacks, in this order: PUBLISHER, PUBLISHED_YEAR, DDC, CALL_NUMBER' })
  missing: MissingCatalogueField[];
}

@ObjectType({ description: 'A page of records to be completed, by title' })
export class RecordToCompleteConnection extends Connection(RecordToComplete) {}

export function missingOf(record: BibliographicRecord): MissingCatalogueField[] {
  const missing: MissingCatalogueField[] = [];
  if (!record.publisher) missing.push(MissingCatalogueField.PUBLISHER);
  if (record.publishedYear == null) missing.push(MissingCatalogueField.PUBLISHED_YEAR);
  if (!record.ddc) missing.push(MissingCatalogueField.DDC);
  if (!record.callNumber) missing.push(MissingCatalogueField.CALL_NUMBER);
  return missing;
}

/** The library's records to be completed, by title (the library's LIBRARIAN or LIBRARY_ADMIN, ADMIN). */
export async function recordsToComplete(db: DataSource, identity: Identity, libraryId: string, args: ConnectionArgs, maxPageSize: number): Promise<Page<RecordToComplete>> {
  requireLibraryAccess(identity, libraryId, 'RECORDS');
  const page = normalisePage(args, maxPageSize);
  const repo = db.getRepository(BibliographicRecord);
  const qb = repo
    .createQueryBuilder('r')
    .where('(r.publisher IS NULL OR r.publishedYear IS NULL OR r.ddc IS NULL OR r.callNumber IS NULL)')
    .andWhere(
      '(EXISTS (SELECT 1 FROM item i WHERE i.recordId = r.id AND i.libraryId = :libraryId) OR EXISTS (SELECT 1 FROM marc_source_record s WHERE s.recordId = r.id AND s.libraryId = :libraryId))',
      { libraryId },
    );
  const result = await paginate(qb, { repo, alias: 'r', sort: 'title' }, page);
  return { ...result, edges: result.edges.map(({ cursor, node }) => ({ cursor, node: { id: node.id, title: node.title, record: node, missing: missingOf(node) } })) };
}
