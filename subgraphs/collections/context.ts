import type { SubgraphContext } from '../../shared/subgraph';
import type { CollectionsLoaders } from './loaders';

export type CollectionsContext = SubgraphContext<CollectionsLoaders>;
