import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Event } from './event.entity';

/** A partner co-hosting an event. The partner lives in partnerships: only the id is kept here. */
@Entity('event_partner')
@Index('IDX_event_partner_partner', ['partnerId'])
export class EventPartner {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  eventId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  partnerId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Event;
}
