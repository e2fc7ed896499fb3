import { Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/scalars';
import { reportCacheFor } from '../../../shared/report-cache';
import { checkRegionalRepresentation, provinceFromDirectory, requireRegionalRowAccess } from '../../../shared/regional-policy';
import { timezoneOf, type EventsContext } from '../context';
import { EventIndicators } from './indicators.service';

/**
 * Community events' part of the regional report (issue 8): `RegionalReportRow.events`. Every row
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

const provinceOf = (ctx: EventsContext) => (libraryId: string) => provinceFromDirectory(ctx.config, 'community-events', libraryId);

@Resolver(() => RegionalReportRow)
export class RegionalReportRowResolver {
  @FieldResolver(() => EventIndicators, {
    nullable: true,
    description: "Community-event figures of the library in the period (dates in the library's zone)",
  })
  async events(@Root() row: RegionalReportRow, @Ctx() ctx: EventsContext): Promise<EventIndicators> {
    await requireRegionalRowAccess(ctx.identity, row.libraryId, provinceOf(ctx));
    // Reused for REPORT_CACHE_TTL_MS, only once the caller's access was checked above.
    return reportCacheFor(ctx.db, ctx.config).get(['events', row.libraryId, row.from, row.to], () =>
      ctx.loaders.indicators.load({ libraryId: row.libraryId, from: row.from, to: row.to, timezoneOf: (id) => timezoneOf(ctx, id) }),
    );
  }
}

/** Representations are checked here: reference resolvers bypass @Authorized. */
export const regionalReferences = {
  RegionalReportRow: {
    __resolveReference: (ref: Record<string, unknown>, ctx: EventsContext): Promise<RegionalReportRow> =>
      checkRegionalRepresentation(ref, ctx.identity, provinceOf(ctx)),
  },
};
