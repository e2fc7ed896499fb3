import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { FundingContribution, FundingSource, RupiahScalar } from './funding-contribution.entity';

export enum FundingDimension {
  LIBRARY = 'LIBRARY',
  PARTNER = 'PARTNER',
  YEAR = 'YEAR',
  SOURCE = 'SOURCE',
}
registerEnumType(FundingDimension, { name: 'FundingDimension', description: 'What funding totals are grouped by' });

@ObjectType({ description: 'Funding summed over one group; the dimensions not grouped by are null' })
export class FundingTotal {
  libraryId: string | null;
  partnerId: string | null;

  @Field(() => Int, { nullable: true })
  year: number | null;

  @Field(() => FundingSource, { nullable: true })
  source: FundingSource | null;

  @Field(() => RupiahScalar, { description: 'Whole rupiah' })
  amount: number;

  @Field(() => Int)
  contributions: number;
}

@ObjectType()
export class FundingContributionConnection extends Connection(FundingContribution) {}
