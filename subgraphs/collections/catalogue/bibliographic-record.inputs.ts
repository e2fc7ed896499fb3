import { ArrayMaxSize, IsEnum, IsOptional, Length, Matches, Min, ValidateBy, type ValidationOptions } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { MaterialType } from './bibliographic-record.entity';
import { now } from '../../../shared/platform/clock';
import { NotBlank } from '../../../shared/platform/validation';

/** Gutenberg's press (c. 1450) to next year (catalogues take forthcoming titles). */
export const EARLIEST_PUBLICATION_YEAR = 1450;

/** Read at validation time, not at start-up, so a long-running server keeps up with the calendar (null: no change, in an update). */
export function IsPublicationYear(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPublicationYear',
      validator: {
        validate: (value: unknown) => value == null || (typeof value === 'number' && value <= now().getUTCFullYear() + 1),
        defaultMessage: () => `publishedYear must be between ${EARLIEST_PUBLICATION_YEAR} and next year`,
      },
    },
    options,
  );
}

/** Several class-validator rules as one decorator: the rules a new record and an update share. */
const rules =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const decorate of decorators) decorate(target, key);
  };

/** Authors in catalogue order: at most 20 names, none blank, none holding the stored separator ";". */
export const AuthorNames = () =>
  rules(
    ArrayMaxSize(20),
    Length(1, 150, { each: true }),
    NotBlank({ each: true, message: 'An author name must not be blank' }),
    Matches(/^[^;]+$/, { each: true, message: 'An author name may not contain ";"' }),
  );

/** Subject headings: at most 20, none blank, none holding the stored separator ";". */
export const SubjectHeadings = () =>
  rules(
    ArrayMaxSize(20),
    Length(1, 100, { each: true }),
    NotBlank({ each: true, message: 'A subject heading must not be blank' }),
    Matches(/^[^;]+$/, { each: true, message: 'A subject heading may not contain ";"' }),
  );

/** An ISO 639-2 language code: three lower-case letters. */
export const IsLanguageCode = () => Matches(/^[a-z]{3}$/, { message: 'language must be an ISO 639-2 code such as ind or eng' });

/** A Dewey class, also the Indonesian expansion's 2X_ classes for Islam. */
export const IsDeweyClass = () => Matches(/^[0-9][0-9X][0-9](\.[0-9 ]*[0-9])?$/, { message: 'ddc must be a Dewey class such as 020 or 899.221 3' });

@InputType({ description: 'A new title for the union catalogue' })
export class AddBibliographicRecordInput {
  @Field({ description: 'The title proper, 1 to 300 characters, not blank' })
  @Length(1, 300)
  @NotBlank({ message: 'title must not be blank' })
  title: string;

  @Field(() => String, { nullable: true, description: 'The rest of the title, at most 300 characters' })
  @IsOptional()
  @Length(1, 300)
  subtitle?: string | null;

  @Field(() => [String], { description: 'Authors in catalogue order, at most 20; empty for anonymous works' })
  @AuthorNames()
  authors: string[];

  @Field({ description: 'The publisher, 1 to 200 characters, not blank' })
  @Length(1, 200)
  @NotBlank({ message: 'publisher must not be blank' })
  publisher: string;

  @Field(() => Int, { description: `${EARLIEST_PUBLICATION_YEAR} to next year` })
  @Min(EARLIEST_PUBLICATION_YEAR)
  @IsPublicationYear()
  publishedYear: number;

  @Field(() => String, { nullable: true, description: "The edition statement, e.g. 'Cetakan ke-3' (at most 100 characters)" })
  @IsOptional()
  @Length(1, 100)
  edition?: string | null;

  @Field(() => String, { nullable: true, description: 'ISBN-10 or ISBN-13, hyphens allowed; stored as ISBN-13' })
  @IsOptional()
  @Length(10, 17)
  isbn?: string | null;

  @Field(() => [String], { nullable: true, description: "Subject headings, at most 20, e.g. ['Pertanian', 'Nusa Tenggara Timur']" })
  @IsOptional()
  @SubjectHeadings()
  subjects?: string[] | null;

  @Field({ description: "ISO 639-2 code, three lower-case letters: 'ind', 'eng', 'jav' …" })
  @IsLanguageCode()
  language: string;

  @Field(() => MaterialType, { description: 'Kind of material' })
  @IsEnum(MaterialType)
  materialType: MaterialType;

  @Field({ description: "Dewey class, e.g. '899.221 3' or, for Islam in the Indonesian expansion, '2X4.1'" })
  @IsDeweyClass()
  ddc: string;

  @Field(() => String, { nullable: true, description: 'Shelf mark; derived from class, first author and title when omitted' })
  @IsOptional()
  @Length(1, 60)
  callNumber?: string | null;
}
