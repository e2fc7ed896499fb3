import type { Feature } from '../feature';
import { PartnershipProgramme } from './partnership-programme.entity';
import { ProgrammeLibrarian } from './programme-librarian.entity';
import { AgreementProgrammesResolver, PartnerProgrammesResolver, PartnershipProgrammeResolver } from './programme.resolver';

/** Programmes run under an agreement: school visits, lending, workshops, seminars … */
export const programmes: Feature = {
  entities: [PartnershipProgramme, ProgrammeLibrarian],
  resolvers: [PartnershipProgrammeResolver, AgreementProgrammesResolver, PartnerProgrammesResolver],
};
