import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, normalisePage } from '../../../shared/platform/pagination';
import { programmeVariant, requirePartnerProgrammesAccess } from '../access';
import type { StaffContext } from '../context';
import { TrainingProgrammeConnection } from '../training/training.types';
import { Partner } from './partner.stub';

@Resolver(() => Partner)
export class PartnerResolver {
  @FieldResolver(() => TrainingProgrammeConnection, {
    nullable: true,
    description:
      "Programmes the partner provides, by start date, with enrolment counts (the partner itself, library staff, GOVERNMENT, ADMIN); drafts only of the libraries whose drafts the caller sees (their own library's staff, GOVERNMENT of its province, ADMIN)",
  })
  trainingProgrammes(@Root() partner: Partner, @Args() args: ConnectionArgs, @Ctx() ctx: StaffContext) {
    requirePartnerProgrammesAccess(ctx.identity, partner.id);
    // Drafts are still the library's plans: only those of access.visibleLibraries, as on every other path.
    return ctx.loaders.programmesByPartnerId.load({
      parentId: partner.id,
      page: normalisePage(args, ctx.config.maxPageSize),
      variant: programmeVariant(ctx.identity),
    });
  }
}
