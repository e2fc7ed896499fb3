import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Circulation of one library on one closed calendar day (its own zone), built by the daily
 * aggregates job (aggregates.job.ts) so that a year's report sums 365 rows instead of
 * scanning every loan. Internal: not a GraphQL type. Days after `aggregatedThrough`
 * (DailyAggregateState) are counted live from the source tables.
 */
@Entity('circulation_daily')
export class CirculationDaily {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  libraryId: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  /** Checkouts begun that day. */
  @Column({ type: 'int', default: 0 })
  loans: number;

  /** Copies returned that day. */
  @Column({ type: 'int', default: 0 })
  returns: number;

  /** Holds placed for pickup here that day. */
  @Column({ type: 'int', default: 0 })
  holdsPlaced: number;

  /** Loans due that day … */
  @Column({ type: 'int', default: 0 })
  loansDue: number;

  /** … of which returned late or still out when the day was aggregated. */
  @Column({ type: 'int', default: 0 })
  loansOverdue: number;

  /** Rupiah. */
  @Column({ type: 'bigint', default: 0 })
  finesCharged: number;

  /** Rupiah. */
  @Column({ type: 'bigint', default: 0 })
  finesPaid: number;

  @Column({ type: 'int', default: 0 })
  digitalUses: number;

  /** Distinct borrowers from 1 January of the day's year through the day (a calendar year's or year-to-date activeMembers in one row). */
  @Column({ type: 'int', default: 0 })
  borrowersYearToDate: number;

  /** Distinct borrowers from the 1st of the day's month through the day (a month's activeMembers, for trends). */
  @Column({ type: 'int', default: 0 })
  borrowersMonthToDate: number;
}
