import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { Item } from '../catalogue/item.entity';
import { Member } from '../members/member.entity';
import { LockVersionColumn } from '../../../shared/platform/row-lock';

/**
 * One checkout of one copy (SLiMS `loan`). Active while returnedAt is null; a copy declared lost
 * closes its loan too (returnedAt and lostAt both set). Visible to the
 * borrower, staff of the lending library, ADMIN.
 */
@ObjectType({ description: "A checkout of a copy (the borrower, the lending library's staff, ADMIN)" })
@Directive('@key(fields: "id")')
@Entity('loan')
@Index('IDX_loan_member_checked_out', ['memberId', 'checkedOutAt'])
@Index('IDX_loan_item_returned', ['itemId', 'returnedAt'])
@Index('IDX_loan_library_due', ['libraryId', 'dueOn'])
@Index('IDX_loan_library_checked_out', ['libraryId', 'checkedOutAt'])
// Returns of a day, per library: the live tail of the indicators and the daily aggregates job.
@Index('IDX_loan_library_returned', ['libraryId', 'returnedAt'])
export class Loan {
  @Field(() => ID, { description: "The loan's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  itemId: string;

  @ManyToOne(() => Item, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'itemId' })
  item?: Item;

  @Column({ type: 'varchar', length: 36 })
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'memberId' })
  member?: Member;

  /** The lending library (slug): whose staff run this loan. */
  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @Field({ description: 'When the copy was lent (UTC)' })
  @Column({ type: 'datetime' })
  checkedOutAt: Date;

  @Field(() => CalendarDateScalar, { description: "Due date, in the lending library's time zone" })
  @Column({ type: 'date' })
  dueOn: string;

  @Field(() => Date, { nullable: true, description: 'Null while the copy is still out' })
  @Column({ type: 'datetime', nullable: true })
  returnedAt: Date | null;

  @Field(() => Int, { description: 'Times the loan has been renewed so far' })
  @Column({ type: 'int', default: 0 })
  renewals: number;

  /*
   * The fine terms of the loan rule at checkout, kept with the loan so that a later change of the
   * rules does not change what a loan already out will cost.
   */
  @Field(() => Int, { description: 'Fine per day overdue, in rupiah, as the loan rule said at checkout' })
  @Column({ type: 'int', default: 0 })
  finePerDay: number;

  @Field(() => Int, { description: 'Days late without a fine; past them, every open day since the due date counts' })
  @Column({ type: 'int', default: 0 })
  graceDays: number;

  @Field(() => Int, { description: "Most this loan's fine can reach, in rupiah: never above the copy's replacement price" })
  @Column({ type: 'int', default: 0 })
  fineCap: number;

  @Field(() => Boolean, { description: 'As the loan rule said at checkout: the fine counts only the open days after the grace days' })
  @Column({ type: 'boolean', default: false })
  deductGraceDays?: boolean;

  @Field(() => Date, { nullable: true, description: 'When the copy was declared lost; the loan is then closed (returnedAt is the same instant) and charged in the ledger' })
  @Column({ type: 'datetime', nullable: true })
  lostAt?: Date | null;

  /** The lending library's day of the last renewal: a second renewal that day changes nothing. */
  @Column({ type: 'date', nullable: true })
  lastRenewedOn?: string | null;

  /** Calendar days between the due date and the return, once returned late; 0 otherwise. */
  @Column({ type: 'int', default: 0 })
  daysOverdue: number;

  /** Written by lockForUpdate (shared/platform/row-lock.ts) so that a lock on this row holds across Galera nodes. */
  @LockVersionColumn()
  lockVersion?: number;
}
