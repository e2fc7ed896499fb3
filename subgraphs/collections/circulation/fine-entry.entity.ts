import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Loan } from './loan.entity';
import { Member } from '../members/member.entity';

export enum FineKind {
  /** Charged when a late copy comes back. */
  OVERDUE = 'OVERDUE',
  /** Paid at the desk. */
  PAYMENT = 'PAYMENT',
  /** A copy declared lost: its replacement price plus the rule's processing fee. */
  LOST = 'LOST',
  /** Damage to a copy, charged to its borrower. */
  DAMAGE = 'DAMAGE',
  /** A charge (or part of the balance) let off by staff, with who and why. */
  WAIVER = 'WAIVER',
}
registerEnumType(FineKind, {
  name: 'FineKind',
  description:
    'Charges (positive): OVERDUE (late return), LOST (replacement and processing fee), DAMAGE. Credits (negative): PAYMENT (money paid at the desk, with a receipt), WAIVER (let off by staff)',
  valuesConfig: {
    OVERDUE: { description: 'Charge for a late return, entered when the copy comes back' },
    PAYMENT: { description: 'Money paid at the desk (negative amount, with a receipt number)' },
    LOST: { description: "Charge for a copy declared lost: its replacement price plus the rule's processing fee" },
    DAMAGE: { description: 'Charge for damage to a copy, to the borrower of its loan' },
    WAIVER: { description: 'A charge, or part of the balance, let off by staff (negative amount, the reason in note)' },
  },
});

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
@Index('UQ_fine_receipt', ['receiptNumber'], { unique: true })
export class FineEntry {
  @Field(() => ID, { description: "The ledger line's id" })
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

  @Field(() => FineKind, { description: 'What the line is: a charge, a payment or a waiver' })
  @Column({ type: 'varchar', length: 20 })
  kind: FineKind;

  @Field(() => Int, { description: 'Rupiah: positive for a charge, negative for a payment' })
  @Column({ type: 'int' })
  amount: number;

  @Field(() => String, {
    nullable: true,
    description: "What the line is for, in words: the late return, the lost or damaged copy, a waiver's reason; for a payment the desk's note, null when it has none",
  })
  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @Field({ description: 'When the line was entered (UTC)' })
  @Column({ type: 'datetime' })
  createdAt: Date;

  @Field(() => String, { nullable: true, description: "A payment's receipt number, from the library's series (KPG-2026-000123); null for other lines" })
  @Column({ type: 'varchar', length: 30, nullable: true })
  receiptNumber?: string | null;

  /** The copy a LOST or DAMAGE charge is for. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  itemId?: string | null;

  /** The charge a WAIVER lets off; null when it lets off part of the balance. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  chargeId?: string | null;

  @Field(() => String, { nullable: true, description: 'Who entered the line at the desk (role and librarian id), for waivers, payments and desk charges' })
  @Column({ type: 'varchar', length: 80, nullable: true })
  recordedBy?: string | null;
}
