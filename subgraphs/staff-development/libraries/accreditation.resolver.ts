import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { requireRole } from '../../../shared/platform/auth';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';
import { requireLibraryAccess } from '../access';
import type { StaffContext } from '../context';
import { LibraryAccreditationInput } from './accreditation.inputs';
import { recordAccreditation } from './accreditation.service';
import { LibraryAccreditation } from './library-accreditation.entity';
import { Library } from './library.entity';

/** Accreditations against the national library standard, which the literacy index reads (UPLM5). */
@Resolver(() => LibraryAccreditation)
export class LibraryAccreditationResolver {
  @Mutation(() => LibraryAccreditation, {
    nullable: true,
    description:
      "Record a library's accreditation against the national library standard (SNP) for the year it was granted (ADMIN only). " +
      'One per library and year: CONFLICT (reason ALREADY_RECORDED) for a second',
  })
  async recordLibraryAccreditation(
    @Arg('input', () => LibraryAccreditationInput, { description: 'The library, year, grade and whether it meets the standard' }) input: LibraryAccreditationInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<LibraryAccreditation> {
    requireRole(ctx.identity, ['ADMIN']);
    return recordAccreditation(ctx, input, ctx.identity.sub, idempotencyKey);
  }
}

@Resolver(() => Library)
export class LibraryAccreditationsResolver {
  @FieldResolver(() => [LibraryAccreditation], {
    nullable: true,
    description: "The library's accreditations against the national library standard, latest first (its staff, GOVERNMENT, ADMIN)",
  })
  async accreditations(@Root() library: Library, @Ctx() ctx: StaffContext): Promise<LibraryAccreditation[]> {
    requireLibraryAccess(ctx.identity, library.id);
    return ctx.loaders.accreditationsByLibraryId.load(library.id);
  }
}
