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
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @ManyToOne(() => Library, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'libraryId' })
  library?: Library;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field(() => Int, { description: 'Lesson hours (JP) of completed training needed in the year' })
  @Column({ type: 'int' })
  minTrainingHours: number;

  @Field(() => Int, { description: 'Rupiah' })
  @Column({ type: 'int' })
  amount: number;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;
}

/** An incentive given to a librarian for a year (personal). */
@ObjectType({ description: 'An incentive awarded to a librarian for a year (personal)' })
@Entity('incentive_award')
@Index('UQ_award_rule_librarian_year', ['ruleId', 'librarianId', 'year'], { unique: true })
@Index('IDX_award_librarian', ['librarianId'])
export class IncentiveAward {
  @Field(() => ID)
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

  @Field(() => Int)
  @Column({ type: 'int' })
  year: number;

  @Field(() => Int, { description: 'Rupiah' })
  @Column({ type: 'int' })
  amount: number;

  @Field(() => CalendarDateScalar)
  @Column({ type: 'date' })
  awardedOn: string;
}
