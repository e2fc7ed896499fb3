import DataLoader from 'dataloader';
import { type DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Identity } from '../../shared/auth';
import { canReadAgreement, visibleLibraries } from './access';
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
 * A partner's agreements as this caller may see them (access.ts `canReadAgreement`): the partner
 * itself sees all of its own; everyone else the rows of the libraries `visibleLibraries` gives
 * them (a province-scoped GOVERNMENT token: its province's; staff: their own library's). The
 * resolver first refuses callers who may see none (`requirePartnerListAccess`), so the filter here
 * never hides a refusal.
 */
function visibleAgreementsByPartnerId(db: DataSource, identity: Identity): DataLoader<string, Agreement[]> {
  return new DataLoader<string, Agreement[]>(async (partnerIds) => {
    const libraries = visibleLibraries(identity, 'RECORDS');
    const ownPartner = identity.role === 'PARTNER' && partnerIds.includes(identity.partnerId!);
    const qb = db
      .getRepository(Agreement)
      .createQueryBuilder('a')
      .where('a.partnerId IN (:...partnerIds)', { partnerIds: [...partnerIds] })
      .orderBy('a.startsOn', 'DESC')
      .addOrderBy('a.id', 'ASC');
    // Narrow in SQL where one rule covers every key; the row check below is the last word.
    if (libraries !== 'ALL' && !ownPartner) {
      if (!libraries.length) return partnerIds.map(() => []);
      qb.andWhere('a.libraryId IN (:...libraries)', { libraries: [...libraries] });
    }
    const rows = (await qb.getMany()).filter((row) => canReadAgreement(identity, row));
    const byPartner = new Map<string, Agreement[]>();
    for (const row of rows) byPartner.set(row.partnerId, [...(byPartner.get(row.partnerId) ?? []), row]);
    return partnerIds.map((id) => byPartner.get(id) ?? []);
  });
}

/**
 * Connection variants: a JSON object of column → value (status, kind …) or column → list of values
 * (the libraries the caller is confined to, from access.ts), built by the resolvers from enums and
 * the caller's own claims. An empty list matches nothing.
 */
export const listFilter = (filters: Record<string, string | number | readonly string[] | undefined | null>): string =>
  JSON.stringify(Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== null).sort()));

function filterScope<T extends ObjectLiteral>(alias: string) {
  return (qb: SelectQueryBuilder<T>, variant: string) => {
    if (!variant) return;
    for (const [column, value] of Object.entries(JSON.parse(variant) as Record<string, unknown>)) {
      if (!/^[A-Za-z]+$/.test(column)) throw new Error(`Bad filter column ${column}`);
      if (Array.isArray(value)) {
        if (value.length) qb.andWhere(`${alias}.${column} IN (:...f_${column})`, { [`f_${column}`]: value });
        else qb.andWhere('1 = 0');
      } else {
        qb.andWhere(`${alias}.${column} = :f_${column}`, { [`f_${column}`]: value });
      }
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
