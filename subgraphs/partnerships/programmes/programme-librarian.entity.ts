import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PartnershipProgramme } from './partnership-programme.entity';

/** A librarian taking part in a programme (going on a school visit …). The librarian lives in staff-development. */
@Entity('programme_librarian')
@Index('IDX_programme_librarian_librarian', ['librarianId'])
export class ProgrammeLibrarian {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  programmeId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  librarianId: string;

  @ManyToOne(() => PartnershipProgramme, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'programmeId' })
  programme?: PartnershipProgramme;
}
