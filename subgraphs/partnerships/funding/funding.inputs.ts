import { IsOptional, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../../shared/platform/pagination';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { FundingSource, RupiahScalar } from './funding-contribution.entity';

@InputType({ description: 'Money a library received from a partner it works with' })
export class RecordFundingContributionInput {
  @Field(() => ID, { description: 'The library slug, e.g. kupang' })
  @Length(1, 40)
  @Matches(/^[a-z0-9-]+$/, { message: 'libraryId is a library slug such as kupang' })
  libraryId: string;

  @Field(() => ID, { description: 'The funder' })
  @IsUUID()
  partnerId: string;

  @Field(() => FundingSource, { description: 'A government programme or a private stakeholder' })
  source: FundingSource;

  @Field({ description: 'The funding programme, e.g. "DAK Fisik Bidang Perpustakaan 2026"' })
  @Length(3, 200)
  programme: string;

  @Field({ description: 'What the money is for' })
  @Length(5, 5000)
  purpose: string;

  @Field(() => RupiahScalar, { description: 'Whole rupiah, at least 1' })
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amount: number;

  @Field(() => CalendarDateScalar, { description: "The day the money was received: not after today in the library's time zone, not before 1945" })
  receivedOn: string;
}

@InputType({ description: 'Which contributions are summed: each field given must match (absent: no condition)' })
export class FundingTotalsFilter {
  @Field(() => ID, { nullable: true, description: "Only this library's (its slug); required of a library's admins, naming their own library" })
  @IsOptional()
  libraryId?: string;

  @Field(() => ID, { nullable: true, description: "Only this funder's (the partner's id); required of a partner, naming itself" })
  @IsOptional()
  partnerId?: string;

  @Field(() => Int, { nullable: true, description: 'Only money received in this year (1900–2200)' })
  @IsOptional()
  @Min(1900)
  @Max(2200)
  year?: number;

  @Field(() => FundingSource, { nullable: true, description: 'Only money from this kind of source' })
  @IsOptional()
  source?: FundingSource;
}

@ArgsType()
export class FundingListArgs extends ConnectionArgs {
  @Field(() => Int, { nullable: true, description: 'Only contributions received in this year' })
  year?: number;
}
