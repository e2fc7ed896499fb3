import { IsInt, IsOptional, IsUrl, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/platform/scalars';

@InputType({ description: 'A new agreement between a library and a partner, signed or as a draft' })
export class CreateAgreementInput {
  @Field(() => ID, { description: 'The library slug, e.g. kupang' })
  @Length(1, 40)
  @Matches(/^[a-z0-9-]+$/, { message: 'libraryId is a library slug such as kupang' })
  libraryId: string;

  @Field(() => ID, { description: "The partner's id" })
  @IsUUID()
  partnerId: string;

  @Field({ description: "The agreement's title, 3–200 characters" })
  @Length(3, 200)
  title: string;

  @Field({ description: 'What the parties agree to do together' })
  @Length(10, 5000)
  scope: string;

  @Field(() => CalendarDateScalar, { description: "The first day in force: not before 1945, at most five years after the library's today" })
  startsOn: string;

  @Field(() => CalendarDateScalar, { description: 'After startsOn' })
  endsOn: string;

  @Field({ description: "The document's number, e.g. PKS/045/DPK-KPG/2025 (unique within the library)" })
  @Length(3, 100)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9./\- ]*$/, { message: 'documentReference holds letters, digits, spaces and . / -' })
  documentReference: string;

  @Field({ nullable: true, defaultValue: false, description: 'True for a draft still being negotiated; otherwise the agreement is signed' })
  draft: boolean;
}

const WITHIN_DAYS = { message: 'withinDays is between 0 and 3660' };

/** Fields in the schema's order (the reverse of the resolver's former @Arg parameters). */
@ArgsType()
export class ExpiringAgreementsArgs {
  @Field(() => ID, { nullable: true, description: "Only this library's agreements (its slug): one the caller may see; for a partner, one it works with" })
  libraryId?: string;

  @Field(() => Int, { description: "0–3660: agreements ending at most this many days after their library's today (0: ending today)" })
  @IsInt(WITHIN_DAYS)
  @Min(0, WITHIN_DAYS)
  @Max(3660, WITHIN_DAYS)
  withinDays: number;
}

/** The document recording a renewal, amendment or termination: its number or its URL, and its title. */
@InputType({ description: 'The document (an addendum) recording a renewal or an amendment: its title, and its number or its URL (at least one of the two)' })
export class AgreementDocumentInput {
  @Field({ description: 'e.g. "Adendum I Perjanjian Kerja Sama Layanan Perpustakaan Sekolah"' })
  @Length(3, 200)
  title: string;

  @Field(() => String, { nullable: true, description: "The document's number, e.g. ADD/001/PKS/045/DPK-KPG/2027 (this or url)" })
  @IsOptional()
  @Length(3, 100)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9./\- ]*$/, { message: 'reference holds letters, digits, spaces and . / -' })
  reference?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the document can be read (https), this or reference' })
  @IsOptional()
  @Length(10, 500)
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'url is an https address' })
  url?: string | null;
}

@InputType({ description: 'A renewal: the new end date and the addendum recording it' })
export class RenewAgreementInput {
  @Field(() => CalendarDateScalar, { description: 'After the current end date; at most five years ahead' })
  newEndDate: string;

  @Field(() => AgreementDocumentInput, { description: 'The addendum recording the renewal' })
  @ValidateNested()
  document: AgreementDocumentInput;
}

@InputType({ description: 'An amendment: a new title, a new scope or both (at least one must differ from the current), and the addendum recording it' })
export class AmendAgreementInput {
  @Field(() => String, { nullable: true, description: 'The new title, 3–200 characters; absent or null keeps the current one' })
  @IsOptional()
  @Length(3, 200)
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'What the parties agree to do together' })
  @IsOptional()
  @Length(10, 5000)
  scope?: string | null;

  @Field(() => AgreementDocumentInput, { description: 'The addendum recording the amendment' })
  @ValidateNested()
  document: AgreementDocumentInput;
}
