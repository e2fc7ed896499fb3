import type { DataSource } from 'typeorm';
import { freshnessOf as stateFreshness, type Freshness } from '../../../shared/domain/daily-aggregates';
import { daysBetween } from '../../../shared/platform/time';
import { DailyAggregateState } from './daily-aggregate-state.entity';

/**
 * How a period splits between the daily aggregates and the live tables: the closed days up to a
 * library's `aggregatedThrough` come from the aggregates, the days after it are counted live
 * (`split`, shared/domain/daily-aggregates.ts).
 */

export { split, type Freshness, type Split } from '../../../shared/domain/daily-aggregates';

/** Each library's freshness, from daily_aggregate_state. */
export function freshnessOf(db: DataSource, libraries: string[]): Promise<Map<string, Freshness>> {
  return stateFreshness(db, DailyAggregateState, libraries);
}

/** Day of the year, 1-based (1 January = 1): the position of a day in member_activity.days. */
export function dayOfYear(day: string): number {
  return daysBetween(`${day.slice(0, 4)}-01-01`, day) + 1;
}
