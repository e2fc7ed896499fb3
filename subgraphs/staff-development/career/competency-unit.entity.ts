import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CompetencyArea } from './competency-units';

/**
 * A competency unit (unit kompetensi) of the national standard, as configuration: seeded with the
 * list of competency-units.ts by the StaffRecords migration, extended by ADMIN (addCompetencyUnit).
 */
@ObjectType('CompetencyUnit', { description: 'A competency unit of the national standard (SKKNI), e.g. R.91PRP02.021.1' })
@Entity('competency_unit')
export class CompetencyUnit {
  @Field({ description: 'The SKKNI unit code, e.g. R.91PRP02.021.1; unique' })
  @PrimaryColumn({ type: 'varchar', length: 30 })
  code: string;

  @Field({ description: "The unit's title, in Indonesian as the standard names it" })
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field(() => CompetencyArea, { description: 'The area of the standard it belongs to' })
  @Column({ type: 'varchar', length: 40 })
  area: CompetencyArea;
}
