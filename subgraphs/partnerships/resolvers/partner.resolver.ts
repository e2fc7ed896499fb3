import { randomUUID } from 'node:crypto';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { deny, isStaffOf, requireStaffOf } from '../../../shared/auth';
import { isUniqueViolation, transaction } from '../../../shared/database';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/errors';
import { todayIn } from '../../../shared/time';
import { contactNeedsLibraries, isPartnerSelf, requireContactAccess, requirePartnerListAccess } from '../access';
import type { PartnershipsContext } from '../context';
import { Agreement } from '../entities/agreement.entity';
import { Library } from '../entities/library.entity';
import { LibraryPartner } from '../entities/library-partner.entity';
import { Partner, PartnerKind } from '../entities/partner.entity';
import { CreatePartnerInput, UpdatePartnerInput } from './partner.inputs';

/** Throws unless the caller may see the partner's contact person. */
async function guardContact(partner: Partner, { identity, loaders }: PartnershipsContext): Promise<void> {
  const libraryIds = contactNeedsLibraries(identity)
    ? (await loaders.linksByPartnerId.load(partner.id)).map((link) => link.libraryId)
    : [];
  requireContactAccess(identity, partner.id, libraryIds);
}

@Resolver(() => Partner)
export class PartnerResolver {
  /**
   * Anyone, PUBLIC included: the public fields. Contact fields and lists keep their own guards.
   * Nullable, like every field of this subgraph that can be refused or not found: an error here
   * leaves the rest of the answer standing.
   */
  @Query(() => Partner, { nullable: true, description: 'One partner by id (public fields for everyone)' })
  async partner(@Arg('id', () => ID) id: string, @Ctx() { loaders }: PartnershipsContext): Promise<Partner> {
    const partner = await loaders.partnerById.load(id);
    if (!partner) throw new NotFoundError('Partner', id);
    return partner;
  }

  /** Public, as on a library's partner board. */
  @FieldResolver(() => [Library], { description: 'The libraries the partner works with (public)' })
  async libraries(@Root() partner: Partner, @Ctx() { loaders }: PartnershipsContext): Promise<Library[]> {
    return (await loaders.linksByPartnerId.load(partner.id)).map((link) => ({ id: link.libraryId }));
  }

  /**
   * The partner itself, ADMIN and a region-wide GOVERNMENT token see all; a province-scoped
   * GOVERNMENT token its province's libraries' agreements; staff their own library's. A caller who
   * could see none (PUBLIC → UNAUTHENTICATED; members, other partners, staff or a province the
   * partner does not work with → FORBIDDEN) is refused, not answered with an empty list.
   */
  @FieldResolver(() => [Agreement], {
    nullable: true,
    description:
      "The partner's agreements the caller may see: all for the partner, ADMIN, GOVERNMENT (a province-scoped token: its province's libraries'); staff see their library's",
  })
  async agreements(@Root() partner: Partner, @Ctx() { identity, loaders }: PartnershipsContext): Promise<Agreement[]> {
    const linked = isPartnerSelf(identity, partner.id) ? [] : (await loaders.linksByPartnerId.load(partner.id)).map((l) => l.libraryId);
    requirePartnerListAccess(identity, partner.id, linked);
    return loaders.visibleAgreementsByPartnerId.load(partner.id);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Contact person. Staff of a partner library, the partner itself, ADMIN' })
  async contactName(@Root() partner: Partner, @Ctx() ctx: PartnershipsContext): Promise<string> {
    await guardContact(partner, ctx);
    return partner.contactName;
  }

  @FieldResolver(() => String, { nullable: true, description: "Contact person's e-mail. Staff of a partner library, the partner itself, ADMIN" })
  async contactEmail(@Root() partner: Partner, @Ctx() ctx: PartnershipsContext): Promise<string> {
    await guardContact(partner, ctx);
    return partner.contactEmail;
  }

  @FieldResolver(() => String, { nullable: true, description: "Contact person's phone. Staff of a partner library, the partner itself, ADMIN" })
  async contactPhone(@Root() partner: Partner, @Ctx() ctx: PartnershipsContext): Promise<string | null> {
    await guardContact(partner, ctx);
    return partner.contactPhone;
  }

  /**
   * LIBRARY_ADMIN of input.libraryId, or ADMIN: registers a partner and links it to the library
   * (agreements and programmes follow). PUBLIC → UNAUTHENTICATED; anyone else → FORBIDDEN.
   */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Partner, { nullable: true, description: 'Register a partner of a library (LIBRARY_ADMIN of the library, ADMIN)' })
  async createPartner(
    @Arg('input', () => CreatePartnerInput) input: CreatePartnerInput,
    @Ctx() { identity, db, calendar }: PartnershipsContext,
  ): Promise<Partner> {
    requireStaffOf(identity, input.libraryId, ['LIBRARY_ADMIN']);
    if (input.npsn && input.kind !== PartnerKind.SCHOOL) throw new BadUserInputError('npsn', 'Only a school has an NPSN');
    const since = todayIn((await calendar.get(input.libraryId)).timezone); // NOT_FOUND for an unknown library
    const { libraryId, ...fields } = input;
    try {
      return await transaction(db, async (tx) => {
        const partner = await tx.getRepository(Partner).save(
          tx.getRepository(Partner).create({ ...fields, id: randomUUID(), npsn: fields.npsn ?? null, contactPhone: fields.contactPhone ?? null }),
        );
        await tx.getRepository(LibraryPartner).insert({ libraryId, partnerId: partner.id, since });
        return partner;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError(`A partner with NPSN ${input.npsn} is registered already`);
      throw err;
    }
  }

  /**
   * LIBRARY_ADMIN of a library the partner works with, or ADMIN: name, address and contact person.
   * "Works with" is a library_partner link, which no library can make alone with a partner someone
   * else registered (access.ts `requireWorksWith`: createPartner, the partner's signature, ADMIN).
   */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Partner, { nullable: true, description: "Correct a partner's details (LIBRARY_ADMIN of a library it works with, ADMIN)" })
  async updatePartner(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdatePartnerInput) input: UpdatePartnerInput,
    @Ctx() { identity, db, loaders }: PartnershipsContext,
  ): Promise<Partner> {
    const partner = await loaders.partnerById.load(id);
    if (!partner) throw new NotFoundError('Partner', id);
    const links = await loaders.linksByPartnerId.load(id);
    if (!links.some((link) => isStaffOf(identity, link.libraryId, ['LIBRARY_ADMIN']))) {
      deny(identity, "Only the admins of a library the partner works with may change its details");
    }
    const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    return transaction(db, async (tx) => {
      await tx.getRepository(Partner).update({ id }, changes);
      return (await tx.getRepository(Partner).findOneBy({ id }))!;
    });
  }
}
