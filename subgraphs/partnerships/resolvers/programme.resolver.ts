import { randomUUID } from 'node:crypto';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { deny } from '../../../shared/auth';
import { transaction } from '../../../shared/database';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/errors';
import { Connection, ConnectionArgs, normalisePage } from '../../../shared/pagination';
import { isPartnerSelf, partnerListLibraries, requireAgreementAccess, requireLibraryAdmin, requirePartnerListAccess, requireWorksWith } from '../access';
import type { PartnershipsContext } from '../context';
import { Agreement, AgreementStatus, agreementStatus, todayUtc } from '../entities/agreement.entity';
import { LibraryPartner } from '../entities/library-partner.entity';
import { Librarian } from '../entities/librarian.stub';
import { Library } from '../entities/library.entity';
import { WebhookEventType } from '../entities/partner-webhook.entity';
import { Partner } from '../entities/partner.entity';
import {
  PROGRAMME_PARTNER_KINDS,
  PROGRAMME_TRANSITIONS,
  PartnershipProgramme,
  PartnershipProgrammeKind,
  PartnershipProgrammeStatus,
} from '../entities/partnership-programme.entity';
import { ProgrammeLibrarian } from '../entities/programme-librarian.entity';
import { TrainingProgramme } from '../entities/training-programme.stub';
import { listFilter } from '../loaders';
import { requireOfLibrary } from '../../../shared/service-client';
import { enqueueWebhookEvent } from '../webhooks';
import { CompletePartnershipProgrammeInput, CreatePartnershipProgrammeInput } from './programme.inputs';
import { now as clockNow } from '../../../shared/clock';
import { wholeSeconds } from '../../../shared/time';

@ObjectType()
export class PartnershipProgrammeConnection extends Connection(PartnershipProgramme) {}

@ArgsType()
export class ProgrammeListArgs extends ConnectionArgs {
  @Field(() => PartnershipProgrammeKind, { nullable: true })
  kind?: PartnershipProgrammeKind;

  @Field(() => PartnershipProgrammeStatus, { nullable: true })
  status?: PartnershipProgrammeStatus;
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
async function libraryMove(
  ctx: PartnershipsContext,
  id: string,
  to: PartnershipProgrammeStatus,
  check: (p: PartnershipProgramme) => Partial<PartnershipProgramme> = () => ({}),
) {
  return transaction(ctx.db, async (tx) => {
    const programme = await loadForUpdate(tx, id);
    requireLibraryAdmin(ctx.identity, programme.libraryId);
    return moveProgramme(tx, programme, to, check(programme));
  });
}

@Resolver(() => PartnershipProgramme)
export class PartnershipProgrammeResolver {
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'PARTNER', 'GOVERNMENT', 'ADMIN')
  @Query(() => PartnershipProgramme, { nullable: true, description: "One programme (its library's staff, the partner, GOVERNMENT of its province, ADMIN)" })
  async partnershipProgramme(@Arg('id', () => ID) id: string, @Ctx() { identity, loaders }: PartnershipsContext): Promise<PartnershipProgramme> {
    const programme = await loaders.programmeById.load(id);
    if (!programme) throw new NotFoundError('PartnershipProgramme', id);
    requireAgreementAccess(identity, programme);
    return programme;
  }

  @FieldResolver(() => Agreement)
  async agreement(@Root() programme: PartnershipProgramme, @Ctx() { loaders }: PartnershipsContext): Promise<Agreement> {
    return (await loaders.agreementById.load(programme.agreementId))!;
  }

  @FieldResolver(() => Partner, { description: "The partner (for a school: collections adds what was lent to it, Partner.institutionLoans)" })
  async partner(@Root() programme: PartnershipProgramme, @Ctx() { loaders }: PartnershipsContext): Promise<Partner> {
    return (await loaders.partnerById.load(programme.partnerId))!;
  }

  @FieldResolver(() => Library)
  library(@Root() programme: PartnershipProgramme): Library {
    return { id: programme.libraryId };
  }

  @FieldResolver(() => [Librarian], { description: 'Librarians taking part (going on the visit …)' })
  async librarians(@Root() programme: PartnershipProgramme, @Ctx() { loaders }: PartnershipsContext): Promise<Librarian[]> {
    return (await loaders.librariansByProgrammeId.load(programme.id)).map((l) => ({ id: l.librarianId }));
  }

  @FieldResolver(() => TrainingProgramme, { nullable: true, description: 'The training programme a workshop or seminar is given as' })
  trainingProgramme(@Root() programme: PartnershipProgramme): TrainingProgramme | null {
    return programme.trainingProgrammeId ? { id: programme.trainingProgrammeId } : null;
  }

  /**
   * The agreement library's LIBRARY_ADMIN or ADMIN (the programme is PLANNED), or the partner for
   * its own agreement (PROPOSED, for the library to confirm). The agreement must be in force, the
   * programme fit the partner's kind and the schedule fall within the agreement.
   */
  @Authorized('LIBRARY_ADMIN', 'PARTNER', 'ADMIN')
  @Mutation(() => PartnershipProgramme, {
    nullable: true,
    description: "Plan a programme under an agreement (the library's admins, ADMIN: PLANNED) or propose one (the partner: PROPOSED)",
  })
  async createPartnershipProgramme(
    @Arg('input', () => CreatePartnershipProgrammeInput) input: CreatePartnershipProgrammeInput,
    @Ctx() { identity, db, config }: PartnershipsContext,
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
    const partner = (await db.getRepository(Partner).findOneBy({ id: agreement.partnerId }))!;
    const kinds = PROGRAMME_PARTNER_KINDS[input.kind];
    if (kinds && !kinds.includes(partner.kind)) throw new BadUserInputError('kind', `A ${input.kind} programme is run with a ${kinds.join(' or ')} partner`);
    if (agreementStatus(agreement, todayUtc()) !== AgreementStatus.ACTIVE) throw new ConflictError('The agreement is not in force');
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

    return transaction(db, async (tx) => {
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

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => PartnershipProgramme, { nullable: true, description: "Confirm a programme the partner proposed: PROPOSED → PLANNED (the library's admins, ADMIN)" })
  async confirmPartnershipProgramme(@Arg('id', () => ID) id: string, @Ctx() ctx: PartnershipsContext) {
    return libraryMove(ctx, id, PartnershipProgrammeStatus.PLANNED);
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => PartnershipProgramme, { nullable: true, description: "PLANNED → IN_PROGRESS (the library's admins, ADMIN)" })
  async startPartnershipProgramme(@Arg('id', () => ID) id: string, @Ctx() ctx: PartnershipsContext) {
    return libraryMove(ctx, id, PartnershipProgrammeStatus.IN_PROGRESS);
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => PartnershipProgramme, {
    nullable: true,
    description: "PLANNED or IN_PROGRESS → COMPLETED, recording the outcomes (the library's admins, ADMIN); a lending programme needs itemsCount",
  })
  async completePartnershipProgramme(
    @Arg('id', () => ID) id: string,
    @Arg('outcome', () => CompletePartnershipProgrammeInput) outcome: CompletePartnershipProgrammeInput,
    @Ctx() ctx: PartnershipsContext,
  ) {
    return libraryMove(ctx, id, PartnershipProgrammeStatus.COMPLETED, (programme) => {
      if (programme.kind === PartnershipProgrammeKind.SCHOOL_LENDING && outcome.itemsCount == null) {
        throw new BadUserInputError('itemsCount', 'A lending programme records how many copies were lent');
      }
      return { participantsReached: outcome.participantsReached, itemsCount: outcome.itemsCount ?? null, outcomes: outcome.outcomes };
    });
  }

  @Authorized('LIBRARY_ADMIN', 'PARTNER', 'ADMIN')
  @Mutation(() => PartnershipProgramme, { nullable: true, description: "Cancel a programme that is not final (the library's admins, the partner, ADMIN)" })
  async cancelPartnershipProgramme(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() { identity, db }: PartnershipsContext) {
    if (reason.trim().length < 5 || reason.length > 2000) throw new BadUserInputError('reason', 'Give a reason of 5 to 2000 characters');
    return transaction(db, async (tx) => {
      const programme = await loadForUpdate(tx, id);
      if (!(identity.role === 'PARTNER' && identity.partnerId === programme.partnerId)) requireLibraryAdmin(identity, programme.libraryId);
      return moveProgramme(tx, programme, PartnershipProgrammeStatus.CANCELLED, { cancellationReason: reason.trim() });
    });
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
