import { randomUUID } from 'node:crypto';
import { requireStaffOf } from '../../../shared/platform/auth';
import { isUniqueViolation } from '../../../shared/platform/database';
import { ConflictError, NotFoundError } from '../../../shared/platform/errors';
import { Idempotency } from '../../../shared/platform/idempotency';
import type { StaffContext } from '../context';
import { ownLibraryToday } from '../libraries/library.service';
import type { StaffLoaders } from '../loaders';
import { IncentiveAward, IncentiveRule } from './incentive.entity';
import type { CreateIncentiveRuleInput } from './incentive.inputs';
import type { IncentiveEligibility } from './incentive.types';

/** Who qualifies for each rule of a library in a year: batched over the library's librarians. */
export async function incentiveEligibility({ loaders }: { loaders: StaffLoaders }, libraryId: string, year: number): Promise<IncentiveEligibility[]> {
  const [rules, librarians] = await Promise.all([loaders.incentiveRulesByLibraryId.load(libraryId), loaders.allLibrariansByLibraryId.load(libraryId)]);
  const hours = await Promise.all(librarians.map((l) => loaders.trainingHoursByLibrarianYear.load({ librarianId: l.id, year })));
  const awards = (await Promise.all(rules.map((r) => loaders.awardsByRuleId.load(r.id)))).flat().filter((a) => a.year === year);
  return rules.flatMap((rule) =>
    librarians.map((librarian, i) => ({
      ruleId: rule.id,
      librarianId: librarian.id,
      trainingHours: hours[i],
      eligible: hours[i] >= rule.minTrainingHours,
      awarded: awards.some((a) => a.ruleId === rule.id && a.librarianId === librarian.id),
    })),
  );
}

/** An incentive for staff who keep training: LIBRARY_ADMIN of the library, ADMIN. */
export async function createIncentiveRule(
  { identity, db, loaders }: Pick<StaffContext, 'identity' | 'db' | 'loaders'>,
  input: CreateIncentiveRuleInput,
  idempotencyKey?: string | null,
): Promise<IncentiveRule> {
  requireStaffOf(identity, input.libraryId, ['LIBRARY_ADMIN']);
  const once = Idempotency.ofRow(db, identity, IncentiveRule, { key: idempotencyKey, operation: 'createIncentiveRule', args: input });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  if (!(await loaders.libraryById.load(input.libraryId))) throw new NotFoundError('Library', input.libraryId);
  return once.transaction((tx) =>
    tx.getRepository(IncentiveRule).save(tx.getRepository(IncentiveRule).create({ ...input, id: randomUUID(), description: input.description ?? null })),
  );
}

/**
 * The rule library's LIBRARY_ADMIN, or ADMIN: awards the rule to an eligible librarian of its
 * library, once per year (CONFLICT when not eligible or already awarded), dated today in the
 * library's zone.
 */
export async function awardIncentive(
  ctx: Pick<StaffContext, 'identity' | 'db' | 'loaders'>,
  ruleId: string,
  librarianId: string,
  year: number,
  idempotencyKey?: string | null,
): Promise<IncentiveAward> {
  const rule = await ctx.loaders.incentiveRuleById.load(ruleId);
  if (!rule) throw new NotFoundError('IncentiveRule', ruleId);
  requireStaffOf(ctx.identity, rule.libraryId, ['LIBRARY_ADMIN']);
  // Before the checks: a retry must not be refused because the first call made the award.
  const once = Idempotency.ofRow(ctx.db, ctx.identity, IncentiveAward, { key: idempotencyKey, operation: 'awardIncentive', args: { ruleId, librarianId, year } });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const librarian = await ctx.loaders.librarianById.load(librarianId);
  if (!librarian || librarian.libraryId !== rule.libraryId) throw new NotFoundError('Librarian', librarianId);
  const hours = await ctx.loaders.trainingHoursByLibrarianYear.load({ librarianId, year });
  if (hours < rule.minTrainingHours) throw new ConflictError(`The librarian has ${hours} JP of training in ${year}; the rule asks for ${rule.minTrainingHours}`);
  const awardedOn = await ownLibraryToday(ctx, rule.libraryId);
  return once.transaction(async (tx) => {
    if (await tx.getRepository(IncentiveAward).existsBy({ ruleId, librarianId, year }))
      throw new ConflictError('This incentive was already awarded to the librarian for this year');
    const award = tx.getRepository(IncentiveAward).create({ id: randomUUID(), ruleId, librarianId, year, amount: rule.amount, awardedOn });
    try {
      await tx.getRepository(IncentiveAward).insert(award);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('This incentive was already awarded to the librarian for this year');
      throw err;
    }
    return award;
  });
}
