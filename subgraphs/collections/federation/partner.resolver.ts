import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, normalisePage } from '../../../shared/platform/pagination';
import { LoanConnection } from '../circulation/circulation.types';
import type { CollectionsContext } from '../context';
import { InstitutionLoanCounts } from './federation.types';
import { Partner } from './partner.stub';
import { institutionLoanCounts, loanScope, partnerLoansVariant } from './partner.service';

/** Collections' fields on the partner (owned by partnerships). Who sees which libraries' loans: partner.service.ts `loanScope`. */
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
    const libraries = await loanScope(ctx.identity, partner, ctx.loaders, 'RECORDS');
    return ctx.loaders.loansByPartnerId.load({
      parentId: partner.id,
      page: normalisePage(args, ctx.config.maxPageSize),
      variant: partnerLoansVariant(libraries, openOnly),
    });
  }

  @FieldResolver(() => InstitutionLoanCounts, {
    nullable: true,
    description:
      "How many copies were lent to the partner, are out, are overdue (the partner; its libraries' staff — their own library's —; GOVERNMENT — a province-scoped token its province's libraries' —; ADMIN)",
  })
  async institutionLoanCounts(@Root() partner: Partner, @Ctx() ctx: CollectionsContext): Promise<InstitutionLoanCounts> {
    return institutionLoanCounts({ identity: ctx.identity, loaders: ctx.loaders, calendars: ctx.calendar }, partner);
  }
}
