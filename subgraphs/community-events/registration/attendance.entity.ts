import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Event } from '../events/event.entity';
import { Registration } from './registration.entity';

export enum AttendanceStatus {
  ATTENDED = 'ATTENDED',
  NO_SHOW = 'NO_SHOW',
}
registerEnumType(AttendanceStatus, {
  name: 'AttendanceStatus',
  description: 'ATTENDED: checked in by a librarian; NO_SHOW: held a place and did not come (marked when the event is completed)',
  valuesConfig: {
    ATTENDED: { description: 'Checked in by the staff (checkIn)' },
    NO_SHOW: { description: 'Held a place, was not checked in, and the event was completed (completeEvent)' },
  },
});

/**
 * Whether a registrant came to one event (for a series: one session). One row per registration
 * and event; a check-in turns a NO_SHOW into ATTENDED (a late correction).
 */
@ObjectType({ description: 'Whether a registrant came to an event (for a series: to one session)' })
@Entity('event_attendance')
@Index('UQ_event_attendance_event_registration', ['eventId', 'registrationId'], { unique: true })
@Index('IDX_event_attendance_registration', ['registrationId'])
export class EventAttendance {
  @Field(() => ID, { description: "The attendance record's id (a UUID)" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Event;

  @Column({ type: 'varchar', length: 36 })
  registrationId: string;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registrationId' })
  registration?: Registration;

  @Field(() => AttendanceStatus, { description: 'Whether the registrant came' })
  @Column({ type: 'varchar', length: 20 })
  status: AttendanceStatus;

  @Field({ description: 'When the check-in (or the no-show) was recorded' })
  @Column({ type: 'datetime' })
  recordedAt: Date;

  /** Who recorded it: the librarian's id, or the token subject. */
  @Column({ type: 'varchar', length: 100 })
  recordedBy: string;
}
