import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { decimalPoints } from './credit-point-entry.entity';
import { Librarian } from '../librarians/librarian.entity';

export enum ProfessionalActivityKind {
  SEMINAR = 'SEMINAR',
  CONFERENCE = 'CONFERENCE',
  WORKSHOP = 'WORKSHOP',
  PROFESSIONAL_ASSOCIATION = 'PROFESSIONAL_ASSOCIATION',
  PRESENTATION = 'PRESENTATION',
  PUBLICATION = 'PUBLICATION',
}
registerEnumType(ProfessionalActivityKind, {
  name: 'ProfessionalActivityKind',
  description: 'Seminars, conferences, workshops, the professional association (e.g. IPI), presentations given, publications',
  valuesConfig: {
    SEMINAR: { description: 'A seminar' },
    CONFERENCE: { description: 'A conference' },
    WORKSHOP: { description: 'A workshop' },
    PROFESSIONAL_ASSOCIATION: { description: 'Work in the professional association (e.g. IPI); its points count as SUPPORTING_ACTIVITY' },
    PRESENTATION: { description: 'A presentation the librarian gave' },
    PUBLICATION: { description: 'A publication the librarian wrote' },
  },
});

/** Networking and professional activity of a librarian, with hours and credit points (personal). */
@ObjectType({ description: 'A seminar, conference, association role, presentation … of a librarian (personal)' })
@Entity('professional_activity')
@Index('IDX_activity_librarian_held', ['librarianId', 'heldOn'])
export class ProfessionalActivity {
  @Field(() => ID, { description: "The activity's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  librarianId: string;

  @ManyToOne(() => Librarian, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'librarianId' })
  librarian?: Librarian;

  @Field(() => ProfessionalActivityKind, { description: 'What kind of activity' })
  @Column({ type: 'varchar', length: 30 })
  kind: ProfessionalActivityKind;

  @Field({ description: 'Its title' })
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field({ description: 'Who organised or published it' })
  @Column({ type: 'varchar', length: 200 })
  organiser: string;

  @Field(() => String, { nullable: true, description: 'e.g. participant, speaker, committee member' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  role: string | null;

  @Field(() => CalendarDateScalar, { description: 'The day it was held' })
  @Column({ type: 'date' })
  heldOn: string;

  @Field(() => Int, { description: 'Hours spent on it' })
  @Column({ type: 'int' })
  hours: number;

  @Field(() => Float, { description: 'Credit points it earned, to two decimals (0: none); they are on the ledger too' })
  @Column({ type: 'decimal', precision: 8, scale: 2, transformer: decimalPoints })
  creditPoints: number;
}
