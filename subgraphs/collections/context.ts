import type { SubgraphContext } from '../../shared/platform/subgraph';
import type { CollectionsLoaders } from './loaders';

export type CollectionsContext = SubgraphContext<CollectionsLoaders>;
