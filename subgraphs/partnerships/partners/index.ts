import type { Feature } from '../feature';
import { LibraryPartner } from './library-partner.entity';
import { Partner } from './partner.entity';
import { PartnerResolver } from './partner.resolver';

/** Partners and their links to libraries (library_partner). */
export const partners: Feature = {
  entities: [Partner, LibraryPartner],
  resolvers: [PartnerResolver],
};
