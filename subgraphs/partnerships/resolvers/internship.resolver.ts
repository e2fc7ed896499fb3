import { randomUUID } from 'node:crypto';
import { Arg, Args, ArgsType, Authorized, Ctx, Directive, Field, FieldResolver, Float, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { EntityManager } from 'typeorm';

import { deny } from '../../../shared/auth';
import { isUniqueViolation, transaction } from '../../../shared/database';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/errors';
import { Connection, ConnectionArgs, normalisePage } from '../../../shared/pagination';
import { isoWeekday, addDays, wholeSeconds } from '../../../shared/time';
import {
  isSupervisor,
  requireEvaluationAccess,
  requireInternshipAccess,
  isPartnerSelf,
  partnerListLibraries,
  requirePartnerListAccess,
  requireWorksWith,
  requireInternshipManager,
  requireSupervisedListAccess,
  requireSupervisorOrManager,
} from '../access';
import type { PartnershipsContext } from '../context';
import { Agreement, AgreementStatus, agreementStatus, todayUtc } from '../entities/agreement.entity';
import { InternshipLogbookEntry, LogbookRecorder } from '../entities/internship-logbook-entry.entity';
import { Internship, InternshipScore, InternshipStatus, isLegalInternshipTransition } from '../entities/internship.entity';
import { Librarian } from '../entities/librarian.stub';
import { LibraryPartner } from '../entities/library-partner.entity';
import { Library } from '../entities/library.entity';
import { Partner, PartnerKind } from '../entities/partner.entity';
import { WebhookEventType } from '../entities/partner-webhook.entity';
import { listFilter } from '../loaders';
import { requireOfLibrary } from '../../../shared/service-client';
import { enqueueWebhookEvent, type WebhookChange } from '../webhooks';
import { ApplyForInternshipInput, EvaluateInternshipInput, RecordLogbookEntryInput } from './internship.inputs';
import { now as clockNow } from '../../../shared/clock';

@ObjectType()
export class InternshipConnection extends Connection(Internship) {}

@ArgsType()
export class InternshipListArgs extends ConnectionArgs {
  @Field(() => InternshipStatus, { nullable: true, description: 'Only internships in this status' })
  status?: InternshipStatus;
}

@ObjectType({ description: "The supervisor's final evaluation of an intern" })
export class InternshipEvaluation {
  @Field(() => [InternshipScore])
  scores: InternshipScore[];

  @Field(() => Float, { description: 'Mean of the scores' })
  averageScore: number;

  @Field()
  comment: string;

  @Field()
  evaluatedAt: Date;
}

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
async function moveInternship(
  tx: EntityManager,
  internship: Internship,
  to: InternshipStatus,
  patch: Partial<Internship> = {},
): Promise<Internship> {
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

@Resolver(() => Internship)
export class InternshipResolver {
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'PARTNER', 'ADMIN')
  @Query(() => Internship, { nullable: true, description: "One internship (the host library's staff, the university, ADMIN)" })
  async internship(@Arg('id', () => ID) id: string, @Ctx() { identity, loaders }: PartnershipsContext): Promise<Internship> {
    const internship = await loaders.internshipById.load(id);
    if (!internship) throw new NotFoundError('Internship', id);
    requireInternshipAccess(identity, internship);
    return internship;
  }

  @FieldResolver(() => Library, { description: 'The host library' })
  library(@Root() internship: Internship): Library {
    return { id: internship.libraryId };
  }

  @FieldResolver(() => Partner, { description: 'The university the student comes from' })
  async university(@Root() internship: Internship, @Ctx() { loaders }: PartnershipsContext): Promise<Partner> {
    return (await loaders.partnerById.load(internship.partnerId))!;
  }

  @FieldResolver(() => Agreement, { description: 'The agreement the internship is under' })
  async agreement(@Root() internship: Internship, @Ctx() { loaders }: PartnershipsContext): Promise<Agreement> {
    return (await loaders.agreementById.load(internship.agreementId))!;
  }

  @FieldResolver(() => Librarian, { nullable: true, description: 'The supervising librarian (from acceptance on)' })
  supervisor(@Root() internship: Internship): Librarian | null {
    return internship.supervisorId ? { id: internship.supervisorId } : null;
  }

  @FieldResolver(() => [InternshipLogbookEntry], { description: 'Weekly logbook, oldest week first' })
  async logbook(@Root() internship: Internship, @Ctx() { loaders }: PartnershipsContext): Promise<InternshipLogbookEntry[]> {
    return loaders.logbookByInternshipId.load(internship.id);
  }

  @FieldResolver(() => InternshipEvaluation, {
    nullable: true,
    description: "The supervisor's final evaluation (the supervisor, the host library's admins, the university, ADMIN)",
  })
  evaluation(@Root() internship: Internship, @Ctx() { identity }: PartnershipsContext): InternshipEvaluation | null {
    requireEvaluationAccess(identity, internship);
    if (!internship.evaluationScores || !internship.evaluatedAt) return null;
    const scores = internship.evaluationScores;
    return {
      scores,
      averageScore: Math.round((scores.reduce((s, x) => s + x.score, 0) / scores.length) * 10) / 10,
      comment: internship.evaluationComment ?? '',
      evaluatedAt: internship.evaluatedAt,
    };
  }

  /**
   * The university (PARTNER, for its own agreements), the host library's LIBRARY_ADMIN, ADMIN.
   * The agreement must be in force and with a university; the period within it.
   */
  @Authorized('PARTNER', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Internship, { nullable: true, description: "Apply for a student's internship under an agreement (the university, the library's admins, ADMIN); starts APPLIED" })
  async applyForInternship(
    @Arg('input', () => ApplyForInternshipInput) input: ApplyForInternshipInput,
    @Ctx() { identity, db }: PartnershipsContext,
  ): Promise<Internship> {
    const agreement = await db.getRepository(Agreement).findOneBy({ id: input.agreementId });
    if (!agreement) throw new NotFoundError('Agreement', input.agreementId);
    if (identity.role === 'PARTNER' ? identity.partnerId !== agreement.partnerId : !(identity.role === 'ADMIN' || identity.libraryId === agreement.libraryId)) {
      deny(identity, 'You may apply only under your own agreements');
    }
    // Only with a university the library works with (an agreement signed before that rule does not suffice).
    const linked = await db.getRepository(LibraryPartner).existsBy({ libraryId: agreement.libraryId, partnerId: agreement.partnerId });
    requireWorksWith(identity, agreement.libraryId, agreement.partnerId, linked, 'agreementId');
    const partner = (await db.getRepository(Partner).findOneBy({ id: agreement.partnerId }))!;
    if (partner.kind !== PartnerKind.UNIVERSITY) throw new BadUserInputError('agreementId', 'Internships are under an agreement with a university');
    if (agreementStatus(agreement, todayUtc()) !== AgreementStatus.ACTIVE) throw new ConflictError('The agreement is not in force');
    if (input.endsOn <= input.startsOn) throw new BadUserInputError('endsOn', 'endsOn must be after startsOn');
    if (input.startsOn < agreement.startsOn) throw new BadUserInputError('startsOn', 'The internship must start within the agreement');
    if (input.endsOn > agreement.endsOn) throw new BadUserInputError('endsOn', 'The internship must end within the agreement');

    return transaction(db, async (tx) => {
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
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Internship, { nullable: true, description: "Accept an applied internship and name its supervising librarian (the host library's admins, ADMIN)" })
  async acceptInternship(
    @Arg('id', () => ID) id: string,
    @Arg('supervisorId', () => ID) supervisorId: string,
    @Ctx() { identity, db, config, loaders }: PartnershipsContext,
  ): Promise<Internship> {
    const current = await loaders.internshipById.load(id);
    if (!current) throw new NotFoundError('Internship', id);
    requireInternshipManager(identity, current);
    await requireOfLibrary(config, 'partnerships', 'Librarian', current.libraryId, [supervisorId], 'supervisorId');
    return transaction(db, async (tx) => moveInternship(tx, await loadForUpdate(tx, id), InternshipStatus.ACCEPTED, { supervisorId }));
  }

  /** ACCEPTED → ACTIVE: the intern has started. The supervisor, the host library's LIBRARY_ADMIN, ADMIN. */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Internship, { nullable: true, description: "Mark an accepted internship as started (the supervisor, the host library's admins, ADMIN)" })
  async startInternship(@Arg('id', () => ID) id: string, @Ctx() { identity, db }: PartnershipsContext): Promise<Internship> {
    return transaction(db, async (tx) => {
      const internship = await loadForUpdate(tx, id);
      requireSupervisorOrManager(identity, internship);
      return moveInternship(tx, internship, InternshipStatus.ACTIVE);
    });
  }

  /**
   * ACTIVE → COMPLETED, once the supervisor has evaluated; issues the certificate number. The
   * supervisor, the host library's LIBRARY_ADMIN, ADMIN.
   */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Internship, { nullable: true, description: "Complete an active, evaluated internship and issue its certificate number (the supervisor, the host library's admins, ADMIN)" })
  async completeInternship(@Arg('id', () => ID) id: string, @Ctx() { identity, db }: PartnershipsContext): Promise<Internship> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await transaction(db, async (tx) => {
          const internship = await loadForUpdate(tx, id);
          requireSupervisorOrManager(identity, internship);
          if (internship.status === InternshipStatus.ACTIVE && !internship.evaluatedAt) {
            throw new ConflictError('The supervisor evaluates the intern before the internship is completed');
          }
          const certificateNumber = isLegalInternshipTransition(internship.status, InternshipStatus.COMPLETED)
            ? await nextCertificateNumber(tx, internship.libraryId, todayUtc().slice(0, 4))
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

  /** APPLIED, ACCEPTED or ACTIVE → CANCELLED. The host library's LIBRARY_ADMIN, the supervisor, the university, ADMIN. */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'PARTNER', 'ADMIN')
  @Mutation(() => Internship, { nullable: true, description: "Cancel an internship that is not final (the host library's admins, the supervisor, the university, ADMIN)" })
  async cancelInternship(
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Ctx() { identity, db }: PartnershipsContext,
  ): Promise<Internship> {
    if (reason.trim().length < 5 || reason.length > 2000) throw new BadUserInputError('reason', 'Give a reason of 5 to 2000 characters');
    return transaction(db, async (tx) => {
      const internship = await loadForUpdate(tx, id);
      if (!(identity.role === 'PARTNER' && identity.partnerId === internship.partnerId)) requireSupervisorOrManager(identity, internship);
      return moveInternship(tx, internship, InternshipStatus.CANCELLED, { cancellationReason: reason.trim() });
    });
  }

  /**
   * A week of the logbook, while the internship is ACTIVE. Interns have no account of their own:
   * the university enters the week on the student's behalf (PARTNER token), or the supervising
   * librarian records it; ADMIN may too. One entry per week.
   */
  @Authorized('PARTNER', 'LIBRARIAN', 'ADMIN')
  @Mutation(() => InternshipLogbookEntry, { nullable: true, description: "Record a week of an active intern's logbook (the university on the student's behalf, the supervisor, ADMIN)" })
  async recordInternshipLogbookEntry(
    @Arg('input', () => RecordLogbookEntryInput) input: RecordLogbookEntryInput,
    @Ctx() { identity, db }: PartnershipsContext,
  ): Promise<InternshipLogbookEntry> {
    return transaction(db, async (tx) => {
      const internship = await loadForUpdate(tx, input.internshipId);
      let recordedBy: LogbookRecorder;
      if (identity.role === 'PARTNER' && identity.partnerId === internship.partnerId) recordedBy = LogbookRecorder.UNIVERSITY;
      else if (isSupervisor(identity, internship)) recordedBy = LogbookRecorder.SUPERVISOR;
      else if (identity.role === 'ADMIN') recordedBy = LogbookRecorder.ADMIN;
      else deny(identity, 'Only the university and the supervising librarian keep the logbook');
      if (internship.status !== InternshipStatus.ACTIVE) throw new ConflictError(`The logbook is kept while the internship is ACTIVE, not ${internship.status}`);
      if (isoWeekday(input.weekStarting) !== 1) throw new BadUserInputError('weekStarting', 'weekStarting is a Monday');
      if (input.weekStarting > internship.endsOn || addDays(input.weekStarting, 6) < internship.startsOn) {
        throw new BadUserInputError('weekStarting', 'The week must fall within the internship');
      }
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

  /** The final evaluation, while ACTIVE (it may be revised until completion). The supervising librarian, ADMIN. */
  @Authorized('LIBRARIAN', 'ADMIN')
  @Mutation(() => Internship, { nullable: true, description: 'Give (or revise) the final evaluation of an active intern: scores per criterion and a comment (the supervisor, ADMIN)' })
  async evaluateInternship(
    @Arg('input', () => EvaluateInternshipInput) input: EvaluateInternshipInput,
    @Ctx() { identity, db }: PartnershipsContext,
  ): Promise<Internship> {
    const criteria = input.scores.map((s) => s.criterion.trim().toLowerCase());
    if (new Set(criteria).size !== criteria.length) throw new BadUserInputError('scores', 'Each criterion is scored once');
    return transaction(db, async (tx) => {
      const internship = await loadForUpdate(tx, input.internshipId);
      if (!(identity.role === 'ADMIN' || isSupervisor(identity, internship))) deny(identity, 'Only the supervising librarian evaluates the intern');
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
}

@Resolver(() => Partner)
export class PartnerInternshipsResolver {
  /**
   * The university itself and ADMIN see all; staff see their own library's interns when it hosts
   * the university's students; the rest (GOVERNMENT included: personal data) are refused.
   */
  @FieldResolver(() => InternshipConnection, {
    nullable: true,
    description: "The university's students' internships, by start date (the university, ADMIN; staff see their library's)",
  })
  async internships(@Root() partner: Partner, @Args() args: InternshipListArgs, @Ctx() ctx: PartnershipsContext) {
    const linked = isPartnerSelf(ctx.identity, partner.id) ? [] : (await ctx.loaders.linksByPartnerId.load(partner.id)).map((l) => l.libraryId);
    requirePartnerListAccess(ctx.identity, partner.id, linked, 'PERSONAL');
    return ctx.loaders.internshipsByPartnerId.load({
      parentId: partner.id,
      page: normalisePage(args, ctx.config.maxPageSize),
      variant: listFilter({ status: args.status, libraryId: partnerListLibraries(ctx.identity, partner.id, 'PERSONAL') }),
    });
  }
}

@Resolver(() => Librarian)
export class LibrarianResolver {
  /** The librarian themself, their library's LIBRARY_ADMIN, ADMIN. */
  @FieldResolver(() => InternshipConnection, {
    nullable: true,
    description: "Interns this librarian supervises, by start date (the librarian, their library's admins, ADMIN)",
  })
  @Directive('@requires(fields: "library { id }")')
  async supervisedInternships(@Root() librarian: Librarian, @Args() args: InternshipListArgs, @Ctx() ctx: PartnershipsContext) {
    requireSupervisedListAccess(ctx.identity, librarian.id, librarian.library?.id);
    return ctx.loaders.internshipsBySupervisorId.load({
      parentId: librarian.id,
      page: normalisePage(args, ctx.config.maxPageSize),
      variant: listFilter({ status: args.status }),
    });
  }
}
