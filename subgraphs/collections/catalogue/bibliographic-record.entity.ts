import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { LockVersionColumn } from '../../../shared/platform/row-lock';

export enum MaterialType {
  BOOK = 'BOOK',
  SERIAL = 'SERIAL',
  AUDIOVISUAL = 'AUDIOVISUAL',
  MAP = 'MAP',
  EBOOK = 'EBOOK',
  EJOURNAL = 'EJOURNAL',
  THESIS = 'THESIS',
  MANUSCRIPT = 'MANUSCRIPT',
}
registerEnumType(MaterialType, {
  name: 'MaterialType',
  description: 'Kind of material: printed, serial, audiovisual, map, digital (e-book, e-journal), thesis, manuscript',
  valuesConfig: {
    BOOK: { description: 'A printed book' },
    SERIAL: { description: 'A printed serial: magazine, journal or newspaper' },
    AUDIOVISUAL: { description: 'Audio or video recording, e.g. a CD or DVD' },
    MAP: { description: 'A map, atlas or globe' },
    EBOOK: { description: 'An electronic book' },
    EJOURNAL: { description: 'An electronic journal or other electronic serial' },
    THESIS: { description: 'A thesis or dissertation' },
    MANUSCRIPT: { description: 'A manuscript (handwritten or typescript)' },
  },
});

/** Authors (and subjects) are kept in one column, joined by '; ' (the separator catalogue displays use). */
export const AUTHOR_SEPARATOR = '; ';
const listColumn = {
  to: (authors: string[] | undefined) => (authors === undefined ? undefined : authors.join(AUTHOR_SEPARATOR)),
  from: (stored: string | null) => (stored ? stored.split(AUTHOR_SEPARATOR) : []),
};

/** A title in the catalogue (SLiMS `biblio`): what the copies (items) are copies of. Public. */
@ObjectType({ description: 'A title in the union catalogue of the city libraries' })
@Directive('@key(fields: "id")')
@Entity('bibliographic_record')
@Index('IDX_record_title', ['title'])
/*
 * Catalogue search on MySQL/MariaDB: InnoDB FULLTEXT indexes, created by the hand-written
 * migration CatalogueSearch (SQLite gets an FTS5 table there instead). MATCH … AGAINST needs an
 * index on exactly the matched columns: one over (title, subtitle, authors, subjects) for the
 * filter, one per field — (title, subtitle), (authors), (subjects) — for the weighted relevance.
 * Named here with `synchronize: false` (TypeORM's way to own an index it cannot express) so that
 * the schema builder neither creates nor drops them, on either backend.
 */
@Index('FT_record_text', { synchronize: false })
@Index('FT_record_title', { synchronize: false })
@Index('FT_record_authors', { synchronize: false })
@Index('FT_record_subjects', { synchronize: false })
export class BibliographicRecord {
  @Field(() => ID, { description: "The record's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field({ description: 'The title proper (without the subtitle)' })
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Field(() => String, { nullable: true, description: 'The rest of the title (subtitle); null when there is none' })
  @Column({ type: 'varchar', length: 300, nullable: true })
  subtitle: string | null;

  @Field(() => [String], { description: 'Authors in catalogue order (may be empty for anonymous works)' })
  @Column({ type: 'varchar', length: 1000, transformer: listColumn })
  authors: string[];

  @Field(() => String, { nullable: true, description: 'Null when not known (a record imported without one is to be completed)' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  publisher: string | null;

  @Field(() => Int, { nullable: true, description: 'Null when not known (a record imported without one is to be completed)' })
  @Column({ type: 'int', nullable: true })
  publishedYear: number | null;

  @Field(() => String, { nullable: true, description: "e.g. 'Cetakan ke-3' or '2nd ed.'" })
  @Column({ type: 'varchar', length: 100, nullable: true })
  edition: string | null;

  /** ISBN-13, digits only. Null for works printed before ISBNs (or without one); unique otherwise. */
  @Field(() => String, { nullable: true, description: 'ISBN-13, digits only; null for older works without one' })
  @Index('UQ_record_isbn', { unique: true })
  @Column({ type: 'varchar', length: 13, nullable: true })
  isbn: string | null;

  @Field(() => [String], { description: "Subject headings, e.g. 'Pertanian', 'Sejarah Indonesia' (may be empty)" })
  @Column({ type: 'varchar', length: 1000, default: '', transformer: listColumn })
  subjects: string[];

  @Field({ description: "ISO 639-2 language code, e.g. 'ind', 'eng', 'jav'" })
  @Column({ type: 'varchar', length: 3 })
  language: string;

  @Field(() => MaterialType, { description: 'Kind of material' })
  @Column({ type: 'varchar', length: 20 })
  materialType: MaterialType;

  @Field(() => String, {
    nullable: true,
    description: "Dewey Decimal Classification, e.g. '899.221 3' (2X0-2X9: the Indonesian expansion for Islam); null when not classified yet (to be completed)",
  })
  @Column({ type: 'varchar', length: 30, nullable: true })
  ddc: string | null;

  @Field(() => String, { nullable: true, description: "Shelf mark: class, author mark, title letter, e.g. '899.221 3 PRA s'; null when not classified yet (to be completed)" })
  @Column({ type: 'varchar', length: 60, nullable: true })
  callNumber: string | null;

  /** Written by lockForUpdate (shared/platform/row-lock.ts) so that a lock on this row holds across Galera nodes. */
  @LockVersionColumn()
  lockVersion?: number;
}
