import type { SubgraphDefinition } from '../../shared/subgraph';
import { BibliographicRecord } from './entities/bibliographic-record.entity';
import { Item } from './entities/item.entity';
import { Loan } from './entities/loan.entity';
import { Member } from './entities/member.entity';
import { createLoaders, type CollectionsLoaders } from './loaders';
import { migrations } from './migrations';
import { references } from './references';
import { BibliographicRecordResolver } from './resolvers/bibliographic-record.resolver';
import { ItemResolver } from './resolvers/item.resolver';
import { LibraryResolver } from './resolvers/library.resolver';
import { LoanResolver } from './resolvers/loan.resolver';
import { MemberResolver } from './resolvers/member.resolver';
import { seed } from './seed';

export const collections: SubgraphDefinition<CollectionsLoaders> = {
  name: 'collections',
  // Library and Partner are federation stubs (owned elsewhere), not tables.
  entities: [BibliographicRecord, Item, Member, Loan],
  migrations,
  resolvers: [LibraryResolver, BibliographicRecordResolver, ItemResolver, MemberResolver, LoanResolver],
  references,
  createLoaders,
  seed,
};
