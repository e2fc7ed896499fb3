import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CollectionsContext } from '../context';
import { FineEntry } from './fine-entry.entity';
import { Library } from '../federation/library.stub';
import { Loan } from './loan.entity';

/** Ledger lines are reached only through Member.fines and the desk's mutations (payFine, waiveCharge, …), all guarded by the member or loan rule. */
@Resolver(() => FineEntry)
export class FineEntryResolver {
  @FieldResolver(() => Loan, { nullable: true, description: 'The loan an OVERDUE, LOST or DAMAGE charge is for' })
  async loan(@Root() entry: FineEntry, @Ctx() { loaders }: CollectionsContext): Promise<Loan | null> {
    return entry.loanId ? loaders.loanById.load(entry.loanId) : null;
  }

  @FieldResolver(() => Library, { description: 'The desk that charged or took the money' })
  library(@Root() entry: FineEntry): Library {
    return { id: entry.libraryId };
  }
}
