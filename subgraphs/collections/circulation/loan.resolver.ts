import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { requireLoanAccess } from '../access';
import { Item } from '../catalogue/item.entity';
import type { CollectionsContext } from '../context';
import { Library } from '../federation/library.stub';
import { Member } from '../members/member.entity';
import { accruedFineNow, daysOverdueNow } from './circulation.service';
import { Loan } from './loan.entity';

/** Loans are reached through Member.loans or a federation reference, both already guarded. */
@Resolver(() => Loan)
export class LoanResolver {
  @FieldResolver(() => Item, { description: 'The copy lent' })
  async item(@Root() loan: Loan, @Ctx() { loaders }: CollectionsContext): Promise<Item> {
    return (await loaders.itemById.load(loan.itemId))!;
  }

  /** Whoever may see the loan may see who borrowed it (the lending desk included), and a partner its own institution card. */
  @FieldResolver(() => Member, { nullable: true, description: "The borrower (the borrower, the lending library's staff, ADMIN; a partner its own institution card)" })
  async member(@Root() loan: Loan, @Ctx() { loaders, identity }: CollectionsContext): Promise<Member> {
    const member = (await loaders.memberById.load(loan.memberId))!;
    // A partner reading its institutionLoans sees its own institution card as the borrower.
    if (identity.role === 'PARTNER' && member.partnerId !== null && member.partnerId === identity.partnerId) return member;
    requireLoanAccess(identity, loan);
    return member;
  }

  @FieldResolver(() => Library, { description: 'The lending library' })
  library(@Root() loan: Loan): Library {
    return { id: loan.libraryId };
  }

  @FieldResolver(() => Int, { description: 'Days past the due date: so far while out, at the return once returned' })
  async daysOverdue(@Root() loan: Loan, @Ctx() { calendar }: CollectionsContext): Promise<number> {
    return daysOverdueNow({ calendars: calendar }, loan);
  }

  @FieldResolver(() => Int, {
    description: "While out: the fine a return today would be charged (rupiah); 0 once returned (the charge is then in the member's fines)",
  })
  async accruedFine(@Root() loan: Loan, @Ctx() { calendar }: CollectionsContext): Promise<number> {
    return accruedFineNow({ calendars: calendar }, loan);
  }
}
