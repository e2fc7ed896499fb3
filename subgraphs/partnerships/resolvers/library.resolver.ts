import { Args, Ctx, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { requireStaffOrGovernment } from '../../../shared/auth';
import { Connection, ConnectionArgs, normalisePage } from '../../../shared/pagination';
import type { PartnershipsContext } from '../context';
import { Library } from '../entities/library.entity';
import { Partner } from '../entities/partner.entity';

@ObjectType()
export class PartnerConnection extends Connection(Partner) {}

@Resolver(() => Library)
export class LibraryResolver {
  /** The library's own staff, GOVERNMENT and ADMIN; PUBLIC → UNAUTHENTICATED, anyone else → FORBIDDEN. */
  @FieldResolver(() => PartnerConnection, {
    nullable: true,
    description: 'The partners the library works with, by name (its staff, GOVERNMENT, ADMIN)',
  })
  async partners(@Root() library: Library, @Args() args: ConnectionArgs, @Ctx() ctx: PartnershipsContext) {
    requireStaffOrGovernment(ctx.identity, library.id);
    return ctx.loaders.partnersByLibraryId.load({ parentId: library.id, page: normalisePage(args, ctx.config.maxPageSize) });
  }
}
