import { EventFacilitator } from './event-facilitator.entity';
import { EventPartner } from './event-partner.entity';
import { EventPromotionLink } from './event-promotion.entity';
import { EventSeries } from './event-series.entity';
import { Event } from './event.entity';
import { EventResolver } from './event.resolver';
import { EventSeriesResolver } from './series.resolver';

/** Events and recurring series: the calendar, planning, publishing, cancelling, promotion. */
export const entities = [Event, EventSeries, EventFacilitator, EventPartner, EventPromotionLink];
export const resolvers = [EventResolver, EventSeriesResolver];
