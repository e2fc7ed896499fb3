import { Ctx, Directive, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { EventLiteracy, checkLiteracyRepresentation } from '../../../shared/literacy';
import { provinceFromDirectory, requireRegionalRowAccess } from '../../../shared/regional-policy';
import { timezoneOf, type EventsContext } from '../context';

/**
 * Community events' part of the literacy index (issue 8, capability 2):
 * `LiteracyIndexRow.eventLiteracy`, the raw figures behind UPLM6 (community participation in the
 * library's promotion activities: its events and the people who took part). Every row of a
 * request arrives in one `_entities` call; one loader (`literacyFigures`, loaders.ts) answers them
 * all with two grouped queries (the figures are defined as `Library.eventIndicators`' events and
 * attendance for the calendar year: events published or completed starting in it, checked-in
 * registrants plus walk-ins).
 */
@ObjectType()
@Directive('@key(fields: "libraryId year")')
export class LiteracyIndexRow {
  @Field(() => ID)
  libraryId: string;

  @Field(() => Int)
  year: number;
}

const provinceOf = (ctx: EventsContext) => (libraryId: string) => provinceFromDirectory(ctx.config, 'community-events', libraryId);

@Resolver(() => LiteracyIndexRow)
export class LiteracyIndexRowResolver {
  @FieldResolver(() => EventLiteracy, {
    nullable: true,
    description: "The library's events in the year and the people who took part (days in the library's zone); who may: as literacyIndex",
  })
  async eventLiteracy(@Root() row: LiteracyIndexRow, @Ctx() ctx: EventsContext): Promise<EventLiteracy> {
    await requireRegionalRowAccess(ctx.identity, row.libraryId, provinceOf(ctx));
    // Participants: people who came (checked-in registrants and walk-ins), not sign-ups.
    return ctx.loaders.literacyFigures.load({ libraryId: row.libraryId, year: row.year, timezone: await timezoneOf(ctx, row.libraryId) });
  }
}

/** Representations are checked here: reference resolvers bypass @Authorized. */
export const literacyReferences = {
  LiteracyIndexRow: {
    __resolveReference: (ref: Record<string, unknown>, ctx: EventsContext): Promise<LiteracyIndexRow> =>
      checkLiteracyRepresentation(ref, ctx.identity, provinceOf(ctx)),
  },
};
