import { EventDailyState } from './event-daily-state.entity';
import { EventDaily } from './event-daily.entity';
import { LiteracyIndexRow, LiteracyIndexRowResolver, literacyReferences } from './literacy.resolver';
import { RegionalReportRow, RegionalReportRowResolver, regionalReferences } from './regional.resolver';

/**
 * Figures: Library.eventIndicators and Librarian.eventFacilitation (their loaders), the regional
 * report's and the literacy index's rows, and the daily aggregates job behind them.
 */
export const entities = [EventDaily, EventDailyState];
export const resolvers = [RegionalReportRowResolver, LiteracyIndexRowResolver];
// The report rows are reached only through the gateway's _entities calls.
export const orphanedTypes = [RegionalReportRow, LiteracyIndexRow];
export const references = { ...regionalReferences, ...literacyReferences };
export { startEventAggregates } from './aggregates.job';
