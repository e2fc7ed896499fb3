import DataLoader from 'dataloader';
import { In, type DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { STAFF_ROLES, type Identity } from '../../shared/auth';
import type { Config } from '../../shared/config';
import { byForeignKeyLoader, byIdLoader, connectionLoader } from '../../shared/pagination';
import { Agreement } from './entities/agreement.entity';
import { FundingContribution } from './entities/funding-contribution.entity';
import { InternshipLogbookEntry } from './entities/internship-logbook-entry.entity';
import { Internship } from './entities/internship.entity';
import { LibraryPartner } from './entities/library-partner.entity';
import { PartnerWebhook } from './entities/partner-webhook.entity';
import { Partner } from './entities/partner.entity';
import { PartnershipProgramme } from './entities/partnership-programme.entity';
import { ProgrammeLibrarian } from './entities/programme-librarian.entity';
import { WebhookAttempt, WebhookDelivery } from './entities/webhook-delivery.entity';
import { indicatorsLoader } from './indicators';

/**
 * A partner's agreements as this caller may see them: staff see only their own library's, the
 * rest (the partner itself, GOVERNMENT, ADMIN) see all. The resolver first refuses callers who may
 * see none (access.ts), so the filter here never hides a refusal.
 */
function visibleAgreementsByPartnerId(db: DataSource, identity: Identity): DataLoader<string, Agreement[]> {
  const ownLibraryOnly = STAFF_ROLES.includes(identity.role) ? identity.libraryId : undefined;
  return new DataLoader<string, Agreement[]>(async (partnerIds) => {
    const rows = await db.getRepository(Agreement).find({
      where: { partnerId: In([...partnerIds]), ...(ownLibraryOnly ? { libraryId: ownLibraryOnly } : {}) },
      order: { startsOn: 'DESC', id: 'ASC' },
    });
    const byPartner = new Map<string, Agreement[]>();
    for (const row of rows) byPartner.set(row.partnerId, [...(byPartner.get(row.partnerId) ?? []), row]);
    return partnerIds.map((id) => byPartner.get(id) ?? []);
  });
}

/**
 * Connection variants: a JSON object of column → value equalities (status, kind, a library the
 * caller is confined to …), built by the resolvers from enums and the caller's own claims.
 */
export const listFilter = (filters: Record<string, string | number | undefined | null>): string =>
  JSON.stringify(Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== null).sort()));

function filterScope<T extends ObjectLiteral>(alias: string) {
  return (qb: SelectQueryBuilder<T>, variant: string) => {
    if (!variant) return;
    for (const [column, value] of Object.entries(JSON.parse(variant) as Record<string, unknown>)) {
      if (!/^[A-Za-z]+$/.test(column)) throw new Error(`Bad filter column ${column}`);
      qb.andWhere(`${alias}.${column} = :f_${column}`, { [`f_${column}`]: value });
    }
  };
}

/** Per-request loaders: every list and reference goes through one of these. */
export function createLoaders(db: DataSource, identity: Identity, _config: Config) {
  const internships = db.getRepository(Internship);
  const programmes = db.getRepository(PartnershipProgramme);
  const internshipConnection = (parent: string) =>
    connectionLoader({ repo: internships, alias: 'i', sort: 'startsOn', parent: `i.${parent}`, scope: filterScope('i') });
  const programmeConnection = (parent: string) =>
    connectionLoader({ repo: programmes, alias: 'pp', sort: 'startsOn', parent: `pp.${parent}`, scope: filterScope('pp') });
  return {
    partnerById: byIdLoader(db.getRepository(Partner)),
    agreementById: byIdLoader(db.getRepository(Agreement)),
    /** Library links of a partner, by library slug. */
    linksByPartnerId: byForeignKeyLoader(db.getRepository(LibraryPartner), 'partnerId', { libraryId: 'ASC' }),
    /** A library's partners by name, through the library_partner link. */
    partnersByLibraryId: connectionLoader({
      repo: db.getRepository(Partner),
      alias: 'p',
      sort: 'name',
      parent: 'lp.libraryId',
      scope: (qb) => {
        qb.innerJoin(LibraryPartner, 'lp', 'lp.partnerId = p.id');
      },
    }),
    visibleAgreementsByPartnerId: visibleAgreementsByPartnerId(db, identity),

    internshipById: byIdLoader(internships),
    internshipsByPartnerId: internshipConnection('partnerId'),
    internshipsByLibraryId: internshipConnection('libraryId'),
    internshipsBySupervisorId: internshipConnection('supervisorId'),
    logbookByInternshipId: byForeignKeyLoader(db.getRepository(InternshipLogbookEntry), 'internshipId', { weekStarting: 'ASC' }),

    programmeById: byIdLoader(programmes),
    programmesByLibraryId: programmeConnection('libraryId'),
    programmesByPartnerId: programmeConnection('partnerId'),
    programmesByAgreementId: byForeignKeyLoader(programmes, 'agreementId', { startsOn: 'ASC', id: 'ASC' }),
    librariansByProgrammeId: byForeignKeyLoader(db.getRepository(ProgrammeLibrarian), 'programmeId', { librarianId: 'ASC' }),

    fundingByLibraryId: connectionLoader({
      repo: db.getRepository(FundingContribution),
      alias: 'f',
      sort: 'receivedOn',
      parent: 'f.libraryId',
      scope: filterScope('f'),
    }),

    webhooksByPartnerId: byForeignKeyLoader(db.getRepository(PartnerWebhook), 'partnerId', { createdAt: 'ASC', id: 'ASC' }),
    deliveriesByWebhookId: connectionLoader({
      repo: db.getRepository(WebhookDelivery),
      alias: 'd',
      sort: 'createdAt',
      parent: 'd.webhookId',
      scope: filterScope('d'),
    }),
    attemptsByDeliveryId: byForeignKeyLoader(db.getRepository(WebhookAttempt), 'deliveryId', { number: 'ASC' }),

    indicatorsByLibrary: indicatorsLoader(db),
  };
}

export type PartnershipsLoaders = ReturnType<typeof createLoaders>;
