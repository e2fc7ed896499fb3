import type { SubgraphDefinition } from '../../shared/subgraph';
import { BibliographicRecord } from './entities/bibliographic-record.entity';
import { FineEntry } from './entities/fine-entry.entity';
import { Hold } from './entities/hold.entity';
import { Item } from './entities/item.entity';
import { Loan } from './entities/loan.entity';
import { LoanRule } from './entities/loan-rule.entity';
import { Member } from './entities/member.entity';
import { admitMember } from './admit';
import { createLoaders, type CollectionsLoaders } from './loaders';
import { migrations } from './migrations';
import { references } from './references';
import { RegionalReportRow, RegionalReportRowResolver, regionalReferences } from './regional';
import { LiteracyIndexRow, LiteracyIndexRowResolver, literacyReferences } from './literacy';
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
import { MarcResolver } from './resolvers/marc.resolver';
import { startHoldExpiry } from './circulation/jobs';
import { startDailyAggregates } from './aggregates/daily-job';
import { CirculationDaily } from './entities/circulation-daily.entity';
import { DailyAggregateState } from './entities/daily-aggregate-state.entity';
import { MemberActivityDaily } from './entities/member-activity-daily.entity';
import { seed } from './seed';
import { NoticePolicy } from './entities/notice-policy.entity';
import { CirculationNotice } from './entities/circulation-notice.entity';
import { startNoticeScheduler } from './notices/job';
import { CirculationNoticeResolver, MemberNoticesResolver, NoticePolicyResolver } from './resolvers/notice.resolver';
import { VisitCorrection } from './entities/visit-correction.entity';
import { VisitCount } from './entities/visit-count.entity';
import { LibraryVisitsResolver, VisitCorrectionResolver, VisitCountResolver } from './resolvers/visit.resolver';
import { DigitalResource } from './entities/digital-resource.entity';
import { DigitalTurnaway } from './entities/digital-turnaway.entity';
import { DigitalUse } from './entities/digital-use.entity';
import { DigitalResourceResolver, DigitalUseResolver, LibraryDigitalResolver, MemberDigitalResolver } from './resolvers/digital.resolver';
import { AcquisitionBudget } from './entities/acquisition-budget.entity';
import { AcquisitionOrder, AcquisitionOrderLine } from './entities/acquisition-order.entity';
import { BarcodeSeries } from './entities/barcode-series.entity';
import { PurchaseSuggestion } from './entities/purchase-suggestion.entity';
import {
  AcquisitionBudgetResolver,
  AcquisitionOrderLineResolver,
  AcquisitionOrderResolver,
  LibraryAcquisitionsResolver,
  MemberSuggestionsResolver,
  PurchaseSuggestionResolver,
} from './resolvers/acquisition.resolver';

export const collections: SubgraphDefinition<CollectionsLoaders> = {
  name: 'collections',
  // Library, Librarian and Partner are federation stubs (owned elsewhere), not tables.
  entities: [
    BibliographicRecord, Item, Member, Loan, LoanRule, Hold, FineEntry, VisitCount, VisitCorrection, DigitalResource, DigitalUse, DigitalTurnaway,
    AcquisitionBudget, AcquisitionOrder, AcquisitionOrderLine, PurchaseSuggestion, BarcodeSeries,
    CirculationDaily, MemberActivityDaily, DailyAggregateState,
    NoticePolicy, CirculationNotice,
  ],
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
    RegionalReportRowResolver,
    LiteracyIndexRowResolver,
    VisitCountResolver,
    VisitCorrectionResolver,
    LibraryVisitsResolver,
    DigitalResourceResolver,
    DigitalUseResolver,
    MemberDigitalResolver,
    LibraryDigitalResolver,
    AcquisitionOrderResolver,
    AcquisitionOrderLineResolver,
    PurchaseSuggestionResolver,
    AcquisitionBudgetResolver,
    MemberSuggestionsResolver,
    LibraryAcquisitionsResolver,
    NoticePolicyResolver,
    CirculationNoticeResolver,
    MemberNoticesResolver,
    MarcResolver,
  ],
  // The regional report row is reached only through the gateway's _entities calls.
  orphanedTypes: [RegionalReportRow, LiteracyIndexRow],
  references: { ...references, ...regionalReferences, ...literacyReferences },
  createLoaders,
  // A MEMBER token's memberId must be a member of its libraryId (one lookup per request).
  admit: admitMember,
  seed,
  background: ({ db, calendar, config, log }) => {
    const stopHoldExpiry = startHoldExpiry({ db, calendars: calendar }, log);
    const stopAggregates = startDailyAggregates({ db, calendars: calendar }, log);
    const stopNotices = startNoticeScheduler({ db, calendar, config, log });
    return async () => {
      await Promise.all([stopHoldExpiry(), stopAggregates(), stopNotices()]);
    };
  },
};
