import type { Feature } from '../feature';
import { InternshipLogbookEntry } from './internship-logbook-entry.entity';
import { Internship } from './internship.entity';
import { InternshipResolver, LibrarianResolver, PartnerInternshipsResolver } from './internship.resolver';

/** University students' internships at a library, their logbook and evaluation. */
export const internships: Feature = {
  entities: [Internship, InternshipLogbookEntry],
  resolvers: [InternshipResolver, PartnerInternshipsResolver, LibrarianResolver],
};
