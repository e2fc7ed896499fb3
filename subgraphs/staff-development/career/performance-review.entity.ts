import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { PerformanceRating } from './career-tables';
import { Librarian } from '../librarians/librarian.entity';

registerEnumType(PerformanceRating, {
  name: 'PerformanceRating',
  description: 'Annual performance rating (predikat kinerja): Sangat Baik, Baik, Butuh Perbaikan, Kurang, Sangat Kurang',
});

@ObjectType({ description: 'A named measure of a review, e.g. training hours 24 of target 20' })
export class PerformanceMetric {
  @Field()
  name: string;

  @Field(() => Float)
  value: number;

  @Field(() => Float, { nullable: true })
  target?: number | null;

  @Field(() => String, { nullable: true, description: 'e.g. JP, %, score' })
  unit?: string | null;
}

/** The yearly performance review of a librarian (personal). */
@ObjectType({ description: "A librarian's yearly performance review (personal)" })
@Entity('performance_review')
@Index('UQ_review_librarian_year', ['librarianId', 'year'], { unique: true })
export class PerformanceReview {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  librarianId: string;

  @ManyToOne(() => Librarian, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'librarianId' })
  librarian?: Librarian;

  @Field(() => Int)
  @Column({ type: 'int' })
  year: number;

  @Field(() => PerformanceRating)
  @Column({ type: 'varchar', length: 20 })
  rating: PerformanceRating;

  @Field(() => [PerformanceMetric])
  @Column({ type: 'simple-json' })
  metrics: PerformanceMetric[];

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Field(() => CalendarDateScalar)
  @Column({ type: 'date' })
  reviewedOn: string;
}
