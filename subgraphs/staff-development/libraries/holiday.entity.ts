import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';

/**
 * A day a library is closed besides its weekly closed days: a national holiday (libraryId null,
 * for every library) or a local one. Due dates and event days elsewhere skip these.
 */
@ObjectType({ description: 'A day the library is closed (national or local holiday)' })
@Entity('holiday')
@Index('UQ_holiday_library_date', ['libraryId', 'date'], { unique: true })
@Index('IDX_holiday_date', ['date'])
export class Holiday {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Null for a national holiday. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  libraryId: string | null;

  @Field(() => CalendarDateScalar, { description: 'The closed day' })
  @Column({ type: 'date' })
  date: string;

  @Field({ description: 'The name of the holiday or closure' })
  @Column({ type: 'varchar', length: 150 })
  name: string;

  @Field({ description: 'True for a national holiday (every library), false for a local one' })
  national(): boolean {
    return this.libraryId === null;
  }
}
