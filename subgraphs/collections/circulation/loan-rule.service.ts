import type { DataSource } from 'typeorm';
import { requireStaffOf, type Identity } from '../../../shared/platform/auth';
import { isUniqueViolation, transaction } from '../../../shared/platform/database';
import { AppError, BadUserInputError, ConflictError, NotFoundError } from '../../../shared/platform/errors';
import type { LibraryCalendar } from '../../../shared/domain/library-calendar';
import { newId } from '../ids';
import type { LoanRuleInput } from './circulation.inputs';
import { LoanRule } from './loan-rule.entity';

const LIBRARY_ADMINS = ['LIBRARY_ADMIN'] as const;

const specificityOrder = (r: LoanRule) => (r.memberType ? 2 : 0) + (r.materialType ? 1 : 0);

/** A library's rules as published: the default (any, any) first, most specific last. */
export function publishedOrder(rules: LoanRule[]): LoanRule[] {
  return [...rules].sort(
    (a, b) => specificityOrder(a) - specificityOrder(b) || (a.memberType ?? '').localeCompare(b.memberType ?? '') || (a.materialType ?? '').localeCompare(b.materialType ?? ''),
  );
}

/**
 * Sets the terms for one library × member type × material type, replacing the rule for that
 * combination if there is one (LIBRARY_ADMIN of the library, ADMIN). Loans already out keep the
 * fine terms they were lent under.
 */
export async function setLoanRule(
  deps: { db: DataSource; calendars: { get(libraryId: string): Promise<LibraryCalendar> } },
  identity: Identity,
  input: LoanRuleInput,
): Promise<LoanRule> {
  requireStaffOf(identity, input.libraryId, [...LIBRARY_ADMINS]);
  try {
    await deps.calendars.get(input.libraryId);
  } catch (err) {
    if (err instanceof AppError && err.extensions.code === 'NOT_FOUND') throw new BadUserInputError('libraryId', `There is no library ${input.libraryId}`);
    throw err;
  }
  const values = {
    libraryId: input.libraryId,
    memberType: input.memberType ?? null,
    materialType: input.materialType ?? null,
    loanDays: input.loanDays,
    maxLoans: input.maxLoans,
    maxRenewals: input.maxRenewals,
    finePerDay: input.finePerDay,
    graceDays: input.graceDays,
    fineCap: input.fineCap ?? null,
    maxHolds: input.maxHolds,
    holdShelfDays: input.holdShelfDays,
    maxUnpaidFines: input.maxUnpaidFines,
    // Omitted: as before (grace days a threshold; the column defaults for lost copies).
    deductGraceDays: input.deductGraceDays ?? false,
    lostReplacementPrice: input.lostReplacementPrice ?? 100_000,
    lostProcessingFee: input.lostProcessingFee ?? 10_000,
  };
  try {
    return await transaction(deps.db, async (tx) => {
      const repo = tx.getRepository(LoanRule);
      const existing = (await repo.findBy({ libraryId: input.libraryId })).find((r) => r.memberType === values.memberType && r.materialType === values.materialType);
      const rule = repo.create({ ...values, id: existing?.id ?? newId() });
      if (existing) await repo.update({ id: existing.id }, values);
      // A copy: after an INSERT on MySQL, TypeORM writes defaulted columns back raw ('' for "any").
      else await repo.insert({ ...rule });
      return rule;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError('This rule was set by someone else at this moment; try again');
    throw err;
  }
}

/** Removes a specific rule (LIBRARY_ADMIN of the library, ADMIN); a library keeps its default rule (any member type, any material type): CONFLICT. */
export async function deleteLoanRule({ db }: { db: DataSource }, identity: Identity, id: string): Promise<string> {
  return transaction(db, async (tx) => {
    const repo = tx.getRepository(LoanRule);
    const rule = await repo.findOneBy({ id });
    if (!rule) throw new NotFoundError('LoanRule', id);
    requireStaffOf(identity, rule.libraryId, [...LIBRARY_ADMINS]);
    if (rule.memberType === null && rule.materialType === null) throw new ConflictError("A library's default loan rule cannot be removed; change it instead");
    await repo.delete({ id });
    return id;
  });
}
