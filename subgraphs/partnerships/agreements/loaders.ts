import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Identity } from '../../../shared/platform/auth';
import { byIdLoader } from '../../../shared/platform/pagination';
import { canReadAgreement, visibleLibraries } from '../access';
import { AgreementEvent } from './agreement-event.entity';
import { Agreement } from './agreement.entity';

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

/** Each agreement's history, oldest first: one query for every agreement of the request. */
function historyByAgreementId(db: DataSource): DataLoader<string, AgreementEvent[]> {
  return new DataLoader<string, AgreementEvent[]>(async (ids) => {
    const rows = await db
      .getRepository(AgreementEvent)
      .createQueryBuilder('e')
      .where('e.agreementId IN (:...ids)', { ids: [...ids] })
      .orderBy('e.number', 'ASC')
      .getMany();
    const byAgreement = new Map<string, AgreementEvent[]>();
    for (const row of rows) byAgreement.set(row.agreementId, [...(byAgreement.get(row.agreementId) ?? []), row]);
    return ids.map((id) => byAgreement.get(id) ?? []);
  });
}

/** Per-request loaders of agreements (the partner's list is filtered for this caller). */
export function agreementLoaders(db: DataSource, identity: Identity) {
  return {
    agreementById: byIdLoader(db.getRepository(Agreement)),
    visibleAgreementsByPartnerId: visibleAgreementsByPartnerId(db, identity),
    agreementHistory: historyByAgreementId(db),
  };
}
