import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { deny, type Identity } from '../../../shared/platform/auth';
import { now as clockNow } from '../../../shared/platform/clock';
import type { Config } from '../../../shared/platform/config';
import { isUniqueViolation, transaction } from '../../../shared/platform/database';
import { Idempotency } from '../../../shared/platform/idempotency';
import { BadUserInputError, ConflictError, NotFoundError, StateConflict } from '../../../shared/platform/errors';
import { requireOfLibrary } from '../../../shared/platform/service-client';
import { addDays, isoWeekday, wholeSeconds } from '../../../shared/platform/time';
import { isSupervisor, requireInternshipManager, requireSupervisorOrManager, requireWorksWith } from '../access';
import { Agreement, AgreementStatus, agreementStatus, agreementToday } from '../agreements/agreement.entity';
import type { LibraryCalendarClient } from '../../../shared/domain/library-calendar';
import type { PartnershipsLoaders } from '../loaders';
import { LibraryPartner } from '../partners/library-partner.entity';
import { Partner, PartnerKind } from '../partners/partner.entity';
import { WebhookEventType } from '../webhooks/partner-webhook.entity';
import { enqueueWebhookEvent, type WebhookChange } from '../webhooks/webhook.outbox';
import { InternshipLogbookEntry, LogbookRecorder } from './internship-logbook-entry.entity';
import { Internship, InternshipStatus, isLegalInternshipTransition } from './internship.entity';
import type { ApplyForInternshipInput, EvaluateInternshipInput, RecordLogbookEntryInput } from './internship.inputs';
import { checkRecordDate } from '../../../shared/platform/validation';

/** What a webhook says about an internship: thin, the partner fetches the rest through the API. */
const internshipEventData = (i: Internship, previousStatus?: InternshipStatus) => ({
  internship: {
    id: i.id,
    status: i.status,
    ...(previousStatus ? { previousStatus } : {}),
    libraryId: i.libraryId,
    studentNumber: i.studentNumber,
    startsOn: i.startsOn,
    endsOn: i.endsOn,
    certificateNumber: i.certificateNumber,
  },
});

async function loadForUpdate(tx: EntityManager, id: string): Promise<Internship> {
  const internship = await tx.getRepository(Internship).findOneBy({ id });
  if (!internship) throw new NotFoundError('Internship', id);
  return internship;
}

/**
 * The one way an internship changes status: refuses an illegal move with CONFLICT, guards the
 * race with a conditional UPDATE, and writes the partner's webhook event in the same transaction.
 */
async function moveInternship(tx: EntityManager, internship: Internship, to: InternshipStatus, patch: Partial<Internship> = {}): Promise<Internship> {
  const from = internship.status;
  if (!isLegalInternshipTransition(from, to)) throw new ConflictError(`An internship that is ${from} cannot become ${to}`);
  const updatedAt = wholeSeconds(clockNow());
  const result = await tx
    .createQueryBuilder()
    .update(Internship)
    .set({ ...patch, status: to, updatedAt })
    .where('id = :id AND status = :from', { id: internship.id, from })
    .execute();
  if (result.affected !== 1) throw new ConflictError('The internship changed meanwhile; read it again');
  const moved = Object.assign(new Internship(), internship, patch, { status: to, updatedAt });
  await enqueueWebhookEvent(tx, moved.partnerId, WebhookEventType.INTERNSHIP_CHANGED, 'STATUS_CHANGED', internshipEventData(moved, from));
  return moved;
}

async function touch(tx: EntityManager, internship: Internship, change: WebhookChange): Promise<void> {
  await tx.getRepository(Internship).update({ id: internship.id }, { updatedAt: wholeSeconds(clockNow()) });
  await enqueueWebhookEvent(tx, internship.partnerId, WebhookEventType.INTERNSHIP_CHANGED, change, internshipEventData(internship));
}

/** The next certificate number of the library for the year: 001/SERT-MAGANG/KUPANG/2026. */
async function nextCertificateNumber(tx: EntityManager, libraryId: string, year: string): Promise<string> {
  const suffix = `/SERT-MAGANG/${libraryId.toUpperCase()}/${year}`;
  const issued = await tx
    .getRepository(Internship)
    .createQueryBuilder('i')
    .where('i.libraryId = :libraryId AND i.certificateNumber LIKE :pattern', { libraryId, pattern: `%${suffix}` })
    .getCount();
  return `${String(issued + 1).padStart(3, '0')}${suffix}`;
}

/**
 * The university (PARTNER, for its own agreements), the host library's LIBRARY_ADMIN, ADMIN.
 * The agreement must be in force and with a university; the period within it.
 */
export async function applyForInternship(
  identity: Identity,
  db: DataSource,
  input: ApplyForInternshipInput,
  calendar: LibraryCalendarClient,
  idempotencyKey?: string | null,
): Promise<Internship> {
  const agreement = await db.getRepository(Agreement).findOneBy({ id: input.agreementId });
  if (!agreement) throw new NotFoundError('Agreement', input.agreementId);
  if (identity.role === 'PARTNER' ? identity.partnerId !== agreement.partnerId : !(identity.role === 'ADMIN' || identity.libraryId === agreement.libraryId)) {
    deny(identity, 'You may apply only under your own agreements');
  }
  // Only with a university the library works with (an agreement signed before that rule does not suffice).
  const linked = await db.getRepository(LibraryPartner).existsBy({ libraryId: agreement.libraryId, partnerId: agreement.partnerId });
  requireWorksWith(identity, agreement.libraryId, agreement.partnerId, linked, 'agreementId');
  const once = Idempotency.ofRow(db, identity, Internship, { key: idempotencyKey, operation: 'applyForInternship', args: input });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const partner = (await db.getRepository(Partner).findOneBy({ id: agreement.partnerId }))!;
  if (partner.kind !== PartnerKind.UNIVERSITY) throw new BadUserInputError('agreementId', 'Internships are under an agreement with a university');
  const today = await agreementToday(calendar, agreement.libraryId);
  checkRecordDate('startsOn', input.startsOn, today);
  checkRecordDate('endsOn', input.endsOn, today);
  if (agreementStatus(agreement, today) !== AgreementStatus.ACTIVE) throw new ConflictError('The agreement is not in force');
  if (input.endsOn <= input.startsOn) throw new BadUserInputError('endsOn', 'endsOn must be after startsOn');
  if (input.startsOn < agreement.startsOn) throw new BadUserInputError('startsOn', 'The internship must start within the agreement');
  if (input.endsOn > agreement.endsOn) throw new BadUserInputError('endsOn', 'The internship must end within the agreement');

  return once.transaction(async (tx) => {
    const overlapping = await tx
      .getRepository(Internship)
      .createQueryBuilder('i')
      .where('i.partnerId = :partnerId AND i.studentNumber = :studentNumber', { partnerId: agreement.partnerId, studentNumber: input.studentNumber })
      .andWhere('i.status NOT IN (:...closed)', { closed: [InternshipStatus.CANCELLED, InternshipStatus.COMPLETED] })
      .andWhere('i.startsOn <= :endsOn AND i.endsOn >= :startsOn', { startsOn: input.startsOn, endsOn: input.endsOn })
      .getExists();
    if (overlapping) throw new ConflictError('The student already has an internship in that period');
    const now = wholeSeconds(clockNow());
    const internship = tx.getRepository(Internship).create({
      ...input,
      id: randomUUID(),
      partnerId: agreement.partnerId,
      libraryId: agreement.libraryId,
      supervisorId: null,
      status: InternshipStatus.APPLIED,
      certificateNumber: null,
      cancellationReason: null,
      evaluationScores: null,
      evaluationComment: null,
      evaluatedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await tx.getRepository(Internship).insert(internship);
    await enqueueWebhookEvent(tx, internship.partnerId, WebhookEventType.INTERNSHIP_CHANGED, 'CREATED', internshipEventData(internship));
    return internship;
  });
}

/** APPLIED → ACCEPTED, naming the supervisor (a librarian of the host library). The host library's LIBRARY_ADMIN, ADMIN. */
export async function acceptInternship(
  { identity, db, config, loaders }: { identity: Identity; db: DataSource; config: Config; loaders: PartnershipsLoaders },
  id: string,
  supervisorId: string,
): Promise<Internship> {
  const current = await loaders.internshipById.load(id);
  if (!current) throw new NotFoundError('Internship', id);
  requireInternshipManager(identity, current);
  await requireOfLibrary(config, 'partnerships', 'Librarian', current.libraryId, [supervisorId], 'supervisorId');
  return transaction(db, async (tx) => moveInternship(tx, await loadForUpdate(tx, id), InternshipStatus.ACCEPTED, { supervisorId }));
}

/** ACCEPTED → ACTIVE: the intern has started. The supervisor, the host library's LIBRARY_ADMIN, ADMIN. */
export async function startInternship(identity: Identity, db: DataSource, id: string): Promise<Internship> {
  return transaction(db, async (tx) => {
    const internship = await loadForUpdate(tx, id);
    requireSupervisorOrManager(identity, internship);
    return moveInternship(tx, internship, InternshipStatus.ACTIVE);
  });
}

/**
 * ACTIVE → COMPLETED, once the supervisor has evaluated and from the internship's last day
 * (`endsOn`) in the host library's zone (before it: CONFLICT with reason NOT_OVER, nothing
 * written); issues the certificate number, of the library's year. The supervisor, the host
 * library's LIBRARY_ADMIN, ADMIN.
 */
export async function completeInternship(identity: Identity, db: DataSource, id: string, calendar: LibraryCalendarClient): Promise<Internship> {
  const known = await db.getRepository(Internship).findOneBy({ id });
  if (!known) throw new NotFoundError('Internship', id);
  const today = await agreementToday(calendar, known.libraryId);
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction(db, async (tx) => {
        const internship = await loadForUpdate(tx, id);
        requireSupervisorOrManager(identity, internship);
        if (internship.status === InternshipStatus.ACTIVE && !internship.evaluatedAt) {
          throw new ConflictError('The supervisor evaluates the intern before the internship is completed');
        }
        if (internship.status === InternshipStatus.ACTIVE && today < internship.endsOn) {
          throw new StateConflict('NOT_OVER', `The internship ends on ${internship.endsOn}: it is completed from that day (today is ${today} in the library)`);
        }
        const certificateNumber = isLegalInternshipTransition(internship.status, InternshipStatus.COMPLETED)
          ? await nextCertificateNumber(tx, internship.libraryId, today.slice(0, 4))
          : null;
        return moveInternship(tx, internship, InternshipStatus.COMPLETED, { certificateNumber });
      });
    } catch (err) {
      // Two completions in the same library at once drew the same number: draw again.
      if (attempt < 3 && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}

/**
 * APPLIED, ACCEPTED or ACTIVE → CANCELLED. The host library's LIBRARY_ADMIN, the supervisor, the
 * university, ADMIN. The reason's length is CancelInternshipArgs' rule.
 */
export async function cancelInternship(identity: Identity, db: DataSource, id: string, reason: string): Promise<Internship> {
  return transaction(db, async (tx) => {
    const internship = await loadForUpdate(tx, id);
    if (!(identity.role === 'PARTNER' && identity.partnerId === internship.partnerId)) requireSupervisorOrManager(identity, internship);
    return moveInternship(tx, internship, InternshipStatus.CANCELLED, { cancellationReason: reason.trim() });
  });
}

/**
 * A week of the logbook, while the internship is ACTIVE. Interns have no account of their own:
 * the university enters the week on the student's behalf (PARTNER token), or the supervising
 * librarian records it; ADMIN may too. One entry per week, for a week that has begun in the host
 * library's zone (a later one is BAD_USER_INPUT on weekStarting).
 */
export async function recordInternshipLogbookEntry(
  identity: Identity,
  db: DataSource,
  input: RecordLogbookEntryInput,
  calendar: LibraryCalendarClient,
  idempotencyKey?: string | null,
): Promise<InternshipLogbookEntry> {
  const known = await db.getRepository(Internship).findOneBy({ id: input.internshipId });
  if (!known) throw new NotFoundError('Internship', input.internshipId);
  logbookRecorder(identity, known);
  const once = Idempotency.ofRow(db, identity, InternshipLogbookEntry, { key: idempotencyKey, operation: 'recordInternshipLogbookEntry', args: input });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const today = await agreementToday(calendar, known.libraryId);
  return once.transaction(async (tx) => {
    const internship = await loadForUpdate(tx, input.internshipId);
    const recordedBy = logbookRecorder(identity, internship);
    if (internship.status !== InternshipStatus.ACTIVE) throw new ConflictError(`The logbook is kept while the internship is ACTIVE, not ${internship.status}`);
    if (isoWeekday(input.weekStarting) !== 1) throw new BadUserInputError('weekStarting', 'weekStarting is a Monday');
    if (input.weekStarting > internship.endsOn || addDays(input.weekStarting, 6) < internship.startsOn) {
      throw new BadUserInputError('weekStarting', 'The week must fall within the internship');
    }
    if (input.weekStarting > today) throw new BadUserInputError('weekStarting', `The week has not begun yet (today is ${today} in the library)`);
    const entries = tx.getRepository(InternshipLogbookEntry);
    if (await entries.existsBy({ internshipId: internship.id, weekStarting: input.weekStarting })) {
      throw new ConflictError('That week is already in the logbook');
    }
    const entry = entries.create({ ...input, id: randomUUID(), recordedBy, recordedAt: wholeSeconds(clockNow()) });
    await entries.insert(entry);
    await touch(tx, internship, 'LOGBOOK_ENTRY_RECORDED');
    return entry;
  });
}

/** Who keeps the logbook, and as whom it is recorded: the university, the supervising librarian, ADMIN (FORBIDDEN for anyone else). */
function logbookRecorder(identity: Identity, internship: Internship): LogbookRecorder {
  if (identity.role === 'PARTNER' && identity.partnerId === internship.partnerId) return LogbookRecorder.UNIVERSITY;
  if (isSupervisor(identity, internship)) return LogbookRecorder.SUPERVISOR;
  if (identity.role === 'ADMIN') return LogbookRecorder.ADMIN;
  deny(identity, 'Only the university and the supervising librarian keep the logbook');
}

function requireEvaluator(identity: Identity, internship: Internship): void {
  if (!(identity.role === 'ADMIN' || isSupervisor(identity, internship))) deny(identity, 'Only the supervising librarian evaluates the intern');
}

/**
 * The final evaluation, while ACTIVE (it may be revised until completion). The supervising
 * librarian, ADMIN. One score per criterion: EvaluateInternshipInput. With a key, a retry neither
 * writes again nor sends the partner a second EVALUATED event.
 */
export async function evaluateInternship(identity: Identity, db: DataSource, input: EvaluateInternshipInput, idempotencyKey?: string | null): Promise<Internship> {
  const known = await db.getRepository(Internship).findOneBy({ id: input.internshipId });
  if (!known) throw new NotFoundError('Internship', input.internshipId);
  requireEvaluator(identity, known);
  const once = Idempotency.ofRow(db, identity, Internship, { key: idempotencyKey, operation: 'evaluateInternship', args: input });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  return once.transaction(async (tx) => {
    const internship = await loadForUpdate(tx, input.internshipId);
    requireEvaluator(identity, internship);
    if (internship.status !== InternshipStatus.ACTIVE) throw new ConflictError(`An internship is evaluated while ACTIVE, not ${internship.status}`);
    const patch = {
      evaluationScores: input.scores.map((s) => ({ criterion: s.criterion.trim(), score: s.score })),
      evaluationComment: input.comment,
      evaluatedAt: wholeSeconds(clockNow()),
    };
    const result = await tx
      .createQueryBuilder()
      .update(Internship)
      .set(patch)
      .where('id = :id AND status = :active', { id: internship.id, active: InternshipStatus.ACTIVE })
      .execute();
    if (result.affected !== 1) throw new ConflictError('The internship changed meanwhile; read it again');
    const evaluated = Object.assign(internship, patch);
    await touch(tx, evaluated, 'EVALUATED');
    return evaluated;
  });
}
