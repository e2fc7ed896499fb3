import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Event } from './event.entity';

/** Who runs an event. The librarian lives in staff-development: only the id is kept here. */
@Entity('event_facilitator')
@Index('IDX_event_facilitator_librarian', ['librarianId'])
export class EventFacilitator {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  eventId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  librarianId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Event;
}
