import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Event } from '../events/event.entity';

export enum RegistrationStatus {
  CONFIRMED = 'CONFIRMED',
  WAITLISTED = 'WAITLISTED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(RegistrationStatus, {
  name: 'RegistrationStatus',
  description: 'CONFIRMED holds a place; WAITLISTED waits for one (promoted in arrival order); CANCELLED holds nothing',
  valuesConfig: {
    CONFIRMED: { description: 'Holds a place: registered while places were free, or promoted from the waitlist' },
    WAITLISTED: { description: 'Registered when the event was full; gets a place when one comes free, in arrival order' },
    CANCELLED: { description: 'Cancelled by the registrant or the staff, or with the event; holds nothing' },
  },
});

export enum GuestAgeGroup {
  CHILD = 'CHILD',
  TEENAGER = 'TEENAGER',
  ADULT = 'ADULT',
  SENIOR = 'SENIOR',
}
registerEnumType(GuestAgeGroup, {
  name: 'GuestAgeGroup',
  description: 'Age group a guest gives when registering (for the statistics)',
  valuesConfig: {
    CHILD: { description: 'A child' },
    TEENAGER: { description: 'A teenager' },
    ADULT: { description: 'An adult' },
    SENIOR: { description: 'An older person' },
  },
});

/**
 * A place asked for at an event, by a member (memberId) or a guest without a card (guestName,
 * guestEmail). Personal: seen only by the member themself, the staff of the event's library and
 * ADMIN (see access.ts).
 *
 * Places are counted per pool: `poolId` is the series for a session of a recurring series (one
 * registration covers every session), else the event. `sequence` is the arrival number within
 * the pool, given under the pool's lock: the waitlist is promoted in that order. `activeKey`
 * (member:<id> or guest:<e-mail>) is null once cancelled; a unique index on (poolId, activeKey)
 * makes a second live registration of the same person impossible, whatever the timing.
 */
@ObjectType({ description: "A registration for an event (the member themself, the event library's staff, ADMIN)" })
@Directive('@key(fields: "id")')
@Entity('registration')
@Index('IDX_registration_event_created', ['eventId', 'createdAt'])
@Index('IDX_registration_member', ['memberId'])
@Index('IDX_registration_pool_status', ['poolId', 'status', 'sequence'])
@Index('UQ_registration_pool_person', ['poolId', 'activeKey'], { unique: true })
export class Registration {
  @Field(() => ID, { description: "The registration's id (a UUID)" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The event registered for (for a series: the session the registration was made from). */
  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'eventId' })
  event?: Event;

  /** The series, when the registration covers every session of one. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  seriesId: string | null;

  /** seriesId ?? eventId: whose places this registration holds. */
  @Column({ type: 'varchar', length: 36, default: '' })
  poolId: string;

  /** Arrival number within the pool (1, 2, …), assigned under the pool's lock. */
  @Column({ type: 'int', default: 0 })
  sequence: number;

  /** member:<memberId> or guest:<e-mail> while the registration is live; null once cancelled. */
  @Column({ type: 'varchar', length: 250, nullable: true })
  activeKey: string | null;

  /** The member (collections) who registered; null for a guest. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  memberId: string | null;

  @Field(() => String, { nullable: true, description: 'Name of a guest without a library card' })
  @Column({ type: 'varchar', length: 150, nullable: true })
  guestName: string | null;

  @Field(() => String, { nullable: true, description: 'E-mail of a guest without a library card' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  guestEmail: string | null;

  @Field(() => GuestAgeGroup, { nullable: true, description: "A guest's age group, when given" })
  @Column({ type: 'varchar', length: 20, nullable: true })
  guestAgeGroup: GuestAgeGroup | null;

  /** SHA-256 of the guest token handed out once at registration (guests cancel and rate with it). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  guestTokenHash: string | null;

  @Field(() => RegistrationStatus, { description: 'Whether it holds a place, waits for one, or was cancelled' })
  @Column({ type: 'varchar', length: 20 })
  status: RegistrationStatus;

  @Field({ description: 'When the registration was made (an instant in UTC)' })
  @Column({ type: 'datetime' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When a waitlisted registration got a place' })
  @Column({ type: 'datetime', nullable: true })
  promotedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was cancelled; null unless CANCELLED' })
  @Column({ type: 'datetime', nullable: true })
  cancelledAt: Date | null;

  /**
   * Set only on the answer to registerForEvent for a guest, never stored in clear: the guest's
   * one way to cancel (cancelRegistration) and to rate the event (rateEvent).
   */
  @Field(() => String, {
    nullable: true,
    description: 'Guests only, shown once in the answer to registerForEvent: keep it to cancel the registration and to rate the event',
  })
  guestToken?: string | null;
}
