import type { SubgraphContext } from '../../shared/platform/subgraph';
import type { PartnershipsLoaders } from './loaders';

export type PartnershipsContext = SubgraphContext<PartnershipsLoaders>;
