import type { SubgraphContext } from '../../shared/subgraph';
import type { PartnershipsLoaders } from './loaders';

export type PartnershipsContext = SubgraphContext<PartnershipsLoaders>;
