import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, Length, Max, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { NotBlank, TrimmedLength } from '../../../shared/platform/validation';
import { CollectionType } from '../catalogue/item.entity';
import { RupiahScalar } from './acquisition-budget.entity';
import { MAX_BUDGET, MAX_UNIT_PRICE } from './acquisition.service';

@InputType({ description: 'A title to suggest for purchase' })
export class SuggestPurchaseInput {
  @Field(() => ID, { nullable: true, description: 'Members and staff: their own library (the default); ADMIN names one' })
  @IsOptional()
  @Length(1, 40)
  libraryId?: string | null;

  @Field({ description: 'The title, 1 to 300 characters' })
  @Length(1, 300)
  title: string;

  @Field(() => [String], { defaultValue: [], description: 'Its authors, at most 20' })
  @ArrayMaxSize(20)
  @Length(1, 150, { each: true })
  authors: string[];

  @Field(() => String, { nullable: true, description: 'ISBN-10 or -13, hyphens allowed' })
  @IsOptional()
  isbn?: string | null;

  @Field(() => String, { nullable: true, description: 'Its publisher, at most 200 characters' })
  @IsOptional()
  @Length(1, 200)
  publisher?: string | null;

  @Field(() => Int, { nullable: true, description: 'Its year of publication, 1450 to 2100' })
  @IsOptional()
  @IsInt()
  @Min(1450)
  @Max(2100)
  publishedYear?: number | null;

  @Field(() => ID, { nullable: true, description: 'A title already in the catalogue (more copies wanted)' })
  @IsOptional()
  @Length(1, 36)
  recordId?: string | null;

  @Field(() => String, { nullable: true, description: 'Why it is wanted, up to 500 characters' })
  @IsOptional()
  @Length(0, 500)
  note?: string | null;
}

const COPIES = { message: 'copies must be 1 to 200' };
const UNIT_PRICE = { message: `unitPrice must be whole rupiah from 1 to ${MAX_UNIT_PRICE}` };
const LINES = { message: 'An order has 1 to 100 lines' };

@InputType({ description: 'A title of an order: copies at a unit price' })
export class AcquisitionOrderLineInput {
  @Field(() => ID, { description: 'The catalogue record (catalogue a new title first with addBibliographicRecord)' })
  recordId: string;

  @Field(() => Int, { description: '1 to 200' })
  @IsInt(COPIES)
  @Min(1, COPIES)
  @Max(200, COPIES)
  copies: number;

  @Field(() => Int, { description: 'Rupiah per copy' })
  @IsInt(UNIT_PRICE)
  @Min(1, UNIT_PRICE)
  @Max(MAX_UNIT_PRICE, UNIT_PRICE)
  unitPrice: number;

  @Field(() => String, { nullable: true, description: "Shelf area for the copies (default 'Rak Umum')" })
  @IsOptional()
  @TrimmedLength(1, 100, { message: 'location must be 1 to 100 characters' })
  location?: string | null;

  @Field(() => CollectionType, { nullable: true, description: 'Default GENERAL' })
  collectionType?: CollectionType | null;

  @Field(() => ID, { nullable: true, description: 'The purchase suggestion this line answers (it must be OPEN)' })
  suggestionId?: string | null;
}

@InputType({ description: 'A purchase order' })
export class AcquisitionOrderInput {
  @Field(() => ID, { description: "The ordering library: the order is charged to its budget of the year it is placed in (library's time zone)" })
  @Length(1, 40)
  libraryId: string;

  @Field({ description: 'Who supplies it, e.g. a bookshop or a publisher (1 to 200 characters)' })
  @Length(1, 200)
  @NotBlank({ message: 'vendor must not be empty' })
  vendor: string;

  @Field({ description: "e.g. '5.2.2.23.01 Belanja Buku Bacaan' or 'DAK Fisik 2026'" })
  @Length(1, 100)
  @NotBlank({ message: 'budgetLine must not be empty' })
  budgetLine: string;

  @Field(() => String, { nullable: true, description: 'A note, up to 500 characters' })
  @IsOptional()
  @Length(0, 500)
  note?: string | null;

  @Field(() => [AcquisitionOrderLineInput], { description: 'The titles ordered, 1 to 100 lines' })
  @ArrayMinSize(1, LINES)
  @ArrayMaxSize(100, LINES)
  @ValidateNested({ each: true })
  lines: AcquisitionOrderLineInput[];
}

const BUDGET = { message: `amount must be whole rupiah from 0 to ${MAX_BUDGET}` };

// Arguments classes list their fields in the schema's order: the reverse of the resolvers'
// former @Arg parameters.

/** The year's upper bound moves with the library's calendar: acquisition.service.ts checks it. */
@ArgsType()
export class SetAcquisitionBudgetArgs {
  @Field(() => RupiahScalar, { description: 'Rupiah' })
  @IsInt(BUDGET)
  @Min(0, BUDGET)
  @Max(MAX_BUDGET, BUDGET)
  amount: number;

  @Field(() => Int, { description: "The budget year, from 2000 to next year (in the library's time zone)" })
  year: number;

  @Field(() => ID, { description: 'The library whose budget it is' })
  libraryId: string;
}

/** Cancelling an order, turning a suggestion down: why, 3 to 300 characters. */
@ArgsType()
export class ReasonArgs {
  @Field({ description: 'Why, 3 to 300 characters' })
  @TrimmedLength(3, 300, { message: 'reason must be 3 to 300 characters' })
  reason: string;

  @Field(() => ID, { description: 'The order or the suggestion' })
  id: string;
}
