import { Ctx, Directive, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/scalars';
import { reportCacheFor } from '../../../shared/report-cache';
import { checkRegionalRepresentation, provinceFromDirectory, requireRegionalRowAccess } from '../../../shared/regional-policy';
import type { CollectionsContext } from '../context';
import { CollectionIndicators } from './indicators.types';
import { LibraryResolver } from '../federation/library.resolver';

/**
 * Collections' part of the regional report (issue 8): `RegionalReportRow.collections`. The row is
 * owned by staff-development; the gateway sends every row of a report here in one `_entities`
 * call, with the population it needs for per-capita figures (@requires), and the indicator loader
 * answers them all with one set of grouped queries.
 */
@ObjectType()
@Directive('@key(fields: "libraryId from to")')
export class RegionalReportRow {
  @Field(() => ID)
  libraryId: string;

  @Field(() => CalendarDateScalar)
  from: string;

  @Field(() => CalendarDateScalar)
  to: string;

  /** Owned by staff-development; the gateway brings it before `collections`. */
  @Field(() => Int)
  @Directive('@external')
  population?: number;
}

const provinceOf = (ctx: CollectionsContext) => (libraryId: string) => provinceFromDirectory(ctx.config, 'collections', libraryId);

@Resolver(() => RegionalReportRow)
export class RegionalReportRowResolver {
  @Directive('@requires(fields: "population")')
  @FieldResolver(() => CollectionIndicators, {
    nullable: true,
    description: "Collection and circulation figures of the library in the period, days in the library's zone",
  })
  async collections(@Root() row: RegionalReportRow, @Ctx() ctx: CollectionsContext): Promise<CollectionIndicators> {
    await requireRegionalRowAccess(ctx.identity, row.libraryId, provinceOf(ctx));
    // The same computation as Library.collectionIndicators, hence the same figures; finished
    // figures are reused for REPORT_CACHE_TTL_MS, only once the caller's access was checked above.
    return reportCacheFor(ctx.db, ctx.config).get(['collections', row.libraryId, row.from, row.to, row.population], () =>
      new LibraryResolver().collectionIndicators({ id: row.libraryId, population: row.population }, row.from, row.to, ctx),
    );
  }
}

/** Representations are checked here: reference resolvers bypass @Authorized. */
export const regionalReferences = {
  RegionalReportRow: {
    __resolveReference: async (ref: Record<string, unknown>, ctx: CollectionsContext): Promise<RegionalReportRow> => {
      const key = await checkRegionalRepresentation(ref, ctx.identity, provinceOf(ctx));
      return { ...key, population: typeof ref.population === 'number' ? ref.population : undefined };
    },
  },
};
