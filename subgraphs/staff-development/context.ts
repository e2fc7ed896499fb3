import type { SubgraphContext } from '../../shared/subgraph';
import type { StaffLoaders } from './loaders';

export type StaffContext = SubgraphContext<StaffLoaders>;
