import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { deny, type Identity } from '../../../shared/platform/auth';
import { now } from '../../../shared/platform/clock';
import { Idempotency } from '../../../shared/platform/idempotency';
import { BadUserInputError, NotFoundError } from '../../../shared/platform/errors';
import { checkRecordDate } from '../../../shared/platform/validation';
import type { LibraryCalendarClient } from '../../../shared/domain/library-calendar';
import { agreementToday } from '../agreements/agreement.entity';
import { wholeSeconds } from '../../../shared/platform/time';
import { requireLibraryAccess, requireLibraryAdmin, requireWorksWith, visibleLibraries } from '../access';
import { LibraryPartner } from '../partners/library-partner.entity';
import { Partner } from '../partners/partner.entity';
import { FundingContribution, FundingSource } from './funding-contribution.entity';
import type { FundingTotalsFilter, RecordFundingContributionInput } from './funding.inputs';
import { FundingDimension, type FundingTotal } from './funding.types';

const DIMENSION_COLUMN: Record<FundingDimension, 'libraryId' | 'partnerId' | 'year' | 'source'> = {
  LIBRARY: 'libraryId',
  PARTNER: 'partnerId',
  YEAR: 'year',
  SOURCE: 'source',
};

/**
 * The library's LIBRARY_ADMIN, ADMIN, from a partner the library already works with (FORBIDDEN
 * otherwise; BAD_USER_INPUT on partnerId for ADMIN). Recording money never makes a partner one
 * of the library's partners: that link comes only from an act both sides own (access.ts).
 * `receivedOn` is a day that has come in the library's zone (BAD_USER_INPUT otherwise).
 */
export async function recordFundingContribution(
  identity: Identity,
  db: DataSource,
  input: RecordFundingContributionInput,
  calendar: LibraryCalendarClient,
  idempotencyKey?: string | null,
): Promise<FundingContribution> {
  requireLibraryAdmin(identity, input.libraryId);
  const once = Idempotency.ofRow(db, identity, FundingContribution, { key: idempotencyKey, operation: 'recordFundingContribution', args: input });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const today = await agreementToday(calendar, input.libraryId); // NOT_FOUND for an unknown library
  checkRecordDate('receivedOn', input.receivedOn, today);
  if (input.receivedOn > today) throw new BadUserInputError('receivedOn', `receivedOn must not be after today (${today} in the library)`);
  return once.transaction(async (tx) => {
    if (!(await tx.getRepository(Partner).existsBy({ id: input.partnerId }))) throw new NotFoundError('Partner', input.partnerId);
    const linked = await tx.getRepository(LibraryPartner).existsBy({ libraryId: input.libraryId, partnerId: input.partnerId });
    requireWorksWith(identity, input.libraryId, input.partnerId, linked);
    const contribution = tx.getRepository(FundingContribution).create({
      ...input,
      id: randomUUID(),
      year: Number(input.receivedOn.slice(0, 4)),
      createdAt: wholeSeconds(now()),
    });
    await tx.getRepository(FundingContribution).insert(contribution);
    return contribution;
  });
}

/**
 * GOVERNMENT and ADMIN: any totals (a province-scoped GOVERNMENT token: its province's libraries
 * only). A LIBRARY_ADMIN: their own library's (filter.libraryId
 * required and their own). A PARTNER: its own contributions (filter.partnerId its own).
 */
export async function fundingTotals(identity: Identity, db: DataSource, groupBy: FundingDimension[], filter: FundingTotalsFilter): Promise<FundingTotal[]> {
  if (identity.role === 'LIBRARY_ADMIN' && filter.libraryId !== identity.libraryId) {
    deny(identity, "A library's admins see their own library's totals: set filter.libraryId to it");
  }
  if (identity.role === 'PARTNER' && filter.partnerId !== identity.partnerId) {
    deny(identity, 'A partner sees its own contributions: set filter.partnerId to it');
  }
  // Totals are aggregates: the libraries are those of access.ts (a librarian is refused above by @Authorized).
  let visibleLibs: readonly string[] | undefined;
  if (identity.role !== 'PARTNER') {
    if (filter.libraryId) requireLibraryAccess(identity, filter.libraryId, 'FUNDING');
    const visible = visibleLibraries(identity, 'FUNDING');
    if (visible !== 'ALL') {
      if (!visible.length) deny(identity, 'This token covers another province');
      visibleLibs = visible;
    }
  }
  const dimensions = [...new Set(groupBy)].map((d) => DIMENSION_COLUMN[d]);
  const qb = db.getRepository(FundingContribution).createQueryBuilder('f').select('SUM(f.amount)', 'amount').addSelect('COUNT(*)', 'contributions');
  for (const column of dimensions) qb.addSelect(`f.${column}`, column).addGroupBy(`f.${column}`).addOrderBy(`f.${column}`, 'ASC');
  for (const [column, value] of Object.entries(filter as Record<string, unknown>)) {
    if (value !== undefined && value !== null) qb.andWhere(`f.${column} = :${column}`, { [column]: value });
  }
  if (visibleLibs) qb.andWhere('f.libraryId IN (:...visibleLibs)', { visibleLibs: [...visibleLibs] });
  const rows: Record<string, string | number | null>[] = await qb.getRawMany();
  return rows
    .filter((r) => Number(r.contributions) > 0)
    .map((r) => ({
      libraryId: dimensions.includes('libraryId') ? String(r.libraryId) : null,
      partnerId: dimensions.includes('partnerId') ? String(r.partnerId) : null,
      year: dimensions.includes('year') ? Number(r.year) : null,
      source: dimensions.includes('source') ? (r.source as FundingSource) : null,
      amount: Number(r.amount ?? 0),
      contributions: Number(r.contributions),
    }));
}
