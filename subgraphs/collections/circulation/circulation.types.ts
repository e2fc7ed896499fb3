import { IsEnum, IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { MaterialType } from '../entities/bibliographic-record.entity';
import { FineEntry } from '../entities/fine-entry.entity';
import { Hold } from '../entities/hold.entity';
import { Item } from '../entities/item.entity';
import { Library } from '../entities/library.stub';
import { Loan } from '../entities/loan.entity';
import { MemberType } from '../entities/member.entity';

@ObjectType({ description: 'What became of a returned copy' })
export class ItemReturn {
  @Field(() => Loan, { description: 'The loan, now closed' })
  loan: Loan;

  @Field(() => FineEntry, { nullable: true, description: 'The overdue charge entered in the ledger, if the copy came back late' })
  fine: FineEntry | null;

  @Field(() => Item, { description: 'The copy: AVAILABLE, ON_HOLD_SHELF for the next hold, or IN_TRANSIT' })
  item: Item;

  @Field(() => Hold, { nullable: true, description: 'The hold the copy now serves' })
  hold: Hold | null;

  @Field(() => Library, { nullable: true, description: 'Where to send the copy (a pickup library, or its own library); null: it stays here' })
  sendTo: Library | null;
}

@ObjectType({ description: 'What became of a copy received from transit' })
export class ItemReceipt {
  @Field(() => Item)
  item: Item;

  @Field(() => Hold, { nullable: true, description: 'The hold it now waits for on the hold shelf' })
  hold: Hold | null;

  @Field(() => Library, { nullable: true, description: 'Where to send it on; null: it stays here' })
  sendTo: Library | null;
}

@ObjectType({ description: 'A payment taken at the desk' })
export class FinePayment {
  @Field(() => FineEntry)
  payment: FineEntry;

  @Field(() => Int, { description: 'What the member still owes, in rupiah' })
  balance: number;
}

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
