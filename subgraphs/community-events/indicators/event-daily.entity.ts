import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Registrations, attendance and ratings of a library's counted events (published or completed)
 * that started on one closed calendar day (the library's zone), built by the daily aggregates
 * job (aggregates.job.ts) so that a year's indicators sum 365 rows instead of joining every
 * registration. Internal: not a GraphQL type.
 */
@Entity('event_daily')
export class EventDaily {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  libraryId: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  /** Registrations not cancelled (confirmed and waitlisted). */
  @Column({ type: 'int', default: 0 })
  registrations: number;

  /** Registrants checked in. */
  @Column({ type: 'int', default: 0 })
  attended: number;

  @Column({ type: 'int', default: 0 })
  noShows: number;

  @Column({ type: 'int', default: 0 })
  ratings: number;

  /** Sum of the ratings (1–5 each). */
  @Column({ type: 'int', default: 0 })
  ratingTotal: number;
}
