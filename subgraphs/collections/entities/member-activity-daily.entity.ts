import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * On which closed days of a year a card holder borrowed at a library: `days` has one character
 * per day of the year ('1' borrowed, '0' not; day 1 = 1 January, 366 characters), built by the
 * daily aggregates job. Distinct borrowers cannot be summed day by day, so "active members" over
 * any period is COUNT(DISTINCT memberId) over the rows of the years it touches whose days in the
 * period hold a '1' — one row per borrower and year, whatever the number of loans behind it.
 * Internal: not a GraphQL type, never exposed.
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
}
