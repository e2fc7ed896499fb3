import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { requireStaffOf } from '../../../shared/auth';
import { ConnectionArgs, normalisePage } from '../../../shared/pagination';
import type { CollectionsContext } from '../context';
import { Library } from '../entities/library.stub';
import { ItemConnection, MemberConnection } from './connections';

/** Collections' fields on the library (owned by staff-development). */
@Resolver(() => Library)
export class LibraryResolver {
  /** Public: the OPAC shows every copy. */
  @FieldResolver(() => ItemConnection, { nullable: true, description: 'Copies held by the library, by barcode (public)' })
  async items(@Root() library: Library, @Args() args: ConnectionArgs, @Ctx() ctx: CollectionsContext) {
    return ctx.loaders.itemsByLibraryId.load({ parentId: library.id, page: normalisePage(args, ctx.config.maxPageSize) });
  }

  /**
   * Personal data: the library's own staff and ADMIN only (GOVERNMENT sees aggregates, never
   * members). Nullable so that a refusal leaves the rest of the library readable.
   */
  @FieldResolver(() => MemberConnection, {
    nullable: true,
    description: "Card holders whose home library this is, by name (the library's staff, ADMIN)",
  })
  async members(@Root() library: Library, @Args() args: ConnectionArgs, @Ctx() ctx: CollectionsContext) {
    requireStaffOf(ctx.identity, library.id);
    return ctx.loaders.membersByLibraryId.load({ parentId: library.id, page: normalisePage(args, ctx.config.maxPageSize) });
  }
}
