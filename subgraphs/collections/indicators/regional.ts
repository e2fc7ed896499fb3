import { Int } from 'type-graphql';
import { regionalRowContribution, type RegionalRowKey } from '../../../shared/domain/regional-contribution';
import { requireLibraryAccess } from '../access';
import type { CollectionsContext } from '../context';
import { collectionIndicators } from './indicators.service';
import { CollectionIndicators } from './indicators.types';

/**
 * Collections' part of the regional report: `RegionalReportRow.collections`. The row is owned by
 * staff-development; the gateway sends every row of a report here in one `_entities` call, with
 * the population it needs for per-capita figures (@requires), and the indicator loader answers
 * them all with one set of grouped queries. The row type, the access check of each row and of
 * each representation: shared/domain/regional-contribution.ts.
 */
export const regional = regionalRowContribution<CollectionsContext, RegionalRowKey & { population?: number }>({
  subgraph: 'collections',
  rowFields: {
    /** Owned by staff-development; the gateway brings it before `collections`. */
    population: { type: () => Int, external: true },
  },
  fields: {
    collections: {
      type: () => CollectionIndicators,
      description: "Collection and circulation figures of the library in the period, days in the library's zone",
      requires: 'population',
      cache: (row) => ['collections', row.libraryId, row.from, row.to, row.population],
      // The same check and computation as Library.collectionIndicators, hence the same figures.
      resolve: async (row, ctx) => {
        requireLibraryAccess(ctx.identity, row.libraryId, 'FIGURES');
        return collectionIndicators({ loaders: ctx.loaders, calendars: ctx.calendar }, { id: row.libraryId, population: row.population }, row.from, row.to);
      },
    },
  },
  fromRepresentation: (key, ref) => ({ ...key, population: typeof ref.population === 'number' ? ref.population : undefined }),
});
