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

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  city: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  province: string;

  @Field({ description: 'IANA time zone: Asia/Makassar (WITA) or Asia/Jakarta (WIB)' })
  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Field(() => Int, { description: 'Population served, the base of per-capita figures' })
  @Column({ type: 'int' })
  population: number;

  @Field()
  @Column({ type: 'varchar', length: 300 })
  address: string;
}
