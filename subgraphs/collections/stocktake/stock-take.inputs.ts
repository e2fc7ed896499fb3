import { IsOptional, Length, Matches } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { TrimmedLength } from '../../../shared/platform/validation';

@InputType({ description: 'Where to count: a library, and one shelf location of it or all of it' })
export class OpenStockTakeInput {
  @Field(() => ID, { description: 'The library whose shelves are counted' })
  @Length(1, 40, { message: 'libraryId must be 1 to 40 characters' })
  libraryId: string;

  @Field(() => String, { nullable: true, description: "A shelf location as copies carry it (e.g. 'Ruang Anak'), 1 to 100 characters; omitted: the whole library" })
  @IsOptional()
  @TrimmedLength(1, 100, { message: 'location must be 1 to 100 characters' })
  location?: string | null;
}

@ArgsType()
export class ScanStockTakeBarcodeArgs {
  @Field(() => ID, { description: 'The OPEN stock-take' })
  @Length(1, 36, { message: 'stockTakeId must be 1 to 36 characters' })
  stockTakeId: string;

  @Field({ description: 'The barcode read off the copy, 1 to 30 characters (letters, digits, - _ . /); matched without regard to case' })
  @Matches(/^\s*[A-Za-z0-9._/-]{1,30}\s*$/, { message: 'barcode must be 1 to 30 letters, digits or - _ . /' })
  barcode: string;
}
