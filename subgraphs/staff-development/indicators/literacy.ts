import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import { Arg, Ctx, Directive, Field, FieldResolver, Float, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { requireRole } from '../../../shared/auth';
import { requireLibraryAccess } from '../access';
import { isUniqueViolation, transaction } from '../../../shared/database';
import { BadUserInputError, StateConflict } from '../../../shared/errors';
import { byForeignKeyLoader } from '../../../shared/pagination';
import {
  CollectionLiteracy,
  EventLiteracy,
  LiteracyBand,
  checkLiteracyRepresentation,
  computeLiteracy,
  validateLiteracyYear,
  type ComputedLiteracy,
} from '../../../shared/literacy';
import { requireRegionalReader, requireRegionalRowAccess } from '../../../shared/regional-policy';
import { demoId } from '../../../shared/demo';
import type { SeedSummary } from '../../../shared/subgraph';
import type { EntityManager } from 'typeorm';
import type { StaffContext } from '../context';
import { AccreditationGrade, LibraryAccreditation } from '../libraries/library-accreditation.entity';
import { Librarian } from '../librarians/librarian.entity';
import { Library } from '../libraries/library.entity';
import { RegionalLibrary, librariesInScope } from './regional';
import { now } from '../../../shared/clock';

/**
 * The literacy index (IPLM) per library and year (issue 8, capability 2); see shared/literacy.ts.
 * This subgraph owns `LiteracyIndexRow`, lists the rows (`literacyIndex`), holds population,
 * librarians and accreditations, and computes the elements, index and band from the raw figures
 * collections and community-events contribute (`@requires` over the `@external` fields, which the
 * gateway fetches for every row at once and sends back here in one `_entities` call).
 */

const REQUIRED =
  'collectionLiteracy { titles copies members visits daysCounted } eventLiteracy { events participants }';

@ObjectType({ description: 'A raw figure behind a literacy element (a count, the population, the ratio or the standard); null when missing' })
export class LiteracyFigure {
  @Field({ description: 'e.g. copies, population, ratio, standard' })
  name: string;

  @Field(() => Float, { nullable: true })
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

@ObjectType({
  description:
    "One library's literacy index (IPLM) for a year with its seven elements and the figures behind them (who may: as regionalReport). Aggregates only, never a person",
})
@Directive('@key(fields: "libraryId year")')
export class LiteracyIndexRow {
  @Field(() => ID)
  libraryId: string;

  @Field(() => Int)
  year: number;

  /** Owned by collections; the gateway brings it for the computed fields. */
  @Field(() => CollectionLiteracy, { nullable: true })
  @Directive('@external')
  collectionLiteracy?: CollectionLiteracy | null;

  /** Owned by community-events. */
  @Field(() => EventLiteracy, { nullable: true })
  @Directive('@external')
  eventLiteracy?: EventLiteracy | null;

  /** Set when the row comes from literacyIndex. */
  library?: Library;
}

@InputType({ description: 'An accreditation to record' })
export class LibraryAccreditationInput {
  @Field(() => ID)
  libraryId: string;

  @Field(() => Int, { description: 'The year it was granted (2000–2100)' })
  year: number;

  @Field(() => AccreditationGrade)
  grade: AccreditationGrade;

  @Field({ description: 'Whether the library meets the national library standard (SNP)' })
  meetsStandard: boolean;
}

// ---- per-request loaders (kept here, next to their one use) -------------------------------------

interface LiteracyLoaders {
  librarians: DataLoader<string, number>;
  /** The accreditation in force in a year: the latest granted in it or the years before, while valid. */
  accreditation: DataLoader<{ libraryId: string; year: number }, LibraryAccreditation | null, string>;
  computed: WeakMap<LiteracyIndexRow, Promise<ComputedLiteracy>>;
  byLibrary: DataLoader<string, LibraryAccreditation[]>;
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
      byLibrary: byForeignKeyLoader(db.getRepository(LibraryAccreditation), 'libraryId', { year: 'DESC' }),
    };
    perRequest.set(ctx.loaders, l);
  }
  return l;
}

const provinceFrom = (ctx: StaffContext) => async (libraryId: string) => (await ctx.loaders.libraryById.load(libraryId))?.province;

/** The row's elements, index and band, computed once per row (every computed field reads them). */
function computed(row: LiteracyIndexRow, ctx: StaffContext): Promise<ComputedLiteracy> {
  const l = loadersOf(ctx);
  let result = l.computed.get(row);
  if (!result) {
    result = (async () => {
      await requireRegionalRowAccess(ctx.identity, row.libraryId, provinceFrom(ctx));
      const library = row.library ?? (await ctx.loaders.libraryById.load(row.libraryId));
      if (!library) throw new BadUserInputError('libraryId', `No library ${row.libraryId}`);
      const [librarians, accreditation] = await Promise.all([
        l.librarians.load(row.libraryId),
        l.accreditation.load({ libraryId: row.libraryId, year: row.year }),
      ]);
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
      'the province argument filters further). The standards are configuration (README, "Literacy index")',
  })
  async literacyIndex(
    @Arg('year', () => Int) year: number,
    @Arg('province', () => String, { nullable: true }) province: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<LiteracyIndexRow[]> {
    requireRegionalReader(ctx.identity);
    validateLiteracyYear(year);
    const libraries = await librariesInScope(ctx, province);
    return libraries.map((library) => ({ libraryId: library.id, year, library }));
  }

  @FieldResolver(() => RegionalLibrary, { nullable: true })
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

@Resolver(() => LibraryAccreditation)
export class LibraryAccreditationResolver {
  @Mutation(() => LibraryAccreditation, {
    nullable: true,
    description:
      "Record a library's accreditation against the national library standard (SNP) for the year it was granted (ADMIN only). " +
      'One per library and year: CONFLICT (reason ALREADY_RECORDED) for a second',
  })
  async recordLibraryAccreditation(
    @Arg('input', () => LibraryAccreditationInput) input: LibraryAccreditationInput,
    @Ctx() ctx: StaffContext,
  ): Promise<LibraryAccreditation> {
    requireRole(ctx.identity, ['ADMIN']);
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) throw new BadUserInputError('year', 'year is between 2000 and 2100');
    if (!(await ctx.loaders.libraryById.load(input.libraryId))) throw new BadUserInputError('libraryId', `No library ${input.libraryId}`);
    try {
      return await transaction(ctx.db, async (tx) => {
        const repo = tx.getRepository(LibraryAccreditation);
        if (await repo.existsBy({ libraryId: input.libraryId, year: input.year })) {
          throw new StateConflict('ALREADY_RECORDED', `An accreditation of ${input.libraryId} for ${input.year} is already recorded`);
        }
        const record = repo.create({ ...input, id: randomUUID(), recordedAt: now(), recordedBy: ctx.identity.sub });
        await repo.insert(record);
        return record;
      });
    } catch (err) {
      // Two at once: the unique index (library, year) refuses the second.
      if (isUniqueViolation(err)) throw new StateConflict('ALREADY_RECORDED', `An accreditation of ${input.libraryId} for ${input.year} is already recorded`);
      throw err;
    }
  }
}

@Resolver(() => Library)
export class LibraryAccreditationsResolver {
  @FieldResolver(() => [LibraryAccreditation], {
    nullable: true,
    description: "The library's accreditations against the national library standard, latest first (its staff, GOVERNMENT, ADMIN)",
  })
  async accreditations(@Root() library: Library, @Ctx() ctx: StaffContext): Promise<LibraryAccreditation[]> {
    requireLibraryAccess(ctx.identity, library.id);
    return loadersOf(ctx).byLibrary.load(library.id);
  }
}

/** A representation sent straight to this subgraph is checked like a row of the query. */
export const literacyReferences = {
  LiteracyIndexRow: {
    __resolveReference: async (ref: Record<string, unknown>, ctx: StaffContext): Promise<LiteracyIndexRow | null> => {
      const key = await checkLiteracyRepresentation(ref, ctx.identity, provinceFrom(ctx));
      const library = await ctx.loaders.libraryById.load(key.libraryId);
      if (!library) return null;
      return {
        ...key,
        library,
        collectionLiteracy: (ref.collectionLiteracy as CollectionLiteracy | null | undefined) ?? null,
        eventLiteracy: (ref.eventLiteracy as EventLiteracy | null | undefined) ?? null,
      };
    },
  },
};

/**
 * Demo accreditations (seed step; its marker is Kupang's): Kupang B and Pasuruan A meet the
 * national standard, Baubau's C does not; Pematang Siantar has none, so its literacy index shows
 * UPLM5 missing and no index.
 */
export const DEMO_ACCREDITATIONS: { libraryId: string; year: number; grade: AccreditationGrade; meetsStandard: boolean }[] = [
  { libraryId: 'kupang', year: 2024, grade: AccreditationGrade.B, meetsStandard: true },
  { libraryId: 'baubau', year: 2023, grade: AccreditationGrade.C, meetsStandard: false },
  { libraryId: 'pasuruan', year: 2025, grade: AccreditationGrade.A, meetsStandard: true },
];

export async function seedAccreditations(tx: EntityManager): Promise<SeedSummary> {
  const repo = tx.getRepository(LibraryAccreditation);
  if (await repo.existsBy({ libraryId: DEMO_ACCREDITATIONS[0].libraryId })) return {};
  await repo.insert(
    DEMO_ACCREDITATIONS.map((a) =>
      repo.create({ ...a, id: demoId('accreditation', a.libraryId, a.year), recordedAt: new Date(`${a.year}-12-15T02:00:00Z`), recordedBy: 'demo:admin' }),
    ),
  );
  return { library_accreditation: DEMO_ACCREDITATIONS.length };
}
