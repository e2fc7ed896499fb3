import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';
import { ConnectionArgs, normalisePage } from '../../../shared/platform/pagination';
import { requireAggregateAccess, requireProgrammeAdmin } from '../access';
import { CompetencyUnit } from '../career/career.types';
import type { StaffContext } from '../context';
import { Partner } from '../federation/partner.stub';
import { Library } from '../libraries/library.entity';
import { TrainingInstructor } from './training-instructor.entity';
import { TrainingProgramme } from './training-programme.entity';
import { addTrainingSession, completeTrainingProgramme, createTrainingProgramme, openTrainingProgramme, visibleProgramme } from './training-programme.service';
import { TrainingSession } from './training-session.entity';
import { AddTrainingSessionInput, CreateTrainingProgrammeInput } from './training.inputs';
import { TrainingEnrolmentConnection, TrainingEvaluationSummary } from './training.types';

@Resolver(() => TrainingProgramme)
export class TrainingProgrammeResolver {
  /** Public, like the library's programme list; a draft is NOT_FOUND outside its library's staff, GOVERNMENT and ADMIN. */
  @Query(() => TrainingProgramme, {
    nullable: true,
    description: "One training programme (public; a draft only for its library's staff, GOVERNMENT of its province, ADMIN — NOT_FOUND for others)",
  })
  trainingProgramme(@Arg('id', () => ID, { description: "The programme's id" }) id: string, @Ctx() ctx: StaffContext): Promise<TrainingProgramme> {
    return visibleProgramme(id, ctx);
  }

  @FieldResolver(() => Library, { description: 'The library that runs the programme' })
  async library(@Root() programme: TrainingProgramme, @Ctx() { loaders }: StaffContext): Promise<Library> {
    return (await loaders.libraryById.load(programme.libraryId))!;
  }

  @FieldResolver(() => Partner, { nullable: true, description: 'The partner giving the programme (provider PARTNER)' })
  partner(@Root() programme: TrainingProgramme): Partner | null {
    return programme.partnerId ? { id: programme.partnerId } : null;
  }

  @FieldResolver(() => Int, { description: 'Places taken (enrolled, completed or not completed; withdrawals free theirs)' })
  enrolledCount(@Root() programme: TrainingProgramme, @Ctx() { loaders }: StaffContext): Promise<number> {
    return loaders.enrolledCountByProgrammeId.load(programme.id);
  }

  @FieldResolver(() => Int, { description: 'capacity - enrolledCount' })
  async placesLeft(@Root() programme: TrainingProgramme, @Ctx() { loaders }: StaffContext): Promise<number> {
    return Math.max(0, programme.capacity - (await loaders.enrolledCountByProgrammeId.load(programme.id)));
  }

  @FieldResolver(() => [CompetencyUnit], { description: 'Competency units (SKKNI) the programme covers; gained on completion' })
  async competencyUnits(@Root() programme: TrainingProgramme, @Ctx() { loaders }: StaffContext): Promise<CompetencyUnit[]> {
    const codes = await loaders.unitCodesByProgrammeId.load(programme.id);
    return (await loaders.competencyUnitByCode.loadMany(codes.map((c) => c.unitCode))).filter((u): u is CompetencyUnit => !!u && !(u instanceof Error));
  }

  @FieldResolver(() => [TrainingInstructor], { description: 'Who teaches the programme (public)' })
  instructors(@Root() programme: TrainingProgramme, @Ctx() { loaders }: StaffContext): Promise<TrainingInstructor[]> {
    return loaders.instructorsByProgrammeId.load(programme.id);
  }

  @FieldResolver(() => [TrainingSession], { description: 'Sessions by start time (public; the online link for staff)' })
  sessions(@Root() programme: TrainingProgramme, @Ctx() { loaders }: StaffContext): Promise<TrainingSession[]> {
    return loaders.sessionsByProgrammeId.load(programme.id);
  }

  @FieldResolver(() => TrainingEnrolmentConnection, {
    nullable: true,
    description: "Who enrolled, by enrolment time (the programme library's admins, ADMIN)",
  })
  enrolments(@Root() programme: TrainingProgramme, @Args() args: ConnectionArgs, @Ctx() ctx: StaffContext) {
    requireProgrammeAdmin(ctx.identity, programme);
    return ctx.loaders.enrolmentsByProgrammeId.load({ parentId: programme.id, page: normalisePage(args, ctx.config.maxPageSize) });
  }

  @FieldResolver(() => TrainingEvaluationSummary, {
    nullable: true,
    description: "Participants' ratings, averaged, comments unattributed (the programme library's admins, GOVERNMENT, ADMIN)",
  })
  evaluationSummary(@Root() programme: TrainingProgramme, @Ctx() { identity, loaders }: StaffContext) {
    requireAggregateAccess(identity, programme.libraryId);
    return loaders.evaluationByProgrammeId.load(programme.id);
  }

  /** LIBRARY_ADMIN of the programme's library, or ADMIN: training-programme.service.ts `createTrainingProgramme`. */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => TrainingProgramme, { nullable: true, description: 'Plan a training programme, as DRAFT (LIBRARY_ADMIN of the library, ADMIN)' })
  async createTrainingProgramme(
    @Arg('input', () => CreateTrainingProgrammeInput, { description: 'The programme to plan' }) input: CreateTrainingProgrammeInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<TrainingProgramme> {
    return createTrainingProgramme(ctx, input, idempotencyKey);
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => TrainingProgramme, { nullable: true, description: "Open a DRAFT programme for enrolment (the programme library's LIBRARY_ADMIN, ADMIN)" })
  async openTrainingProgramme(@Arg('id', () => ID, { description: "The programme's id" }) id: string, @Ctx() ctx: StaffContext): Promise<TrainingProgramme> {
    return openTrainingProgramme(ctx, id);
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => TrainingSession, { nullable: true, description: "Schedule a session, in a place or online (the programme library's LIBRARY_ADMIN, ADMIN)" })
  async addTrainingSession(
    @Arg('programmeId', () => ID, { description: "The programme's id; not COMPLETED or CANCELLED" }) programmeId: string,
    @Arg('input', () => AddTrainingSessionInput, { description: 'The session to schedule' }) input: AddTrainingSessionInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<TrainingSession> {
    return addTrainingSession(ctx, programmeId, input, idempotencyKey);
  }

  /** Certificates, hours and competency units for who attended enough: training-programme.service.ts `completeTrainingProgramme`. */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => TrainingProgramme, {
    nullable: true,
    description: "Complete a programme, from its last day in the library's zone: certificates for who attended enough (the programme library's LIBRARY_ADMIN, ADMIN)",
  })
  async completeTrainingProgramme(@Arg('id', () => ID, { description: "The programme's id" }) id: string, @Ctx() ctx: StaffContext): Promise<TrainingProgramme> {
    return completeTrainingProgramme(ctx, id);
  }
}
