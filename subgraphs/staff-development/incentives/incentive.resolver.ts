import { randomUUID } from 'node:crypto';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { requireStaffOf } from '../../../shared/auth';
import { transaction, isUniqueViolation } from '../../../shared/database';
import { ConflictError, NotFoundError } from '../../../shared/errors';
import type { StaffContext } from '../context';
import { IncentiveAward, IncentiveRule } from '../entities/incentive.entity';
import { Librarian } from '../entities/librarian.entity';
import { IncentiveEligibility } from '../types';
import { libraryToday } from '../util';
import { CreateIncentiveRuleInput } from './record.inputs';

/** Who qualifies for each rule of a library in a year: batched over the library's librarians. */
export async function incentiveEligibility(ctx: StaffContext, libraryId: string, year: number): Promise<IncentiveEligibility[]> {
  const [rules, librarians] = await Promise.all([
    ctx.loaders.incentiveRulesByLibraryId.load(libraryId),
    ctx.loaders.allLibrariansByLibraryId.load(libraryId),
  ]);
  const hours = await Promise.all(librarians.map((l) => ctx.loaders.trainingHoursByLibrarianYear.load({ librarianId: l.id, year })));
  const awards = (await Promise.all(rules.map((r) => ctx.loaders.awardsByRuleId.load(r.id)))).flat().filter((a) => a.year === year);
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

@Resolver(() => IncentiveEligibility)
export class IncentiveEligibilityResolver {
  @FieldResolver(() => Librarian)
  async librarian(@Root() row: IncentiveEligibility, @Ctx() { loaders }: StaffContext): Promise<Librarian> {
    return (await loaders.librarianById.load(row.librarianId))!;
  }

  @FieldResolver(() => IncentiveRule)
  async rule(@Root() row: IncentiveEligibility, @Ctx() { loaders }: StaffContext): Promise<IncentiveRule> {
    return (await loaders.incentiveRuleById.load(row.ruleId))!;
  }
}

@Resolver(() => IncentiveAward)
export class IncentiveAwardResolver {
  @FieldResolver(() => IncentiveRule)
  async rule(@Root() award: IncentiveAward, @Ctx() { loaders }: StaffContext): Promise<IncentiveRule> {
    return (await loaders.incentiveRuleById.load(award.ruleId))!;
  }

  @FieldResolver(() => Librarian)
  async librarian(@Root() award: IncentiveAward, @Ctx() { loaders }: StaffContext): Promise<Librarian> {
    return (await loaders.librarianById.load(award.librarianId))!;
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => IncentiveRule, { nullable: true, description: 'Set up an incentive for staff who keep training (LIBRARY_ADMIN of the library, ADMIN)' })
  async createIncentiveRule(
    @Arg('input', () => CreateIncentiveRuleInput) input: CreateIncentiveRuleInput,
    @Ctx() { identity, db, loaders }: StaffContext,
  ): Promise<IncentiveRule> {
    requireStaffOf(identity, input.libraryId, ['LIBRARY_ADMIN']);
    if (!(await loaders.libraryById.load(input.libraryId))) throw new NotFoundError('Library', input.libraryId);
    return transaction(db, (tx) =>
      tx.getRepository(IncentiveRule).save(tx.getRepository(IncentiveRule).create({ ...input, id: randomUUID(), description: input.description ?? null })),
    );
  }

  /** Only to an eligible librarian of the rule's library, once per year (CONFLICT otherwise). */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => IncentiveAward, {
    nullable: true,
    description: "Award an incentive to an eligible librarian for a year, once (the rule library's LIBRARY_ADMIN, ADMIN). CONFLICT when not eligible or already awarded",
  })
  async awardIncentive(
    @Arg('ruleId', () => ID) ruleId: string,
    @Arg('librarianId', () => ID) librarianId: string,
    @Arg('year', () => Int) year: number,
    @Ctx() ctx: StaffContext,
  ): Promise<IncentiveAward> {
    const rule = await ctx.loaders.incentiveRuleById.load(ruleId);
    if (!rule) throw new NotFoundError('IncentiveRule', ruleId);
    requireStaffOf(ctx.identity, rule.libraryId, ['LIBRARY_ADMIN']);
    const librarian = await ctx.loaders.librarianById.load(librarianId);
    if (!librarian || librarian.libraryId !== rule.libraryId) throw new NotFoundError('Librarian', librarianId);
    const hours = await ctx.loaders.trainingHoursByLibrarianYear.load({ librarianId, year });
    if (hours < rule.minTrainingHours) throw new ConflictError(`${hours} JP in ${year}; the rule asks for ${rule.minTrainingHours}`);
    const awardedOn = await libraryToday(ctx, rule.libraryId);
    return transaction(ctx.db, async (tx) => {
      if (await tx.getRepository(IncentiveAward).existsBy({ ruleId, librarianId, year })) throw new ConflictError('Already awarded for this year');
      const award = tx.getRepository(IncentiveAward).create({ id: randomUUID(), ruleId, librarianId, year, amount: rule.amount, awardedOn });
      try {
        await tx.getRepository(IncentiveAward).insert(award);
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError('Already awarded for this year');
        throw err;
      }
      return award;
    });
  }
}

