import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Event } from '../events/event.entity';
import { Registration } from '../registration/registration.entity';

/**
 * An attendee's rating of an event (for a series: of one session), once per registration and
 * event. Shown without the person's name.
 */
@ObjectType({ description: "An attendee's rating and comment (shown without names)" })
@Entity('event_feedback')
@Index('UQ_event_feedback_event_registration', ['eventId', 'registrationId'], { unique: true })
export class EventFeedback {
  @Field(() => ID, { description: "The rating's id (a UUID)" })
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

  @Field(() => Int, { description: '1 (poor) to 5 (excellent)' })
  @Column({ type: 'int' })
  rating: number;

  @Field(() => String, { nullable: true, description: "The attendee's comment; null when none was given" })
  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Field({ description: 'When the rating was given (an instant in UTC)' })
  @Column({ type: 'datetime' })
  createdAt: Date;
}
