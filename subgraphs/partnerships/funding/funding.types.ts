import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { FundingContribution, FundingSource, RupiahScalar } from './funding-contribution.entity';

export enum FundingDimension {
  LIBRARY = 'LIBRARY',
  PARTNER = 'PARTNER',
  YEAR = 'YEAR',
  SOURCE = 'SOURCE',
}
registerEnumType(FundingDimension, {
  name: 'FundingDimension',
  description: 'What funding totals are grouped by',
  valuesConfig: {
    LIBRARY: { description: 'One total per receiving library' },
    PARTNER: { description: 'One total per funder (partner)' },
    YEAR: { description: 'One total per year the money was received in' },
    SOURCE: { description: 'One total per FundingSource' },
  },
});

@ObjectType({ description: 'Funding summed over one group; the dimensions not grouped by are null' })
export class FundingTotal {
  libraryId: string | null;
  partnerId: string | null;

  @Field(() => Int, { nullable: true, description: 'The year the money was received in, when grouped by YEAR; null otherwise' })
  year: number | null;

  @Field(() => FundingSource, { nullable: true, description: 'The source, when grouped by SOURCE; null otherwise' })
  source: FundingSource | null;

  @Field(() => RupiahScalar, { description: 'Whole rupiah' })
  amount: number;

  @Field(() => Int, { description: 'How many contributions the total sums (at least 1: groups without any are not listed)' })
  contributions: number;
}

@ObjectType({ description: "A page of a library's funding contributions, by the day received" })
export class FundingContributionConnection extends Connection(FundingContribution) {}
