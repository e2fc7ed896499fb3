import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { now } from '../../../shared/platform/clock';
import { isUniqueViolation, transaction } from '../../../shared/platform/database';
import { BadUserInputError, ConflictError, NotFoundError, StateConflict } from '../../../shared/platform/errors';
import { Idempotency } from '../../../shared/platform/idempotency';
import { localDate, wholeSeconds } from '../../../shared/platform/time';
import { isProgrammeAdmin, requireEnrolFor, requireProgrammeAdmin } from '../access';
import type { StaffContext } from '../context';
import { isCurrentStaff } from '../librarians/librarian.service';
import { ownLibraryToday } from '../libraries/library.service';
import { SessionAttendance } from './session-attendance.entity';
import { PLACE_HOLDING_STATUSES, TrainingEnrolment, TrainingEnrolmentStatus } from './training-enrolment.entity';
import { TrainingEvaluation } from './training-evaluation.entity';
import { ProgrammeStatus } from './training-programme.entity';
import { enrolmentClosesOn, lockProgramme, visibleProgramme } from './training-programme.service';
import { TrainingSession } from './training-session.entity';
import type { TrainingEvaluationInput } from './training.inputs';

type Caller = Pick<StaffContext, 'identity' | 'db' | 'loaders'>;

/**
 * Enrols a librarian on an OPEN programme within its enrolment window: the librarian themself,
 * their library's LIBRARY_ADMIN, ADMIN. The programme's row is locked for the count and the
 * insert, so concurrent enrolments never exceed the capacity; a second enrolment of the same
 * librarian is a CONFLICT (and a unique index backs it).
 */
export async function enrollInTraining(ctx: Caller, programmeId: string, librarianId: string, idempotencyKey?: string | null): Promise<TrainingEnrolment> {
  const librarian = await ctx.loaders.librarianById.load(librarianId);
  if (!librarian) throw new NotFoundError('Librarian', librarianId);
  requireEnrolFor(ctx.identity, librarian);
  // Before the checks: a retry must not be refused because the first call enrolled the librarian.
  const once = Idempotency.ofRow(ctx.db, ctx.identity, TrainingEnrolment, { key: idempotencyKey, operation: 'enrollInTraining', args: { programmeId, librarianId } });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const found = await visibleProgramme(programmeId, ctx);
  const today = await ownLibraryToday(ctx, found.libraryId);
  if (!(await isCurrentStaff(ctx, librarian))) throw new BadUserInputError('librarianId', 'This librarian has left: no new training');

  return once.transaction(async (tx) => {
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
      enrolledAt: wholeSeconds(now()), // as MySQL's datetime keeps it: the answer equals a later read (and an idempotent retry's)
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

/** Gives a place back (ENROLLED → WITHDRAWN): the librarian themself, their library's or the programme library's LIBRARY_ADMIN, ADMIN. */
export async function withdrawFromTraining(ctx: Caller, programmeId: string, librarianId: string): Promise<TrainingEnrolment> {
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
    return { ...enrolment, status: TrainingEnrolmentStatus.WITHDRAWN, withdrawnAt };
  });
}

/**
 * Marks enrolled participants present (or absent) at a session; a second call overwrites. The
 * programme library's LIBRARY_ADMIN, ADMIN. From the session's day in the library's zone, not
 * before: CONFLICT with reason SESSION_NOT_HELD, nothing written.
 */
export async function recordAttendance(ctx: Caller, sessionId: string, librarianIds: string[], present: boolean, idempotencyKey?: string | null): Promise<TrainingSession> {
  const session = await ctx.loaders.sessionById.load(sessionId);
  if (!session) throw new NotFoundError('TrainingSession', sessionId);
  const programme = (await ctx.loaders.programmeById.load(session.programmeId))!;
  requireProgrammeAdmin(ctx.identity, programme);
  // A retry after the programme completed, or after a later correction, answers the first outcome
  // instead of CONFLICT or writing the old marks over the new; the session is what it returns.
  const once = Idempotency.ofRow(ctx.db, ctx.identity, TrainingSession, { key: idempotencyKey, operation: 'recordAttendance', args: { sessionId, librarianIds, present } });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  if (![ProgrammeStatus.OPEN, ProgrammeStatus.IN_PROGRESS].includes(programme.status)) throw new ConflictError(`The programme is ${programme.status}`);
  const library = await ctx.loaders.libraryById.load(programme.libraryId);
  const sessionDay = localDate(session.startsAt, library?.timezone ?? 'UTC');
  const today = await ownLibraryToday(ctx, programme.libraryId);
  if (today < sessionDay) throw new StateConflict('SESSION_NOT_HELD', `The session is on ${sessionDay}: attendance is taken from that day (today is ${today} in its library)`);
  const ids = [...new Set(librarianIds)]; // at least one: RecordAttendanceArgs
  return once.transaction(async (tx) => {
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
    return session;
  });
}

/** The participant (a LIBRARIAN token) rates their completed training, once; answers are never shown with names. */
export async function evaluateTraining(
  { identity, db }: Pick<StaffContext, 'identity' | 'db'>,
  programmeId: string,
  input: TrainingEvaluationInput,
  idempotencyKey?: string | null,
): Promise<TrainingEnrolment> {
  const librarianId = identity.librarianId!;
  // Before the checks: a retry must not be refused because the first call rated the training.
  const once = Idempotency.ofRow(db, identity, TrainingEnrolment, { key: idempotencyKey, operation: 'evaluateTraining', args: { programmeId, input } });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  return once.transaction(async (tx) => {
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
