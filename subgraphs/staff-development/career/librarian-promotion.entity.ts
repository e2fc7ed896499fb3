import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { CareerLevel, Librarian } from '../librarians/librarian.entity';
import { decimalPoints } from './credit-point-entry.entity';

/** A promotion to the next functional level (kenaikan jenjang jabatan), as the decree (SK) states it. Personal. */
@ObjectType({ description: 'A promotion to the next functional level, with its decree (SK). Personal' })
@Entity('librarian_promotion')
@Index('IDX_promotion_librarian', ['librarianId', 'effectiveOn'])
export class LibrarianPromotion {
  @Field(() => ID, { description: "The promotion record's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  librarianId: string;

  @ManyToOne(() => Librarian, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'librarianId' })
  librarian?: Librarian;

  @Field(() => CareerLevel, { description: 'The level before the promotion' })
  @Column({ type: 'varchar', length: 20 })
  fromLevel: CareerLevel;

  @Field(() => CareerLevel, { description: 'The level promoted to' })
  @Column({ type: 'varchar', length: 20 })
  toLevel: CareerLevel;

  @Field(() => CalendarDateScalar, { description: 'TMT: the day the new level takes effect; credit points toward the next level count from here' })
  @Column({ type: 'date' })
  effectiveOn: string;

  @Field({ description: 'The number of the decree (SK) that grants it' })
  @Column({ type: 'varchar', length: 100 })
  decree: string;

  @Field(() => Float, { description: 'Credit points earned in the previous level, closed by this promotion (they do not carry over)' })
  @Column({ type: 'decimal', precision: 8, scale: 2, transformer: decimalPoints })
  pointsClosed: number;
}
