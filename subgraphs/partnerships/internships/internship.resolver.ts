import { Arg, Args, Authorized, Ctx, Directive, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../../shared/platform/errors';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';
import { normalisePage } from '../../../shared/platform/pagination';
import { isPartnerSelf, partnerListLibraries, requireEvaluationAccess, requireInternshipAccess, requirePartnerListAccess, requireSupervisedListAccess } from '../access';
import { Agreement } from '../agreements/agreement.entity';
import type { PartnershipsContext } from '../context';
import { Librarian } from '../federation/librarian.stub';
import { Library } from '../federation/library.stub';
import { listFilter } from '../list-filter';
import { Partner } from '../partners/partner.entity';
import { InternshipLogbookEntry } from './internship-logbook-entry.entity';
import { Internship } from './internship.entity';
import { ApplyForInternshipInput, CancelInternshipArgs, EvaluateInternshipInput, InternshipListArgs, RecordLogbookEntryInput } from './internship.inputs';
import {
  acceptInternship,
  applyForInternship,
  cancelInternship,
  completeInternship,
  evaluateInternship,
  recordInternshipLogbookEntry,
  startInternship,
} from './internship.service';
import { InternshipConnection, InternshipEvaluation } from './internship.types';

@Resolver(() => Internship)
export class InternshipResolver {
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'PARTNER', 'ADMIN')
  @Query(() => Internship, { nullable: true, description: "One internship (the host library's staff, the university, ADMIN)" })
  async internship(@Arg('id', () => ID, { description: "The internship's id" }) id: string, @Ctx() { identity, loaders }: PartnershipsContext): Promise<Internship> {
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
    @Arg('input', () => ApplyForInternshipInput, { description: 'The student and the period' }) input: ApplyForInternshipInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() { identity, db, calendar }: PartnershipsContext,
  ): Promise<Internship> {
    return applyForInternship(identity, db, input, calendar, idempotencyKey);
  }

  /** APPLIED → ACCEPTED, naming the supervisor (a librarian of the host library). The host library's LIBRARY_ADMIN, ADMIN. */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Internship, { nullable: true, description: "Accept an applied internship and name its supervising librarian (the host library's admins, ADMIN)" })
  async acceptInternship(
    @Arg('id', () => ID, { description: "The internship's id" }) id: string,
    @Arg('supervisorId', () => ID, { description: "The supervising librarian's id: a librarian of the host library" }) supervisorId: string,
    @Ctx() { identity, db, config, loaders }: PartnershipsContext,
  ): Promise<Internship> {
    return acceptInternship({ identity, db, config, loaders }, id, supervisorId);
  }

  /** ACCEPTED → ACTIVE: the intern has started. The supervisor, the host library's LIBRARY_ADMIN, ADMIN. */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Internship, { nullable: true, description: "Mark an accepted internship as started (the supervisor, the host library's admins, ADMIN)" })
  async startInternship(@Arg('id', () => ID, { description: "The internship's id" }) id: string, @Ctx() { identity, db }: PartnershipsContext): Promise<Internship> {
    return startInternship(identity, db, id);
  }

  /**
   * ACTIVE → COMPLETED, once the supervisor has evaluated; issues the certificate number. The
   * supervisor, the host library's LIBRARY_ADMIN, ADMIN.
   */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Internship, {
    nullable: true,
    description:
      "Complete an active, evaluated internship and issue its certificate number, from its last day (endsOn) in the library's zone (the supervisor, the host library's admins, ADMIN)",
  })
  async completeInternship(@Arg('id', () => ID, { description: "The internship's id" }) id: string, @Ctx() { identity, db, calendar }: PartnershipsContext): Promise<Internship> {
    return completeInternship(identity, db, id, calendar);
  }

  /** APPLIED, ACCEPTED or ACTIVE → CANCELLED. The host library's LIBRARY_ADMIN, the supervisor, the university, ADMIN. */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'PARTNER', 'ADMIN')
  @Mutation(() => Internship, { nullable: true, description: "Cancel an internship that is not final (the host library's admins, the supervisor, the university, ADMIN)" })
  async cancelInternship(@Args(() => CancelInternshipArgs) { id, reason }: CancelInternshipArgs, @Ctx() { identity, db }: PartnershipsContext): Promise<Internship> {
    return cancelInternship(identity, db, id, reason);
  }

  /**
   * A week of the logbook, while the internship is ACTIVE. Interns have no account of their own:
   * the university enters the week on the student's behalf (PARTNER token), or the supervising
   * librarian records it; ADMIN may too. One entry per week.
   */
  @Authorized('PARTNER', 'LIBRARIAN', 'ADMIN')
  @Mutation(() => InternshipLogbookEntry, {
    nullable: true,
    description: "Record a week of an active intern's logbook, once the week has begun (the university on the student's behalf, the supervisor, ADMIN)",
  })
  async recordInternshipLogbookEntry(
    @Arg('input', () => RecordLogbookEntryInput, { description: 'The week to record' }) input: RecordLogbookEntryInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() { identity, db, calendar }: PartnershipsContext,
  ): Promise<InternshipLogbookEntry> {
    return recordInternshipLogbookEntry(identity, db, input, calendar, idempotencyKey);
  }

  /** The final evaluation, while ACTIVE (it may be revised until completion). The supervising librarian, ADMIN. */
  @Authorized('LIBRARIAN', 'ADMIN')
  @Mutation(() => Internship, {
    nullable: true,
    description: 'Give (or revise) the final evaluation of an active intern: scores per criterion and a comment (the supervisor, ADMIN)',
  })
  async evaluateInternship(
    @Arg('input', () => EvaluateInternshipInput, { description: 'The scores and the comment' }) input: EvaluateInternshipInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() { identity, db }: PartnershipsContext,
  ): Promise<Internship> {
    return evaluateInternship(identity, db, input, idempotencyKey);
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
