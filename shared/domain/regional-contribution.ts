import { Ctx, Directive, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { Identity } from '../platform/auth';
import type { SubgraphName } from '../platform/config';
import { checkLiteracyRepresentation } from './literacy';
import { provinceFromDirectory } from './library-directory';
import { checkRegionalRepresentation, requireRegionalRowAccess } from './regional-policy';
import { reportCacheFor } from '../platform/report-cache';
import { CalendarDateScalar } from '../platform/scalars';
import type { SubgraphContext } from '../platform/subgraph';
import { addDays } from '../platform/time';

/**
 * The federated report rows of the regional console, `RegionalReportRow @key(fields: "libraryId
 * from to")` and `LiteracyIndexRow @key(fields: "libraryId year")`, as each subgraph declares them:
 * the row type (its key fields, plus the owner's own fields or the `@external` ones a contribution
 * requires), the fields the subgraph adds to it, each checked against who may read the row before
 * anything is computed (reference resolvers bypass @Authorized, and a representation can be sent
 * straight to a subgraph), and the reference resolver that checks every representation.
 *
 *   const events = regionalRowContribution<EventsContext>({
 *     subgraph: 'community-events',
 *     fields: {
 *       events: { type: () => EventIndicators, description: '…', cache: 'events', resolve: (row, ctx) => … },
 *     },
 *   });
 *   // events.Row, events.Resolver, events.references; events.feature for a feature's index.ts
 *
 * Each call makes new classes, one `@ObjectType('RegionalReportRow')` per call: call it once per
 * subgraph and row type, at module level, and never share its result between subgraphs. A
 * subgraph's schema holds only the resolvers and orphaned types listed in its definition
 * (shared/platform/federation.ts), so a row type made for one subgraph never reaches another's; a row
 * class shared by two subgraphs would collect both subgraphs' fields.
 */

// ---- what was recorded: coverage, and figures that are null rather than an invented 0 ------------

/**
 * From which day to which day a library's figures of one part (staff, collections, events,
 * partnerships) are recorded: from its earliest recorded fact to the last closed day. One
 * definition, @shareable: every subgraph's part has one.
 */
@ObjectType({ description: "From which day to which day a library's figures of this part are recorded (days in the library's zone)" })
@Directive('@shareable')
export class DataCoverage {
  @Field(() => CalendarDateScalar, { description: 'The day of the earliest fact recorded for these figures (the first loan or visitor count, the first event …)' })
  from: string;

  @Field(() => CalendarDateScalar, { description: "The last closed day: yesterday in the library's zone (today is still being recorded and is counted live)" })
  through: string;
}

/**
 * The coverage of a part given the day of its earliest recorded fact and today in the library's
 * zone; null when nothing was recorded before today.
 */
export function coverageOf(firstRecorded: string | null, today: string): DataCoverage | null {
  const through = addDays(today, -1);
  if (firstRecorded == null || firstRecorded > through) return null;
  return { from: firstRecorded, through };
}

/**
 * Whether a period's figures were recorded: `future` when it starts after today (nothing has
 * happened yet), `unrecorded` when it ends before the earliest fact of the figure (or none was
 * ever recorded), else `recorded` (a 0 is then a real zero). A period that straddles today or the
 * first fact counts what was recorded in it.
 */
export type PeriodRecord = 'future' | 'unrecorded' | 'recorded';

export function periodRecord(period: { from: string; to: string }, firstRecorded: string | null, today: string): PeriodRecord {
  if (period.from > today) return 'future';
  if (firstRecorded == null || period.to < firstRecorded) return 'unrecorded';
  return 'recorded';
}

/** `value` when the figure was recorded, else null. */
export const recorded = <T>(is: boolean, value: T): T | null => (is ? value : null);

/** part / whole rounded to `places`, or null when either is missing or the whole is 0. */
export function ratioOf(part: number | null | undefined, whole: number | null | undefined, places: number): number | null {
  if (part == null || whole == null || !(whole > 0)) return null;
  const scale = 10 ** places;
  return Math.round((part / whole) * scale) / scale;
}

/** What every row of a kind is keyed by. */
export interface RegionalRowKey {
  libraryId: string;
  /** First day of the period, in the library's zone. */
  from: string;
  /** Last day of the period (included). */
  to: string;
}

export interface LiteracyRowKey {
  libraryId: string;
  year: number;
}

/** A GraphQL type as type-graphql's decorators take it: a class, a scalar, an enum, or [one]. */
export type GraphQLTypeFn = () => Function | object | readonly unknown[];

type ProvinceOf = (libraryId: string) => Promise<string | undefined>;

/** One kind of report row: its name, key fields (in order) and representation check. */
export interface ReportRowKind<K> {
  typeName: string;
  key: { [P in keyof K]: GraphQLTypeFn };
  /** Each key field's description: the same text in every subgraph that declares the row. */
  keyDescriptions: { [P in keyof K]: string };
  /** Who may read the row, and a well-formed key: the checks of every representation. */
  check(ref: Record<string, unknown>, identity: Identity, provinceOf: ProvinceOf): Promise<K>;
}

export const REGIONAL_REPORT_ROW: ReportRowKind<RegionalRowKey> = {
  typeName: 'RegionalReportRow',
  key: { libraryId: () => ID, from: () => CalendarDateScalar, to: () => CalendarDateScalar },
  keyDescriptions: {
    libraryId: "The library's id (its slug, e.g. kupang)",
    from: "First day of the period (included), in the library's time zone",
    to: "Last day of the period (included), in the library's time zone",
  },
  check: checkRegionalRepresentation,
};

export const LITERACY_INDEX_ROW: ReportRowKind<LiteracyRowKey> = {
  typeName: 'LiteracyIndexRow',
  key: { libraryId: () => ID, year: () => Int },
  keyDescriptions: {
    libraryId: "The library's id (its slug, e.g. kupang)",
    year: 'The calendar year of the figures, e.g. 2026',
  },
  check: checkLiteracyRepresentation,
};

/** A field of the row type besides its key: the owner's own, or an `@external` one. */
export interface RowField {
  type: GraphQLTypeFn;
  description?: string;
  nullable?: boolean;
  /** Owned by another subgraph (`@external`): brought by the gateway for a `requires`. */
  external?: boolean;
}

export type ReportCacheKey = readonly (string | number | undefined | null)[];

/** A field this subgraph adds to the row. */
export interface ContributedField<R, C> {
  type: GraphQLTypeFn;
  description: string;
  /** Default true: a refusal or a failure leaves the rest of the row. */
  nullable?: boolean;
  /** `@requires(fields: "…")`: the (`@external`) row fields the gateway must bring first. */
  requires?: string;
  /**
   * Reuse the finished figures for REPORT_CACHE_TTL_MS (shared/platform/report-cache.ts), always after the
   * access check: a part name (key: the part and the row's key fields) or the whole key.
   */
  cache?: string | ((row: R) => ReportCacheKey);
  /** The figures; called only once the caller may read the row. */
  resolve(row: R, ctx: C): Promise<unknown>;
}

export interface RowContribution<K, R extends K, C extends SubgraphContext<any>> {
  /** The subgraph that declares the row (it asks staff-development's directory as this name). */
  subgraph: SubgraphName;
  /**
   * A library's province, for a province-scoped GOVERNMENT token; never taken from the
   * representation. Default: staff-development's library directory (provinceFromDirectory).
   */
  provinceOf?: (ctx: C) => ProvinceOf;
  /** The type's description (the owner's). */
  description?: string;
  /** Fields of the row type after its key, in order. */
  rowFields?: { [P in Exclude<keyof R, keyof K>]?: RowField };
  /** The fields this subgraph adds, in schema order (none: the row type only). */
  fields?: Record<string, ContributedField<R, C>>;
  /**
   * The row a checked representation becomes; null: no such row. Default: the key.
   * E.g. an `@external` field from the representation, or the owner's library.
   */
  fromRepresentation?(key: K, ref: Record<string, unknown>, ctx: C): R | null | Promise<R | null>;
}

export interface RowContributionParts<R, C> {
  /** The row type (`@ObjectType` with `@key`), for `@Resolver(() => Row)`, `@Query(() => [Row])`. */
  Row: new () => R;
  /** The access-checked field resolvers of `fields`. */
  Resolver: Function;
  /** `__resolveReference` of the row type, checking every representation. */
  references: Record<string, { __resolveReference(ref: Record<string, unknown>, ctx: C): Promise<R | null> }>;
  /** The three as a feature's parts (the row reached only through the gateway's `_entities` calls). */
  feature: { entities: Function[]; resolvers: Function[]; orphanedTypes: Function[]; references: RowContributionParts<R, C>['references'] };
}

/** A class with a given name (type-graphql's messages name it). */
const namedClass = (name: string): new () => any => ({ [name]: class {} })[name];

/** The row type, its access-checked fields and its reference resolver, for one subgraph. */
export function reportRowContribution<K extends object, R extends K, C extends SubgraphContext<any>>(
  kind: ReportRowKind<K>,
  spec: RowContribution<K, R, C>,
): RowContributionParts<R, C> {
  const provinceOf = spec.provinceOf ?? ((ctx: C) => (libraryId: string) => provinceFromDirectory(ctx.config, spec.subgraph, libraryId));
  const keyNames = Object.keys(kind.key) as (keyof K & string)[];

  // The row type, decorated in the order TypeScript applies written decorators.
  const Row = namedClass(kind.typeName);
  for (const name of keyNames) Field(kind.key[name] as never, { description: kind.keyDescriptions[name] })(Row.prototype as object, name);
  for (const [name, field] of Object.entries<RowField | undefined>(spec.rowFields ?? {})) {
    if (!field) continue;
    if (field.external) Directive('@external')(Row.prototype as object, name);
    const options = { ...(field.nullable ? { nullable: true } : {}), ...(field.description ? { description: field.description } : {}) };
    Field(field.type as never, options)(Row.prototype as object, name);
  }
  Directive(`@key(fields: "${keyNames.join(' ')}")`)(Row);
  ObjectType(kind.typeName, spec.description ? { description: spec.description } : {})(Row);

  const Contributions = namedClass(`${kind.typeName}Resolver`);
  for (const [name, field] of Object.entries(spec.fields ?? {})) {
    const cacheKey = typeof field.cache === 'string' ? (row: R) => [field.cache as string, ...keyNames.map((k) => row[k] as string | number)] : field.cache;
    const descriptor: PropertyDescriptor = {
      async value(row: R, ctx: C): Promise<unknown> {
        await requireRegionalRowAccess(ctx.identity, (row as { libraryId: string }).libraryId, provinceOf(ctx));
        if (!cacheKey) return field.resolve(row, ctx);
        // Only once the caller's access was checked above.
        return reportCacheFor(ctx.db, ctx.config).get(cacheKey(row), () => field.resolve(row, ctx));
      },
      writable: true,
      configurable: true,
    };
    Object.defineProperty(Contributions.prototype as object, name, descriptor);
    Ctx()(Contributions.prototype as object, name, 1);
    Root()(Contributions.prototype as object, name, 0);
    FieldResolver(field.type as never, { nullable: field.nullable ?? true, description: field.description })(Contributions.prototype as object, name, descriptor);
    if (field.requires) Directive(`@requires(fields: "${field.requires}")`)(Contributions.prototype as object, name, descriptor);
  }
  Resolver(() => Row)(Contributions);

  const references = {
    [kind.typeName]: {
      async __resolveReference(ref: Record<string, unknown>, ctx: C): Promise<R | null> {
        const key = await kind.check(ref, ctx.identity, provinceOf(ctx));
        return spec.fromRepresentation ? spec.fromRepresentation(key, ref, ctx) : (key as R);
      },
    },
  };
  return { Row, Resolver: Contributions, references, feature: { entities: [], resolvers: [Contributions], orphanedTypes: [Row], references } };
}

/** `RegionalReportRow` in one subgraph: `R` is the row as its resolvers see it. */
export function regionalRowContribution<C extends SubgraphContext<any>, R extends RegionalRowKey = RegionalRowKey>(
  spec: RowContribution<RegionalRowKey, R, C>,
): RowContributionParts<R, C> {
  return reportRowContribution(REGIONAL_REPORT_ROW, spec);
}

/** `LiteracyIndexRow` in one subgraph: `R` is the row as its resolvers see it. */
export function literacyRowContribution<C extends SubgraphContext<any>, R extends LiteracyRowKey = LiteracyRowKey>(
  spec: RowContribution<LiteracyRowKey, R, C>,
): RowContributionParts<R, C> {
  return reportRowContribution(LITERACY_INDEX_ROW, spec);
}
