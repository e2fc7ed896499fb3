import type { SubgraphDefinition } from '../../shared/subgraph';
import { EventFacilitator } from './entities/event-facilitator.entity';
import { EventPartner } from './entities/event-partner.entity';
import { Event } from './entities/event.entity';
import { Registration } from './entities/registration.entity';
import { createLoaders, type EventsLoaders } from './loaders';
import { migrations } from './migrations';
import { references } from './references';
import { EventResolver } from './resolvers/event.resolver';
import { LibraryResolver } from './resolvers/library.resolver';
import { RegistrationResolver } from './resolvers/registration.resolver';
import { seed } from './seed';

export const communityEvents: SubgraphDefinition<EventsLoaders> = {
  name: 'community-events',
  entities: [Event, EventFacilitator, EventPartner, Registration],
  migrations,
  resolvers: [LibraryResolver, EventResolver, RegistrationResolver],
  references,
  createLoaders,
  seed,
};
