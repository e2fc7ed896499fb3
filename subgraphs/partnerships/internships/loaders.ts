import type { DataSource } from 'typeorm';
import { byForeignKeyLoader, byIdLoader, connectionLoader } from '../../../shared/platform/pagination';
import { filterScope } from '../list-filter';
import { InternshipLogbookEntry } from './internship-logbook-entry.entity';
import { Internship } from './internship.entity';

/** Per-request loaders of internships (by partner, host library, supervisor) and their logbooks. */
export function internshipLoaders(db: DataSource) {
  const internships = db.getRepository(Internship);
  const internshipConnection = (parent: string) => connectionLoader({ repo: internships, alias: 'i', sort: 'startsOn', parent: `i.${parent}`, scope: filterScope('i') });
  return {
    internshipById: byIdLoader(internships),
    internshipsByPartnerId: internshipConnection('partnerId'),
    internshipsByLibraryId: internshipConnection('libraryId'),
    internshipsBySupervisorId: internshipConnection('supervisorId'),
    logbookByInternshipId: byForeignKeyLoader(db.getRepository(InternshipLogbookEntry), 'internshipId', { weekStarting: 'ASC' }),
  };
}
