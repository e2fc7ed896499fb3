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
  valuesConfig: {
    TRAINING: { description: 'Gained by completing a training programme that covers the unit (recorded on completion)' },
    COMPETENCY_TEST: { description: 'Passed a competency test (uji kompetensi); counts toward promotion' },
    PORTFOLIO: { description: "Assessed from a portfolio of the librarian's work" },
    RECOGNITION_OF_PRIOR_LEARNING: { description: 'Recognition of prior learning (RPL): recognised from earlier experience or learning' },
  },
});

/** A competency unit a librarian holds (personal). */
@ObjectType({ description: 'A competency unit a librarian holds, how and when it was assessed (personal)' })
@Entity('librarian_competency')
@Index('IDX_competency_librarian_unit', ['librarianId', 'unitCode'])
export class LibrarianCompetency {
  @Field(() => ID, { description: "The record's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  librarianId: string;

  @ManyToOne(() => Librarian, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'librarianId' })
  librarian?: Librarian;

  @Column({ type: 'varchar', length: 30 })
  unitCode: string;

  @Field(() => AssessmentMethod, { description: 'How the competency was established' })
  @Column({ type: 'varchar', length: 40 })
  method: AssessmentMethod;

  @Field(() => CalendarDateScalar, { description: 'The day it was assessed (for TRAINING: the last day of the programme)' })
  @Column({ type: 'date' })
  assessedOn: string;

  @Field(() => String, { nullable: true, description: 'Number of the certificate that attests it; null when none was recorded' })
  @Column({ type: 'varchar', length: 60, nullable: true })
  certificateNumber: string | null;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'Null when it does not expire' })
  @Column({ type: 'date', nullable: true })
  expiresOn: string | null;

  /** The training it was gained in, if any. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  enrolmentId: string | null;
}
