import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { PerformanceRating } from './career-tables';
import { Librarian } from '../librarians/librarian.entity';

registerEnumType(PerformanceRating, {
  name: 'PerformanceRating',
  description: 'Annual performance rating (predikat kinerja): Sangat Baik, Baik, Butuh Perbaikan, Kurang, Sangat Kurang',
  valuesConfig: {
    SANGAT_BAIK: { description: "Very good: converts to 150 % of the level's yearly credit points; counts toward promotion" },
    BAIK: { description: "Good: converts to 100 % of the level's yearly credit points; counts toward promotion" },
    BUTUH_PERBAIKAN: { description: "Needs improvement: converts to 75 % of the level's yearly credit points" },
    KURANG: { description: "Poor: converts to 50 % of the level's yearly credit points" },
    SANGAT_KURANG: { description: "Very poor: converts to 25 % of the level's yearly credit points" },
  },
});

@ObjectType({ description: 'A named measure of a review, e.g. training hours 24 of target 20' })
export class PerformanceMetric {
  @Field({ description: 'What is measured, e.g. training hours' })
  name: string;

  @Field(() => Float, { description: 'The value reached, in unit' })
  value: number;

  @Field(() => Float, { nullable: true, description: 'The value aimed for, in unit; null when none was set' })
  target?: number | null;

  @Field(() => String, { nullable: true, description: 'e.g. JP, %, score' })
  unit?: string | null;
}

/** The yearly performance review of a librarian (personal). */
@ObjectType({ description: "A librarian's yearly performance review (personal)" })
@Entity('performance_review')
@Index('UQ_review_librarian_year', ['librarianId', 'year'], { unique: true })
export class PerformanceReview {
  @Field(() => ID, { description: "The review's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  librarianId: string;

  @ManyToOne(() => Librarian, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'librarianId' })
  librarian?: Librarian;

  @Field(() => Int, { description: 'The year reviewed (one review per librarian and year)' })
  @Column({ type: 'int' })
  year: number;

  @Field(() => PerformanceRating, { description: 'The rating given' })
  @Column({ type: 'varchar', length: 20 })
  rating: PerformanceRating;

  @Field(() => [PerformanceMetric], { description: 'The named measures behind the rating, as recorded' })
  @Column({ type: 'simple-json' })
  metrics: PerformanceMetric[];

  @Field(() => String, { nullable: true, description: "The reviewer's note; null when none" })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Field(() => CalendarDateScalar, { description: 'The day the review was recorded' })
  @Column({ type: 'date' })
  reviewedOn: string;
}
