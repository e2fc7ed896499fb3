import type { SubgraphDefinition } from '../../shared/subgraph';
import { BibliographicRecord } from './entities/bibliographic-record.entity';
import { FineEntry } from './entities/fine-entry.entity';
import { Hold } from './entities/hold.entity';
import { Item } from './entities/item.entity';
import { Loan } from './entities/loan.entity';
import { LoanRule } from './entities/loan-rule.entity';
import { Member } from './entities/member.entity';
import { createLoaders, type CollectionsLoaders } from './loaders';
import { migrations } from './migrations';
import { references } from './references';
import { BibliographicRecordResolver } from './resolvers/bibliographic-record.resolver';
import { CirculationResolver } from './resolvers/circulation.resolver';
import { FineEntryResolver } from './resolvers/fine-entry.resolver';
import { HoldResolver } from './resolvers/hold.resolver';
import { ItemResolver } from './resolvers/item.resolver';
import { LibraryResolver } from './resolvers/library.resolver';
import { LoanResolver } from './resolvers/loan.resolver';
import { LoanRuleResolver } from './resolvers/loan-rule.resolver';
import { MemberResolver } from './resolvers/member.resolver';
import { PartnerResolver } from './resolvers/partner.resolver';
import { SearchResolver } from './resolvers/search.resolver';
import { startHoldExpiry } from './circulation/jobs';
import { seed } from './seed';

export const collections: SubgraphDefinition<CollectionsLoaders> = {
  name: 'collections',
  // Library and Partner are federation stubs (owned elsewhere), not tables.
  entities: [BibliographicRecord, Item, Member, Loan, LoanRule, Hold, FineEntry],
  migrations,
  resolvers: [
    LibraryResolver,
    BibliographicRecordResolver,
    ItemResolver,
    MemberResolver,
    LoanResolver,
    LoanRuleResolver,
    CirculationResolver,
    HoldResolver,
    FineEntryResolver,
    SearchResolver,
    PartnerResolver,
  ],
  references,
  createLoaders,
  seed,
  background: ({ db, calendar, log }) => startHoldExpiry({ db, calendars: calendar }, log),
};
