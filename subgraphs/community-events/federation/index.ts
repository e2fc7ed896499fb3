import { LibrarianResolver, MemberResolver, PartnerResolver } from './federation.resolver';
import { LibraryResolver } from './library.resolver';

/**
 * Entities owned by other subgraphs (stubs, no tables) and the fields this subgraph adds to them:
 * Library.events, eventIndicators and satisfactionSurveys; Librarian.eventFacilitation and
 * facilitatedEvents; Partner.coHostedEvents; Member.eventRegistrations.
 */
export const entities: Function[] = [];
export const resolvers = [LibraryResolver, LibrarianResolver, PartnerResolver, MemberResolver];
