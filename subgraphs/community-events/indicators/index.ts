import { EventDailyState } from './event-daily-state.entity';
import { EventDaily } from './event-daily.entity';
// The literacy row before the regional one: the order the schema was built in.
import { literacy } from './literacy.resolver';
import { regional } from './regional.resolver';

/**
 * Figures: Library.eventIndicators and Librarian.eventFacilitation (their loaders), the regional
 * report's and the literacy index's rows, and the daily aggregates job behind them.
 */
export const entities = [EventDaily, EventDailyState];
export const resolvers = [regional.Resolver, literacy.Resolver];
// The report rows are reached only through the gateway's _entities calls.
export const orphanedTypes = [regional.Row, literacy.Row];
export const references = { ...regional.references, ...literacy.references };
export { startEventAggregates } from './aggregates.job';
