import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/scalars';
import { Item } from './item.entity';
import { Member } from './member.entity';

/**
 * One checkout of one copy (SLiMS `loan`). Active while returnedAt is null. Visible to the
 * borrower, staff of the lending library, ADMIN.
 */
@ObjectType({ description: "A checkout of a copy (the borrower, the lending library's staff, ADMIN)" })
@Directive('@key(fields: "id")')
@Entity('loan')
@Index('IDX_loan_member_checked_out', ['memberId', 'checkedOutAt'])
@Index('IDX_loan_item_returned', ['itemId', 'returnedAt'])
@Index('IDX_loan_library_due', ['libraryId', 'dueOn'])
export class Loan {
  @Field(() => ID)
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

  @Field()
  @Column({ type: 'datetime' })
  checkedOutAt: Date;

  @Field(() => CalendarDateScalar, { description: "Due date, in the lending library's time zone" })
  @Column({ type: 'date' })
  dueOn: string;

  @Field(() => Date, { nullable: true, description: 'Null while the copy is still out' })
  @Column({ type: 'datetime', nullable: true })
  returnedAt: Date | null;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  renewals: number;
}
