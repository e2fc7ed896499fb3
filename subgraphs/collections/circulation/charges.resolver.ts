import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import type { CollectionsContext } from '../context';
import * as charges from './charges.service';
import { ChargeDamageArgs, DeclareLoanLostArgs, WaiveChargeArgs } from './circulation.inputs';
import { FineEntry } from './fine-entry.entity';
import { FineWaiver, LostLoan } from './circulation.types';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';

/** Lost copies, damage and waivers. Rules, refusals and concurrency live in charges.service.ts. */
@Resolver()
export class ChargesResolver {
  @Mutation(() => LostLoan, {
    nullable: true,
    description:
      "Declare the copy of a loan lost (LIBRARIAN, LIBRARY_ADMIN of the lending library; ADMIN): the loan closes, the copy becomes LOST and the borrower is charged its replacement price plus the rule's processing fee",
  })
  async declareLoanLost(
    @Args(() => DeclareLoanLostArgs) { loanId, note }: DeclareLoanLostArgs,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: CollectionsContext,
  ): Promise<LostLoan> {
    return charges.declareLoanLost({ db: ctx.db, calendars: ctx.calendar }, ctx.identity, { loanId, note }, idempotencyKey);
  }

  @Mutation(() => FineEntry, {
    nullable: true,
    description:
      'Charge the borrower for damage to a copy, by its loan or by the copy (then its latest loan) (LIBRARIAN, LIBRARY_ADMIN of the lending library; ADMIN); one per loan',
  })
  async chargeDamage(
    @Args(() => ChargeDamageArgs) { itemId, loanId, amount, reason }: ChargeDamageArgs,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: CollectionsContext,
  ): Promise<FineEntry> {
    return charges.chargeDamage({ db: ctx.db, calendars: ctx.calendar }, ctx.identity, { itemId, loanId, amount, reason }, idempotencyKey);
  }

  @Mutation(() => FineWaiver, {
    nullable: true,
    description:
      "Let off a charge, or part of a member's balance, with a reason (staff of the member's library, ADMIN; above WAIVER_LIBRARIAN_MAX rupiah only LIBRARY_ADMIN and ADMIN), never more than is owed",
  })
  async waiveCharge(@Args(() => WaiveChargeArgs) { fineEntryId, memberId, amount, reason }: WaiveChargeArgs, @Ctx() ctx: CollectionsContext): Promise<FineWaiver> {
    return charges.waiveCharge({ db: ctx.db, calendars: ctx.calendar, waiverLibrarianMax: ctx.config.waiverLibrarianMax }, ctx.identity, { fineEntryId, memberId, amount, reason });
  }
}
