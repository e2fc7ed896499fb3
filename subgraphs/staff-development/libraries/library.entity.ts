import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A city library. Owned here; every other subgraph adds its own fields to it. */
@ObjectType({ description: 'A city library' })
@Directive('@key(fields: "id")')
@Entity('library')
export class Library {
  @Field(() => ID, { description: 'A slug: kupang, baubau, pasuruan, pematang-siantar' })
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  @Field({ description: "The library's name" })
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field({ description: 'The city it serves' })
  @Column({ type: 'varchar', length: 100 })
  city: string;

  @Field({ description: 'The province the city is in' })
  @Column({ type: 'varchar', length: 100 })
  province: string;

  @Field({ description: 'IANA time zone: Asia/Makassar (WITA) or Asia/Jakarta (WIB)' })
  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Field(() => Int, { description: 'Population served, the base of per-capita figures' })
  @Column({ type: 'int' })
  population: number;

  @Field({ description: 'Street address' })
  @Column({ type: 'varchar', length: 300 })
  address: string;

  /** Stored as "6,7"; ISO weekdays, 1 = Monday … 7 = Sunday. */
  @Field(() => [Int], { description: 'Weekdays the library is closed, ISO numbering: 1 = Monday … 7 = Sunday' })
  @Column({
    type: 'varchar',
    length: 20,
    default: '7',
    transformer: {
      to: (days?: number[]) => (days ?? [7]).join(','),
      from: (value: string) => (value ? value.split(',').map(Number) : []),
    },
  })
  closedWeekdays: number[];
}
