import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { Librarian } from '../librarians/librarian.entity';
import { Library } from '../libraries/library.entity';

/** A library's incentive for staff who keep training: at least N lesson hours in a year. */
@ObjectType({ description: 'An incentive rule of a library: at least minTrainingHours JP of training in a year' })
@Entity('incentive_rule')
@Index('IDX_incentive_rule_library', ['libraryId'])
export class IncentiveRule {
  @Field(() => ID, { description: "The rule's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @ManyToOne(() => Library, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'libraryId' })
  library?: Library;

  @Field({ description: "The rule's name" })
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field(() => Int, { description: 'Lesson hours (JP) of completed training needed in the year' })
  @Column({ type: 'int' })
  minTrainingHours: number;

  @Field(() => Int, { description: 'Rupiah' })
  @Column({ type: 'int' })
  amount: number;

  @Field(() => String, { nullable: true, description: "What the incentive is, in the library's words; null when none was given" })
  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;
}

/** An incentive given to a librarian for a year (personal). */
@ObjectType({ description: 'An incentive awarded to a librarian for a year (personal)' })
@Entity('incentive_award')
@Index('UQ_award_rule_librarian_year', ['ruleId', 'librarianId', 'year'], { unique: true })
@Index('IDX_award_librarian', ['librarianId'])
export class IncentiveAward {
  @Field(() => ID, { description: "The award's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  ruleId: string;

  @ManyToOne(() => IncentiveRule, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ruleId' })
  rule?: IncentiveRule;

  @Column({ type: 'varchar', length: 36 })
  librarianId: string;

  @ManyToOne(() => Librarian, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'librarianId' })
  librarian?: Librarian;

  @Field(() => Int, { description: 'The calendar year whose training earned it' })
  @Column({ type: 'int' })
  year: number;

  @Field(() => Int, { description: 'Rupiah' })
  @Column({ type: 'int' })
  amount: number;

  @Field(() => CalendarDateScalar, { description: 'The day it was awarded' })
  @Column({ type: 'date' })
  awardedOn: string;
}
