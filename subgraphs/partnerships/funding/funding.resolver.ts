import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';
import type { PartnershipsContext } from '../context';
import { Library } from '../federation/library.stub';
import { Partner } from '../partners/partner.entity';
import { FundingContribution } from './funding-contribution.entity';
import { FundingTotalsFilter, RecordFundingContributionInput } from './funding.inputs';
import { fundingTotals, recordFundingContribution } from './funding.service';
import { FundingDimension, FundingTotal } from './funding.types';

@Resolver(() => FundingContribution)
export class FundingResolver {
  @FieldResolver(() => Library, { description: 'The library that received the money' })
  library(@Root() f: FundingContribution): Library {
    return { id: f.libraryId };
  }

  @FieldResolver(() => Partner, { description: 'The funder' })
  async partner(@Root() f: FundingContribution, @Ctx() { loaders }: PartnershipsContext): Promise<Partner> {
    return (await loaders.partnerById.load(f.partnerId))!;
  }

  /** The library's LIBRARY_ADMIN, ADMIN, from a partner the library works with: funding.service.ts `recordFundingContribution`. */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => FundingContribution, {
    nullable: true,
    description:
      "Record money received (receivedOn today or earlier in the library's zone) from a government programme or a private stakeholder the library works with (the library's admins, ADMIN)",
  })
  async recordFundingContribution(
    @Arg('input', () => RecordFundingContributionInput, { description: 'The contribution to record' }) input: RecordFundingContributionInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() { identity, db, calendar }: PartnershipsContext,
  ): Promise<FundingContribution> {
    return recordFundingContribution(identity, db, input, calendar, idempotencyKey);
  }

  /** GOVERNMENT, ADMIN; a library's admins and a partner for their own: funding.service.ts `fundingTotals`. */
  @Authorized('LIBRARY_ADMIN', 'PARTNER', 'GOVERNMENT', 'ADMIN')
  @Query(() => [FundingTotal], {
    nullable: true,
    description:
      "Funding totals grouped by library, partner, year and/or source (GOVERNMENT — a province-scoped token: its province's libraries —, ADMIN; a library's admins for filter.libraryId = their library; a partner for filter.partnerId = itself)",
  })
  async fundingTotals(
    @Arg('groupBy', () => [FundingDimension], { description: 'The dimensions to group by; an empty list sums everything the filter keeps into one total' })
    groupBy: FundingDimension[],
    @Arg('filter', () => FundingTotalsFilter, { nullable: true, defaultValue: {}, description: 'Which contributions to sum (default: all the caller may see)' })
    filter: FundingTotalsFilter,
    @Ctx() { identity, db }: PartnershipsContext,
  ): Promise<FundingTotal[]> {
    return fundingTotals(identity, db, groupBy, filter);
  }
}

@Resolver(() => FundingTotal)
export class FundingTotalResolver {
  @FieldResolver(() => Library, { nullable: true, description: 'The library, when grouped by LIBRARY; null otherwise' })
  library(@Root() t: FundingTotal): Library | null {
    return t.libraryId ? { id: t.libraryId } : null;
  }

  @FieldResolver(() => Partner, { nullable: true, description: 'The funder, when grouped by PARTNER; null otherwise' })
  async partner(@Root() t: FundingTotal, @Ctx() { loaders }: PartnershipsContext): Promise<Partner | null> {
    return t.partnerId ? loaders.partnerById.load(t.partnerId) : null;
  }
}
