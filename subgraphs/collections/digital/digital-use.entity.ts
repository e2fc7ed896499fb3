import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { DigitalResource } from './digital-resource.entity';
import { Member } from '../members/member.entity';

/**
 * One use of a digital resource: a reader opened it. It holds a seat of the licence from
 * `startedAt` until `endedAt` (returned) or `expiresAt` (the session ran out), whichever comes
 * first. Counted for the reader's library. Personal data when a member's: the member, their
 * library's staff, ADMIN; GOVERNMENT gets counts (Library.digitalUsage, indicators).
 */
@ObjectType({ description: "A use of a digital resource (the reader, their library's staff, ADMIN)" })
@Entity('digital_use')
@Index('IDX_digital_use_resource_ended_expires', ['resourceId', 'endedAt', 'expiresAt'])
@Index('IDX_digital_use_library_started', ['libraryId', 'startedAt'])
@Index('IDX_digital_use_member_started', ['memberId', 'startedAt'])
export class DigitalUse {
  @Field(() => ID, { description: "The use's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  resourceId: string;

  @ManyToOne(() => DigitalResource, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'resourceId' })
  resource?: DigitalResource;

  /** The reader's library: the use counts for it. */
  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  /** The member who read it; null when a member of staff did. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  memberId: string | null;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'memberId' })
  member?: Member;

  /** The token's subject and role (and the librarian) of whoever opened it. */
  @Column({ type: 'varchar', length: 100 })
  userSub: string;

  @Field({ description: 'MEMBER, LIBRARIAN or LIBRARY_ADMIN' })
  @Column({ type: 'varchar', length: 20 })
  userRole: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  librarianId: string | null;

  @Field({ description: 'When the reader opened it' })
  @Column({ type: 'datetime' })
  startedAt: Date;

  @Field({ description: 'When the seat frees by itself unless returned earlier' })
  @Column({ type: 'datetime' })
  expiresAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the reader returned it; null if not returned (then it ended at expiresAt)' })
  @Column({ type: 'datetime', nullable: true })
  endedAt: Date | null;
}
