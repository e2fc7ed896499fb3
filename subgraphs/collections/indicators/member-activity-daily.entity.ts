import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * On which closed days of a year a card holder borrowed at a library: `days` has one character
 * per day of the year ('1' borrowed, '0' not; day 1 = 1 January, 366 characters), built by the
 * daily aggregates job. Distinct borrowers cannot be summed day by day, so "active members" over
 * any period counts the rows of the years it touches that borrowed in the period — one row per
 * borrower and year, whatever the number of loans behind it. The integer columns decide almost
 * every row without reading `days`: a part of a period that reaches the start or the end of its
 * year needs only `firstDay` / `lastDay`, whole months `months`; and `borrowedBefore` lets a
 * period over several years count each borrower once (in the year of their first day in it)
 * instead of a COUNT(DISTINCT). Internal: not a GraphQL type, never exposed.
 */
@Entity('member_activity')
export class MemberActivityDaily {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  libraryId: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  memberId: string;

  @Column({ type: 'varchar', length: 366 })
  days: string;

  /** The first day of the year with a '1' in `days` (1 = 1 January). */
  @Column({ type: 'int', default: 0 })
  firstDay: number;

  /** The last day of the year with a '1' in `days`. */
  @Column({ type: 'int', default: 0 })
  lastDay: number;

  /** Bit m (0 = January) set when the borrower borrowed on some day of that month. */
  @Column({ type: 'int', default: 0 })
  months: number;

  /** The borrower's last day of borrowing here in an earlier year (null: none). */
  @Column({ type: 'date', nullable: true })
  borrowedBefore: string | null;
}
