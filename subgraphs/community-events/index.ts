import type { SubgraphDefinition } from '../../shared/subgraph';
import { EventAttendance } from './entities/attendance.entity';
import { EventFacilitator } from './entities/event-facilitator.entity';
import { EventFeedback } from './entities/event-feedback.entity';
import { EventNotice } from './entities/event-notice.entity';
import { EventPartner } from './entities/event-partner.entity';
import { EventPromotionLink } from './entities/event-promotion.entity';
import { EventSeries } from './entities/event-series.entity';
import { Event } from './entities/event.entity';
import { Registration } from './entities/registration.entity';
import { SatisfactionSurvey, SurveyAnswer, SurveyQuestion, SurveyResponse } from './entities/satisfaction-survey.entity';
import { createLoaders, type EventsLoaders } from './loaders';
import { migrations } from './migrations';
import { references } from './references';
import { RegionalReportRow, RegionalReportRowResolver, regionalReferences } from './regional';
import { LiteracyIndexRow, LiteracyIndexRowResolver, literacyReferences } from './literacy';
import { EventResolver } from './resolvers/event.resolver';
import { LibrarianResolver, MemberResolver, PartnerResolver } from './resolvers/federation.resolver';
import { LibraryResolver } from './resolvers/library.resolver';
import { EventAttendanceResolver, RegistrationResolver } from './resolvers/registration.resolver';
import { EventSeriesResolver } from './resolvers/series.resolver';
import { SatisfactionSurveyResolver } from './resolvers/survey.resolver';
import { seed } from './seed';
import { startEventAggregates } from './aggregates';
import { EventDaily } from './entities/event-daily.entity';
import { EventDailyState } from './entities/event-daily-state.entity';

export const communityEvents: SubgraphDefinition<EventsLoaders> = {
  name: 'community-events',
  entities: [
    Event,
    EventSeries,
    EventFacilitator,
    EventPartner,
    Registration,
    EventAttendance,
    EventFeedback,
    EventNotice,
    EventPromotionLink,
    SatisfactionSurvey,
    SurveyQuestion,
    SurveyResponse,
    SurveyAnswer,
    EventDaily,
    EventDailyState,
  ],
  migrations,
  resolvers: [
    LibraryResolver,
    EventResolver,
    EventSeriesResolver,
    RegistrationResolver,
    EventAttendanceResolver,
    SatisfactionSurveyResolver,
    LibrarianResolver,
    PartnerResolver,
    MemberResolver,
    RegionalReportRowResolver,
    LiteracyIndexRowResolver,
  ],
  // The regional report row is reached only through the gateway's _entities calls.
  orphanedTypes: [RegionalReportRow, LiteracyIndexRow],
  references: { ...references, ...regionalReferences, ...literacyReferences },
  createLoaders,
  seed,
  background: ({ db, calendar, log }) => startEventAggregates({ db, calendars: calendar }, log),
};
