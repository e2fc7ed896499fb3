import { IsDateString, IsEnum, IsInt, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { CollectionType } from './item.entity';

@InputType({ description: 'A new copy of a catalogued title' })
export class AddItemInput {
  @Field(() => ID, { description: 'The catalogue record this is a copy of' })
  @Length(1, 36)
  recordId: string;

  @Field(() => ID, { description: 'The holding library' })
  @Length(1, 40)
  libraryId: string;

  @Field({ description: "Printed on the copy, e.g. 'KPG-001234'" })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{0,29}$/, { message: 'barcode must be 1 to 30 letters, digits and hyphens' })
  barcode: string;

  @Field({ description: "Shelf area, e.g. 'Rak Umum'" })
  @Length(1, 100)
  location: string;

  @Field(() => CollectionType, { defaultValue: CollectionType.GENERAL, description: 'The part of the collection it belongs to' })
  @IsEnum(CollectionType)
  collectionType: CollectionType;

  @Field(() => CalendarDateScalar, { description: "The day it was acquired, in the library's time zone" })
  @IsDateString()
  acquiredOn: string;

  @Field(() => Int, { description: 'Purchase (replacement) price in rupiah' })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  price: number;

  @Field(() => Boolean, { defaultValue: false, description: 'Reference copy: NOT_FOR_LOAN' })
  @IsOptional()
  referenceOnly: boolean;
}
