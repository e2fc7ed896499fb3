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
registerEnumType(TrainingModule, {
  name: 'TrainingModule',
  description: 'The subject of a training programme',
  valuesConfig: {
    IT_AND_LIBRARY_SOFTWARE: { description: 'Information technology and library software' },
    COLLECTION_MANAGEMENT: { description: 'Building, organising and keeping the collection' },
    CUSTOMER_SERVICE: { description: 'Serving library users' },
    PROMOTION_OF_SERVICES: { description: "Promoting the library's services" },
    INFORMATION_LITERACY_TEACHING: { description: 'Teaching users to find and judge information' },
    DIGITAL_LITERACY: { description: 'Digital skills and online information' },
    CHILDRENS_SERVICES: { description: 'Services for children' },
    MANAGEMENT: { description: 'Managing a library' },
  },
});

export enum ProgrammeStatus {
  DRAFT = 'DRAFT',
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ProgrammeStatus, {
  name: 'ProgrammeStatus',
  description: 'Where a training programme stands',
  valuesConfig: {
    DRAFT: { description: "Planned, not yet open (createTrainingProgramme); seen only by its library's staff, GOVERNMENT and ADMIN" },
    OPEN: { description: 'Open for enrolment (openTrainingProgramme), within its enrolment window' },
    IN_PROGRESS: { description: 'Under way: no longer takes enrolments; attendance is recorded and it can be completed' },
    COMPLETED: { description: 'Closed by completeTrainingProgramme: each participant completed or did not' },
    CANCELLED: { description: 'Called off: it will not be held' },
  },
});

export enum TrainingMethod {
  LECTURE = 'LECTURE',
  GROUP_DISCUSSION = 'GROUP_DISCUSSION',
  HANDS_ON_PRACTICE = 'HANDS_ON_PRACTICE',
  CASE_STUDY = 'CASE_STUDY',
  SIMULATION = 'SIMULATION',
  ROLE_PLAY = 'ROLE_PLAY',
}
registerEnumType(TrainingMethod, {
  name: 'TrainingMethod',
  description: 'How a programme teaches',
  valuesConfig: {
    LECTURE: { description: 'An instructor presents (ceramah)' },
    GROUP_DISCUSSION: { description: 'Participants discuss in groups' },
    HANDS_ON_PRACTICE: { description: 'Participants practise the task themselves' },
    CASE_STUDY: { description: 'Participants work through real cases' },
    SIMULATION: { description: 'Participants act in a simulated situation' },
    ROLE_PLAY: { description: 'Participants play the roles of a situation, e.g. librarian and user' },
  },
});

export enum TrainingProvider {
  LIBRARY = 'LIBRARY',
  NATIONAL_LIBRARY = 'NATIONAL_LIBRARY',
  PARTNER = 'PARTNER',
}
registerEnumType(TrainingProvider, {
  name: 'TrainingProvider',
  description: 'Who gives the programme: the LIBRARY itself, the NATIONAL_LIBRARY (Perpusnas) or a PARTNER (see partner)',
  valuesConfig: {
    LIBRARY: { description: 'The library itself' },
    NATIONAL_LIBRARY: { description: 'The National Library of Indonesia (Perpustakaan Nasional, Perpusnas)' },
    PARTNER: { description: "A partner organisation: the programme's partner" },
  },
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

  @Field({ description: "The programme's title" })
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field(() => TrainingModule, { description: "The programme's subject" })
  @Column({ type: 'varchar', length: 40 })
  module: TrainingModule;

  @Field(() => Int, { description: 'Lesson hours (jam pelajaran, JP)' })
  @Column({ type: 'int' })
  lessonHours: number;

  @Field(() => Int, { description: 'How many participants it takes (places)' })
  @Column({ type: 'int' })
  capacity: number;

  @Field(() => CalendarDateScalar, { description: "The programme's first day" })
  @Column({ type: 'date' })
  startsOn: string;

  @Field(() => CalendarDateScalar, { description: "The programme's last day; it can be completed from this day" })
  @Column({ type: 'date' })
  endsOn: string;

  @Field(() => ProgrammeStatus, { description: 'Where the programme stands' })
  @Column({ type: 'varchar', length: 20 })
  status: ProgrammeStatus;

  @Field(() => [TrainingMethod], { description: 'How the programme teaches (at least one method)' })
  @Column({ type: 'varchar', length: 200, default: '', transformer: csv })
  methods: TrainingMethod[];

  @Field(() => TrainingProvider, { description: 'Who gives the programme' })
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
