import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { requireLoanAccess } from '../access';
import type { CollectionsContext } from '../context';
import { Item } from '../entities/item.entity';
import { Library } from '../entities/library.stub';
import { Loan } from '../entities/loan.entity';
import { Member } from '../entities/member.entity';

/** Loans are reached through Member.loans or a federation reference, both already guarded. */
@Resolver(() => Loan)
export class LoanResolver {
  @FieldResolver(() => Item)
  async item(@Root() loan: Loan, @Ctx() { loaders }: CollectionsContext): Promise<Item> {
    return (await loaders.itemById.load(loan.itemId))!;
  }

  /** Whoever may see the loan may see who borrowed it (the lending desk included). */
  @FieldResolver(() => Member, { description: 'The borrower' })
  async member(@Root() loan: Loan, @Ctx() { loaders, identity }: CollectionsContext): Promise<Member> {
    requireLoanAccess(identity, loan);
    return (await loaders.memberById.load(loan.memberId))!;
  }

  @FieldResolver(() => Library, { description: 'The lending library' })
  library(@Root() loan: Loan): Library {
    return { id: loan.libraryId };
  }
}
