import { IsEmail, IsIn, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { TrimmedLength } from '../../../shared/platform/validation';
import { MemberType } from './member.entity';

const PHONE = /^\s*\+?[0-9][0-9 ()-]{5,18}\s*$/;
const CARD = /^\s*[A-Za-z0-9][A-Za-z0-9.-]{3,19}\s*$/;

/** How a member is reached; each field omitted: unchanged (on update) or none (on registration), null: removed. */
@InputType({ description: 'Contact details of a card holder; on update an omitted field is unchanged and null removes it' })
export class MemberContactInput {
  @Field(() => String, { nullable: true, description: 'E-mail address, up to 200 characters' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @Length(3, 200, { message: 'email must be up to 200 characters' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Telephone, 6 to 20 digits, spaces, ( ) - and a leading +' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be 6 to 20 digits, spaces, ( ) - and a leading +' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal address, 1 to 300 characters' })
  @IsOptional()
  @TrimmedLength(1, 300, { message: 'address must be 1 to 300 characters' })
  address?: string | null;
}

@InputType({ description: 'A new card holder of a library' })
export class RegisterMemberInput extends MemberContactInput {
  @Field(() => ID, { description: 'Home library (slug)' })
  @Length(1, 40, { message: 'libraryId must be 1 to 40 characters' })
  libraryId: string;

  @Field(() => MemberType, { description: 'ADULT, CHILD, STUDENT or SENIOR (institution cards come with a partner)' })
  @IsIn([MemberType.ADULT, MemberType.CHILD, MemberType.STUDENT, MemberType.SENIOR], { message: 'memberType must be ADULT, CHILD, STUDENT or SENIOR' })
  memberType: MemberType;

  @Field({ description: 'Full name, 1 to 150 characters' })
  @TrimmedLength(1, 150, { message: 'name must be 1 to 150 characters' })
  name: string;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'Birth date: from 1900-01-01, not in the future' })
  @IsOptional()
  birthDate?: string | null;

  @Field(() => String, { nullable: true, description: 'CHILD only: the parent or guardian, 1 to 150 characters' })
  @IsOptional()
  @TrimmedLength(1, 150, { message: 'guardianName must be 1 to 150 characters' })
  guardianName?: string | null;

  @Field(() => String, { nullable: true, description: "A card number printed beforehand (4 to 20 letters, digits, . -); omitted: the next of the library's series" })
  @IsOptional()
  @Matches(CARD, { message: 'cardNumber must be 4 to 20 letters, digits, . or -' })
  cardNumber?: string | null;
}

@ArgsType()
export class MemberReasonArgs {
  @Field(() => ID, { description: "The member's id" })
  @Length(1, 36, { message: 'id must be 1 to 36 characters' })
  id: string;

  @Field({ description: 'Why, 1 to 200 characters (kept with the member)' })
  @TrimmedLength(1, 200, { message: 'reason must be 1 to 200 characters' })
  reason: string;
}

@ArgsType()
export class FindMembersArgs {
  @Field(() => ID, { description: 'The library whose card holders to search (its slug, e.g. `kupang`)' })
  @Length(1, 40, { message: 'libraryId must be 1 to 40 characters' })
  libraryId: string;

  @Field({ description: 'The start of the name, 1 to 150 characters; case and accents do not matter' })
  @TrimmedLength(1, 150, { message: 'name must be 1 to 150 characters' })
  name: string;

  @Field(() => Int, { defaultValue: 20, description: 'At most this many, 1 to 50' })
  @Min(1, { message: 'first must be 1 to 50' })
  @Max(50, { message: 'first must be 1 to 50' })
  first: number;
}

@ArgsType()
export class MemberByCardArgs {
  @Field(() => ID, { description: "The card holder's home library (its slug, e.g. `kupang`)" })
  @Length(1, 40, { message: 'libraryId must be 1 to 40 characters' })
  libraryId: string;

  @Field({ description: 'The number on the card; matched without surrounding spaces' })
  @TrimmedLength(1, 20, { message: 'cardNumber must be 1 to 20 characters' })
  cardNumber: string;
}

@ArgsType()
export class ItemByBarcodeArgs {
  @Field(() => ID, { description: 'The library that holds the copy (its slug, e.g. `kupang`)' })
  @Length(1, 40, { message: 'libraryId must be 1 to 40 characters' })
  libraryId: string;

  @Field({ description: 'The barcode read off the copy; matched without regard to case or surrounding spaces' })
  @TrimmedLength(1, 30, { message: 'barcode must be 1 to 30 characters' })
  barcode: string;
}
