import { ArrayMaxSize, IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { CollectionType } from '../catalogue/item.entity';

@InputType({ description: 'A title to suggest for purchase' })
export class SuggestPurchaseInput {
  @Field(() => ID, { nullable: true, description: "Members and staff: their own library (the default); ADMIN names one" })
  @IsOptional()
  @Length(1, 40)
  libraryId?: string | null;

  @Field()
  @Length(1, 300)
  title: string;

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(20)
  @Length(1, 150, { each: true })
  authors: string[];

  @Field(() => String, { nullable: true, description: 'ISBN-10 or -13, hyphens allowed' })
  @IsOptional()
  isbn?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  publisher?: string | null;

  @Field(() => Int, { nullable: true })
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

@InputType({ description: 'A title of an order: copies at a unit price' })
export class AcquisitionOrderLineInput {
  @Field(() => ID, { description: 'The catalogue record (catalogue a new title first with addBibliographicRecord)' })
  recordId: string;

  @Field(() => Int, { description: '1 to 200' })
  copies: number;

  @Field(() => Int, { description: 'Rupiah per copy' })
  unitPrice: number;

  @Field(() => String, { nullable: true, description: "Shelf area for the copies (default 'Rak Umum')" })
  location?: string | null;

  @Field(() => CollectionType, { nullable: true, description: 'Default GENERAL' })
  collectionType?: CollectionType | null;

  @Field(() => ID, { nullable: true, description: 'The purchase suggestion this line answers (it must be OPEN)' })
  suggestionId?: string | null;
}

@InputType({ description: 'A purchase order' })
export class AcquisitionOrderInput {
  @Field(() => ID)
  @Length(1, 40)
  libraryId: string;

  @Field()
  @Length(1, 200)
  vendor: string;

  @Field({ description: "e.g. '5.2.2.23.01 Belanja Buku Bacaan' or 'DAK Fisik 2026'" })
  @Length(1, 100)
  budgetLine: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 500)
  note?: string | null;

  @Field(() => [AcquisitionOrderLineInput])
  lines: AcquisitionOrderLineInput[];
}
