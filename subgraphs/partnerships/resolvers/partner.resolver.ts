import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../../shared/errors';
import { contactNeedsLibraries, requireAgreementListAccess, requireContactAccess } from '../access';
import type { PartnershipsContext } from '../context';
import { Agreement } from '../entities/agreement.entity';
import { Library } from '../entities/library.entity';
import { Partner } from '../entities/partner.entity';

/** Throws unless the caller may see the partner's contact person. */
async function guardContact(partner: Partner, { identity, loaders }: PartnershipsContext): Promise<void> {
  const libraryIds = contactNeedsLibraries(identity)
    ? (await loaders.linksByPartnerId.load(partner.id)).map((link) => link.libraryId)
    : [];
  requireContactAccess(identity, partner.id, libraryIds);
}

@Resolver(() => Partner)
export class PartnerResolver {
  /** Anyone, PUBLIC included: the public fields. Contact fields and agreements keep their own guards. */
  @Query(() => Partner, { description: 'One partner by id (public fields for everyone)' })
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
   * The partner itself, GOVERNMENT and ADMIN see all; staff see their own library's; PUBLIC →
   * UNAUTHENTICATED, members and other partners → FORBIDDEN.
   */
  @FieldResolver(() => [Agreement], {
    description: "The partner's agreements the caller may see: all for the partner, GOVERNMENT, ADMIN; staff see their library's",
  })
  async agreements(@Root() partner: Partner, @Ctx() { identity, loaders }: PartnershipsContext): Promise<Agreement[]> {
    requireAgreementListAccess(identity, partner.id);
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
}
