import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { Librarian } from '../librarians/librarian.entity';

export enum AssessmentMethod {
  TRAINING = 'TRAINING',
  COMPETENCY_TEST = 'COMPETENCY_TEST',
  PORTFOLIO = 'PORTFOLIO',
  RECOGNITION_OF_PRIOR_LEARNING = 'RECOGNITION_OF_PRIOR_LEARNING',
}
registerEnumType(AssessmentMethod, {
  name: 'AssessmentMethod',
  description: 'How a competency was established: a completed TRAINING, a COMPETENCY_TEST (uji kompetensi), a PORTFOLIO review or RECOGNITION_OF_PRIOR_LEARNING (RPL)',
});

/** A competency unit a librarian holds (personal). */
@ObjectType({ description: 'A competency unit a librarian holds, how and when it was assessed (personal)' })
@Entity('librarian_competency')
@Index('IDX_competency_librarian_unit', ['librarianId', 'unitCode'])
export class LibrarianCompetency {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  librarianId: string;

  @ManyToOne(() => Librarian, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'librarianId' })
  librarian?: Librarian;

  @Column({ type: 'varchar', length: 30 })
  unitCode: string;

  @Field(() => AssessmentMethod)
  @Column({ type: 'varchar', length: 40 })
  method: AssessmentMethod;

  @Field(() => CalendarDateScalar)
  @Column({ type: 'date' })
  assessedOn: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 60, nullable: true })
  certificateNumber: string | null;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'Null when it does not expire' })
  @Column({ type: 'date', nullable: true })
  expiresOn: string | null;

  /** The training it was gained in, if any. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  enrolmentId: string | null;
}
