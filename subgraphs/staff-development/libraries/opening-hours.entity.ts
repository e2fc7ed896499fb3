import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * When a library opens on one weekday (ISO 1 = Monday … 7 = Sunday), in its own time zone. A
 * weekday without a row has no published hours; a closed weekday is in `Library.closedWeekdays`.
 */
@ObjectType({ description: 'Opening hours on one weekday, in the library’s time zone' })
@Entity('library_opening_hours')
export class OpeningHours {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  libraryId: string;

  @Field(() => Int, { description: 'ISO weekday: 1 = Monday … 7 = Sunday' })
  @PrimaryColumn({ type: 'int' })
  weekday: number;

  @Field({ description: 'HH:MM, 24-hour' })
  @Column({ type: 'varchar', length: 5 })
  opensAt: string;

  @Field({ description: 'HH:MM, 24-hour, after opensAt' })
  @Column({ type: 'varchar', length: 5 })
  closesAt: string;
}
