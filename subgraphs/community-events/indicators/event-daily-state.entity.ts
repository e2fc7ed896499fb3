import { Entity } from 'typeorm';
import { DailyAggregateStateColumns } from '../../../shared/domain/daily-aggregates';

/**
 * How fresh a library's event aggregates are: events that started up to `aggregatedThrough` (the
 * library's zone) are in event_daily as the job saw them at `aggregatedAt`. The columns are those
 * of every daily aggregates state table (shared/domain/daily-aggregates.ts).
 */
@Entity('event_daily_state')
export class EventDailyState extends DailyAggregateStateColumns {}
