import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../../shared/platform/errors';
import { contactNeedsLibraries, isPartnerSelf, requireContactAccess, requirePartnerListAccess } from '../access';
import { Agreement } from '../agreements/agreement.entity';
import type { PartnershipsContext } from '../context';
import { Library } from '../federation/library.stub';
import { Partner } from './partner.entity';
import { CreatePartnerInput, UpdatePartnerInput } from './partner.inputs';
import { createPartner, updatePartner } from './partner.service';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';

/** Throws unless the caller may see the partner's contact person. */
async function guardContact(partner: Partner, { identity, loaders }: PartnershipsContext): Promise<void> {
  const libraryIds = contactNeedsLibraries(identity) ? (await loaders.linksByPartnerId.load(partner.id)).map((link) => link.libraryId) : [];
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
  async partner(@Arg('id', () => ID, { description: "The partner's id" }) id: string, @Ctx() { loaders }: PartnershipsContext): Promise<Partner> {
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

  /** LIBRARY_ADMIN of input.libraryId, or ADMIN: partner.service.ts `createPartner` (it links the partner to the library). */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Partner, { nullable: true, description: 'Register a partner of a library (LIBRARY_ADMIN of the library, ADMIN)' })
  async createPartner(
    @Arg('input', () => CreatePartnerInput, { description: 'The partner and the library that registers it' }) input: CreatePartnerInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() { identity, db, calendar }: PartnershipsContext,
  ): Promise<Partner> {
    return createPartner({ identity, db, calendar }, input, idempotencyKey);
  }

  /** LIBRARY_ADMIN of a library the partner works with, or ADMIN: partner.service.ts `updatePartner`. */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Partner, { nullable: true, description: "Correct a partner's details (LIBRARY_ADMIN of a library it works with, ADMIN)" })
  async updatePartner(
    @Arg('id', () => ID, { description: "The partner's id" }) id: string,
    @Arg('input', () => UpdatePartnerInput, { description: 'The fields to correct' }) input: UpdatePartnerInput,
    @Ctx() { identity, db, loaders }: PartnershipsContext,
  ): Promise<Partner> {
    return updatePartner({ identity, db, loaders }, id, input);
  }
}
