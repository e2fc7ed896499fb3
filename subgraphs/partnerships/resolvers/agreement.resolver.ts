import { randomUUID } from 'node:crypto';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireStaffOf } from '../../../shared/auth';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/errors';
import { requireAgreementAccess } from '../access';
import type { PartnershipsContext } from '../context';
import { Agreement, AgreementState, AgreementStatus, agreementStatus, todayUtc } from '../entities/agreement.entity';
import { LibraryPartner } from '../entities/library-partner.entity';
import { Library } from '../entities/library.entity';
import { Partner } from '../entities/partner.entity';
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

    return db.transaction(async (tx) => {
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
