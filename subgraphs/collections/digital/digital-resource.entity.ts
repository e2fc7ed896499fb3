import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AUTHOR_SEPARATOR, BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { LockVersionColumn } from '../../../shared/platform/row-lock';

export enum DigitalResourceKind {
  EBOOK = 'EBOOK',
  EJOURNAL = 'EJOURNAL',
  ARTICLE = 'ARTICLE',
  AUDIO = 'AUDIO',
}
registerEnumType(DigitalResourceKind, {
  name: 'DigitalResourceKind',
  description: 'E-book, e-journal, article or audio recording',
  valuesConfig: {
    EBOOK: { description: 'An electronic book' },
    EJOURNAL: { description: 'An electronic journal' },
    ARTICLE: { description: 'A single article' },
    AUDIO: { description: 'An audio recording, e.g. an audiobook' },
  },
});

export enum DigitalFormat {
  PDF = 'PDF',
  EPUB = 'EPUB',
  HTML = 'HTML',
  MP3 = 'MP3',
  M4B = 'M4B',
}
registerEnumType(DigitalFormat, {
  name: 'DigitalFormat',
  description: 'File format the link opens',
  valuesConfig: {
    PDF: { description: 'A PDF document' },
    EPUB: { description: 'An EPUB e-book' },
    HTML: { description: 'A web page' },
    MP3: { description: 'MP3 audio' },
    M4B: { description: 'M4B audiobook' },
  },
});

export enum DigitalLicence {
  /** Anyone entitled may use it, any number at once (open access, public domain, government publications). */
  OPEN = 'OPEN',
  /** At most `concurrentUsers` uses at once (the "one copy, one user" model of e-lending). */
  CONCURRENT_USERS = 'CONCURRENT_USERS',
}
registerEnumType(DigitalLicence, {
  name: 'DigitalLicence',
  description: 'OPEN: no limit; CONCURRENT_USERS: at most concurrentUsers uses at a time',
  valuesConfig: {
    OPEN: { description: 'Any number of uses at once (open access, public domain, government publications)' },
    CONCURRENT_USERS: { description: 'At most concurrentUsers uses at once ("one copy, one user")' },
  },
});

const listColumn = {
  to: (list: string[] | undefined) => (list === undefined ? undefined : list.join(AUTHOR_SEPARATOR)),
  from: (stored: string | null) => (stored ? stored.split(AUTHOR_SEPARATOR) : []),
};

/**
 * An e-book, e-journal, article or audio recording read online, 24/7. Held by one library
 * (`libraryId`), or shared by all of them (null: a licence bought for every city, or open access).
 * The access URL is not public: a reader gets it from accessDigitalResource, which records the use
 * and holds one of the licence's seats for `sessionMinutes` (or until the reader returns it).
 * Public: the listing (title, kind, licence, seats free).
 */
@ObjectType({ description: 'An e-book, e-journal, article or audio recording read online (public listing; the link comes with accessDigitalResource)' })
@Entity('digital_resource')
@Index('IDX_digital_resource_library_title', ['libraryId', 'title'])
@Index('IDX_digital_resource_title', ['title'])
export class DigitalResource {
  @Field(() => ID, { description: "The resource's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field({ description: 'The title' })
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Field(() => [String], { description: 'Authors or narrators (may be empty)' })
  @Column({ type: 'varchar', length: 1000, default: '', transformer: listColumn })
  authors: string[];

  @Field(() => String, { nullable: true, description: 'The publisher; null when not recorded' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  publisher: string | null;

  @Field(() => Int, { nullable: true, description: 'Year of publication; null when not recorded' })
  @Column({ type: 'int', nullable: true })
  publishedYear: number | null;

  @Field(() => DigitalResourceKind, { description: 'E-book, e-journal, article or audio' })
  @Column({ type: 'varchar', length: 20 })
  kind: DigitalResourceKind;

  @Field(() => DigitalFormat, { description: 'File format the link opens' })
  @Column({ type: 'varchar', length: 20 })
  format: DigitalFormat;

  @Field({ description: "ISO 639-2 language code, e.g. 'ind'" })
  @Column({ type: 'varchar', length: 3 })
  language: string;

  /** Where the reader is sent (https). Given out by accessDigitalResource, and to staff. */
  @Column({ type: 'varchar', length: 500 })
  accessUrl: string;

  @Field(() => DigitalLicence, { description: 'Whether the uses at once are limited' })
  @Column({ type: 'varchar', length: 20 })
  licence: DigitalLicence;

  @Field(() => Int, { nullable: true, description: 'CONCURRENT_USERS: uses allowed at once; null for OPEN' })
  @Column({ type: 'int', nullable: true })
  concurrentUsers: number | null;

  @Field(() => Int, { description: 'How long a use holds its seat unless returned earlier, in minutes' })
  @Column({ type: 'int' })
  sessionMinutes: number;

  /** The library that holds it; null: shared by all libraries. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  libraryId: string | null;

  /** The catalogue record of the title, when it is catalogued. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  recordId: string | null;

  @ManyToOne(() => BibliographicRecord, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'recordId' })
  record?: BibliographicRecord;

  @Field({ description: 'When it was added' })
  @Column({ type: 'datetime' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was withdrawn (no longer listed nor opened); null while offered' })
  @Column({ type: 'datetime', nullable: true })
  withdrawnAt: Date | null;

  /** Written by lockForUpdate (shared/platform/row-lock.ts) so that a lock on this row holds across Galera nodes. */
  @LockVersionColumn()
  lockVersion?: number;
}
