import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { CareerLevel } from '../librarians/librarian.entity';
import { Library } from '../libraries/library.entity';
import { LockVersionColumn } from '../../../shared/platform/row-lock';

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

export enum TrainingMethod {
  LECTURE = 'LECTURE',
  GROUP_DISCUSSION = 'GROUP_DISCUSSION',
  HANDS_ON_PRACTICE = 'HANDS_ON_PRACTICE',
  CASE_STUDY = 'CASE_STUDY',
  SIMULATION = 'SIMULATION',
  ROLE_PLAY = 'ROLE_PLAY',
}
registerEnumType(TrainingMethod, { name: 'TrainingMethod', description: 'How a programme teaches' });

export enum TrainingProvider {
  LIBRARY = 'LIBRARY',
  NATIONAL_LIBRARY = 'NATIONAL_LIBRARY',
  PARTNER = 'PARTNER',
}
registerEnumType(TrainingProvider, {
  name: 'TrainingProvider',
  description: 'Who gives the programme: the LIBRARY itself, the NATIONAL_LIBRARY (Perpusnas) or a PARTNER (see partner)',
});

/** A list of enum values stored as "A,B". */
const csv = {
  to: (v?: string[]) => (v ?? []).join(','),
  from: (v: string | string[]) => (Array.isArray(v) ? v : v ? v.split(',') : []),
};

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

  @Field(() => [TrainingMethod])
  @Column({ type: 'varchar', length: 200, default: '', transformer: csv })
  methods: TrainingMethod[];

  @Field(() => TrainingProvider)
  @Column({ type: 'varchar', length: 20, default: TrainingProvider.LIBRARY })
  provider: TrainingProvider;

  /** The partner (partnerships) that gives the programme when provider is PARTNER. */
  @Index('IDX_programme_partner')
  @Column({ type: 'varchar', length: 36, nullable: true })
  partnerId: string | null;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'First day to enrol; null: as soon as the programme is OPEN' })
  @Column({ type: 'date', nullable: true })
  enrolmentOpensOn: string | null;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'Last day to enrol; null: the day before startsOn' })
  @Column({ type: 'date', nullable: true })
  enrolmentClosesOn: string | null;

  @Field(() => Int, { description: 'Share of sessions (percent) a participant must attend to complete' })
  @Column({ type: 'int', default: 80 })
  attendanceThreshold: number;

  @Field(() => CareerLevel, { nullable: true, description: 'Set for a level-up course (diklat penjenjangan): the level it prepares for' })
  @Column({ type: 'varchar', length: 20, nullable: true })
  levelUpFor: CareerLevel | null;

  /** Written by lockForUpdate (shared/platform/row-lock.ts) so that a lock on this row holds across Galera nodes. */
  @LockVersionColumn()
  lockVersion?: number;
}
