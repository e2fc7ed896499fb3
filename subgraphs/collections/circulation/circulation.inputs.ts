import { IsEnum, IsInt, IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { MaterialType } from '../catalogue/bibliographic-record.entity';
import { MemberType } from '../members/member.entity';

@InputType({ description: 'Loan terms of a library for a member type and a material type (omit either for "any")' })
export class LoanRuleInput {
  @Field(() => ID, { description: 'The library whose terms to set (its slug, e.g. `kupang`)' })
  @Length(1, 40)
  libraryId: string;

  @Field(() => MemberType, { nullable: true, description: 'Omit or null for any member type' })
  @IsOptional()
  @IsEnum(MemberType)
  memberType?: MemberType | null;

  @Field(() => MaterialType, { nullable: true, description: 'Omit or null for any material type' })
  @IsOptional()
  @IsEnum(MaterialType)
  materialType?: MaterialType | null;

  @Field(() => Int, { description: '1 to 365' })
  @IsInt()
  @Min(1)
  @Max(365)
  loanDays: number;

  @Field(() => Int, { description: '0 (not lent) to 100' })
  @IsInt()
  @Min(0)
  @Max(100)
  maxLoans: number;

  @Field(() => Int, { description: '0 to 20' })
  @IsInt()
  @Min(0)
  @Max(20)
  maxRenewals: number;

  @Field(() => Int, { description: 'Rupiah per day, 0 to 100000' })
  @IsInt()
  @Min(0)
  @Max(100_000)
  finePerDay: number;

  @Field(() => Int, { description: '0 to 60' })
  @IsInt()
  @Min(0)
  @Max(60)
  graceDays: number;

  @Field(() => Int, { nullable: true, description: "Rupiah; omit for the copy's replacement price (which caps any amount given)" })
  @IsOptional()
  @IsInt()
  @Min(0)
  fineCap?: number | null;

  @Field(() => Int, { description: '0 to 50' })
  @IsInt()
  @Min(0)
  @Max(50)
  maxHolds: number;

  @Field(() => Int, { description: '1 to 60' })
  @IsInt()
  @Min(1)
  @Max(60)
  holdShelfDays: number;

  @Field(() => Int, { description: 'Rupiah' })
  @IsInt()
  @Min(0)
  maxUnpaidFines: number;

  @Field(() => Boolean, { nullable: true, description: 'Charge only the open days after the grace days (default false: past them, every open day since the due date)' })
  @IsOptional()
  deductGraceDays?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Rupiah, 0 to 10000000: charged for a lost copy with no price of its own (default 100000)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  lostReplacementPrice?: number | null;

  @Field(() => Int, { nullable: true, description: 'Rupiah, 0 to 1000000: added to the charge for a lost copy (default 10000)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  lostProcessingFee?: number | null;
}

const AMOUNT = { message: 'amount must be a positive number of rupiah' };

/** Fields in the schema's order (the reverse of the resolver's former @Arg parameters). At most what is owed: circulation.service.ts. */
@ArgsType()
export class PayFineArgs {
  @Field(() => String, { nullable: true, description: 'Up to 200 characters, kept on the payment line' })
  @IsOptional()
  @MaxLength(200, { message: 'note must be at most 200 characters' })
  note?: string | null;

  @Field(() => Int, { description: 'Rupiah' })
  @IsInt(AMOUNT)
  @Min(1, AMOUNT)
  amount: number;

  @Field(() => ID, { description: 'The member who pays' })
  memberId: string;
}

const REASON = { message: 'reason must be 1 to 200 characters' };

/** A copy declared lost; the charge is computed from its price and the loan rule. */
@ArgsType()
export class DeclareLoanLostArgs {
  @Field(() => ID, { description: 'The loan, still out, whose copy is lost' })
  loanId: string;

  @Field(() => String, { nullable: true, description: 'Up to 200 characters, kept on the charge' })
  @IsOptional()
  @MaxLength(200, { message: 'note must be at most 200 characters' })
  note?: string | null;
}

/** Damage to a copy: name its loan, or the copy (then its latest loan's borrower pays). */
@ArgsType()
export class ChargeDamageArgs {
  @Field(() => ID, { nullable: true, description: 'The copy; its latest loan is charged' })
  @IsOptional()
  itemId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The loan during which the copy was damaged' })
  @IsOptional()
  loanId?: string | null;

  @Field(() => Int, { description: 'Rupiah, 1 to 10000000' })
  @IsInt(AMOUNT)
  @Min(1, AMOUNT)
  @Max(10_000_000, { message: 'amount must be at most 10000000' })
  amount: number;

  @Field(() => String, { description: '1 to 200 characters' })
  @Length(1, 200, REASON)
  reason: string;
}

/** Lets off one charge (fineEntryId, all of what is left of it unless amount says less) or part of a member's balance (memberId and amount). */
@ArgsType()
export class WaiveChargeArgs {
  @Field(() => ID, { nullable: true, description: 'The charge to let off' })
  @IsOptional()
  fineEntryId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The member whose balance to reduce (with amount)' })
  @IsOptional()
  memberId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Rupiah; with fineEntryId, defaults to what is left of the charge' })
  @IsOptional()
  @IsInt(AMOUNT)
  @Min(1, AMOUNT)
  amount?: number | null;

  @Field(() => String, { description: '1 to 200 characters: why, kept on the ledger' })
  @Length(1, 200, REASON)
  reason: string;
}
