import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';
import type { StaffContext } from '../context';
import { Librarian } from '../librarians/librarian.entity';
import { IncentiveAward, IncentiveRule } from './incentive.entity';
import { CreateIncentiveRuleInput } from './incentive.inputs';
import { awardIncentive, createIncentiveRule } from './incentive.service';
import { IncentiveEligibility } from './incentive.types';

@Resolver(() => IncentiveEligibility)
export class IncentiveEligibilityResolver {
  @FieldResolver(() => Librarian, { description: 'The librarian' })
  async librarian(@Root() row: IncentiveEligibility, @Ctx() { loaders }: StaffContext): Promise<Librarian> {
    return (await loaders.librarianById.load(row.librarianId))!;
  }

  @FieldResolver(() => IncentiveRule, { description: 'The rule' })
  async rule(@Root() row: IncentiveEligibility, @Ctx() { loaders }: StaffContext): Promise<IncentiveRule> {
    return (await loaders.incentiveRuleById.load(row.ruleId))!;
  }
}

@Resolver(() => IncentiveAward)
export class IncentiveAwardResolver {
  @FieldResolver(() => IncentiveRule, { description: 'The rule it was awarded under' })
  async rule(@Root() award: IncentiveAward, @Ctx() { loaders }: StaffContext): Promise<IncentiveRule> {
    return (await loaders.incentiveRuleById.load(award.ruleId))!;
  }

  @FieldResolver(() => Librarian, { description: 'The librarian it was awarded to' })
  async librarian(@Root() award: IncentiveAward, @Ctx() { loaders }: StaffContext): Promise<Librarian> {
    return (await loaders.librarianById.load(award.librarianId))!;
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => IncentiveRule, { nullable: true, description: 'Set up an incentive for staff who keep training (LIBRARY_ADMIN of the library, ADMIN)' })
  async createIncentiveRule(
    @Arg('input', () => CreateIncentiveRuleInput, { description: 'The rule to set up' }) input: CreateIncentiveRuleInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<IncentiveRule> {
    return createIncentiveRule(ctx, input, idempotencyKey);
  }

  /** Only to an eligible librarian of the rule's library, once per year (CONFLICT otherwise). */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => IncentiveAward, {
    nullable: true,
    description: "Award an incentive to an eligible librarian for a year, once (the rule library's LIBRARY_ADMIN, ADMIN). CONFLICT when not eligible or already awarded",
  })
  async awardIncentive(
    @Arg('ruleId', () => ID, { description: "The rule's id" }) ruleId: string,
    @Arg('librarianId', () => ID, { description: "The id of a librarian of the rule's library" }) librarianId: string,
    @Arg('year', () => Int, { description: 'The calendar year whose training hours qualify, e.g. 2026' }) year: number,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<IncentiveAward> {
    return awardIncentive(ctx, ruleId, librarianId, year, idempotencyKey);
  }
}
