import { randomUUID } from 'node:crypto';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { deny, requireStaffOf, STAFF_ROLES } from '../../../shared/auth';
import { transaction } from '../../../shared/database';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/errors';
import { requireAgreementAccess } from '../access';
import type { PartnershipsContext } from '../context';
import { Agreement, AgreementState, AgreementStatus, agreementStatus, todayUtc } from '../entities/agreement.entity';
import { LibraryPartner } from '../entities/library-partner.entity';
import { Library } from '../entities/library.entity';
import { Partner } from '../entities/partner.entity';
import { daysBetween, addDays } from '../../../shared/time';
import { CreateAgreementInput } from './agreement.inputs';

@Resolver(() => Agreement)
export class AgreementResolver {
  /**
   * Staff of the agreement's library, the partner itself, GOVERNMENT, ADMIN. Roles that may see no
   * agreement at all are refused before the lookup (PUBLIC → UNAUTHENTICATED, MEMBER → FORBIDDEN),
   * so they learn nothing about which ids exist.
   */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'PARTNER', 'GOVERNMENT', 'ADMIN')
  @Query(() => Agreement, { description: "One agreement (its library's staff, the partner, GOVERNMENT, ADMIN)" })
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

  /**
   * Agreements in force that end within the next `withinDays` days, soonest first. Staff: their
   * own library's (libraryId defaults to it; another library is refused); a PARTNER: its own;
   * GOVERNMENT and ADMIN: every library's, or one library's.
   */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'PARTNER', 'GOVERNMENT', 'ADMIN')
  @Query(() => [Agreement], {
    description: "Agreements in force ending within N days, soonest first (staff: their library's; a partner: its own; GOVERNMENT, ADMIN: all or one library's)",
  })
  async expiringAgreements(
    @Arg('withinDays', () => Int) withinDays: number,
    @Arg('libraryId', () => ID, { nullable: true }) libraryId: string | undefined,
    @Ctx() { identity, db }: PartnershipsContext,
  ): Promise<Agreement[]> {
    if (!Number.isInteger(withinDays) || withinDays < 0 || withinDays > 3660) throw new BadUserInputError('withinDays', 'withinDays is between 0 and 3660');
    if (STAFF_ROLES.includes(identity.role)) {
      if (libraryId && libraryId !== identity.libraryId) deny(identity, 'You may see only your own library\'s agreements');
      libraryId = identity.libraryId;
    }
    const today = todayUtc();
    const qb = db
      .getRepository(Agreement)
      .createQueryBuilder('a')
      .where('a.state = :signed', { signed: AgreementState.SIGNED })
      .andWhere('a.endsOn BETWEEN :today AND :until', { today, until: addDays(today, withinDays) })
      .orderBy('a.endsOn', 'ASC')
      .addOrderBy('a.id', 'ASC');
    if (libraryId) qb.andWhere('a.libraryId = :libraryId', { libraryId });
    if (identity.role === 'PARTNER') qb.andWhere('a.partnerId = :partnerId', { partnerId: identity.partnerId });
    return qb.getMany();
  }

  @FieldResolver(() => Partner)
  async partner(@Root() agreement: Agreement, @Ctx() { loaders }: PartnershipsContext): Promise<Partner> {
    return (await loaders.partnerById.load(agreement.partnerId))!;
  }

  @FieldResolver(() => Library)
  library(@Root() agreement: Agreement): Library {
    return { id: agreement.libraryId };
  }

  /**
   * LIBRARY_ADMIN of input.libraryId, or ADMIN. Records the agreement and, on the first agreement
   * with this partner, links the library and the partner — in one transaction.
   */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Agreement, { description: 'Record an MoU or PKS with a partner (LIBRARY_ADMIN of the library, ADMIN)' })
  async createAgreement(
    @Arg('input', () => CreateAgreementInput) input: CreateAgreementInput,
    @Ctx() { identity, db }: PartnershipsContext,
  ): Promise<Agreement> {
    requireStaffOf(identity, input.libraryId, ['LIBRARY_ADMIN']);
    if (input.endsOn <= input.startsOn) throw new BadUserInputError('endsOn', 'endsOn must be after startsOn');
    const { draft, ...fields } = input;

    return transaction(db, async (tx) => {
      if (!(await tx.getRepository(Partner).existsBy({ id: input.partnerId }))) throw new NotFoundError('Partner', input.partnerId);
      const agreements = tx.getRepository(Agreement);
      // The unique index is the last word; this gives the client a CONFLICT instead of a masked error.
      if (await agreements.existsBy({ libraryId: input.libraryId, documentReference: input.documentReference })) {
        throw new ConflictError(`The library already has an agreement numbered ${input.documentReference}`);
      }
      const agreement = await agreements.save(
        agreements.create({ ...fields, id: randomUUID(), state: draft ? AgreementState.DRAFT : AgreementState.SIGNED }),
      );
      // INSERT IGNORE / OR IGNORE: an existing link (or a concurrent first agreement) keeps its date.
      await tx
        .createQueryBuilder()
        .insert()
        .into(LibraryPartner)
        .values({ libraryId: input.libraryId, partnerId: input.partnerId, since: input.startsOn })
        .orIgnore()
        .execute();
      return agreement;
    });
  }
}
