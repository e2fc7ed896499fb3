import { regionalRowContribution } from '../../../shared/domain/regional-contribution';
import type { PartnershipsContext } from '../context';
import { PartnershipIndicators } from './indicators.types';

/**
 * Partnerships' part of the regional report: `RegionalReportRow.partnerships`. Every row of a
 * report arrives in one `_entities` call and the indicator loader answers them all with one set of
 * grouped queries. The row type, the access check of each row and of each representation:
 * shared/domain/regional-contribution.ts.
 */
export const regional = regionalRowContribution<PartnershipsContext>({
  subgraph: 'partnerships',
  fields: {
    partnerships: {
      type: () => PartnershipIndicators,
      description: 'Partnership figures of the library in the period, both dates included',
      cache: 'partnerships',
      // "Today" in the library's zone decides what has not happened yet (looked up inside the batch).
      resolve: (row, ctx) =>
        ctx.loaders.indicatorsByLibrary.load({ libraryId: row.libraryId, from: row.from, to: row.to, timezoneOf: async (id) => (await ctx.calendar.get(id)).timezone }),
    },
  },
});
