import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { deny, type Identity } from '../../../shared/auth';
import { ConnectionArgs, normalisePage } from '../../../shared/pagination';
import { todayIn } from '../../../shared/time';
import { now } from '../../../shared/clock';
import { visibleAmong, visibleLibraries, type Records } from '../access';
import type { CollectionsContext } from '../context';
import { Partner } from '../entities/partner.stub';
import { LoanConnection } from './connections';
import { InstitutionLoanCounts } from './indicators.types';

/**
 * Which libraries' loans to a partner's institution cards the caller sees: all of them for the
 * partner itself; otherwise those of access.visibleLibraries among the libraries where it holds a
 * card — the copies (RECORDS) for the lending library's staff and ADMIN, the counts (FIGURES) also
 * for GOVERNMENT, a province-scoped token its province's libraries only. A caller who may see none
 * of them is refused, never answered with an empty list or zero counts that read as "nothing
 * lent". Returns undefined for all libraries, else the (non-empty) list to filter by.
 */
async function loanScope(identity: Identity, partner: Partner, ctx: CollectionsContext, records: Records): Promise<readonly string[] | undefined> {
  if (identity.role === 'PARTNER' && identity.partnerId === partner.id) return undefined;
  if (visibleLibraries(identity, records) === 'ALL') return undefined;
  const libraries = visibleAmong(identity, await ctx.loaders.institutionLibrariesByPartnerId.load(partner.id), records);
  if (libraries === undefined || libraries.length) return libraries;
  if (identity.role === 'GOVERNMENT' && records === 'FIGURES') deny(identity, 'This token covers another province');
  deny(
    identity,
    records === 'FIGURES' ? "A partner's loans are for the partner, its libraries' staff, GOVERNMENT and ADMIN" : "A partner's loans are for the partner, its libraries' staff and ADMIN",
  );
}

/** Collections' fields on the partner (owned by partnerships). */
@Resolver(() => Partner)
export class PartnerResolver {
  @FieldResolver(() => LoanConnection, {
    nullable: true,
    description: "Copies lent to the partner through its institution members, oldest first (the partner, its libraries' staff — their own library's —, ADMIN)",
  })
  async institutionLoans(
    @Root() partner: Partner,
    @Args() args: ConnectionArgs,
    @Arg('openOnly', () => Boolean, { defaultValue: false, description: 'Only copies still out' }) openOnly: boolean,
    @Ctx() ctx: CollectionsContext,
  ) {
    const libraries = await loanScope(ctx.identity, partner, ctx, 'RECORDS');
    return ctx.loaders.loansByPartnerId.load({
      parentId: partner.id,
      page: normalisePage(args, ctx.config.maxPageSize),
      variant: `${libraries ? [...libraries].sort().join(',') : ''}|${openOnly ? 'open' : ''}`,
    });
  }

  @FieldResolver(() => InstitutionLoanCounts, {
    nullable: true,
    description:
      "How many copies were lent to the partner, are out, are overdue (the partner; its libraries' staff — their own library's —; GOVERNMENT — a province-scoped token its province's libraries' —; ADMIN)",
  })
  async institutionLoanCounts(@Root() partner: Partner, @Ctx() ctx: CollectionsContext): Promise<InstitutionLoanCounts> {
    const libraries = await loanScope(ctx.identity, partner, ctx, 'FIGURES');
    const mine = (libraryId: string) => !libraries || libraries.includes(libraryId);
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
