import type { Feature } from '../../../shared/platform/subgraph';
import type { CollectionsLoaders } from '../loaders';
import { CirculationDaily } from './circulation-daily.entity';
import { DailyAggregateState } from './daily-aggregate-state.entity';
import { literacy } from './literacy';
import { MemberActivityDaily } from './member-activity-daily.entity';
import { regional } from './regional';

/**
 * Collection figures: Library.collectionIndicators (federation/, computed in indicators.service.ts
 * over the daily aggregates this feature's job builds), and collections' parts of the regional
 * report and of the literacy index.
 */
export const indicators: Feature<CollectionsLoaders> = {
  entities: [CirculationDaily, MemberActivityDaily, DailyAggregateState],
  resolvers: [regional.Resolver, literacy.Resolver],
  // The regional report row and the literacy index row are reached only through the gateway's _entities calls.
  orphanedTypes: [regional.Row, literacy.Row],
  references: { ...regional.references, ...literacy.references },
};
