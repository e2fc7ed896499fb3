import { IsEnum, IsInt, IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { MaterialType } from '../catalogue/bibliographic-record.entity';
import { MemberType } from '../members/member.entity';

@InputType({ description: 'Loan terms of a library for a member type and a material type (omit either for "any")' })
export class LoanRuleInput {
  @Field(() => ID)
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
}

const AMOUNT = { message: 'amount must be a positive number of rupiah' };

/** Fields in the schema's order (the reverse of the resolver's former @Arg parameters). At most what is owed: circulation.service.ts. */
@ArgsType()
export class PayFineArgs {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200, { message: 'note must be at most 200 characters' })
  note?: string | null;

  @Field(() => Int, { description: 'Rupiah' })
  @IsInt(AMOUNT)
  @Min(1, AMOUNT)
  amount: number;

  @Field(() => ID)
  memberId: string;
}
