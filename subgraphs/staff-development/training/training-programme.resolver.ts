import { randomUUID } from 'node:crypto';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { In } from 'typeorm';
import { requireStaffOf } from '../../../shared/auth';
import { transaction } from '../../../shared/database';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/errors';
import { ConnectionArgs, normalisePage } from '../../../shared/pagination';
import { addDays } from '../../../shared/time';
import { canSeeDraftProgrammes, requireAggregateAccess, requireProgrammeAdmin } from '../access';
import { COMPETENCY_UNIT_BY_CODE } from '../competency-units';
import type { StaffContext } from '../context';
import { LibrarianCompetency, AssessmentMethod } from '../entities/librarian-competency.entity';
import { Library } from '../entities/library.entity';
import { Partner } from '../entities/partner.stub';
import { SessionAttendance } from '../entities/session-attendance.entity';
import { TrainingEnrolment, TrainingEnrolmentStatus } from '../entities/training-enrolment.entity';
import { ProgrammeCompetency, ProgrammeInstructor, TrainingInstructor } from '../entities/training-instructor.entity';
import { ProgrammeStatus, TrainingMethod, TrainingProgramme, TrainingProvider } from '../entities/training-programme.entity';
import { TrainingSession } from '../entities/training-session.entity';
import { CompetencyUnit, TrainingEvaluationSummary } from '../types';
import { lockProgramme } from '../util';
import { requirePartnerOfLibrary } from '../links';
import { TrainingEnrolmentConnection } from './connections';
import { AddTrainingSessionInput, CreateTrainingProgrammeInput, UNIT_CODE } from './training-programme.inputs';

/** The programme, unless it does not exist or is a draft the caller may not see (NOT_FOUND both). */
export async function visibleProgramme(id: string, { identity, loaders }: StaffContext): Promise<TrainingProgramme> {
  const programme = await loaders.programmeById.load(id);
  // A SERVICE caller runs only TrainingProgrammeLibraries here (id and library): drafts included,
  // so partnerships can check a draft programme belongs to the agreement's library.
  const hidden = programme?.status === ProgrammeStatus.DRAFT && identity.role !== 'SERVICE' && !canSeeDraftProgrammes(identity, programme.libraryId);
  if (!programme || hidden) {
    throw new NotFoundError('TrainingProgramme', id);
  }
  return programme;
}

/** The last day to enrol: the programme's own, else the day before it starts. */
export const enrolmentClosesOn = (p: TrainingProgramme) => p.enrolmentClosesOn ?? addDays(p.startsOn, -1);

@Resolver(() => TrainingProgramme)
export class TrainingProgrammeResolver {
  /** Public, like the library's programme list; a draft is NOT_FOUND outside its library's staff, GOVERNMENT and ADMIN. */
  @Query(() => TrainingProgramme, {
    nullable: true,
    description: "One training programme (public; a draft only for its library's staff, GOVERNMENT of its province, ADMIN — NOT_FOUND for others)",
  })
  trainingProgramme(@Arg('id', () => ID) id: string, @Ctx() ctx: StaffContext): Promise<TrainingProgramme> {
    return visibleProgramme(id, ctx);
  }

  @FieldResolver(() => Library)
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
    return (await loaders.unitCodesByProgrammeId.load(programme.id)).map((c) => COMPETENCY_UNIT_BY_CODE.get(c.unitCode)!).filter(Boolean);
  }

  @FieldResolver(() => [TrainingInstructor])
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

  /** LIBRARY_ADMIN of the programme's library, or ADMIN. The programme opens as DRAFT. */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => TrainingProgramme, { nullable: true, description: 'Plan a training programme, as DRAFT (LIBRARY_ADMIN of the library, ADMIN)' })
  async createTrainingProgramme(
    @Arg('input', () => CreateTrainingProgrammeInput) input: CreateTrainingProgrammeInput,
    @Ctx() { identity, db, loaders, config }: StaffContext,
  ): Promise<TrainingProgramme> {
    requireStaffOf(identity, input.libraryId, ['LIBRARY_ADMIN']);
    if (!(await loaders.libraryById.load(input.libraryId))) throw new NotFoundError('Library', input.libraryId);
    if (input.endsOn < input.startsOn) throw new BadUserInputError('endsOn', 'endsOn must not be before startsOn');
    const provider = input.provider ?? TrainingProvider.LIBRARY;
    if ((provider === TrainingProvider.PARTNER) !== Boolean(input.partnerId)) {
      throw new BadUserInputError('partnerId', 'partnerId is given exactly when the provider is PARTNER');
    }
    if (input.enrolmentClosesOn && input.enrolmentClosesOn > input.endsOn) {
      throw new BadUserInputError('enrolmentClosesOn', 'Enrolment must close by the last day');
    }
    if (input.enrolmentOpensOn && input.enrolmentOpensOn > (input.enrolmentClosesOn ?? addDays(input.startsOn, -1))) {
      throw new BadUserInputError('enrolmentOpensOn', 'Enrolment must open before it closes');
    }
    const codes = [...new Set(input.competencyUnitCodes ?? [])];
    const unknownCode = codes.find((c) => !UNIT_CODE.test(c) || !COMPETENCY_UNIT_BY_CODE.has(c));
    if (unknownCode) throw new BadUserInputError('competencyUnitCodes', `${unknownCode} is not a known competency unit`);
    const instructorIds = [...new Set(input.instructorIds ?? [])];
    const instructors = await Promise.all(instructorIds.map((id) => loaders.instructorById.load(id)));
    if (instructors.some((i) => !i)) throw new BadUserInputError('instructorIds', 'Unknown instructor');
    // The providing partner must work with the library: asked of partnerships before the transaction.
    if (input.partnerId) await requirePartnerOfLibrary(config, input.libraryId, input.partnerId);

    const { competencyUnitCodes: _c, instructorIds: _i, ...fields } = input;
    return transaction(db, async (tx) => {
      const programme = await tx.getRepository(TrainingProgramme).save(
        tx.getRepository(TrainingProgramme).create({
          ...fields,
          id: randomUUID(),
          status: ProgrammeStatus.DRAFT,
          methods: input.methods?.length ? [...new Set(input.methods)] : [TrainingMethod.LECTURE],
          provider,
          partnerId: input.partnerId ?? null,
          enrolmentOpensOn: input.enrolmentOpensOn ?? null,
          enrolmentClosesOn: input.enrolmentClosesOn ?? null,
          attendanceThreshold: input.attendanceThreshold ?? 80,
          levelUpFor: input.levelUpFor ?? null,
        }),
      );
      if (codes.length) await tx.getRepository(ProgrammeCompetency).insert(codes.map((unitCode) => ({ programmeId: programme.id, unitCode })));
      if (instructorIds.length) {
        await tx.getRepository(ProgrammeInstructor).insert(instructorIds.map((instructorId) => ({ programmeId: programme.id, instructorId })));
      }
      return programme;
    });
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => TrainingProgramme, { nullable: true, description: "Open a DRAFT programme for enrolment (the programme library's LIBRARY_ADMIN, ADMIN)" })
  async openTrainingProgramme(@Arg('id', () => ID) id: string, @Ctx() ctx: StaffContext): Promise<TrainingProgramme> {
    const programme = await this.manageable(id, ctx);
    const result = await transaction(ctx.db, (tx) =>
      tx.getRepository(TrainingProgramme).update({ id, status: ProgrammeStatus.DRAFT }, { status: ProgrammeStatus.OPEN }),
    );
    if (result.affected !== 1) throw new ConflictError(`The programme is ${programme.status}, not DRAFT`);
    return { ...programme, status: ProgrammeStatus.OPEN } as TrainingProgramme;
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => TrainingSession, { nullable: true, description: "Schedule a session, in a place or online (the programme library's LIBRARY_ADMIN, ADMIN)" })
  async addTrainingSession(
    @Arg('programmeId', () => ID) programmeId: string,
    @Arg('input', () => AddTrainingSessionInput) input: AddTrainingSessionInput,
    @Ctx() ctx: StaffContext,
  ): Promise<TrainingSession> {
    const programme = await this.manageable(programmeId, ctx);
    if (!input.place && !input.onlineLink) throw new BadUserInputError('place', 'Give a place, an online link, or both');
    if (input.endsAt <= input.startsAt) throw new BadUserInputError('endsAt', 'endsAt must be after startsAt');
    if ([ProgrammeStatus.COMPLETED, ProgrammeStatus.CANCELLED].includes(programme.status)) {
      throw new ConflictError(`The programme is ${programme.status}`);
    }
    return transaction(ctx.db, (tx) =>
      tx.getRepository(TrainingSession).save(
        tx.getRepository(TrainingSession).create({ ...input, id: randomUUID(), programmeId, place: input.place ?? null, onlineLink: input.onlineLink ?? null }),
      ),
    );
  }

  /**
   * Closes the programme: every ENROLLED participant whose attendance meets the threshold
   * completes (certificate number, lesson hours credited, the programme's competency units
   * gained); the others are NOT_COMPLETED. Once only: a second call is a CONFLICT.
   */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => TrainingProgramme, {
    nullable: true,
    description: "Complete a programme: certificates for who attended enough (the programme library's LIBRARY_ADMIN, ADMIN)",
  })
  async completeTrainingProgramme(@Arg('id', () => ID) id: string, @Ctx() ctx: StaffContext): Promise<TrainingProgramme> {
    await this.manageable(id, ctx);
    return transaction(ctx.db, async (tx) => {
      const programme = await lockProgramme(tx, id);
      if (![ProgrammeStatus.OPEN, ProgrammeStatus.IN_PROGRESS].includes(programme.status)) {
        throw new ConflictError(`The programme is ${programme.status}`);
      }
      const sessions = await tx.getRepository(TrainingSession).findBy({ programmeId: id });
      if (!sessions.length) throw new ConflictError('The programme has no sessions to take attendance of');
      const enrolments = await tx.getRepository(TrainingEnrolment).find({
        where: { programmeId: id, status: TrainingEnrolmentStatus.ENROLLED },
        order: { enrolledAt: 'ASC', id: 'ASC' },
      });
      const attended = enrolments.length
        ? await tx.getRepository(SessionAttendance).findBy({ enrolmentId: In(enrolments.map((e) => e.id)), present: true })
        : [];
      const units = await tx.getRepository(ProgrammeCompetency).findBy({ programmeId: id });
      const year = programme.endsOn.slice(0, 4);
      let seq = 0;
      for (const e of enrolments) {
        const percent = Math.floor((100 * attended.filter((a) => a.enrolmentId === e.id).length) / sessions.length);
        const passed = percent >= programme.attendanceThreshold;
        const certificateNumber = passed
          ? `SERT/${programme.libraryId.toUpperCase()}/${year}/${programme.id.slice(0, 8).toUpperCase()}/${String(++seq).padStart(3, '0')}`
          : null;
        await tx.getRepository(TrainingEnrolment).update(e.id, {
          status: passed ? TrainingEnrolmentStatus.COMPLETED : TrainingEnrolmentStatus.NOT_COMPLETED,
          attendancePercent: percent,
          completedOn: passed ? programme.endsOn : null,
          hoursCredited: passed ? programme.lessonHours : 0,
          certificateNumber,
        });
        if (passed && units.length) {
          await tx.getRepository(LibrarianCompetency).insert(
            units.map((u) => ({
              id: randomUUID(),
              librarianId: e.librarianId,
              unitCode: u.unitCode,
              method: AssessmentMethod.TRAINING,
              assessedOn: programme.endsOn,
              certificateNumber,
              expiresOn: null,
              enrolmentId: e.id,
            })),
          );
        }
      }
      await tx.getRepository(TrainingProgramme).update(id, { status: ProgrammeStatus.COMPLETED });
      return { ...programme, status: ProgrammeStatus.COMPLETED } as TrainingProgramme;
    });
  }

  /** The programme, if the caller administers its library. */
  private async manageable(id: string, { identity, loaders }: StaffContext): Promise<TrainingProgramme> {
    const programme = await loaders.programmeById.load(id);
    if (!programme) throw new NotFoundError('TrainingProgramme', id);
    requireProgrammeAdmin(identity, programme);
    return programme;
  }
}
