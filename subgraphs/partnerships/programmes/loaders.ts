import type { DataSource } from 'typeorm';
import { byForeignKeyLoader, byIdLoader, connectionLoader } from '../../../shared/platform/pagination';
import { filterScope } from '../list-filter';
import { PartnershipProgramme } from './partnership-programme.entity';
import { ProgrammeLibrarian } from './programme-librarian.entity';

/** Per-request loaders of partnership programmes (by library, partner, agreement) and their librarians. */
export function programmeLoaders(db: DataSource) {
  const programmes = db.getRepository(PartnershipProgramme);
  const programmeConnection = (parent: string) => connectionLoader({ repo: programmes, alias: 'pp', sort: 'startsOn', parent: `pp.${parent}`, scope: filterScope('pp') });
  return {
    programmeById: byIdLoader(programmes),
    programmesByLibraryId: programmeConnection('libraryId'),
    programmesByPartnerId: programmeConnection('partnerId'),
    programmesByAgreementId: byForeignKeyLoader(programmes, 'agreementId', { startsOn: 'ASC', id: 'ASC' }),
    librariansByProgrammeId: byForeignKeyLoader(db.getRepository(ProgrammeLibrarian), 'programmeId', { librarianId: 'ASC' }),
  };
}
