import type { Feature } from '../../../shared/platform/subgraph';
import type { CollectionsLoaders } from '../loaders';
import { InstitutionLendingResolver } from './institution-lending.resolver';
import { LibraryResolver } from './library.resolver';
import { MemberContactsResolver } from './member-contacts.resolver';
import { PartnerResolver } from './partner.resolver';

/**
 * Library, Librarian and Partner are federation stubs (owned by staff-development and
 * partnerships), not tables. Collections' fields on the library (items, members, loan rules, the
 * hold desk, collection indicators) and on the partner (institution loans) are here.
 */
export const federation: Feature<CollectionsLoaders> = {
  entities: [],
  resolvers: [LibraryResolver, PartnerResolver, InstitutionLendingResolver, MemberContactsResolver],
};
