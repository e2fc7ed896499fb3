import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Library } from '../libraries/library.entity';

/** Jabatan fungsional pustakawan (PermenPAN-RB 55/2022): skilled and expert levels. */
export enum CareerLevel {
  TERAMPIL = 'TERAMPIL',
  MAHIR = 'MAHIR',
  PENYELIA = 'PENYELIA',
  AHLI_PERTAMA = 'AHLI_PERTAMA',
  AHLI_MUDA = 'AHLI_MUDA',
  AHLI_MADYA = 'AHLI_MADYA',
  AHLI_UTAMA = 'AHLI_UTAMA',
}
registerEnumType(CareerLevel, {
  name: 'CareerLevel',
  description: 'Functional career level of a librarian',
  valuesConfig: {
    TERAMPIL: { description: 'Skilled track, first level (Pustakawan Terampil)' },
    MAHIR: { description: 'Skilled track, second level (Pustakawan Mahir)' },
    PENYELIA: { description: 'Skilled track, top level (Pustakawan Penyelia)' },
    AHLI_PERTAMA: { description: 'Expert track, first level (Pustakawan Ahli Pertama)' },
    AHLI_MUDA: { description: 'Expert track, second level (Pustakawan Ahli Muda)' },
    AHLI_MADYA: { description: 'Expert track, third level (Pustakawan Ahli Madya)' },
    AHLI_UTAMA: { description: 'Expert track, top level (Pustakawan Ahli Utama)' },
  },
});

export enum EmploymentStatus {
  PNS = 'PNS',
  PPPK = 'PPPK',
  HONORER = 'HONORER',
}
registerEnumType(EmploymentStatus, {
  name: 'EmploymentStatus',
  description: 'PNS (civil servant), PPPK (contracted civil servant) or HONORER (honorary staff)',
  valuesConfig: {
    PNS: { description: 'Civil servant (Pegawai Negeri Sipil)' },
    PPPK: { description: 'Civil servant on a work contract (Pegawai Pemerintah dengan Perjanjian Kerja)' },
    HONORER: { description: 'Honorary staff, not a civil servant' },
  },
});

/**
 * A librarian. Name, library and level are public (facilitators are named on public events);
 * NIP and e-mail are personal: their resolvers admit only the librarian, their library's admins
 * and ADMIN.
 */
@ObjectType()
@Directive('@key(fields: "id")')
@Entity('librarian')
@Index('IDX_librarian_library_name', ['libraryId', 'name'])
export class Librarian {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @ManyToOne(() => Library, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'libraryId' })
  library?: Library;

  @Field({ description: "The librarian's full name (public)" })
  @Column({ type: 'varchar', length: 150 })
  name: string;

  /** Nomor Induk Pegawai: 18 digits. */
  @Index('UQ_librarian_nip', { unique: true })
  @Column({ type: 'varchar', length: 18 })
  nip: string;

  @Column({ type: 'varchar', length: 200 })
  email: string;

  @Field(() => CareerLevel, { description: 'Current functional career level (public)' })
  @Column({ type: 'varchar', length: 20 })
  careerLevel: CareerLevel;

  @Field(() => EmploymentStatus, { description: 'Kind of employment (public)' })
  @Column({ type: 'varchar', length: 10 })
  employmentStatus: EmploymentStatus;

  /** Date in level (TMT jabatan): credit points toward the next level count from here. Personal. */
  @Column({ type: 'date', nullable: true })
  levelSince: string | null;

  /** A contact telephone number. Personal. */
  @Column({ type: 'varchar', length: 30, nullable: true })
  phone: string | null;

  /** The post held in the library (e.g. "Kepala Seksi Layanan"). Public, like the level. */
  @Field(() => String, { nullable: true, description: 'The post held in the library, e.g. "Kepala Seksi Layanan"' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  position: string | null;

  /**
   * The day employment ended (endEmployment): from this day on the librarian is LEFT — out of the
   * staff figures, not offered for new training, and their sign-in account stops working. Personal.
   */
  @Column({ type: 'date', nullable: true })
  employmentEndedOn: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  employmentEndReason: string | null;
}

/** Whether the librarian is still on the staff on `date` (YYYY-MM-DD, in the library's zone). */
export function employedOn(librarian: Pick<Librarian, 'employmentEndedOn'>, date: string): boolean {
  return !librarian.employmentEndedOn || librarian.employmentEndedOn > date;
}
