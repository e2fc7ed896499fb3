import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../../shared/platform/errors';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';
import { normalisePage } from '../../../shared/platform/pagination';
import { isPartnerSelf, partnerListLibraries, requireAgreementAccess, requirePartnerListAccess } from '../access';
import { Agreement } from '../agreements/agreement.entity';
import type { PartnershipsContext } from '../context';
import { Librarian } from '../federation/librarian.stub';
import { Library } from '../federation/library.stub';
import { TrainingProgramme } from '../federation/training-programme.stub';
import { listFilter } from '../list-filter';
import { Partner } from '../partners/partner.entity';
import { PartnershipProgramme, PartnershipProgrammeKind } from './partnership-programme.entity';
import { CancelPartnershipProgrammeArgs, CompletePartnershipProgrammeInput, CreatePartnershipProgrammeInput, ProgrammeListArgs } from './programme.inputs';
import { cancelPartnershipProgramme, completePartnershipProgramme, confirmPartnershipProgramme, createPartnershipProgramme, startPartnershipProgramme } from './programme.service';
import { PartnershipProgrammeConnection } from './programme.types';

@Resolver(() => PartnershipProgramme)
export class PartnershipProgrammeResolver {
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'PARTNER', 'GOVERNMENT', 'ADMIN')
  @Query(() => PartnershipProgramme, { nullable: true, description: "One programme (its library's staff, the partner, GOVERNMENT of its province, ADMIN)" })
  async partnershipProgramme(
    @Arg('id', () => ID, { description: "The programme's id" }) id: string,
    @Ctx() { identity, loaders }: PartnershipsContext,
  ): Promise<PartnershipProgramme> {
    const programme = await loaders.programmeById.load(id);
    if (!programme) throw new NotFoundError('PartnershipProgramme', id);
    requireAgreementAccess(identity, programme);
    return programme;
  }

  @FieldResolver(() => Agreement, { description: 'The agreement the programme runs under' })
  async agreement(@Root() programme: PartnershipProgramme, @Ctx() { loaders }: PartnershipsContext): Promise<Agreement> {
    return (await loaders.agreementById.load(programme.agreementId))!;
  }

  @FieldResolver(() => Partner, { description: 'The partner (for a school: collections adds what was lent to it, Partner.institutionLoans)' })
  async partner(@Root() programme: PartnershipProgramme, @Ctx() { loaders }: PartnershipsContext): Promise<Partner> {
    return (await loaders.partnerById.load(programme.partnerId))!;
  }

  @FieldResolver(() => Library, { description: "The library (the agreement's library)" })
  library(@Root() programme: PartnershipProgramme): Library {
    return { id: programme.libraryId };
  }

  @FieldResolver(() => [Librarian], { description: 'Librarians taking part (going on the visit …)' })
  async librarians(@Root() programme: PartnershipProgramme, @Ctx() { loaders }: PartnershipsContext): Promise<Librarian[]> {
    return (await loaders.librariansByProgrammeId.load(programme.id)).map((l) => ({ id: l.librarianId }));
  }

  /** Whoever may read the programme (it is only ever returned to them). */
  @FieldResolver(() => Int, {
    nullable: true,
    description: "SCHOOL_LENDING: copies the library lent to the school's institution cards between the programme's start and end dates (collections' loans); null for other kinds",
  })
  async copiesLent(@Root() programme: PartnershipProgramme, @Ctx() { loaders }: PartnershipsContext): Promise<number | null> {
    if (programme.kind !== PartnershipProgrammeKind.SCHOOL_LENDING) return null;
    return loaders.copiesLent.load(programme);
  }

  @FieldResolver(() => TrainingProgramme, { nullable: true, description: 'The training programme a workshop or seminar is given as' })
  trainingProgramme(@Root() programme: PartnershipProgramme): TrainingProgramme | null {
    return programme.trainingProgrammeId ? { id: programme.trainingProgrammeId } : null;
  }

  /** The library's admins or ADMIN (PLANNED), the partner (PROPOSED): programme.service.ts `createPartnershipProgramme`. */
  @Authorized('LIBRARY_ADMIN', 'PARTNER', 'ADMIN')
  @Mutation(() => PartnershipProgramme, {
    nullable: true,
    description: "Plan a programme under an agreement (the library's admins, ADMIN: PLANNED) or propose one (the partner: PROPOSED)",
  })
  async createPartnershipProgramme(
    @Arg('input', () => CreatePartnershipProgrammeInput, { description: 'The programme to plan or propose' }) input: CreatePartnershipProgrammeInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() { identity, db, config, calendar }: PartnershipsContext,
  ): Promise<PartnershipProgramme> {
    return createPartnershipProgramme({ identity, db, config, calendar }, input, idempotencyKey);
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => PartnershipProgramme, { nullable: true, description: "Confirm a programme the partner proposed: PROPOSED → PLANNED (the library's admins, ADMIN)" })
  async confirmPartnershipProgramme(@Arg('id', () => ID, { description: "The programme's id" }) id: string, @Ctx() ctx: PartnershipsContext) {
    return confirmPartnershipProgramme(ctx, id);
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => PartnershipProgramme, { nullable: true, description: "PLANNED → IN_PROGRESS (the library's admins, ADMIN)" })
  async startPartnershipProgramme(@Arg('id', () => ID, { description: "The programme's id" }) id: string, @Ctx() ctx: PartnershipsContext) {
    return startPartnershipProgramme(ctx, id);
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => PartnershipProgramme, {
    nullable: true,
    description: "PLANNED or IN_PROGRESS → COMPLETED, recording the outcomes (the library's admins, ADMIN); a lending programme needs itemsCount",
  })
  async completePartnershipProgramme(
    @Arg('id', () => ID, { description: "The programme's id" }) id: string,
    @Arg('outcome', () => CompletePartnershipProgrammeInput, { description: 'What the programme achieved' }) outcome: CompletePartnershipProgrammeInput,
    @Ctx() ctx: PartnershipsContext,
  ) {
    return completePartnershipProgramme(ctx, id, outcome);
  }

  @Authorized('LIBRARY_ADMIN', 'PARTNER', 'ADMIN')
  @Mutation(() => PartnershipProgramme, { nullable: true, description: "Cancel a programme that is not final (the library's admins, the partner, ADMIN)" })
  async cancelPartnershipProgramme(@Args(() => CancelPartnershipProgrammeArgs) { id, reason }: CancelPartnershipProgrammeArgs, @Ctx() { identity, db }: PartnershipsContext) {
    return cancelPartnershipProgramme(identity, db, id, reason);
  }
}

@Resolver(() => Agreement)
export class AgreementProgrammesResolver {
  /** Whoever may see the agreement: checked again here, so no path to an agreement skips it. */
  @FieldResolver(() => [PartnershipProgramme], { nullable: true, description: 'The programmes run under the agreement, by start date' })
  async programmes(@Root() agreement: Agreement, @Ctx() { identity, loaders }: PartnershipsContext): Promise<PartnershipProgramme[]> {
    requireAgreementAccess(identity, agreement);
    return loaders.programmesByAgreementId.load(agreement.id);
  }
}

@Resolver(() => Partner)
export class PartnerProgrammesResolver {
  /**
   * The partner, ADMIN, a region-wide GOVERNMENT token see all; a province-scoped one its
   * province's libraries'; staff their own library's; a caller who could see none is refused.
   */
  @FieldResolver(() => PartnershipProgrammeConnection, {
    nullable: true,
    description: "Programmes with the partner, by start date (the partner, ADMIN, GOVERNMENT — a province-scoped token: its province's —; staff see their library's)",
  })
  async programmes(@Root() partner: Partner, @Args() args: ProgrammeListArgs, @Ctx() ctx: PartnershipsContext) {
    const linked = isPartnerSelf(ctx.identity, partner.id) ? [] : (await ctx.loaders.linksByPartnerId.load(partner.id)).map((l) => l.libraryId);
    requirePartnerListAccess(ctx.identity, partner.id, linked);
    return ctx.loaders.programmesByPartnerId.load({
      parentId: partner.id,
      page: normalisePage(args, ctx.config.maxPageSize),
      variant: listFilter({ kind: args.kind, status: args.status, libraryId: partnerListLibraries(ctx.identity, partner.id) }),
    });
  }
}
