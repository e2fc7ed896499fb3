import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Loan } from './loan.entity';
import { Member } from '../members/member.entity';

export enum FineKind {
  /** Charged when a late copy comes back. */
  OVERDUE = 'OVERDUE',
  /** Paid at the desk. */
  PAYMENT = 'PAYMENT',
}
registerEnumType(FineKind, { name: 'FineKind', description: 'OVERDUE: a charge for a late return; PAYMENT: money paid at the desk' });

/**
 * One line of a member's fines ledger (Koha `accountlines`): a charge (positive amount) or a
 * payment (negative). The balance is the sum. Rows are only ever added. At most one OVERDUE
 * charge per loan (unique index), however the return is retried or raced.
 */
@ObjectType({ description: "A line of a member's fines ledger: a charge (positive) or a payment (negative), in rupiah" })
@Entity('fine_entry')
@Index('IDX_fine_member_created', ['memberId', 'createdAt'])
// Fines of a day, per library: the live tail of the indicators and the daily aggregates job.
@Index('IDX_fine_library_created', ['libraryId', 'createdAt'])
@Index('UQ_fine_loan_kind', ['loanId', 'kind'], { unique: true })
export class FineEntry {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'memberId' })
  member?: Member;

  /** The library whose desk charged or took the money. */
  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  loanId: string | null;

  @ManyToOne(() => Loan, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'loanId' })
  loan?: Loan;

  @Field(() => FineKind)
  @Column({ type: 'varchar', length: 20 })
  kind: FineKind;

  @Field(() => Int, { description: 'Rupiah: positive for a charge, negative for a payment' })
  @Column({ type: 'int' })
  amount: number;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @Field()
  @Column({ type: 'datetime' })
  createdAt: Date;
}
