import { Field, Int, ObjectType } from 'type-graphql';
import { KeyCount } from '../../../shared/platform/types';
import { RupiahScalar } from '../funding/funding-contribution.entity';

@ObjectType({ description: "A library's partnership figures for a period (its staff, GOVERNMENT, ADMIN)" })
export class PartnershipIndicators {
  @Field(() => Int, { description: 'Partners with a signed agreement in force for part of the period' })
  activePartners: number;

  @Field(() => [KeyCount], { description: 'activePartners by PartnerKind' })
  partnersByKind: KeyCount[];

  @Field(() => Int, { description: 'Signed agreements in force for part of the period (terminated ones excluded)' })
  activeAgreements: number;

  @Field(() => Int, { description: 'School visits completed in the period' })
  schoolVisits: number;

  @Field(() => Int, { description: 'Students reached by school visits and lending programmes completed in the period' })
  studentsReached: number;

  @Field(() => Int, { description: 'Copies lent to schools by lending programmes completed in the period' })
  copiesLentToSchools: number;

  @Field(() => Int, { description: 'Interns active or completed during the period' })
  internsHosted: number;

  @Field(() => RupiahScalar, { description: 'Funding received in the period, whole rupiah' })
  fundingReceived: number;
}
