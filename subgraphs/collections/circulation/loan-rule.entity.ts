import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { MaterialType } from '../catalogue/bibliographic-record.entity';
import { MemberType } from '../members/member.entity';

/** '' in the column stands for "any" (so that the unique index covers it: NULLs never collide). */
const anyColumn = {
  to: (value: string | null | undefined) => (value === undefined ? undefined : (value ?? '')),
  from: (stored: string | null) => (stored ? stored : null),
};

/**
 * A circulation rule (Koha's circulation and fine rules, FOLIO's loan policy): what a member type
 * may do with a material type at one library. The rule for a checkout is the most specific one of
 * the lending library: member type and material type, then member type alone, then material type
 * alone, then the library's default (both "any"). Public: libraries publish their loan terms.
 */
@ObjectType({ description: "A library's loan terms for a member type and a material type (null = any); public" })
@Entity('loan_rule')
@Index('UQ_loan_rule_scope', ['libraryId', 'memberType', 'materialType'], { unique: true })
export class LoanRule {
  @Field(() => ID, { description: "The loan rule's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @Field(() => MemberType, { nullable: true, description: 'Null: any member type' })
  @Column({ type: 'varchar', length: 20, default: '', transformer: anyColumn })
  memberType: MemberType | null;

  @Field(() => MaterialType, { nullable: true, description: 'Null: any material type' })
  @Column({ type: 'varchar', length: 20, default: '', transformer: anyColumn })
  materialType: MaterialType | null;

  @Field(() => Int, { description: 'Loan period in days; a due date on a closed day moves to the next open day' })
  @Column({ type: 'int' })
  loanDays: number;

  @Field(() => Int, { description: 'Copies a member may have out at once under this rule (0: not for loan to them)' })
  @Column({ type: 'int' })
  maxLoans: number;

  @Field(() => Int, { description: 'Renewals per loan' })
  @Column({ type: 'int' })
  maxRenewals: number;

  @Field(() => Int, { description: 'Fine per day overdue, in rupiah (days the library is closed are not charged)' })
  @Column({ type: 'int' })
  finePerDay: number;

  @Field(() => Int, { description: 'Days late without a fine; past them, the fine counts from the due date' })
  @Column({ type: 'int' })
  graceDays: number;

  @Field(() => Boolean, { description: 'True: the fine counts only the open days after the grace days; false: past the grace days, every open day since the due date' })
  @Column({ type: 'boolean', default: false })
  deductGraceDays?: boolean;

  @Field(() => Int, { nullable: true, description: "Most a loan's fine can reach, in rupiah; null: the copy's replacement price, which also caps any amount given" })
  @Column({ type: 'int', nullable: true })
  fineCap: number | null;

  @Field(() => Int, { description: 'Holds a member may have open at once' })
  @Column({ type: 'int' })
  maxHolds: number;

  @Field(() => Int, { description: 'Days a copy waits on the hold shelf for its member (to the next open day)' })
  @Column({ type: 'int' })
  holdShelfDays: number;

  @Field(() => Int, { description: 'Replacement charge of a lost copy that has no price of its own, in rupiah' })
  @Column({ type: 'int', default: 100000 })
  lostReplacementPrice?: number;

  @Field(() => Int, { description: 'Processing fee added to the replacement charge of a lost copy, in rupiah' })
  @Column({ type: 'int', default: 10000 })
  lostProcessingFee?: number;

  @Field(() => Int, { description: 'Unpaid fines, in rupiah, above which the member may not borrow or renew' })
  @Column({ type: 'int' })
  maxUnpaidFines: number;
}
