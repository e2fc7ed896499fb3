import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Library } from './library.entity';

/** The grade of a library accreditation (akreditasi perpustakaan, Perpusnas): A best. */
export enum AccreditationGrade {
  A = 'A',
  B = 'B',
  C = 'C',
}
registerEnumType(AccreditationGrade, {
  name: 'AccreditationGrade',
  description: 'Accreditation grade: A (best), B or C',
  valuesConfig: {
    A: { description: 'Grade A, the best' },
    B: { description: 'Grade B' },
    C: { description: 'Grade C, the lowest' },
  },
});

/**
 * A library's accreditation against the national library standard (SNP, Standar Nasional
 * Perpustakaan), granted in a year: the datum behind the literacy index's UPLM5. One per library
 * and year; recorded by ADMIN. An institution's record, nothing personal (who recorded it is kept
 * for the audit but not exposed).
 */
@ObjectType({ description: "A library's accreditation against the national library standard (SNP), granted in a year" })
@Entity('library_accreditation')
@Index('UQ_library_accreditation_library_year', ['libraryId', 'year'], { unique: true })
export class LibraryAccreditation {
  @Field(() => ID, { description: "The accreditation record's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field(() => ID, { description: "The accredited library's id (its slug)" })
  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @ManyToOne(() => Library, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'libraryId' })
  library?: Library;

  @Field(() => Int, { description: 'The year it was granted; it counts for LITERACY_ACCREDITATION_VALID_YEARS years from then' })
  @Column({ type: 'int' })
  year: number;

  @Field(() => AccreditationGrade, { description: 'The grade granted' })
  @Column({ type: 'varchar', length: 1 })
  grade: AccreditationGrade;

  @Field({ description: 'Whether the library meets the national library standard (SNP)' })
  @Column({ type: 'boolean' })
  meetsStandard: boolean;

  @Field({ description: 'When it was recorded' })
  @Column({ type: 'datetime' })
  recordedAt: Date;

  /** The token subject of the ADMIN who recorded it (audit only). */
  @Column({ type: 'varchar', length: 100 })
  recordedBy: string;
}
