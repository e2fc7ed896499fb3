import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Event } from './event.entity';

export enum RegistrationStatus {
  CONFIRMED = 'CONFIRMED',
  WAITLISTED = 'WAITLISTED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(RegistrationStatus, {
  name: 'RegistrationStatus',
  description: 'CONFIRMED holds a place; WAITLISTED waits for one; CANCELLED holds nothing',
});

/**
 * A place asked for at an event, by a member (memberId) or a guest without a card (guestName,
 * guestEmail). Personal: seen only by the member themself, the staff of the event's library and
 * ADMIN (see policy.ts).
 */
@ObjectType({ description: "A registration for an event (the member themself, the event library's staff, ADMIN)" })
@Directive('@key(fields: "id")')
@Entity('registration')
@Index('IDX_registration_event_created', ['eventId', 'createdAt'])
@Index('IDX_registration_member', ['memberId'])
export class Registration {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'eventId' })
  event?: Event;

  /** The member (collections) who registered; null for a guest. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  memberId: string | null;

  @Field(() => String, { nullable: true, description: 'Name of a guest without a library card' })
  @Column({ type: 'varchar', length: 150, nullable: true })
  guestName: string | null;

  @Field(() => String, { nullable: true, description: 'E-mail of a guest without a library card' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  guestEmail: string | null;

  @Field(() => RegistrationStatus)
  @Column({ type: 'varchar', length: 20 })
  status: RegistrationStatus;

  @Field()
  @Column({ type: 'datetime' })
  createdAt: Date;
}
