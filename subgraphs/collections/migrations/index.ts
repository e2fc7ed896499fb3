import { Initial1795365323108 } from './1795365323108-initial';
import { Circulation1795366970301 } from './1795366970301-circulation';
import { CatalogueSearch1795367000000 } from './1795367000000-catalogue-search';
import { Visits1795370022058 } from './1795370022058-visits';
import { DigitalResources1795370466791 } from './1795370466791-digital-resources';
import { Acquisitions1795370974777 } from './1795370974777-acquisitions';
import { CirculationNotices1795374466276 } from './1795374466276-circulation-notices';
import { DailyAggregates1795376332121 } from './1795376332121-daily-aggregates';
import { MemberActivitySpans1795379047780 } from './1795379047780-member-activity-spans';
import { MarcSourceRecords1796565993454 } from './1796565993454-marc-source-records';
import { SlimsImportMap1796581330513 } from './1796581330513-slims-import-map';
import { OaiRecordState1796581462838 } from './1796581462838-oai-record-state';
import { StockTakes1796583169887 } from './1796583169887-stock-takes';
import { ChargesAndRenewals1796584764087 } from './1796584764087-charges-and-renewals';
import { MemberLifecycle1796590000000 } from './1796590000000-member-lifecycle';
import { CatalogueMaintenance1796610000000 } from './1796610000000-catalogue-maintenance';
import { IdempotencyKeys1796660000000 } from '../../../shared/platform/idempotency';
import { LockVersions1796670000000 } from './1796670000000-lock-versions';
import { LibraryItemCounts1796680000000 } from './1796680000000-library-item-counts';

/** In order; the services run them at start. */
export const migrations: Function[] = [Initial1795365323108, Circulation1795366970301, CatalogueSearch1795367000000, Visits1795370022058, DigitalResources1795370466791, Acquisitions1795370974777, CirculationNotices1795374466276, DailyAggregates1795376332121, MemberActivitySpans1795379047780, MarcSourceRecords1796565993454, SlimsImportMap1796581330513, OaiRecordState1796581462838, StockTakes1796583169887, ChargesAndRenewals1796584764087, MemberLifecycle1796590000000, CatalogueMaintenance1796610000000, IdempotencyKeys1796660000000, LockVersions1796670000000, LibraryItemCounts1796680000000];
