import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { VisitCount } from './visit-count.entity';

/**
 * One correction of a day's visitor count, kept for good: the count before and after, why, who
 * and when. Numbered per day (`sequence` 1, 2 …, unique), each one's previous count is the one
 * before's new count, and the day's count is the last one's new count.
 */
@ObjectType({ description: 'A correction of a day’s visitor count: before, after, why, who and when' })
@Entity('visit_correction')
@Index('UQ_visit_correction_sequence', ['visitId', 'sequence'], { unique: true })
export class VisitCorrection {
  @Field(() => ID, { description: "The correction's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  visitId: string;

  @ManyToOne(() => VisitCount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'visitId' })
  visit?: VisitCount;

  @Field(() => Int, { description: '1 for the first correction of the day, then 2, 3 …' })
  @Column({ type: 'int' })
  sequence: number;

  @Field(() => Int, { description: 'The count before this correction' })
  @Column({ type: 'int' })
  previousCount: number;

  @Field(() => Int, { description: 'The count this correction set' })
  @Column({ type: 'int' })
  newCount: number;

  @Field({ description: 'Why the count was corrected' })
  @Column({ type: 'varchar', length: 300 })
  reason: string;

  @Field({ description: 'When it was corrected' })
  @Column({ type: 'datetime' })
  correctedAt: Date;

  @Field({ description: "Who corrected it: the token's subject" })
  @Column({ type: 'varchar', length: 100 })
  correctedBy: string;

  @Field({ description: 'Their role (LIBRARIAN, LIBRARY_ADMIN, ADMIN)' })
  @Column({ type: 'varchar', length: 20 })
  correctedByRole: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  correctedByLibrarianId: string | null;
}
