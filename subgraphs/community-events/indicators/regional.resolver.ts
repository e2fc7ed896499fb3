import { regionalRowContribution } from '../../../shared/domain/regional-contribution';
import { timezoneOf, type EventsContext } from '../context';
import { EventIndicators } from './indicators.service';

/**
 * Community events' part of the regional report: `RegionalReportRow.events`. Every row of a
 * report arrives in one `_entities` call and the indicator loader answers them all with one set of
 * grouped queries. The row type, the access check of each row and of each representation:
 * shared/domain/regional-contribution.ts.
 */
export const regional = regionalRowContribution<EventsContext>({
  subgraph: 'community-events',
  fields: {
    events: {
      type: () => EventIndicators,
      description: "Community-event figures of the library in the period (dates in the library's zone)",
      cache: 'events',
      resolve: (row, ctx) => ctx.loaders.indicators.load({ libraryId: row.libraryId, from: row.from, to: row.to, timezoneOf: (id) => timezoneOf(ctx, id) }),
    },
  },
});
