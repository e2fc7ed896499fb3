import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { requireStaffOf } from '../../../shared/auth';
import { isUniqueViolation, transaction } from '../../../shared/database';
import { AppError, BadUserInputError, ConflictError, NotFoundError } from '../../../shared/errors';
import { newId } from '../circulation/ids';
import type { CollectionsContext } from '../context';
import { Library } from '../entities/library.stub';
import { LoanRule } from '../entities/loan-rule.entity';
import { LoanRuleInput } from './circulation.types';

const LIBRARY_ADMINS = ['LIBRARY_ADMIN'] as const;

@Resolver(() => LoanRule)
export class LoanRuleResolver {
  @FieldResolver(() => Library)
  library(@Root() rule: LoanRule): Library {
    return { id: rule.libraryId };
  }

  /**
   * Sets the terms for one library × member type × material type, replacing the rule for that
   * combination if there is one (LIBRARY_ADMIN of the library, ADMIN). Loans already out keep the
   * fine terms they were lent under.
   */
  @Authorized()
  @Mutation(() => LoanRule, { nullable: true, description: 'Set loan terms for a library × member type × material type (LIBRARY_ADMIN of the library, ADMIN)' })
  async setLoanRule(@Arg('input', () => LoanRuleInput) input: LoanRuleInput, @Ctx() ctx: CollectionsContext): Promise<LoanRule> {
    requireStaffOf(ctx.identity, input.libraryId, [...LIBRARY_ADMINS]);
    try {
      await ctx.calendar.get(input.libraryId);
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
    };
    try {
      return await transaction(ctx.db, async (tx) => {
        const repo = tx.getRepository(LoanRule);
        const existing = (await repo.findBy({ libraryId: input.libraryId })).find(
          (r) => r.memberType === values.memberType && r.materialType === values.materialType,
        );
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

  /** A library keeps its default rule (any member type, any material type): CONFLICT. */
  @Authorized()
  @Mutation(() => ID, { nullable: true, description: 'Remove a specific loan rule (LIBRARY_ADMIN of the library, ADMIN); the default rule stays' })
  async deleteLoanRule(@Arg('id', () => ID) id: string, @Ctx() ctx: CollectionsContext): Promise<string> {
    return transaction(ctx.db, async (tx) => {
      const repo = tx.getRepository(LoanRule);
      const rule = await repo.findOneBy({ id });
      if (!rule) throw new NotFoundError('LoanRule', id);
      requireStaffOf(ctx.identity, rule.libraryId, [...LIBRARY_ADMINS]);
      if (rule.memberType === null && rule.materialType === null) throw new ConflictError("A library's default loan rule cannot be removed; change it instead");
      await repo.delete({ id });
      return id;
    });
  }
}
