import { Field, Int, ObjectType } from 'type-graphql';
import { DataCoverage } from '../../../shared/domain/regional-contribution';
import { KeyCount } from '../../../shared/platform/types';
import { RupiahScalar } from '../funding/funding-contribution.entity';

/** Said once for every figure that can be missing. */
const UNRECORDED = "null for a period that ends before the library's first recorded partnership fact (coverage)";
const NOT_YET = `null for a period that starts after today (not happened yet) or that ends before the library's first recorded partnership fact (coverage)`;

@ObjectType({
  description:
    "A library's partnership figures for a period (its staff, GOVERNMENT, ADMIN). A figure is null when nothing was recorded for it in the period " +
    '(before the library’s partnership records begin; what is completed or received, in a period that starts after today): a 0 is a real zero',
})
export class PartnershipIndicators {
  @Field(() => DataCoverage, {
    nullable: true,
    description: "From the library's first recorded agreement, programme, internship or funding to the last closed day (yesterday); null when none began before today",
  })
  coverage: DataCoverage | null;

  @Field(() => Int, {
    nullable: true,
    description: `Partners with a signed agreement in force for part of the period (agreements run ahead, so a future period counts them); ${UNRECORDED}`,
  })
  activePartners: number | null;

  @Field(() => [KeyCount], { description: 'activePartners by PartnerKind (empty when activePartners is null)' })
  partnersByKind: KeyCount[];

  @Field(() => Int, { nullable: true, description: `Signed agreements in force for part of the period (terminated ones excluded); ${UNRECORDED}` })
  activeAgreements: number | null;

  @Field(() => Int, { nullable: true, description: `School visits completed in the period; ${NOT_YET}` })
  schoolVisits: number | null;

  @Field(() => Int, { nullable: true, description: `Students reached by school visits and lending programmes completed in the period; ${NOT_YET}` })
  studentsReached: number | null;

  @Field(() => Int, { nullable: true, description: `Copies lent to schools by lending programmes completed in the period; ${NOT_YET}` })
  copiesLentToSchools: number | null;

  @Field(() => Int, { nullable: true, description: `Interns active or completed during the period; ${NOT_YET}` })
  internsHosted: number | null;

  @Field(() => RupiahScalar, { nullable: true, description: `Funding received in the period, whole rupiah; ${NOT_YET}` })
  fundingReceived: number | null;
}
