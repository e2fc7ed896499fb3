import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, normalisePage } from '../../../shared/pagination';
import { requirePartnerProgrammesAccess } from '../access';
import type { StaffContext } from '../context';
import { Partner } from '../entities/partner.stub';
import { TrainingProgrammeConnection } from './library.resolver';

@Resolver(() => Partner)
export class PartnerResolver {
  @FieldResolver(() => TrainingProgrammeConnection, {
    nullable: true,
    description: 'Programmes the partner provides, by start date, with enrolment counts; drafts for GOVERNMENT and ADMIN (the partner itself, library staff, GOVERNMENT, ADMIN)',
  })
  trainingProgrammes(@Root() partner: Partner, @Args() args: ConnectionArgs, @Ctx() ctx: StaffContext) {
    requirePartnerProgrammesAccess(ctx.identity, partner.id);
    // drafts (still the library's plans) only for GOVERNMENT and ADMIN, who see every library's
    const variant = ctx.identity.role === 'GOVERNMENT' || ctx.identity.role === 'ADMIN' ? 'all' : 'public';
    return ctx.loaders.programmesByPartnerId.load({ parentId: partner.id, page: normalisePage(args, ctx.config.maxPageSize), variant });
  }
}
