import { Entity } from 'typeorm';
import { DailyAggregateStateColumns } from '../../../shared/domain/daily-aggregates';

/**
 * How fresh a library's daily aggregates are: every closed day up to `aggregatedThrough` (in the
 * library's zone) is in circulation_daily and member_activity as the job saw it at `aggregatedAt`.
 * The columns are those of every daily aggregates state table (shared/domain/daily-aggregates.ts).
 */
@Entity('daily_aggregate_state')
export class DailyAggregateState extends DailyAggregateStateColumns {}
