import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { deny } from '../../../shared/platform/auth';
import { canSeeLibrary } from '../access';
import { BadUserInputError } from '../../../shared/platform/errors';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import type { StaffContext } from '../context';
import { Library } from '../libraries/library.entity';
import { requireRegionalReader, validateRegionalPeriod } from '../../../shared/domain/regional-policy';
import { regionalRowContribution, type RegionalRowKey } from '../../../shared/domain/regional-contribution';
import { StaffIndicators } from './indicators.types';

/**
 * The regional government console's report: one row per library and period, keyed by
 * `libraryId from to`. This subgraph owns the row and lists the rows; collections,
 * community-events and partnerships add `collections`, `events` and `partnerships` to it, each
 * resolving all rows of a request in one batched `_entities` call.
 */

@ObjectType({
  description: 'A library as the regional report names it: directory facts only. Deliberately not the Library entity, so that nothing personal is reachable from a report',
})
export class RegionalLibrary {
  @Field(() => ID, { description: 'A slug: kupang, baubau, pasuruan, pematang-siantar' })
  id: string;

  @Field({ description: "The library's name" })
  name: string;

  @Field({ description: 'The city it serves' })
  city: string;

  @Field({ description: 'The province the city is in' })
  province: string;

  @Field(() => Int, { description: 'Population served, the base of per-capita figures' })
  population: number;
}

/** The row as this subgraph's resolvers see it (the row type: `regionalRow` below). */
export type RegionalReportRow = RegionalRowKey & {
  population: number;
  /** Set when the row comes from regionalReport; loaded when it comes from a representation. */
  library?: Library;
};

/** The library's province, for a province-scoped GOVERNMENT token (from this subgraph's own table). */
const provinceFrom = (ctx: StaffContext) => async (libraryId: string) => (await ctx.loaders.libraryById.load(libraryId))?.province;

@ObjectType({ description: "One library's indicators month by month over a year, for charts (who may: as regionalReport)" })
export class RegionalTrend {
  @Field(() => ID, { description: "The library's id (its slug)" })
  libraryId: string;

  @Field(() => RegionalLibrary, { description: 'The library, directory facts only' })
  library: RegionalLibrary;

  @Field(() => [RegionalReportRow], { description: 'Twelve rows, January to December: each a calendar month of the year' })
  months: RegionalReportRow[];
}

/** The first and last day of each month of a year. */
export function monthsOf(year: number): { from: string; to: string }[] {
  return Array.from({ length: 12 }, (_, m) => {
    const last = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
    const mm = String(m + 1).padStart(2, '0');
    return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(last).padStart(2, '0')}` };
  });
}

/**
 * The libraries the caller's report (or literacy index) covers, filtered by the `province`
 * argument, by name. Which libraries a caller may see is access.visibleLibraries (a LIBRARY_ADMIN
 * their own, a province-scoped GOVERNMENT token its province's, GOVERNMENT and ADMIN all); asking
 * for a province of which the caller may see no library is FORBIDDEN, never an empty report that
 * reads as "no libraries there". An unknown province is BAD_USER_INPUT (the directory is public).
 */
export async function librariesInScope(ctx: StaffContext, province: string | undefined): Promise<Library[]> {
  const { identity, db, loaders } = ctx;
  if (province != null && identity.role === 'GOVERNMENT' && identity.province && province !== identity.province) {
    deny(identity, 'This token covers another province');
  }
  const libraries = await db.getRepository(Library).find({ order: { name: 'ASC' } });
  for (const library of libraries) loaders.libraryById.prime(library.id, library);
  if (province != null && !libraries.some((l) => l.province === province)) {
    throw new BadUserInputError('province', `No library in province ${province}`);
  }
  const inProvince = libraries.filter((l) => province == null || l.province === province);
  const visible = inProvince.filter((l) => canSeeLibrary(identity, l.id) && (identity.role !== 'GOVERNMENT' || !identity.province || l.province === identity.province));
  if (province != null && !visible.length) {
    deny(identity, identity.role === 'LIBRARY_ADMIN' ? "A library admin's report covers their own library only" : 'This token covers another province');
  }
  return visible;
}

@Resolver(() => RegionalReportRow)
export class RegionalReportResolver {
  @Query(() => [RegionalReportRow], {
    nullable: true,
    description:
      'Every library of the region with its staff, collection, event and partnership indicators for a period of at most 366 days, ' +
      'by library name (GOVERNMENT — a token with a province claim sees that province only — and ADMIN; a LIBRARY_ADMIN gets their own library only; ' +
      'the province argument filters further)',
  })
  async regionalReport(
    @Arg('from', () => CalendarDateScalar, { description: 'First day of the period' }) from: string,
    @Arg('to', () => CalendarDateScalar, { description: 'Last day of the period (included); at most 366 days from from, both included' }) to: string,
    @Arg('province', () => String, {
      nullable: true,
      description: 'Only the libraries of this province (exact name, as Library.province spells it); BAD_USER_INPUT for a province without libraries',
    })
    province: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<RegionalReportRow[]> {
    requireRegionalReader(ctx.identity);
    validateRegionalPeriod(from, to);
    const libraries = await librariesInScope(ctx, province);
    return libraries.map((library) => ({ libraryId: library.id, from, to, population: library.population, library }));
  }

  @Query(() => [RegionalTrend], {
    nullable: true,
    description:
      "Each library's indicators month by month over a calendar year, for charts, by library name (who may: as regionalReport; " +
      'every library of the region costs each subgraph what one costs)',
  })
  async regionalTrends(
    @Arg('year', () => Int, { description: 'The calendar year, 2000-2100' }) year: number,
    @Arg('province', () => String, {
      nullable: true,
      description: 'Only the libraries of this province (exact name, as Library.province spells it); BAD_USER_INPUT for a province without libraries',
    })
    province: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<RegionalTrend[]> {
    requireRegionalReader(ctx.identity);
    if (year < 2000 || year > 2100) throw new BadUserInputError('year', 'year is between 2000 and 2100');
    const libraries = await librariesInScope(ctx, province);
    const months = monthsOf(year);
    return libraries.map((library) => ({
      libraryId: library.id,
      library,
      months: months.map(({ from, to }) => ({ libraryId: library.id, from, to, population: library.population, library })),
    }));
  }

  @FieldResolver(() => RegionalLibrary, { description: 'The library of the row, directory facts only' })
  async library(@Root() row: RegionalReportRow, @Ctx() ctx: StaffContext): Promise<RegionalLibrary> {
    const library = row.library ?? (await ctx.loaders.libraryById.load(row.libraryId));
    if (!library) throw new BadUserInputError('libraryId', `No library ${row.libraryId}`);
    return library;
  }
}

/**
 * The row type, its `staff` field and its reference resolver (a representation sent straight to
 * this subgraph is checked like a row of the query): shared/domain/regional-contribution.ts. After
 * RegionalReportResolver, so that `library` comes before `staff` in the schema.
 */
export const regionalRow = regionalRowContribution<StaffContext, RegionalReportRow>({
  subgraph: 'staff-development',
  provinceOf: provinceFrom,
  description:
    "One library's indicators over a period, side by side from the four subgraphs (GOVERNMENT and ADMIN; a LIBRARY_ADMIN their own library). Aggregates only, never a person",
  rowFields: {
    population: { type: () => Int, description: "Population served (collections' per-capita figures need it)" },
  },
  fields: {
    staff: {
      type: () => StaffIndicators,
      description: 'Training of the library’s staff in the period (one grouped set of queries for every row)',
      cache: 'staff',
      resolve: (row, ctx) => ctx.loaders.staffIndicators.load({ libraryId: row.libraryId, from: row.from, to: row.to }),
    },
  },
  fromRepresentation: async (key, _ref, ctx) => {
    const library = await ctx.loaders.libraryById.load(key.libraryId);
    if (!library) return null;
    return { ...key, population: library.population, library };
  },
});
export const RegionalReportRow = regionalRow.Row;
