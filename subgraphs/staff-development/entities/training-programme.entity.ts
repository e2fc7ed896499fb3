import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/scalars';
import { Library } from './library.entity';

export enum TrainingModule {
  IT_AND_LIBRARY_SOFTWARE = 'IT_AND_LIBRARY_SOFTWARE',
  COLLECTION_MANAGEMENT = 'COLLECTION_MANAGEMENT',
  CUSTOMER_SERVICE = 'CUSTOMER_SERVICE',
  PROMOTION_OF_SERVICES = 'PROMOTION_OF_SERVICES',
  INFORMATION_LITERACY_TEACHING = 'INFORMATION_LITERACY_TEACHING',
  DIGITAL_LITERACY = 'DIGITAL_LITERACY',
  CHILDRENS_SERVICES = 'CHILDRENS_SERVICES',
  MANAGEMENT = 'MANAGEMENT',
}
registerEnumType(TrainingModule, { name: 'TrainingModule' });

export enum ProgrammeStatus {
  DRAFT = 'DRAFT',
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ProgrammeStatus, { name: 'ProgrammeStatus' });

/** A training programme for librarians, counted in lesson hours (JP). */
@ObjectType()
@Directive('@key(fields: "id")')
@Entity('training_programme')
@Index('IDX_programme_library_starts', ['libraryId', 'startsOn'])
export class TrainingProgramme {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @ManyToOne(() => Library, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'libraryId' })
  library?: Library;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field(() => TrainingModule)
  @Column({ type: 'varchar', length: 40 })
  module: TrainingModule;

  @Field(() => Int, { description: 'Lesson hours (jam pelajaran, JP)' })
  @Column({ type: 'int' })
  lessonHours: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  capacity: number;

  @Field(() => CalendarDateScalar)
  @Column({ type: 'date' })
  startsOn: string;

  @Field(() => CalendarDateScalar)
  @Column({ type: 'date' })
  endsOn: string;

  @Field(() => ProgrammeStatus)
  @Column({ type: 'varchar', length: 20 })
  status: ProgrammeStatus;
}
