import type { Feature } from '../../../shared/platform/subgraph';
import type { CollectionsLoaders } from '../loaders';
import { CirculationResolver } from './circulation.resolver';
import { FineEntry } from './fine-entry.entity';
import { FineEntryResolver } from './fine-entry.resolver';
import { Hold } from './hold.entity';
import { HoldResolver } from './hold.resolver';
import { LoanRule } from './loan-rule.entity';
import { LoanRuleResolver } from './loan-rule.resolver';
import { Loan } from './loan.entity';
import { LoanResolver } from './loan.resolver';

/** The desk: loans, holds, the fines ledger and each library's loan rules (hold expiry runs in the background). */
export const circulation: Feature<CollectionsLoaders> = {
  entities: [Loan, LoanRule, Hold, FineEntry],
  resolvers: [LoanResolver, LoanRuleResolver, CirculationResolver, HoldResolver, FineEntryResolver],
};
