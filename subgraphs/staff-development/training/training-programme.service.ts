import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { requireStaffOf } from '../../../shared/platform/auth';
import { transaction } from '../../../shared/platform/database';
import { BadUserInputError, ConflictError, NotFoundError, StateConflict } from '../../../shared/platform/errors';
import { Idempotency } from '../../../shared/platform/idempotency';
import { addDays, localDate } from '../../../shared/platform/time';
import { checkRecordDate } from '../../../shared/platform/validation';
import { canSeeDraftProgrammes, requireProgrammeAdmin } from '../access';
import { AssessmentMethod, LibrarianCompetency } from '../career/librarian-competency.entity';
import type { StaffContext } from '../context';
import { requirePartnerOfLibrary } from '../federation/partner-links';
import { ownLibraryToday } from '../libraries/library.service';
import { SessionAttendance } from './session-attendance.entity';
import { TrainingEnrolment, TrainingEnrolmentStatus } from './training-enrolment.entity';
import { ProgrammeCompetency, ProgrammeInstructor } from './training-instructor.entity';
import { ProgrammeStatus, TrainingMethod, TrainingProgramme, TrainingProvider } from './training-programme.entity';
import { TrainingSession } from './training-session.entity';
import { UNIT_CODE, type AddTrainingSessionInput, type CreateTrainingProgrammeInput } from './training.inputs';
import { lockForUpdate } from '../../../shared/platform/row-lock';

type Caller = Pick<StaffContext, 'identity' | 'loaders'>;

/** The programme, unless it does not exist or is a draft the caller may not see (NOT_FOUND both). */
export async function visibleProgramme(id: string, { identity, loaders }: Caller): Promise<TrainingProgramme> {
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

/**
 * Reads a programme inside a transaction, locking its row on MySQL/MariaDB first (lockForUpdate,
 * a write that holds across Galera nodes too, so what follows sees every earlier enrolment).
 * SQLite runs one transaction at a time (shared/platform/database.ts), which serialises just the same.
 */
export async function lockProgramme(tx: EntityManager, id: string): Promise<TrainingProgramme> {
  await lockForUpdate(tx, TrainingProgramme, [id]);
  const programme = await tx.getRepository(TrainingProgramme).findOneBy({ id });
  if (!programme) throw new NotFoundError('TrainingProgramme', id);
  return programme;
}

/** The programme, if the caller administers its library (NOT_FOUND, else FORBIDDEN). */
async function manageableProgramme(id: string, { identity, loaders }: Caller): Promise<TrainingProgramme> {
  const programme = await loaders.programmeById.load(id);
  if (!programme) throw new NotFoundError('TrainingProgramme', id);
  requireProgrammeAdmin(identity, programme);
  return programme;
}

/**
 * LIBRARY_ADMIN of the programme's library, or ADMIN: plans a programme, as DRAFT, with its
 * competency units and instructors. A partner as provider must work with the library (asked of
 * partnerships before the transaction opens).
 */
export async function createTrainingProgramme(
  { identity, db, loaders, config }: Pick<StaffContext, 'identity' | 'db' | 'loaders' | 'config'>,
  input: CreateTrainingProgrammeInput,
  idempotencyKey?: string | null,
): Promise<TrainingProgramme> {
  requireStaffOf(identity, input.libraryId, ['LIBRARY_ADMIN']);
  const once = Idempotency.ofRow(db, identity, TrainingProgramme, { key: idempotencyKey, operation: 'createTrainingProgramme', args: input });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  if (!(await loaders.libraryById.load(input.libraryId))) throw new NotFoundError('Library', input.libraryId);
  const today = await ownLibraryToday({ loaders }, input.libraryId);
  for (const field of ['startsOn', 'endsOn', 'enrolmentOpensOn', 'enrolmentClosesOn'] as const) {
    if (input[field]) checkRecordDate(field, input[field], today);
  }
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
  const units = await loaders.competencyUnitByCode.loadMany(codes.filter((c) => UNIT_CODE.test(c)));
  const known = new Set(units.flatMap((u) => (u && !(u instanceof Error) ? [u.code] : [])));
  const unknownCode = codes.find((c) => !known.has(c));
  if (unknownCode) throw new BadUserInputError('competencyUnitCodes', `${unknownCode} is not a known competency unit`);
  const instructorIds = [...new Set(input.instructorIds ?? [])];
  const instructors = await Promise.all(instructorIds.map((id) => loaders.instructorById.load(id)));
  if (instructors.some((i) => !i)) throw new BadUserInputError('instructorIds', 'Unknown instructor');
  // The providing partner must work with the library: asked of partnerships before the transaction.
  if (input.partnerId) await requirePartnerOfLibrary(config, input.libraryId, input.partnerId);

  const { competencyUnitCodes: _c, instructorIds: _i, ...fields } = input;
  return once.transaction(async (tx) => {
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

/** The programme library's LIBRARY_ADMIN, or ADMIN: DRAFT → OPEN (CONFLICT from any other status). */
export async function openTrainingProgramme(ctx: Pick<StaffContext, 'identity' | 'db' | 'loaders'>, id: string): Promise<TrainingProgramme> {
  const programme = await manageableProgramme(id, ctx);
  const result = await transaction(ctx.db, (tx) => tx.getRepository(TrainingProgramme).update({ id, status: ProgrammeStatus.DRAFT }, { status: ProgrammeStatus.OPEN }));
  if (result.affected !== 1) throw new ConflictError(`The programme is ${programme.status}, not DRAFT`);
  return { ...programme, status: ProgrammeStatus.OPEN };
}

/** The programme library's LIBRARY_ADMIN, or ADMIN: a session in a place, online or both, until the programme closes. */
export async function addTrainingSession(
  ctx: Pick<StaffContext, 'identity' | 'db' | 'loaders'>,
  programmeId: string,
  input: AddTrainingSessionInput,
  idempotencyKey?: string | null,
): Promise<TrainingSession> {
  const programme = await manageableProgramme(programmeId, ctx);
  const once = Idempotency.ofRow(ctx.db, ctx.identity, TrainingSession, { key: idempotencyKey, operation: 'addTrainingSession', args: { programmeId, input } });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  if (!input.place && !input.onlineLink) throw new BadUserInputError('place', 'Give a place, an online link, or both');
  if (input.endsAt <= input.startsAt) throw new BadUserInputError('endsAt', 'endsAt must be after startsAt');
  const library = await ctx.loaders.libraryById.load(programme.libraryId);
  const timezone = library?.timezone ?? 'UTC';
  const today = await ownLibraryToday(ctx, programme.libraryId);
  checkRecordDate('startsAt', localDate(input.startsAt, timezone), today);
  checkRecordDate('endsAt', localDate(input.endsAt, timezone), today);
  if ([ProgrammeStatus.COMPLETED, ProgrammeStatus.CANCELLED].includes(programme.status)) {
    throw new ConflictError(`The programme is ${programme.status}`);
  }
  return once.transaction((tx) =>
    tx
      .getRepository(TrainingSession)
      .save(tx.getRepository(TrainingSession).create({ ...input, id: randomUUID(), programmeId, place: input.place ?? null, onlineLink: input.onlineLink ?? null })),
  );
}

/**
 * Closes the programme: every ENROLLED participant whose attendance meets the threshold
 * completes (certificate number, lesson hours credited, the programme's competency units
 * gained); the others are NOT_COMPLETED. Once only: a second call is a CONFLICT. Not before its
 * last day (`endsOn`) has come in the library's zone: CONFLICT with reason NOT_OVER, nothing
 * written (completion and certificates are dated `endsOn`).
 */
export async function completeTrainingProgramme(ctx: Pick<StaffContext, 'identity' | 'db' | 'loaders'>, id: string): Promise<TrainingProgramme> {
  const known = await manageableProgramme(id, ctx);
  const today = await ownLibraryToday(ctx, known.libraryId);
  return transaction(ctx.db, async (tx) => {
    const programme = await lockProgramme(tx, id);
    if (![ProgrammeStatus.OPEN, ProgrammeStatus.IN_PROGRESS].includes(programme.status)) {
      throw new ConflictError(`The programme is ${programme.status}`);
    }
    if (today < programme.endsOn) {
      throw new StateConflict('NOT_OVER', `The programme ends on ${programme.endsOn}: it is completed from that day (today is ${today} in its library)`);
    }
    const sessions = await tx.getRepository(TrainingSession).findBy({ programmeId: id });
    if (!sessions.length) throw new ConflictError('The programme has no sessions to take attendance of');
    const enrolments = await tx.getRepository(TrainingEnrolment).find({
      where: { programmeId: id, status: TrainingEnrolmentStatus.ENROLLED },
      order: { enrolledAt: 'ASC', id: 'ASC' },
    });
    const attended = enrolments.length ? await tx.getRepository(SessionAttendance).findBy({ enrolmentId: In(enrolments.map((e) => e.id)), present: true }) : [];
    const units = await tx.getRepository(ProgrammeCompetency).findBy({ programmeId: id });
    const year = programme.endsOn.slice(0, 4);
    let seq = 0;
    for (const e of enrolments) {
      const percent = Math.floor((100 * attended.filter((a) => a.enrolmentId === e.id).length) / sessions.length);
      const passed = percent >= programme.attendanceThreshold;
      const certificateNumber = passed ? `SERT/${programme.libraryId.toUpperCase()}/${year}/${programme.id.slice(0, 8).toUpperCase()}/${String(++seq).padStart(3, '0')}` : null;
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
    return { ...programme, status: ProgrammeStatus.COMPLETED };
  });
}
