import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../../shared/platform/errors';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { daysBetween } from '../../../shared/platform/time';
import { requireAgreementAccess } from '../access';
import type { PartnershipsContext } from '../context';
import { Library } from '../federation/library.stub';
import { Partner } from '../partners/partner.entity';
import { AgreementEvent } from './agreement-event.entity';
import { Agreement, AgreementStatus, agreementStatus, agreementToday } from './agreement.entity';
import { AmendAgreementInput, CreateAgreementInput, ExpiringAgreementsArgs, RenewAgreementInput } from './agreement.inputs';
import { amendAgreement, createAgreement, expiringAgreements, renewAgreement, signAgreement, terminateAgreement } from './agreement.service';

@Resolver(() => Agreement)
export class AgreementResolver {
  /**
   * Staff of the agreement's library, the partner itself, GOVERNMENT, ADMIN. Roles that may see no
   * agreement at all are refused before the lookup (PUBLIC → UNAUTHENTICATED, MEMBER → FORBIDDEN),
   * so they learn nothing about which ids exist.
   */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'PARTNER', 'GOVERNMENT', 'ADMIN')
  @Query(() => Agreement, { nullable: true, description: "One agreement (its library's staff, the partner, GOVERNMENT of its province, ADMIN)" })
  async agreement(@Arg('id', () => ID, { description: "The agreement's id" }) id: string, @Ctx() { identity, loaders }: PartnershipsContext): Promise<Agreement> {
    const agreement = await loaders.agreementById.load(id);
    if (!agreement) throw new NotFoundError('Agreement', id);
    requireAgreementAccess(identity, agreement);
    return agreement;
  }

  @FieldResolver(() => AgreementStatus, { description: "Derived from the stored state and the dates, on the library's today" })
  async status(@Root() agreement: Agreement, @Ctx() { calendar }: PartnershipsContext): Promise<AgreementStatus> {
    return agreementStatus(agreement, await agreementToday(calendar, agreement.libraryId));
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Days until the end date (0 on the last day) while ACTIVE; null otherwise' })
  async daysRemaining(@Root() agreement: Agreement, @Ctx() { calendar }: PartnershipsContext): Promise<number | null> {
    const today = await agreementToday(calendar, agreement.libraryId);
    return agreementStatus(agreement, today) === AgreementStatus.ACTIVE ? daysBetween(today, agreement.endsOn) : null;
  }

  /** Who sees which: agreement.service.ts `expiringAgreements` (FORBIDDEN, never an empty list). */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'PARTNER', 'GOVERNMENT', 'ADMIN')
  @Query(() => [Agreement], {
    nullable: true,
    description:
      "Agreements in force ending within N days, soonest first (staff: their library's; a partner: its own; GOVERNMENT: its province's or all; ADMIN: all; libraryId: one of those libraries)",
  })
  async expiringAgreements(
    @Args(() => ExpiringAgreementsArgs) { withinDays, libraryId }: ExpiringAgreementsArgs,
    @Ctx() { identity, db, loaders, calendar }: PartnershipsContext,
  ): Promise<Agreement[]> {
    return expiringAgreements({ identity, db, loaders, calendar }, withinDays, libraryId);
  }

  @FieldResolver(() => Partner, { description: 'The partner that is party to the agreement' })
  async partner(@Root() agreement: Agreement, @Ctx() { loaders }: PartnershipsContext): Promise<Partner> {
    return (await loaders.partnerById.load(agreement.partnerId))!;
  }

  @FieldResolver(() => Library, { description: 'The library that is party to the agreement' })
  library(@Root() agreement: Agreement): Library {
    return { id: agreement.libraryId };
  }

  /** LIBRARY_ADMIN of input.libraryId, or ADMIN; signed or a draft: agreement.service.ts `createAgreement`. */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Agreement, {
    nullable: true,
    description: 'Record an MoU or PKS with a partner (LIBRARY_ADMIN of the library, ADMIN); with a partner the library does not work with yet, a draft for the partner to sign',
  })
  async createAgreement(
    @Arg('input', () => CreateAgreementInput, { description: 'The agreement to record' }) input: CreateAgreementInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() { identity, db, calendar }: PartnershipsContext,
  ): Promise<Agreement> {
    return createAgreement({ identity, db, calendar }, input, idempotencyKey);
  }

  /** DRAFT → signed, linking library and partner when the partner signs: agreement.service.ts `signAgreement`. */
  @Authorized('LIBRARY_ADMIN', 'PARTNER', 'ADMIN')
  @Mutation(() => Agreement, {
    nullable: true,
    description:
      "Sign a draft agreement (the partner itself, ADMIN; the library's admins only with a partner the library already works with). The partner's signature makes the two work together",
  })
  async signAgreement(@Arg('id', () => ID, { description: "The draft agreement's id" }) id: string, @Ctx() { identity, db, calendar }: PartnershipsContext): Promise<Agreement> {
    return signAgreement({ identity, db, calendar }, id);
  }

  /** Whoever may read the agreement (it is only ever returned to them): its renewals, amendments and termination, oldest first. */
  @FieldResolver(() => [AgreementEvent], { description: 'Renewals, amendments and the termination, oldest first, each with the document recording it' })
  history(@Root() agreement: Agreement, @Ctx() { loaders }: PartnershipsContext): Promise<AgreementEvent[]> {
    return loaders.agreementHistory.load(agreement.id);
  }

  /** LIBRARY_ADMIN of the agreement's library, ADMIN: agreement.service.ts `renewAgreement`. */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Agreement, { nullable: true, description: "Extend a signed agreement to a new end date, with the addendum recording it (the library's LIBRARY_ADMIN, ADMIN)" })
  async renewAgreement(
    @Arg('id', () => ID, { description: "The agreement's id" }) id: string,
    @Arg('input', () => RenewAgreementInput, { description: 'The new end date and the addendum recording it' }) input: RenewAgreementInput,
    @Ctx() { identity, db, calendar }: PartnershipsContext,
  ): Promise<Agreement> {
    return renewAgreement({ identity, db, calendar }, id, input);
  }

  /** LIBRARY_ADMIN of the agreement's library, ADMIN: agreement.service.ts `amendAgreement`. */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Agreement, { nullable: true, description: "Change a signed agreement's title or scope, with the addendum recording it (the library's LIBRARY_ADMIN, ADMIN)" })
  async amendAgreement(
    @Arg('id', () => ID, { description: "The agreement's id" }) id: string,
    @Arg('input', () => AmendAgreementInput, { description: 'The new title and/or scope and the addendum recording them' }) input: AmendAgreementInput,
    @Ctx() { identity, db, calendar }: PartnershipsContext,
  ): Promise<Agreement> {
    return amendAgreement({ identity, db, calendar }, id, input);
  }

  /** LIBRARY_ADMIN of the agreement's library, ADMIN: agreement.service.ts `terminateAgreement`. */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Agreement, { nullable: true, description: "End a signed agreement early: TERMINATED from the day `on` (the library's LIBRARY_ADMIN, ADMIN)" })
  async terminateAgreement(
    @Arg('id', () => ID, { description: "The agreement's id" }) id: string,
    @Arg('on', () => CalendarDateScalar, { description: "The first day it reads TERMINATED: between its start and end dates (a calendar date in the library's time zone)" })
    on: string,
    @Arg('reason', { description: 'Why the agreement ends early, 10–2000 characters' }) reason: string,
    @Ctx() { identity, db, calendar }: PartnershipsContext,
  ): Promise<Agreement> {
    return terminateAgreement({ identity, db, calendar }, id, on, reason);
  }
}
