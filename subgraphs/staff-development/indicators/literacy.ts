import DataLoader from 'dataloader';
import { Arg, Ctx, Directive, Field, FieldResolver, Float, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../../../shared/platform/errors';
import { todayIn } from '../../../shared/platform/time';
import { CollectionLiteracy, EventLiteracy, LiteracyBand, computeLiteracy, validateLiteracyYear, type ComputedLiteracy } from '../../../shared/domain/literacy';
import { requireRegionalReader, requireRegionalRowAccess } from '../../../shared/domain/regional-policy';
import { literacyRowContribution, type LiteracyRowKey } from '../../../shared/domain/regional-contribution';
import type { StaffContext } from '../context';
import { LibraryAccreditation } from '../libraries/library-accreditation.entity';
import { Librarian } from '../librarians/librarian.entity';
import { Library } from '../libraries/library.entity';
import { RegionalLibrary, librariesInScope } from './regional';

/**
 * The literacy index (IPLM) per library and year; see shared/domain/literacy.ts. This subgraph owns
 * `LiteracyIndexRow`, lists the rows (`literacyIndex`), holds population, librarians and
 * accreditations (recorded in libraries/), and computes the elements, index and band from the raw
 * figures collections and community-events contribute (`@requires` over the `@external` fields,
 * which the gateway fetches for every row at once and sends back here in one `_entities` call).
 */

const REQUIRED = 'collectionLiteracy { titles copies members visits daysCounted } eventLiteracy { events participants }';

@ObjectType({ description: 'A raw figure behind a literacy element (a count, the population, the ratio or the standard); null when missing' })
export class LiteracyFigure {
  @Field({ description: 'e.g. copies, population, ratio, standard' })
  name: string;

  @Field(() => Float, { nullable: true, description: 'The figure (a count, a number of people, a ratio or a standard); null when its data is missing' })
  value: number | null;
}

@ObjectType({ description: 'One of the seven elements of the literacy index (UPLM1…UPLM7)' })
export class LiteracyElement {
  @Field({ description: 'UPLM1 … UPLM7' })
  code: string;

  @Field({ description: "The element's name (Perpusnas's, with an English gloss)" })
  name: string;

  @Field(() => Float, { nullable: true, description: 'Score 0–100: the ratio against its standard, capped at 100; null when missing' })
  value: number | null;

  @Field({ description: 'True when a figure behind the element is missing (then the index is null)' })
  missing: boolean;

  @Field(() => String, { nullable: true, description: 'Why the element is missing' })
  reason: string | null;

  @Field(() => [LiteracyFigure], { description: 'The raw figures behind the element, its ratio and its standard' })
  figures: LiteracyFigure[];
}

/** The row as this subgraph's resolvers see it (the row type: `literacyRow` below). */
export type LiteracyIndexRow = LiteracyRowKey & {
  /** Owned by collections; the gateway brings it for the computed fields. */
  collectionLiteracy?: CollectionLiteracy | null;
  /** Owned by community-events. */
  eventLiteracy?: EventLiteracy | null;
  /** Set when the row comes from literacyIndex. */
  library?: Library;
};

// ---- per-request loaders (kept here, next to their one use) -------------------------------------

interface LiteracyLoaders {
  librarians: DataLoader<string, number>;
  /** The accreditation in force in a year: the latest granted in it or the years before, while valid. */
  accreditation: DataLoader<{ libraryId: string; year: number }, LibraryAccreditation | null, string>;
  computed: WeakMap<LiteracyIndexRow, Promise<ComputedLiteracy>>;
}
const perRequest = new WeakMap<object, LiteracyLoaders>();

function loadersOf(ctx: StaffContext): LiteracyLoaders {
  let l = perRequest.get(ctx.loaders);
  if (!l) {
    const { db } = ctx;
    const validYears = ctx.config.literacy.accreditationValidYears;
    l = {
      librarians: new DataLoader(async (ids) => {
        const rows: { libraryId: string; n: unknown }[] = await db
          .getRepository(Librarian)
          .createQueryBuilder('l')
          .select('l.libraryId', 'libraryId')
          .addSelect('COUNT(*)', 'n')
          .where('l.libraryId IN (:...ids)', { ids: [...ids] })
          // today's staff: not those who have left (UTC date; a day's difference at most)
          .andWhere('(l.employmentEndedOn IS NULL OR l.employmentEndedOn > :today)', { today: todayIn('UTC') })
          .groupBy('l.libraryId')
          .getRawMany();
        const by = new Map(rows.map((r) => [r.libraryId, Number(r.n ?? 0)]));
        return ids.map((id) => by.get(id) ?? 0);
      }),
      accreditation: new DataLoader(
        async (keys) => {
          const years = keys.map((k) => k.year);
          const rows = await db
            .getRepository(LibraryAccreditation)
            .createQueryBuilder('a')
            .where('a.libraryId IN (:...ids)', { ids: [...new Set(keys.map((k) => k.libraryId))] })
            .andWhere('a.year <= :max AND a.year > :min', { max: Math.max(...years), min: Math.min(...years) - validYears })
            .orderBy('a.year', 'DESC')
            .getMany();
          return keys.map((k) => rows.find((a) => a.libraryId === k.libraryId && a.year <= k.year && a.year > k.year - validYears) ?? null);
        },
        { cacheKeyFn: (k) => `${k.libraryId}|${k.year}` },
      ),
      computed: new WeakMap(),
    };
    perRequest.set(ctx.loaders, l);
  }
  return l;
}

const provinceFrom = (ctx: StaffContext) => async (libraryId: string) => (await ctx.loaders.libraryById.load(libraryId))?.province;

/**
 * The row type and its reference resolver (a representation sent straight here is checked like a
 * row of the query): shared/domain/regional-contribution.ts.
 */
export const literacyRow = literacyRowContribution<StaffContext, LiteracyIndexRow>({
  subgraph: 'staff-development',
  provinceOf: provinceFrom,
  description: "One library's literacy index (IPLM) for a year with its seven elements and the figures behind them (who may: as regionalReport). Aggregates only, never a person",
  rowFields: {
    collectionLiteracy: { type: () => CollectionLiteracy, nullable: true, external: true },
    eventLiteracy: { type: () => EventLiteracy, nullable: true, external: true },
  },
  fromRepresentation: async (key, ref, ctx) => {
    const library = await ctx.loaders.libraryById.load(key.libraryId);
    if (!library) return null;
    return {
      ...key,
      library,
      collectionLiteracy: (ref.collectionLiteracy as CollectionLiteracy | null | undefined) ?? null,
      eventLiteracy: (ref.eventLiteracy as EventLiteracy | null | undefined) ?? null,
    };
  },
});
export const LiteracyIndexRow = literacyRow.Row;

/** The row's elements, index and band, computed once per row (every computed field reads them). */
function computed(row: LiteracyIndexRow, ctx: StaffContext): Promise<ComputedLiteracy> {
  const l = loadersOf(ctx);
  let result = l.computed.get(row);
  if (!result) {
    result = (async () => {
      await requireRegionalRowAccess(ctx.identity, row.libraryId, provinceFrom(ctx));
      const library = row.library ?? (await ctx.loaders.libraryById.load(row.libraryId));
      if (!library) throw new BadUserInputError('libraryId', `No library ${row.libraryId}`);
      const [librarians, accreditation] = await Promise.all([l.librarians.load(row.libraryId), l.accreditation.load({ libraryId: row.libraryId, year: row.year })]);
      return computeLiteracy(
        {
          population: library.population,
          libraries: 1,
          librarians,
          accreditation,
          collections: row.collectionLiteracy,
          events: row.eventLiteracy,
        },
        ctx.config.literacy,
      );
    })();
    l.computed.set(row, result);
  }
  return result;
}

@Resolver(() => LiteracyIndexRow)
export class LiteracyIndexResolver {
  @Query(() => [LiteracyIndexRow], {
    nullable: true,
    description:
      'The literacy index (IPLM) of every library of the region for a year, by library name, with its seven elements and the figures behind them ' +
      '(who may: as regionalReport — GOVERNMENT, a token with a province claim that province only, and ADMIN; a LIBRARY_ADMIN their own library; ' +
      'the province argument filters further). The standards are configuration (docs/regional.md, "Literacy index")',
  })
  async literacyIndex(
    @Arg('year', () => Int, { description: 'The calendar year, 2000-2100' }) year: number,
    @Arg('province', () => String, {
      nullable: true,
      description: 'Only the libraries of this province (exact name, as Library.province spells it); BAD_USER_INPUT for a province without libraries',
    })
    province: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<LiteracyIndexRow[]> {
    requireRegionalReader(ctx.identity);
    validateLiteracyYear(year);
    const libraries = await librariesInScope(ctx, province);
    return libraries.map((library) => ({ libraryId: library.id, year, library }));
  }

  @FieldResolver(() => RegionalLibrary, { nullable: true, description: 'The library of the row, directory facts only' })
  async library(@Root() row: LiteracyIndexRow, @Ctx() ctx: StaffContext): Promise<RegionalLibrary> {
    await requireRegionalRowAccess(ctx.identity, row.libraryId, provinceFrom(ctx));
    const library = row.library ?? (await ctx.loaders.libraryById.load(row.libraryId));
    if (!library) throw new BadUserInputError('libraryId', `No library ${row.libraryId}`);
    return library;
  }

  @Directive(`@requires(fields: "${REQUIRED}")`)
  @FieldResolver(() => Float, { nullable: true, description: 'The index 0–100: the mean of the seven element scores; null when an element is missing' })
  async index(@Root() row: LiteracyIndexRow, @Ctx() ctx: StaffContext): Promise<number | null> {
    return (await computed(row, ctx)).index;
  }

  @Directive(`@requires(fields: "${REQUIRED}")`)
  @FieldResolver(() => LiteracyBand, { nullable: true, description: 'The band of the index; null when the index is null' })
  async band(@Root() row: LiteracyIndexRow, @Ctx() ctx: StaffContext): Promise<LiteracyBand | null> {
    return (await computed(row, ctx)).band;
  }

  @Directive(`@requires(fields: "${REQUIRED}")`)
  @FieldResolver(() => String, { nullable: true, description: 'Sangat Rendah, Rendah, Sedang, Tinggi or Sangat Tinggi; null when the index is null' })
  async bandLabel(@Root() row: LiteracyIndexRow, @Ctx() ctx: StaffContext): Promise<string | null> {
    return (await computed(row, ctx)).bandLabel;
  }

  @Directive(`@requires(fields: "${REQUIRED}")`)
  @FieldResolver(() => [String], { description: 'Codes of the elements without data, e.g. ["UPLM5"]' })
  async missingElements(@Root() row: LiteracyIndexRow, @Ctx() ctx: StaffContext): Promise<string[]> {
    return (await computed(row, ctx)).missingElements;
  }

  @Directive(`@requires(fields: "${REQUIRED}")`)
  @FieldResolver(() => [LiteracyElement], { description: 'The seven elements, UPLM1 … UPLM7 in order' })
  async elements(@Root() row: LiteracyIndexRow, @Ctx() ctx: StaffContext): Promise<LiteracyElement[]> {
    return (await computed(row, ctx)).elements;
  }
}
