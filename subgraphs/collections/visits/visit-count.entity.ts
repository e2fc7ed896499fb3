import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';

export enum VisitSource {
  /** Read off the gate counter at closing time (or imported from it). */
  GATE_COUNTER = 'GATE_COUNTER',
  /** Counted by hand (a tally at the door, the guest book). */
  MANUAL = 'MANUAL',
}
registerEnumType(VisitSource, {
  name: 'VisitSource',
  description: 'How a day’s visitors were counted: GATE_COUNTER or MANUAL',
  valuesConfig: {
    GATE_COUNTER: { description: 'Read off the gate counter at closing time, or imported from it' },
    MANUAL: { description: 'Counted by hand: a tally at the door, the guest book' },
  },
});

/**
 * The visitors a library had on one day, in its own time zone (ISO 2789 "visits"; the national
 * literacy index, IPLM, asks for daily visits). One count per library and day: a wrong figure is
 * corrected, never entered twice, and every correction is kept (VisitCorrection) — `count` is the
 * latest one. `correctionCount` numbers them and guards the update, so concurrent corrections queue
 * up instead of overwriting each other. Audit data (who entered and corrected): the library's
 * staff and ADMIN; GOVERNMENT reads totals only (Library.visitTotals, collectionIndicators).
 */
@ObjectType({ description: "A library's visitor count for one day, with its corrections (the library's staff, ADMIN)" })
@Entity('visit_count')
@Index('UQ_visit_library_date', ['libraryId', 'visitDate'], { unique: true })
export class VisitCount {
  @Field(() => ID, { description: "The day count's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @Field(() => CalendarDateScalar, { name: 'date', description: "The day, in the library's time zone" })
  @Column({ type: 'date' })
  visitDate: string;

  @Field(() => VisitSource, { description: 'How the visitors were counted' })
  @Column({ type: 'varchar', length: 20 })
  source: VisitSource;

  @Field(() => Int, { description: 'Visitors that day: the latest correction, else the count first entered' })
  @Column({ type: 'int' })
  count: number;

  @Field(() => Int, { description: 'The count as first entered' })
  @Column({ type: 'int' })
  enteredCount: number;

  /** How many corrections there have been; the next one is number correctionCount + 1. */
  @Field(() => Int, { description: 'How many times the count was corrected' })
  @Column({ type: 'int', default: 0 })
  correctionCount: number;

  @Field({ description: 'When the count was first entered' })
  @Column({ type: 'datetime' })
  recordedAt: Date;

  @Field({ description: "Who entered it: the token's subject" })
  @Column({ type: 'varchar', length: 100 })
  recordedBy: string;

  @Field({ description: 'Their role (LIBRARIAN, LIBRARY_ADMIN, ADMIN)' })
  @Column({ type: 'varchar', length: 20 })
  recordedByRole: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  recordedByLibrarianId: string | null;
}
