import type { SubgraphContext } from '../../shared/subgraph';
import type { EventsLoaders } from './loaders';

export type EventsContext = SubgraphContext<EventsLoaders>;
