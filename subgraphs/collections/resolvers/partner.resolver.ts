import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { deny, STAFF_ROLES, type Identity } from '../../../shared/auth';
import { ConnectionArgs, normalisePage } from '../../../shared/pagination';
import { todayIn } from '../../../shared/time';
import { now } from '../../../shared/clock';
import type { CollectionsContext } from '../context';
import { Partner } from '../entities/partner.stub';
import { LoanConnection } from './connections';
import { InstitutionLoanCounts } from './indicators.types';

/**
 * Who sees what was lent to a partner through its institution members: the partner itself, the
 * staff of a library where it holds an institution card (their own library's loans), ADMIN; and
 * GOVERNMENT the counts. Returns '' (all loans) or the library the caller's view is limited to.
 */
async function loanScope(identity: Identity, partner: Partner, ctx: CollectionsContext, countsOnly: boolean): Promise<string> {
  if (identity.role === 'ADMIN') return '';
  if (identity.role === 'PARTNER' && identity.partnerId === partner.id) return '';
  if (countsOnly && identity.role === 'GOVERNMENT') return '';
  if (STAFF_ROLES.includes(identity.role)) {
    const libraries = await ctx.loaders.institutionLibrariesByPartnerId.load(partner.id);
    if (libraries.includes(identity.libraryId!)) return identity.libraryId!;
  }
  deny(identity, countsOnly ? "A partner's loans are for the partner, its libraries' staff and GOVERNMENT" : "A partner's loans are for the partner and its libraries' staff");
}

/** Collections' fields on the partner (owned by partnerships). */
@Resolver(() => Partner)
export class PartnerResolver {
  @FieldResolver(() => LoanConnection, {
    nullable: true,
    description: "Copies lent to the partner through its institution members, oldest first (the partner, its libraries' staff, ADMIN)",
  })
  async institutionLoans(
    @Root() partner: Partner,
    @Args() args: ConnectionArgs,
    @Arg('openOnly', () => Boolean, { defaultValue: false, description: 'Only copies still out' }) openOnly: boolean,
    @Ctx() ctx: CollectionsContext,
  ) {
    const library = await loanScope(ctx.identity, partner, ctx, false);
    return ctx.loaders.loansByPartnerId.load({
      parentId: partner.id,
      page: normalisePage(args, ctx.config.maxPageSize),
      variant: `${library}|${openOnly ? 'open' : ''}`,
    });
  }

  @FieldResolver(() => InstitutionLoanCounts, {
    nullable: true,
    description: "How many copies were lent to the partner, are out, are overdue (the partner, its libraries' staff, GOVERNMENT, ADMIN)",
  })
  async institutionLoanCounts(@Root() partner: Partner, @Ctx() ctx: CollectionsContext): Promise<InstitutionLoanCounts> {
    const library = await loanScope(ctx.identity, partner, ctx, true);
    const mine = (libraryId: string) => !library || libraryId === library;
    const totals = (await ctx.loaders.partnerLoanTotalsByPartnerId.load(partner.id)).filter((r) => mine(r.libraryId));
    const open = (await ctx.loaders.openPartnerLoansByPartnerId.load(partner.id)).filter((r) => mine(r.libraryId));
    let overdue = 0;
    for (const row of open) {
      const { timezone } = await ctx.calendar.get(row.libraryId);
      if (row.dueOn < todayIn(timezone, now())) overdue += row.n;
    }
    return {
      loans: totals.reduce((sum, r) => sum + r.n, 0),
      open: open.reduce((sum, r) => sum + r.n, 0),
      overdue,
    };
  }
}
