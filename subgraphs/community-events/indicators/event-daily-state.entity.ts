import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How fresh a library's event aggregates are: events that started up to `aggregatedThrough` (the
 * library's zone) are in event_daily as the job saw them at `aggregatedAt`.
 */
@Entity('event_daily_state')
export class EventDailyState {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  libraryId: string;

  @Column({ type: 'date' })
  aggregatedThrough: string;

  @Column({ type: 'datetime' })
  aggregatedAt: Date;
}
