import type { SubgraphContext } from '../../shared/platform/subgraph';
import type { StaffLoaders } from './loaders';

export type StaffContext = SubgraphContext<StaffLoaders>;
