import type { Feature } from '../../../shared/platform/subgraph';
import type { CollectionsLoaders } from '../loaders';
import { DeskResolver, MemberActivityResolver, TitleCirculationResolver } from './desk.resolver';

/** The front desk's look-ups and lists: loans, overdue, pull list, hold shelf, most active and most borrowed. */
export const desk: Feature<CollectionsLoaders> = {
  entities: [],
  resolvers: [DeskResolver, MemberActivityResolver, TitleCirculationResolver],
};
