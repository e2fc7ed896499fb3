import type { Feature } from '../../../shared/platform/subgraph';
import type { CollectionsLoaders } from '../loaders';
import { DigitalResource } from './digital-resource.entity';
import { DigitalTurnaway } from './digital-turnaway.entity';
import { DigitalUse } from './digital-use.entity';
import { DigitalResourceResolver, DigitalUseResolver, LibraryDigitalResolver, MemberDigitalResolver } from './digital.resolver';

/** E-books, e-journals, articles and audio: licences with seats, uses and turnaways. */
export const digital: Feature<CollectionsLoaders> = {
  entities: [DigitalResource, DigitalUse, DigitalTurnaway],
  resolvers: [DigitalResourceResolver, DigitalUseResolver, MemberDigitalResolver, LibraryDigitalResolver],
};
