import { Initial1795365100888 } from './1795365100888-initial';
import { EventOperations1795367266449 } from './1795367266449-event-operations';
import { EventDailyAggregates1795374679939 } from './1795374679939-event-daily-aggregates';
import { EventNoticeDelivery1796523486866 } from './1796523486866-event-notice-delivery';

import { EventTimes1796620000000 } from './1796620000000-event-times';
import { IdempotencyKeys1796660000000 } from '../../../shared/platform/idempotency';
import { LockVersions1796670000000 } from './1796670000000-lock-versions';

/** In order; the services run them at start. */
export const migrations: Function[] = [Initial1795365100888, EventOperations1795367266449, EventDailyAggregates1795374679939, EventNoticeDelivery1796523486866, EventTimes1796620000000, IdempotencyKeys1796660000000, LockVersions1796670000000];
