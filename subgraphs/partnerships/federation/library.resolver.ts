import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../../../shared/platform/errors';
import { ConnectionArgs, normalisePage } from '../../../shared/platform/pagination';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { requireFundingAccess, requireLibraryAccess } from '../access';
import type { PartnershipsContext } from '../context';
import { FundingListArgs } from '../funding/funding.inputs';
import { FundingContributionConnection } from '../funding/funding.types';
import { PartnershipIndicators } from '../indicators/indicators.types';
import { InternshipListArgs } from '../internships/internship.inputs';
import { InternshipConnection } from '../internships/internship.types';
import { listFilter } from '../list-filter';
import { PartnerConnection } from '../partners/partner.types';
import { ProgrammeListArgs } from '../programmes/programme.inputs';
import { PartnershipProgrammeConnection } from '../programmes/programme.types';
import { Library } from './library.stub';

/** Every field here is nullable and checked through access.ts (`requireLibraryAccess`): a refusal leaves the rest of the answer. */
@Resolver(() => Library)
export class LibraryResolver {
  /** The library's own staff, GOVERNMENT and ADMIN; PUBLIC → UNAUTHENTICATED, anyone else → FORBIDDEN. */
  @FieldResolver(() => PartnerConnection, {
    nullable: true,
    description: 'The partners the library works with, by name (its staff, GOVERNMENT, ADMIN)',
  })
  async partners(@Root() library: Library, @Args() args: ConnectionArgs, @Ctx() ctx: PartnershipsContext) {
    requireLibraryAccess(ctx.identity, library.id);
    return ctx.loaders.partnersByLibraryId.load({ parentId: library.id, page: normalisePage(args, ctx.config.maxPageSize) });
  }

  /** Students' personal data: the library's staff, ADMIN. */
  @FieldResolver(() => InternshipConnection, { nullable: true, description: 'Interns the library hosts, by start date (its staff, ADMIN)' })
  async internships(@Root() library: Library, @Args() args: InternshipListArgs, @Ctx() ctx: PartnershipsContext) {
    requireLibraryAccess(ctx.identity, library.id, 'PERSONAL');
    return ctx.loaders.internshipsByLibraryId.load({
      parentId: library.id,
      page: normalisePage(args, ctx.config.maxPageSize),
      variant: listFilter({ status: args.status }),
    });
  }

  @FieldResolver(() => PartnershipProgrammeConnection, {
    nullable: true,
    description: "Programmes under the library's agreements, by start date (its staff, GOVERNMENT, ADMIN)",
  })
  async partnershipProgrammes(@Root() library: Library, @Args() args: ProgrammeListArgs, @Ctx() ctx: PartnershipsContext) {
    requireLibraryAccess(ctx.identity, library.id);
    return ctx.loaders.programmesByLibraryId.load({
      parentId: library.id,
      page: normalisePage(args, ctx.config.maxPageSize),
      variant: listFilter({ kind: args.kind, status: args.status }),
    });
  }

  @FieldResolver(() => FundingContributionConnection, {
    nullable: true,
    description: "Funding received, by date (the library's admins, GOVERNMENT, ADMIN)",
  })
  async fundingContributions(@Root() library: Library, @Args() args: FundingListArgs, @Ctx() ctx: PartnershipsContext) {
    requireFundingAccess(ctx.identity, library.id);
    return ctx.loaders.fundingByLibraryId.load({
      parentId: library.id,
      page: normalisePage(args, ctx.config.maxPageSize),
      variant: listFilter({ year: args.year }),
    });
  }

  /** The library's staff, GOVERNMENT, ADMIN. One set of grouped queries for every library in the request. */
  @FieldResolver(() => PartnershipIndicators, {
    nullable: true,
    description: 'Partnership figures for a period, both dates included (its staff, GOVERNMENT, ADMIN)',
  })
  async partnershipIndicators(
    @Root() library: Library,
    @Arg('from', () => CalendarDateScalar, { description: "The period's first day (a calendar date in the library's time zone)" }) from: string,
    @Arg('to', () => CalendarDateScalar, { description: "The period's last day, included; not before from" }) to: string,
    @Ctx() ctx: PartnershipsContext,
  ): Promise<PartnershipIndicators> {
    requireLibraryAccess(ctx.identity, library.id);
    if (to < from) throw new BadUserInputError('to', 'to must not be before from');
    // "Today" (what is still ahead is not recorded) in the library's own zone, as the regional row does.
    return ctx.loaders.indicatorsByLibrary.load({ libraryId: library.id, from, to, timezoneOf: async (id) => (await ctx.calendar.get(id)).timezone });
  }
}
