import { ArrayMaxSize, ArrayMinSize, IsEnum, IsOptional, Length, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { NotBlank } from '../../../shared/platform/validation';
import { AuthorNames, EARLIEST_PUBLICATION_YEAR, IsDeweyClass, IsLanguageCode, IsPublicationYear, SubjectHeadings } from './bibliographic-record.inputs';
import { MaterialType } from './bibliographic-record.entity';
import { CollectionType } from './item.entity';

/**
 * Changes to a catalogue record: only the fields given change. Title, authors, publisher, year,
 * language, material type and class cannot be emptied (null is BAD_USER_INPUT on the field);
 * subtitle, edition and ISBN can (null clears them). The same rules as a new record.
 */
@InputType({ description: 'Changes to a catalogue record: the fields given change, the others stay; null clears subtitle, edition and isbn' })
export class UpdateBibliographicRecordInput {
  @Field(() => String, { nullable: true, description: 'Not blank, at most 300 characters' })
  @IsOptional()
  @Length(1, 300)
  @NotBlank({ message: 'title must not be blank' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Null clears it' })
  @IsOptional()
  @Length(1, 300)
  subtitle?: string | null;

  @Field(() => [String], { nullable: true, description: 'Authors in catalogue order, at most 20; a variant form of a name heading is saved as the authorised form' })
  @IsOptional()
  @AuthorNames()
  authors?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Not blank, at most 200 characters' })
  @IsOptional()
  @Length(1, 200)
  @NotBlank({ message: 'publisher must not be blank' })
  publisher?: string | null;

  @Field(() => Int, { nullable: true, description: `${EARLIEST_PUBLICATION_YEAR} to next year` })
  @IsOptional()
  @Min(EARLIEST_PUBLICATION_YEAR)
  @IsPublicationYear()
  publishedYear?: number | null;

  @Field(() => String, { nullable: true, description: 'Null clears it' })
  @IsOptional()
  @Length(1, 100)
  edition?: string | null;

  @Field(() => String, { nullable: true, description: 'ISBN-10 or ISBN-13, hyphens allowed; stored as ISBN-13; null clears it' })
  @IsOptional()
  @Length(10, 17)
  isbn?: string | null;

  @Field(() => [String], { nullable: true, description: 'Subject headings, at most 20; a variant form of a subject heading is saved as the authorised form' })
  @IsOptional()
  @SubjectHeadings()
  subjects?: string[] | null;

  @Field(() => String, { nullable: true, description: "ISO 639-2 code: 'ind', 'eng' …" })
  @IsOptional()
  @IsLanguageCode()
  language?: string | null;

  @Field(() => MaterialType, { nullable: true, description: 'Kind of material' })
  @IsOptional()
  @IsEnum(MaterialType)
  materialType?: MaterialType | null;

  @Field(() => String, { nullable: true, description: "Dewey class, e.g. '899.221 3'" })
  @IsOptional()
  @IsDeweyClass()
  ddc?: string | null;

  @Field(() => String, { nullable: true, description: 'Shelf mark printed on spine labels; null derives it again from class, first author and title' })
  @IsOptional()
  @Length(1, 60)
  callNumber?: string | null;
}

@InputType({ description: 'Changes to a copy: where it is shelved and the part of the collection it belongs to' })
export class UpdateItemInput {
  @Field(() => String, { nullable: true, description: "Shelf location, e.g. 'Rak Umum' or 'Ruang Anak, rak 3' (1 to 100 characters)" })
  @IsOptional()
  @Length(1, 100)
  @NotBlank({ message: 'location must not be blank' })
  location?: string | null;

  @Field(() => CollectionType, { nullable: true, description: 'The part of the collection the copy belongs to' })
  @IsOptional()
  @IsEnum(CollectionType)
  collectionType?: CollectionType | null;
}

/** Copies chosen by id or by barcode (either or both), at most 200. */
@InputType({ description: 'A set of copies, by id and/or by barcode (at most 200 in all)' })
export class CopySelection {
  @Field(() => [ID], { nullable: true, description: 'Copy ids' })
  @IsOptional()
  @ArrayMaxSize(200)
  @Length(1, 36, { each: true })
  itemIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Barcodes as printed, e.g. 'KPG-000123' (case and spaces ignored)" })
  @IsOptional()
  @ArrayMaxSize(200)
  @Length(1, 40, { each: true })
  barcodes?: string[] | null;
}

@InputType({ description: 'Copies to move to another record of the same title' })
export class MoveItemsInput {
  @Field(() => [ID], { description: 'The copies, at most 200' })
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @Length(1, 36, { each: true })
  itemIds: string[];

  @Field(() => ID, { description: 'The record they become copies of' })
  @Length(1, 36)
  toRecordId: string;
}
