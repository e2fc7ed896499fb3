import type { DataSource } from 'typeorm';
import type { Identity } from '../../../shared/platform/auth';
import type { Config } from '../../../shared/platform/config';
import { byForeignKeyLoader, byIdLoader, connectionLoader } from '../../../shared/platform/pagination';
import { filterScope } from '../list-filter';
import { copiesLentLoader } from './copies-lent';
import { PartnershipProgramme } from './partnership-programme.entity';
import { ProgrammeLibrarian } from './programme-librarian.entity';

/** Per-request loaders of partnership programmes (by library, partner, agreement) and their librarians. */
export function programmeLoaders(db: DataSource, _identity: Identity, config: Config) {
  const programmes = db.getRepository(PartnershipProgramme);
  const programmeConnection = (parent: string) => connectionLoader({ repo: programmes, alias: 'pp', sort: 'startsOn', parent: `pp.${parent}`, scope: filterScope('pp') });
  return {
    programmeById: byIdLoader(programmes),
    programmesByLibraryId: programmeConnection('libraryId'),
    programmesByPartnerId: programmeConnection('partnerId'),
    programmesByAgreementId: byForeignKeyLoader(programmes, 'agreementId', { startsOn: 'ASC', id: 'ASC' }),
    copiesLent: copiesLentLoader(config),
    librariansByProgrammeId: byForeignKeyLoader(db.getRepository(ProgrammeLibrarian), 'programmeId', { librarianId: 'ASC' }),
  };
}
