import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { Librarian } from '../librarians/librarian.entity';

export enum CreditPointSource {
  PERFORMANCE_CONVERSION = 'PERFORMANCE_CONVERSION',
  EDUCATION = 'EDUCATION',
  PROFESSIONAL_DEVELOPMENT = 'PROFESSIONAL_DEVELOPMENT',
  SUPPORTING_ACTIVITY = 'SUPPORTING_ACTIVITY',
}
registerEnumType(CreditPointSource, {
  name: 'CreditPointSource',
  description: 'Where credit points come from: conversion of a performance rating, education, professional development, supporting activities',
  valuesConfig: {
    PERFORMANCE_CONVERSION: { description: 'Converted from a yearly performance rating (recordPerformanceReview), dated 31 December of its year' },
    EDUCATION: { description: 'Formal education, e.g. a degree' },
    PROFESSIONAL_DEVELOPMENT: { description: 'Professional development: seminars, conferences, workshops, presentations, publications' },
    SUPPORTING_ACTIVITY: { description: 'Supporting activities, e.g. a role in the professional association' },
  },
});

/** Stored as decimal(8,2); read back as a number on both backends. */
export const decimalPoints = { to: (v: number) => v, from: (v: string | number | null) => (v === null ? null : Number(v)) };

/** One line of a librarian's credit-point (angka kredit) ledger (personal). */
@ObjectType({ description: 'A line of the credit-point (angka kredit) ledger (personal)' })
@Entity('credit_point_entry')
@Index('IDX_credit_librarian_earned', ['librarianId', 'earnedOn'])
export class CreditPointEntry {
  @Field(() => ID, { description: "The ledger line's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  librarianId: string;

  @ManyToOne(() => Librarian, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'librarianId' })
  librarian?: Librarian;

  @Field(() => Float, { description: 'Credit points (angka kredit) earned, to two decimals' })
  @Column({ type: 'decimal', precision: 8, scale: 2, transformer: decimalPoints })
  points: number;

  @Field(() => CreditPointSource, { description: 'Where the points come from' })
  @Column({ type: 'varchar', length: 30 })
  source: CreditPointSource;

  @Field({ description: 'What the points were earned for' })
  @Column({ type: 'varchar', length: 300 })
  description: string;

  @Field(() => CalendarDateScalar, { description: 'The day they were earned; they count toward the next level when on or after the date in the current level' })
  @Column({ type: 'date' })
  earnedOn: string;

  /** The review it was converted from, or the activity it was earned by. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  reviewId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  activityId: string | null;
}
