import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How fresh a library's daily aggregates are: every closed day up to `aggregatedThrough` (in the
 * library's zone) is in circulation_daily and member_activity as the job saw it at `aggregatedAt`.
 */
@Entity('daily_aggregate_state')
export class DailyAggregateState {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  libraryId: string;

  @Column({ type: 'date' })
  aggregatedThrough: string;

  @Column({ type: 'datetime' })
  aggregatedAt: Date;
}
