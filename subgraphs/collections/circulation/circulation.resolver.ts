import { Arg, Args, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import * as circulation from './circulation.service';
import type { CollectionsContext } from '../context';
import { Hold } from './hold.entity';
import { Loan } from './loan.entity';
import { FinePayment, ItemReceipt, ItemReturn } from './circulation.types';
import { PayFineArgs } from './circulation.inputs';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';

const deps = (ctx: CollectionsContext): circulation.CirculationDeps => ({ db: ctx.db, calendars: ctx.calendar });
const library = (id: string | null) => (id ? { id } : null);

/** The circulation desk. Rules, refusals and concurrency live in circulation.service.ts. */
@Resolver()
export class CirculationResolver {
  @Mutation(() => Loan, {
    nullable: true,
    description:
      "Lend a copy to a member (LIBRARIAN, LIBRARY_ADMIN of the member's library where the copy is; ADMIN), named by memberId or by the card number as scanned. The loan rule gives the due date, moved off closed days",
  })
  async checkoutItem(
    @Arg('barcode', () => String, { description: 'The barcode read off the copy, as scanned: case and surrounding spaces aside' }) barcode: string,
    @Arg('memberId', () => ID, { nullable: true, description: 'The borrower; or give cardNumber instead' }) memberId: string | null,
    @Arg('cardNumber', () => String, { nullable: true, description: "The number on the borrower's card, as scanned (surrounding spaces and case aside), instead of memberId" })
    cardNumber: string | null,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: CollectionsContext,
  ): Promise<Loan> {
    // An institution card: its partner must still work with the library (partnerships), asked before the transaction.
    return circulation.checkoutAtDesk({ ...deps(ctx), config: ctx.config, loaders: ctx.loaders }, ctx.identity, barcode, { memberId, cardNumber }, idempotencyKey);
  }

  @Mutation(() => ItemReturn, {
    nullable: true,
    description:
      'Take a copy back by its barcode as scanned (staff of the lending library or of the copy’s own library; ADMIN): charges any overdue fine and routes the copy to the next hold',
  })
  async returnItem(
    @Arg('barcode', () => String, { description: 'The barcode read off the copy, as scanned: case and surrounding spaces aside' }) barcode: string,
    @Ctx() ctx: CollectionsContext,
  ): Promise<ItemReturn> {
    const r = await circulation.returnItem(deps(ctx), ctx.identity, barcode);
    return { ...r, sendTo: library(r.sendTo) };
  }

  @Mutation(() => ItemReceipt, { nullable: true, description: 'Receive a copy IN_TRANSIT at the library it was sent to (its staff; ADMIN)' })
  async receiveItem(
    @Arg('barcode', () => String, { description: 'The barcode read off the copy, as scanned: case and surrounding spaces aside' }) barcode: string,
    @Ctx() ctx: CollectionsContext,
  ): Promise<ItemReceipt> {
    const r = await circulation.receiveItem(deps(ctx), ctx.identity, barcode);
    return { ...r, sendTo: library(r.sendTo) };
  }

  @Mutation(() => Loan, {
    nullable: true,
    description: 'Renew a loan (the borrower, the lending library’s staff, ADMIN): refused past the rule’s renewals or while someone waits for the title',
  })
  async renewLoan(@Arg('loanId', () => ID, { description: 'The loan to renew' }) loanId: string, @Ctx() ctx: CollectionsContext): Promise<Loan> {
    return circulation.renewLoan(deps(ctx), ctx.identity, loanId);
  }

  @Mutation(() => Hold, {
    nullable: true,
    description:
      "Join a title's queue, to pick it up at any library (the member themself, their library's staff, ADMIN). The hold WAITS: a copy is set aside only when a librarian pulls it (pullList, pullHold) or one comes back",
  })
  async placeHold(
    @Arg('recordId', () => ID, { description: 'The title (bibliographic record) wanted' }) recordId: string,
    @Arg('memberId', () => ID, { description: 'The member the hold is for' }) memberId: string,
    @Arg('pickupLibraryId', () => ID, { description: 'The library where the member will pick the copy up (its slug, e.g. `kupang`)' }) pickupLibraryId: string,
    @Arg('notNeededAfter', () => CalendarDateScalar, { nullable: true, description: 'The hold expires after this day if not filled' })
    notNeededAfter: string | null,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: CollectionsContext,
  ): Promise<Hold> {
    return circulation.placeHold(deps(ctx), ctx.identity, { recordId, memberId, pickupLibraryId, notNeededAfter }, idempotencyKey);
  }

  @Mutation(() => Hold, { nullable: true, description: 'Cancel an open hold (the member, staff of their library or of the pickup library, ADMIN)' })
  async cancelHold(@Arg('holdId', () => ID, { description: 'The hold to cancel' }) holdId: string, @Ctx() ctx: CollectionsContext): Promise<Hold> {
    return circulation.cancelHold(deps(ctx), ctx.identity, holdId);
  }

  @Mutation(() => FinePayment, { nullable: true, description: "Record a fine payment at the desk (staff of the member's library, ADMIN), at most what is owed" })
  async payFine(
    @Args(() => PayFineArgs) { memberId, amount, note }: PayFineArgs,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: CollectionsContext,
  ): Promise<FinePayment> {
    return circulation.payFine(deps(ctx), ctx.identity, { memberId, amount, note }, idempotencyKey);
  }

  @Mutation(() => Int, {
    nullable: true,
    description: "Expire holds past their day now rather than at the hourly run (staff: their own library's pickups; ADMIN: one library or all); the number expired",
  })
  async expireHolds(
    @Arg('libraryId', () => ID, {
      nullable: true,
      description: 'The pickup library whose holds to expire; staff may name only their own, the default for them; ADMIN: omit for every library',
    })
    libraryId: string | null,
    @Ctx() ctx: CollectionsContext,
  ): Promise<number> {
    return circulation.expireHolds(deps(ctx), circulation.expiryScope(ctx.identity, libraryId));
  }
}
