import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../../shared/platform/errors';
import { daysBetween } from '../../../shared/platform/time';
import { requireAgreementAccess } from '../access';
import type { PartnershipsContext } from '../context';
import { Library } from '../federation/library.stub';
import { Partner } from '../partners/partner.entity';
import { Agreement, AgreementStatus, agreementStatus, todayUtc } from './agreement.entity';
import { CreateAgreementInput, ExpiringAgreementsArgs } from './agreement.inputs';
import { createAgreement, expiringAgreements, signAgreement } from './agreement.service';

@Resolver(() => Agreement)
export class AgreementResolver {
  /**
   * Staff of the agreement's library, the partner itself, GOVERNMENT, ADMIN. Roles that may see no
   * agreement at all are refused before the lookup (PUBLIC → UNAUTHENTICATED, MEMBER → FORBIDDEN),
   * so they learn nothing about which ids exist.
   */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'PARTNER', 'GOVERNMENT', 'ADMIN')
  @Query(() => Agreement, { nullable: true, description: "One agreement (its library's staff, the partner, GOVERNMENT of its province, ADMIN)" })
  async agreement(@Arg('id', () => ID) id: string, @Ctx() { identity, loaders }: PartnershipsContext): Promise<Agreement> {
    const agreement = await loaders.agreementById.load(id);
    if (!agreement) throw new NotFoundError('Agreement', id);
    requireAgreementAccess(identity, agreement);
    return agreement;
  }

  @FieldResolver(() => AgreementStatus, { description: 'Derived from the stored state and the dates' })
  status(@Root() agreement: Agreement): AgreementStatus {
    return agreementStatus(agreement, todayUtc());
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Days until the end date (0 on the last day) while ACTIVE; null otherwise' })
  daysRemaining(@Root() agreement: Agreement): number | null {
    const today = todayUtc();
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
    @Ctx() { identity, db, loaders }: PartnershipsContext,
  ): Promise<Agreement[]> {
    return expiringAgreements({ identity, db, loaders }, withinDays, libraryId);
  }

  @FieldResolver(() => Partner)
  async partner(@Root() agreement: Agreement, @Ctx() { loaders }: PartnershipsContext): Promise<Partner> {
    return (await loaders.partnerById.load(agreement.partnerId))!;
  }

  @FieldResolver(() => Library)
  library(@Root() agreement: Agreement): Library {
    return { id: agreement.libraryId };
  }

  /** LIBRARY_ADMIN of input.libraryId, or ADMIN; signed or a draft: agreement.service.ts `createAgreement`. */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Agreement, {
    nullable: true,
    description: 'Record an MoU or PKS with a partner (LIBRARY_ADMIN of the library, ADMIN); with a partner the library does not work with yet, a draft for the partner to sign',
  })
  async createAgreement(@Arg('input', () => CreateAgreementInput) input: CreateAgreementInput, @Ctx() { identity, db }: PartnershipsContext): Promise<Agreement> {
    return createAgreement(identity, db, input);
  }

  /** DRAFT → signed, linking library and partner when the partner signs: agreement.service.ts `signAgreement`. */
  @Authorized('LIBRARY_ADMIN', 'PARTNER', 'ADMIN')
  @Mutation(() => Agreement, {
    nullable: true,
    description:
      "Sign a draft agreement (the partner itself, ADMIN; the library's admins only with a partner the library already works with). The partner's signature makes the two work together",
  })
  async signAgreement(@Arg('id', () => ID) id: string, @Ctx() { identity, db }: PartnershipsContext): Promise<Agreement> {
    return signAgreement(identity, db, id);
  }
}
