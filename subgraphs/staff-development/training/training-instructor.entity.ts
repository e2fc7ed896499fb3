import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Someone who teaches programmes: a senior librarian (librarianId) or an outside expert. */
@ObjectType({ description: 'An instructor of training programmes (public)' })
@Entity('training_instructor')
@Index('IDX_instructor_name', ['name'])
export class TrainingInstructor {
  @Field(() => ID, { description: "The instructor's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field({ description: "The instructor's full name" })
  @Column({ type: 'varchar', length: 150 })
  name: string;

  @Field({ description: 'Where the instructor comes from, e.g. Perpustakaan Nasional RI' })
  @Column({ type: 'varchar', length: 200 })
  institution: string;

  @Field(() => String, { nullable: true, description: 'Area of expertise' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  expertise: string | null;

  /** Set when the instructor is one of our librarians. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  librarianId: string | null;
}

/** Who teaches which programme. */
@Entity('programme_instructor')
@Index('IDX_programme_instructor_instructor', ['instructorId'])
export class ProgrammeInstructor {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  programmeId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  instructorId: string;
}

/** The competency units a programme covers (codes of career/competency-units.ts). */
@Entity('programme_competency')
export class ProgrammeCompetency {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  programmeId: string;

  @PrimaryColumn({ type: 'varchar', length: 30 })
  unitCode: string;
}
