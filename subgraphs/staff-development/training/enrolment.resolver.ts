import { randomUUID } from 'node:crypto';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { In } from 'typeorm';
import { transaction, isUniqueViolation } from '../../../shared/database';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/errors';
import { isProgrammeAdmin, requireEnrolFor, requireProgrammeAdmin } from '../access';
import type { StaffContext } from '../context';
import { Librarian } from '../entities/librarian.entity';
import { SessionAttendance } from '../entities/session-attendance.entity';
import { PLACE_HOLDING_STATUSES, TrainingEnrolment, TrainingEnrolmentStatus } from '../entities/training-enrolment.entity';
import { TrainingEvaluation } from '../entities/training-evaluation.entity';
import { ProgrammeStatus, TrainingProgramme } from '../entities/training-programme.entity';
import { TrainingSession } from '../entities/training-session.entity';
import { libraryToday, lockProgramme } from '../util';
import { TrainingEvaluationInput } from './training-programme.inputs';
import { enrolmentClosesOn, visibleProgramme } from './training-programme.resolver';
import { now } from '../../../shared/clock';

@Resolver(() => TrainingEnrolment)
export class TrainingEnrolmentResolver {
  @FieldResolver(() => TrainingProgramme)
  async programme(@Root() enrolment: TrainingEnrolment, @Ctx() { loaders }: StaffContext): Promise<TrainingProgramme> {
    return (await loaders.programmeById.load(enrolment.programmeId))!;
  }

  @FieldResolver(() => Boolean, { description: 'The participant has rated the training' })
  async evaluated(@Root() enrolment: TrainingEnrolment, @Ctx() { loaders }: StaffContext): Promise<boolean> {
    return (await loaders.evaluationsByEnrolmentId.load(enrolment.id)).length > 0;
  }

  @FieldResolver(() => Librarian)
  async librarian(@Root() enrolment: TrainingEnrolment, @Ctx() { loaders }: StaffContext): Promise<Librarian> {
    return (await loaders.librarianById.load(enrolment.librarianId))!;
  }

  /**
   * Enrols a librarian on an OPEN programme within its enrolment window. The programme's row is
   * locked for the count and the insert, so concurrent enrolments never exceed the capacity; a
   * second enrolment of the same librarian is a CONFLICT (and a unique index backs it).
   */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => TrainingEnrolment, {
    nullable: true,
    description: "Enrol in a programme: a LIBRARIAN enrols themself, a LIBRARY_ADMIN their library's librarians, ADMIN anyone. CONFLICT when full, closed or already enrolled",
  })
  async enrollInTraining(
    @Arg('programmeId', () => ID) programmeId: string,
    @Arg('librarianId', () => ID) librarianId: string,
    @Ctx() ctx: StaffContext,
  ): Promise<TrainingEnrolment> {
    const librarian = await ctx.loaders.librarianById.load(librarianId);
    if (!librarian) throw new NotFoundError('Librarian', librarianId);
    requireEnrolFor(ctx.identity, librarian);
    const found = await visibleProgramme(programmeId, ctx);
    const today = await libraryToday(ctx, found.libraryId);

    return transaction(ctx.db, async (tx) => {
      const programme = await lockProgramme(tx, programmeId);
      if (programme.status !== ProgrammeStatus.OPEN) throw new ConflictError(`The programme is ${programme.status}, not open for enrolment`);
      if (programme.enrolmentOpensOn && today < programme.enrolmentOpensOn) throw new ConflictError('Enrolment has not opened yet');
      if (today > enrolmentClosesOn(programme)) throw new ConflictError('Enrolment has closed');
      const repo = tx.getRepository(TrainingEnrolment);
      const existing = await repo.findOneBy({ programmeId, librarianId });
      if (existing && existing.status !== TrainingEnrolmentStatus.WITHDRAWN) throw new ConflictError('Already enrolled on this programme');
      const held = await repo
        .createQueryBuilder('e')
        .where('e.programmeId = :programmeId', { programmeId })
        .andWhere('e.status IN (:...held)', { held: PLACE_HOLDING_STATUSES })
        .getCount();
      if (held >= programme.capacity) throw new ConflictError('The programme is full');
      const enrolment = repo.create({
        id: existing?.id ?? randomUUID(),
        programmeId,
        librarianId,
        status: TrainingEnrolmentStatus.ENROLLED,
        enrolledAt: now(),
        withdrawnAt: null,
        completedOn: null,
        certificateNumber: null,
        hoursCredited: 0,
        attendancePercent: null,
      });
      try {
        return await repo.save(enrolment);
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError('Already enrolled on this programme');
        throw err;
      }
    });
  }

  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => TrainingEnrolment, {
    nullable: true,
    description: "Give a place back before the programme completes: the librarian themself, their library's or the programme library's LIBRARY_ADMIN, ADMIN",
  })
  async withdrawFromTraining(
    @Arg('programmeId', () => ID) programmeId: string,
    @Arg('librarianId', () => ID) librarianId: string,
    @Ctx() ctx: StaffContext,
  ): Promise<TrainingEnrolment> {
    const [librarian, programme] = await Promise.all([ctx.loaders.librarianById.load(librarianId), ctx.loaders.programmeById.load(programmeId)]);
    if (!librarian) throw new NotFoundError('Librarian', librarianId);
    if (!programme) throw new NotFoundError('TrainingProgramme', programmeId);
    if (!isProgrammeAdmin(ctx.identity, programme)) requireEnrolFor(ctx.identity, librarian);
    return transaction(ctx.db, async (tx) => {
      const repo = tx.getRepository(TrainingEnrolment);
      const enrolment = await repo.findOneBy({ programmeId, librarianId });
      if (!enrolment) throw new NotFoundError('TrainingEnrolment', `${programmeId}/${librarianId}`);
      const withdrawnAt = now();
      const result = await repo.update({ id: enrolment.id, status: TrainingEnrolmentStatus.ENROLLED }, { status: TrainingEnrolmentStatus.WITHDRAWN, withdrawnAt });
      if (result.affected !== 1) throw new ConflictError(`The enrolment is ${enrolment.status}`);
      return { ...enrolment, status: TrainingEnrolmentStatus.WITHDRAWN, withdrawnAt } as TrainingEnrolment;
    });
  }

  /** Marks enrolled participants present (or absent) at a session; a second call overwrites. */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => TrainingSession, { nullable: true, description: "Record attendance at a session (the programme library's LIBRARY_ADMIN, ADMIN)" })
  async recordAttendance(
    @Arg('sessionId', () => ID) sessionId: string,
    @Arg('librarianIds', () => [ID]) librarianIds: string[],
    @Arg('present', () => Boolean, { defaultValue: true }) present: boolean,
    @Ctx() ctx: StaffContext,
  ): Promise<TrainingSession> {
    const session = await ctx.loaders.sessionById.load(sessionId);
    if (!session) throw new NotFoundError('TrainingSession', sessionId);
    const programme = (await ctx.loaders.programmeById.load(session.programmeId))!;
    requireProgrammeAdmin(ctx.identity, programme);
    if (![ProgrammeStatus.OPEN, ProgrammeStatus.IN_PROGRESS].includes(programme.status)) throw new ConflictError(`The programme is ${programme.status}`);
    const ids = [...new Set(librarianIds)];
    if (!ids.length) throw new BadUserInputError('librarianIds', 'Name at least one participant');
    await transaction(ctx.db, async (tx) => {
      const enrolments = await tx
        .getRepository(TrainingEnrolment)
        .createQueryBuilder('e')
        .where('e.programmeId = :programmeId', { programmeId: programme.id })
        .andWhere('e.librarianId IN (:...ids)', { ids })
        .andWhere('e.status = :enrolled', { enrolled: TrainingEnrolmentStatus.ENROLLED })
        .getMany();
      if (enrolments.length !== ids.length) throw new BadUserInputError('librarianIds', 'Every participant must be enrolled on the programme');
      const repo = tx.getRepository(SessionAttendance);
      await repo.delete({ sessionId, enrolmentId: In(enrolments.map((e) => e.id)) });
      await repo.insert(enrolments.map((e) => ({ sessionId, enrolmentId: e.id, present })));
    });
    return session;
  }

  /** The participant rates their completed training, once. */
  @Authorized('LIBRARIAN')
  @Mutation(() => TrainingEnrolment, {
    nullable: true,
    description: 'Rate a completed training, 1-5 each, with an optional comment, once (the LIBRARIAN who completed it); answers are never shown with names',
  })
  async evaluateTraining(
    @Arg('programmeId', () => ID) programmeId: string,
    @Arg('input', () => TrainingEvaluationInput) input: TrainingEvaluationInput,
    @Ctx() ctx: StaffContext,
  ): Promise<TrainingEnrolment> {
    const librarianId = ctx.identity.librarianId!;
    return transaction(ctx.db, async (tx) => {
      const enrolment = await tx.getRepository(TrainingEnrolment).findOneBy({ programmeId, librarianId });
      if (!enrolment) throw new NotFoundError('TrainingEnrolment', programmeId);
      if (enrolment.status !== TrainingEnrolmentStatus.COMPLETED) throw new ConflictError('Only a completed training can be rated');
      if (await tx.getRepository(TrainingEvaluation).existsBy({ enrolmentId: enrolment.id })) throw new ConflictError('You have rated this training already');
      try {
        await tx.getRepository(TrainingEvaluation).insert({
          id: randomUUID(),
          enrolmentId: enrolment.id,
          programmeId,
          materialRating: input.material,
          instructorRating: input.instructor,
          methodRating: input.method,
          comment: input.comment?.trim() || null,
          submittedAt: now(),
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError('You have rated this training already');
        throw err;
      }
      return enrolment;
    });
  }
}
