import type { Feature } from '../../../shared/platform/subgraph';
import type { CollectionsLoaders } from '../loaders';
import { AuthorityHeading, AuthoritySeeReference } from './authority.entity';
import { AuthorityResolver } from './authority.resolver';
import { BarcodeSeries } from './barcode-series.entity';
import { BibliographicRecord } from './bibliographic-record.entity';
import { BibliographicRecordResolver } from './bibliographic-record.resolver';
import { Item } from './item.entity';
import { ItemResolver } from './item.resolver';
import { SearchResolver } from './search.resolver';

/** The union catalogue: bibliographic records, the copies each library holds, search, barcode series, the authority file (name and subject headings), maintenance and labels. */
export const catalogue: Feature<CollectionsLoaders> = {
  entities: [BibliographicRecord, Item, BarcodeSeries, AuthorityHeading, AuthoritySeeReference],
  resolvers: [BibliographicRecordResolver, ItemResolver, SearchResolver, AuthorityResolver],
};
