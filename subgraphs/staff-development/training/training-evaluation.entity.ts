import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TrainingEnrolment } from './training-enrolment.entity';

/**
 * A participant's rating of a completed training, one per enrolment. Never exposed row by row:
 * the API gives aggregates (per programme, per instructor) and unattributed comments only.
 */
@Entity('training_evaluation')
@Index('IDX_evaluation_programme', ['programmeId'])
export class TrainingEvaluation {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('UQ_evaluation_enrolment', { unique: true })
  @Column({ type: 'varchar', length: 36 })
  enrolmentId: string;

  @ManyToOne(() => TrainingEnrolment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enrolmentId' })
  enrolment?: TrainingEnrolment;

  @Column({ type: 'varchar', length: 36 })
  programmeId: string;

  @Column({ type: 'int' })
  materialRating: number;

  @Column({ type: 'int' })
  instructorRating: number;

  @Column({ type: 'int' })
  methodRating: number;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  comment: string | null;

  @Column({ type: 'datetime' })
  submittedAt: Date;
}
