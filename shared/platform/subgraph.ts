import type { DataSource, EntitySchema, MixedList } from 'typeorm';
import type { NonEmptyArray } from 'type-graphql';
import type { Identity } from './auth';
import type { Config, DemoSettings, SubgraphName } from './config';
import type { LibraryCalendarClient } from '../domain/library-calendar';
import type { Logger } from './logger';

/** What every resolver of a subgraph receives. */
export interface SubgraphContext<L = Record<string, unknown>> {
  identity: Identity;
  db: DataSource;
  loaders: L;
  config: Config;
  log: Logger;
  /** Opening days and time zone of a library, from staff-development (cached). */
  calendar: LibraryCalendarClient;
}

/** __resolveReference functions, keyed by entity type name. */
export type ReferenceResolvers<L> = Record<string, { __resolveReference: (ref: { id: string }, ctx: SubgraphContext<L>) => unknown }>;

/**
 * What a feature folder's index.ts exports (entities, resolvers, references of one capability);
 * a subgraph's index.ts concatenates its features with `fromFeatures`. Per-request loaders are
 * concatenated in the subgraph's loaders.ts.
 */
export interface Feature<L = any> {
  /** TypeORM entities (tables); federation stubs are not. */
  entities: Function[];
  /** type-graphql resolver classes. */
  resolvers: Function[];
  /** Types reached only through the gateway's `_entities` calls. */
  orphanedTypes?: Function[];
  /** __resolveReference functions of the feature's own types. */
  references?: ReferenceResolvers<L>;
}

/** The parts of a subgraph definition that are its features, concatenated. */
export function fromFeatures<L>(features: Feature<L>[], references: ReferenceResolvers<L> = {}) {
  return {
    entities: features.flatMap((f) => f.entities),
    resolvers: features.flatMap((f) => f.resolvers) as unknown as NonEmptyArray<Function>,
    orphanedTypes: features.flatMap((f) => f.orphanedTypes ?? []),
    references: features.reduce<ReferenceResolvers<L>>((all, f) => ({ ...all, ...f.references }), references),
  };
}

export interface SeedSummary {
  [table: string]: number;
}

/** One subgraph, as the registry (subgraphs/index.ts) knows it. */
export interface SubgraphDefinition<L = any> {
  name: SubgraphName;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: Function[];
  resolvers: NonEmptyArray<Function>;
  orphanedTypes?: Function[];
  references: ReferenceResolvers<L>;
  createLoaders(db: DataSource, identity: Identity, config: Config): L;
  /**
   * Checks the caller against this subgraph's own data once per request, before any resolver
   * runs, and throws (UNAUTHENTICATED) to refuse it — collections: a MEMBER token's `memberId`
   * must be a member of its `libraryId`.
   */
  admit?(identity: Identity, loaders: L): Promise<void>;
  /** Loads the demo data (the dataset the settings name; none: the fixture) once: a second call adds nothing. */
  seed(db: DataSource, demo?: DemoSettings): Promise<SeedSummary>;
  /**
   * Background work of the running service (delivery workers, expiry jobs, schedulers). Called
   * once the service listens; the function it returns is awaited at stop, before the database
   * closes. Tests call the jobs' own functions directly instead.
   */
  background?(services: BackgroundServices): () => Promise<void>;
}

export interface BackgroundServices {
  db: DataSource;
  config: Config;
  log: Logger;
  calendar: LibraryCalendarClient;
}
