import { EventLiteracy } from '../../../shared/domain/literacy';
import { literacyRowContribution } from '../../../shared/domain/regional-contribution';
import { timezoneOf, type EventsContext } from '../context';

/**
 * Community events' part of the literacy index: `LiteracyIndexRow.eventLiteracy`, the raw figures
 * behind UPLM6 (community participation in the library's promotion activities: its events and
 * the people who took part). Every row of a request arrives in one `_entities` call; one loader
 * (`literacyFigures`, loaders.ts) answers them all with two grouped queries (the figures are
 * defined as `Library.eventIndicators`' events and attendance for the calendar year: events
 * published or completed starting in it, checked-in registrants plus walk-ins). The row type, the
 * access check of each row and of each representation: shared/domain/regional-contribution.ts.
 */
export const literacy = literacyRowContribution<EventsContext>({
  subgraph: 'community-events',
  fields: {
    eventLiteracy: {
      type: () => EventLiteracy,
      description: "The library's events in the year and the people who took part (days in the library's zone); who may: as literacyIndex",
      // Participants: people who came (checked-in registrants and walk-ins), not sign-ups.
      resolve: async (row, ctx) => ctx.loaders.literacyFigures.load({ libraryId: row.libraryId, year: row.year, timezone: await timezoneOf(ctx, row.libraryId) }),
    },
  },
});
