import { Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/scalars';
import { reportCacheFor } from '../../../shared/report-cache';
import { checkRegionalRepresentation, provinceFromDirectory, requireRegionalRowAccess } from '../../../shared/regional-policy';
import type { PartnershipsContext } from '../context';
import { PartnershipIndicators } from './indicators.types';

/**
 * Partnerships' part of the regional report (issue 8): `RegionalReportRow.partnerships`. Every row
 * of a report arrives in one `_entities` call and the indicator loader answers them all with one
 * set of grouped queries.
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
}

const provinceOf = (ctx: PartnershipsContext) => (libraryId: string) => provinceFromDirectory(ctx.config, 'partnerships', libraryId);

@Resolver(() => RegionalReportRow)
export class RegionalReportRowResolver {
  @FieldResolver(() => PartnershipIndicators, {
    nullable: true,
    description: 'Partnership figures of the library in the period, both dates included',
  })
  async partnerships(@Root() row: RegionalReportRow, @Ctx() ctx: PartnershipsContext): Promise<PartnershipIndicators> {
    await requireRegionalRowAccess(ctx.identity, row.libraryId, provinceOf(ctx));
    // Reused for REPORT_CACHE_TTL_MS, only once the caller's access was checked above.
    return reportCacheFor(ctx.db, ctx.config).get(['partnerships', row.libraryId, row.from, row.to], () =>
      ctx.loaders.indicatorsByLibrary.load({ libraryId: row.libraryId, from: row.from, to: row.to }),
    );
  }
}

/** Representations are checked here: reference resolvers bypass @Authorized. */
export const regionalReferences = {
  RegionalReportRow: {
    __resolveReference: (ref: Record<string, unknown>, ctx: PartnershipsContext): Promise<RegionalReportRow> =>
      checkRegionalRepresentation(ref, ctx.identity, provinceOf(ctx)),
  },
};
