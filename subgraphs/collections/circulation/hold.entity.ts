import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { Item } from '../catalogue/item.entity';
import { Member } from '../members/member.entity';
import { LockVersionColumn } from '../../../shared/platform/row-lock';

export enum HoldStatus {
  /** In the queue for the title. */
  WAITING = 'WAITING',
  /** A copy is on its way to the pickup library for this hold. */
  IN_TRANSIT = 'IN_TRANSIT',
  /** A copy waits on the pickup library's hold shelf until pickupBy. */
  READY = 'READY',
  FULFILLED = 'FULFILLED',
  CANCELLED = 'CANCELLED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(HoldStatus, {
  name: 'HoldStatus',
  description: 'WAITING in the queue, IN_TRANSIT, READY on the hold shelf; then FULFILLED, CANCELLED or EXPIRED',
  valuesConfig: {
    WAITING: { description: 'In the queue for the title; no copy set aside yet' },
    IN_TRANSIT: { description: 'A copy set aside for this hold is on its way to the pickup library' },
    READY: { description: 'A copy waits on the pickup library’s hold shelf until pickupBy' },
    FULFILLED: { description: 'The member borrowed the copy (or, while waiting, another copy of the title)' },
    CANCELLED: { description: 'Cancelled by the member or by staff' },
    EXPIRED: { description: 'Its notNeededAfter day passed while waiting, or the copy was not picked up by pickupBy' },
  },
});

export const OPEN_HOLD_STATUSES = [HoldStatus.WAITING, HoldStatus.IN_TRANSIT, HoldStatus.READY];

/**
 * A request for a title (Koha `reserves`, FOLIO request): the next copy that comes free goes to
 * the first hold in the queue, to be picked up at the member's chosen library. Personal data:
 * the member, their library's staff, the pickup library's staff, ADMIN.
 *
 * Two unique indexes keep concurrent requests honest on both backends: `position` is a queue
 * number per title that is never reused, and `activeMemberId` (the member while the hold is
 * open, null after) allows one open hold per member and title.
 */
@ObjectType({ description: "A member's request for a title, served in queue order (the member, their library's and the pickup library's staff, ADMIN)" })
@Entity('hold')
@Index('UQ_hold_record_position', ['recordId', 'position'], { unique: true })
@Index('UQ_hold_record_active_member', ['recordId', 'activeMemberId'], { unique: true })
@Index('IDX_hold_record_status_position', ['recordId', 'status', 'position'])
@Index('IDX_hold_member_placed', ['memberId', 'placedAt'])
@Index('IDX_hold_pickup_status_placed', ['pickupLibraryId', 'status', 'placedAt'])
@Index('IDX_hold_item_status', ['itemId', 'status'])
export class Hold {
  @Field(() => ID, { description: "The hold's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  recordId: string;

  @ManyToOne(() => BibliographicRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recordId' })
  record?: BibliographicRecord;

  @Column({ type: 'varchar', length: 36 })
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'memberId' })
  member?: Member;

  @Column({ type: 'varchar', length: 40 })
  pickupLibraryId: string;

  @Field(() => HoldStatus, { description: 'Where the hold stands now' })
  @Column({ type: 'varchar', length: 20 })
  status: HoldStatus;

  /** Queue number for the title, increasing, never reused; the queue position counts open ones before it. */
  @Column({ type: 'int' })
  position: number;

  /** The member while the hold is open (WAITING, IN_TRANSIT, READY), null once closed. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  activeMemberId: string | null;

  /** The copy set aside for this hold (IN_TRANSIT, READY, FULFILLED). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  itemId: string | null;

  @ManyToOne(() => Item, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'itemId' })
  item?: Item;

  @Field({ description: 'When the hold was placed (UTC)' })
  @Column({ type: 'datetime' })
  placedAt: Date;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'The member no longer wants the title after this day; the hold then expires' })
  @Column({ type: 'date', nullable: true })
  notNeededAfter: string | null;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'READY: last day to pick the copy up at the pickup library' })
  @Column({ type: 'date', nullable: true })
  pickupBy: string | null;

  @Field(() => Date, { nullable: true, description: 'When the hold was fulfilled, cancelled or expired' })
  @Column({ type: 'datetime', nullable: true })
  closedAt: Date | null;

  /** Written by lockForUpdate (shared/platform/row-lock.ts) so that a lock on this row holds across Galera nodes. */
  @LockVersionColumn()
  lockVersion?: number;
}
