import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { deny, type Identity } from '../../../shared/platform/auth';
import { now as clockNow } from '../../../shared/platform/clock';
import type { Config } from '../../../shared/platform/config';
import { transaction } from '../../../shared/platform/database';
import { Idempotency } from '../../../shared/platform/idempotency';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/platform/errors';
import { requireOfLibrary } from '../../../shared/platform/service-client';
import { wholeSeconds } from '../../../shared/platform/time';
import { requireLibraryAdmin, requireWorksWith } from '../access';
import { Agreement, AgreementStatus, agreementStatus, agreementToday } from '../agreements/agreement.entity';
import type { LibraryCalendarClient } from '../../../shared/domain/library-calendar';
import { LibraryPartner } from '../partners/library-partner.entity';
import { Partner } from '../partners/partner.entity';
import { WebhookEventType } from '../webhooks/partner-webhook.entity';
import { enqueueWebhookEvent } from '../webhooks/webhook.outbox';
import { PROGRAMME_PARTNER_KINDS, PROGRAMME_TRANSITIONS, PartnershipProgramme, PartnershipProgrammeKind, PartnershipProgrammeStatus } from './partnership-programme.entity';
import { ProgrammeLibrarian } from './programme-librarian.entity';
import type { CompletePartnershipProgrammeInput, CreatePartnershipProgrammeInput } from './programme.inputs';

interface ProgrammeServices {
  identity: Identity;
  db: DataSource;
}

const programmeEventData = (p: PartnershipProgramme, previousStatus?: PartnershipProgrammeStatus) => ({
  programme: {
    id: p.id,
    kind: p.kind,
    title: p.title,
    status: p.status,
    ...(previousStatus ? { previousStatus } : {}),
    agreementId: p.agreementId,
    libraryId: p.libraryId,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
  },
});

async function loadForUpdate(tx: EntityManager, id: string): Promise<PartnershipProgramme> {
  const programme = await tx.getRepository(PartnershipProgramme).findOneBy({ id });
  if (!programme) throw new NotFoundError('PartnershipProgramme', id);
  return programme;
}

/** The one way a programme changes status (CONFLICT when illegal or raced); writes the partner's webhook event. */
async function moveProgramme(
  tx: EntityManager,
  programme: PartnershipProgramme,
  to: PartnershipProgrammeStatus,
  patch: Partial<PartnershipProgramme> = {},
): Promise<PartnershipProgramme> {
  const from = programme.status;
  if (!PROGRAMME_TRANSITIONS[from].includes(to)) throw new ConflictError(`A programme that is ${from} cannot become ${to}`);
  const updatedAt = wholeSeconds(clockNow());
  const result = await tx
    .createQueryBuilder()
    .update(PartnershipProgramme)
    .set({ ...patch, status: to, updatedAt })
    .where('id = :id AND status = :from', { id: programme.id, from })
    .execute();
  if (result.affected !== 1) throw new ConflictError('The programme changed meanwhile; read it again');
  const moved = Object.assign(new PartnershipProgramme(), programme, patch, { status: to, updatedAt });
  await enqueueWebhookEvent(tx, moved.partnerId, WebhookEventType.PROGRAMME_CHANGED, 'STATUS_CHANGED', programmeEventData(moved, from));
  return moved;
}

/** Status changes on the library's side: the agreement library's LIBRARY_ADMIN, ADMIN. */
async function libraryMove(ctx: ProgrammeServices, id: string, to: PartnershipProgrammeStatus, check: (p: PartnershipProgramme) => Partial<PartnershipProgramme> = () => ({})) {
  return transaction(ctx.db, async (tx) => {
    const programme = await loadForUpdate(tx, id);
    requireLibraryAdmin(ctx.identity, programme.libraryId);
    return moveProgramme(tx, programme, to, check(programme));
  });
}

/**
 * The agreement library's LIBRARY_ADMIN or ADMIN (the programme is PLANNED), or the partner for
 * its own agreement (PROPOSED, for the library to confirm). The agreement must be in force, the
 * programme fit the partner's kind and the schedule fall within the agreement.
 */
export async function createPartnershipProgramme(
  { identity, db, config, calendar }: ProgrammeServices & { config: Config; calendar: LibraryCalendarClient },
  input: CreatePartnershipProgrammeInput,
  idempotencyKey?: string | null,
): Promise<PartnershipProgramme> {
  const agreement = await db.getRepository(Agreement).findOneBy({ id: input.agreementId });
  if (!agreement) throw new NotFoundError('Agreement', input.agreementId);
  const byPartner = identity.role === 'PARTNER';
  if (byPartner ? identity.partnerId !== agreement.partnerId : !(identity.role === 'ADMIN' || identity.libraryId === agreement.libraryId)) {
    deny(identity, 'You may plan programmes only under your own agreements');
  }
  // Only with a partner the library works with (an agreement signed before that rule does not suffice).
  const linked = await db.getRepository(LibraryPartner).existsBy({ libraryId: agreement.libraryId, partnerId: agreement.partnerId });
  requireWorksWith(identity, agreement.libraryId, agreement.partnerId, linked, 'agreementId');
  const once = Idempotency.ofRow(db, identity, PartnershipProgramme, { key: idempotencyKey, operation: 'createPartnershipProgramme', args: input });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const partner = (await db.getRepository(Partner).findOneBy({ id: agreement.partnerId }))!;
  const kinds = PROGRAMME_PARTNER_KINDS[input.kind];
  if (kinds && !kinds.includes(partner.kind)) throw new BadUserInputError('kind', `A ${input.kind} programme is run with a ${kinds.join(' or ')} partner`);
  if (agreementStatus(agreement, await agreementToday(calendar, agreement.libraryId)) !== AgreementStatus.ACTIVE) throw new ConflictError('The agreement is not in force');
  if (input.endsOn < input.startsOn) throw new BadUserInputError('endsOn', 'endsOn must not be before startsOn');
  if (input.startsOn < agreement.startsOn) throw new BadUserInputError('startsOn', 'The programme must start within the agreement');
  if (input.endsOn > agreement.endsOn) throw new BadUserInputError('endsOn', 'The programme must end within the agreement');
  const librarianIds = [...new Set(input.librarianIds ?? [])];
  await requireOfLibrary(config, 'partnerships', 'Librarian', agreement.libraryId, librarianIds, 'librarianIds');
  if (input.trainingProgrammeId) {
    if (![PartnershipProgrammeKind.WORKSHOP, PartnershipProgrammeKind.SEMINAR].includes(input.kind)) {
      throw new BadUserInputError('trainingProgrammeId', 'Only a workshop or seminar is given as a training programme');
    }
    await requireOfLibrary(config, 'partnerships', 'TrainingProgramme', agreement.libraryId, [input.trainingProgrammeId], 'trainingProgrammeId');
  }

  return once.transaction(async (tx) => {
    const now = wholeSeconds(clockNow());
    const { librarianIds: _ids, ...fields } = input;
    const programme = tx.getRepository(PartnershipProgramme).create({
      ...fields,
      id: randomUUID(),
      libraryId: agreement.libraryId,
      partnerId: agreement.partnerId,
      status: byPartner ? PartnershipProgrammeStatus.PROPOSED : PartnershipProgrammeStatus.PLANNED,
      expectedParticipants: input.expectedParticipants ?? null,
      participantsReached: null,
      itemsCount: null,
      outcomes: null,
      cancellationReason: null,
      trainingProgrammeId: input.trainingProgrammeId ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await tx.getRepository(PartnershipProgramme).insert(programme);
    if (librarianIds.length) await tx.getRepository(ProgrammeLibrarian).insert(librarianIds.map((librarianId) => ({ programmeId: programme.id, librarianId })));
    await enqueueWebhookEvent(tx, programme.partnerId, WebhookEventType.PROGRAMME_CHANGED, 'CREATED', programmeEventData(programme));
    return programme;
  });
}

/** PROPOSED → PLANNED: the library confirms what the partner proposed (the library's admins, ADMIN). */
export async function confirmPartnershipProgramme(ctx: ProgrammeServices, id: string): Promise<PartnershipProgramme> {
  return libraryMove(ctx, id, PartnershipProgrammeStatus.PLANNED);
}

/** PLANNED → IN_PROGRESS (the library's admins, ADMIN). */
export async function startPartnershipProgramme(ctx: ProgrammeServices, id: string): Promise<PartnershipProgramme> {
  return libraryMove(ctx, id, PartnershipProgrammeStatus.IN_PROGRESS);
}

/** PLANNED or IN_PROGRESS → COMPLETED with the outcomes (the library's admins, ADMIN); a lending programme needs itemsCount. */
export async function completePartnershipProgramme(ctx: ProgrammeServices, id: string, outcome: CompletePartnershipProgrammeInput): Promise<PartnershipProgramme> {
  return libraryMove(ctx, id, PartnershipProgrammeStatus.COMPLETED, (programme) => {
    if (programme.kind === PartnershipProgrammeKind.SCHOOL_LENDING && outcome.itemsCount == null) {
      throw new BadUserInputError('itemsCount', 'A lending programme records how many copies were lent');
    }
    return { participantsReached: outcome.participantsReached, itemsCount: outcome.itemsCount ?? null, outcomes: outcome.outcomes };
  });
}

/** Cancels a programme that is not final (the library's admins, the partner, ADMIN). The reason's length: CancelPartnershipProgrammeArgs. */
export async function cancelPartnershipProgramme(identity: Identity, db: DataSource, id: string, reason: string): Promise<PartnershipProgramme> {
  return transaction(db, async (tx) => {
    const programme = await loadForUpdate(tx, id);
    if (!(identity.role === 'PARTNER' && identity.partnerId === programme.partnerId)) requireLibraryAdmin(identity, programme.libraryId);
    return moveProgramme(tx, programme, PartnershipProgrammeStatus.CANCELLED, { cancellationReason: reason.trim() });
  });
}
