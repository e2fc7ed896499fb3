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
import { ReceiptSeries } from './receipt-series.entity';
import { ChargesResolver } from './charges.resolver';

/** The desk: loans, holds, the fines ledger (charges, waivers, receipts) and each library's loan rules (hold expiry runs in the background). */
export const circulation: Feature<CollectionsLoaders> = {
  entities: [Loan, LoanRule, Hold, FineEntry, ReceiptSeries],
  resolvers: [LoanResolver, LoanRuleResolver, CirculationResolver, ChargesResolver, HoldResolver, FineEntryResolver],
};
