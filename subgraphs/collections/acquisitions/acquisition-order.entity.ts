import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { bigintAsNumber, RupiahScalar } from './acquisition-budget.entity';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { CollectionType } from '../catalogue/item.entity';

export enum AcquisitionOrderStatus {
  /** Placed with the vendor: its cost is committed against the budget. */
  ORDERED = 'ORDERED',
  /** Delivered: the copies are in the catalogue, the cost spent. */
  RECEIVED = 'RECEIVED',
  /** Called off before delivery: its cost is released. */
  CANCELLED = 'CANCELLED',
}
registerEnumType(AcquisitionOrderStatus, {
  name: 'AcquisitionOrderStatus',
  description: 'ORDERED (committed), RECEIVED (copies catalogued, spent) or CANCELLED (released)',
  valuesConfig: {
    ORDERED: { description: 'Placed with the vendor: its cost is committed against the budget' },
    RECEIVED: { description: 'Delivered: its copies are in the catalogue and its cost is spent' },
    CANCELLED: { description: 'Called off before delivery: its cost went back to the budget' },
  },
});

/**
 * A purchase order of a library (SLiMS/Koha acquisitions): a vendor, a budget line, and lines of
 * titles × copies × unit price. Its cost is committed against the library's budget of the year it
 * is placed in (in the library's zone) and never more than the budget allows. Receiving it creates
 * the copies in the catalogue, all in one transaction. The library's staff and ADMIN.
 */
@ObjectType({ description: "A library's purchase order (the library's LIBRARIAN and LIBRARY_ADMIN, ADMIN)" })
@Entity('acquisition_order')
@Index('UQ_acquisition_order_number', ['number'], { unique: true })
@Index('IDX_acquisition_order_library_ordered', ['libraryId', 'orderedOn'])
@Index('IDX_acquisition_order_library_received', ['libraryId', 'receivedOn'])
export class AcquisitionOrder {
  @Field(() => ID, { description: "The order's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field({ description: "Order number: the library's code, the budget year and a sequence, e.g. KPG/2026/0004" })
  @Column({ type: 'varchar', length: 30 })
  number: string;

  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @Field(() => Int, { description: 'The budget year it is charged to' })
  @Column({ type: 'int' })
  year: number;

  @Field(() => CalendarDateScalar, { description: "The day it was placed, in the library's zone" })
  @Column({ type: 'date' })
  orderedOn: string;

  @Field({ description: 'Who supplies it, e.g. a bookshop or a publisher' })
  @Column({ type: 'varchar', length: 200 })
  vendor: string;

  @Field({ description: "The budget line it is charged to, e.g. '5.2.2.23.01 Belanja Buku Bacaan'" })
  @Column({ type: 'varchar', length: 100 })
  budgetLine: string;

  @Field(() => RupiahScalar, { description: 'Total: copies × unit price over the lines, rupiah' })
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  cost: number;

  @Field(() => AcquisitionOrderStatus, { description: 'Ordered, received or cancelled' })
  @Column({ type: 'varchar', length: 20 })
  status: AcquisitionOrderStatus;

  @Field(() => String, { nullable: true, description: 'A note given when it was placed; null when none' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'The day the copies arrived' })
  @Column({ type: 'date', nullable: true })
  receivedOn: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was cancelled; null unless CANCELLED' })
  @Column({ type: 'datetime', nullable: true })
  cancelledAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled; null unless CANCELLED' })
  @Column({ type: 'varchar', length: 300, nullable: true })
  cancelReason: string | null;

  @Field({ description: 'When it was placed' })
  @Column({ type: 'datetime' })
  createdAt: Date;

  @Field({ description: "Who placed it: the token's subject" })
  @Column({ type: 'varchar', length: 100 })
  orderedBy: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  orderedByLibrarianId: string | null;

  @Field(() => String, { nullable: true, description: "Who received it: the token's subject" })
  @Column({ type: 'varchar', length: 100, nullable: true })
  receivedBy: string | null;
}

/** One title of an order: copies at a unit price, shelved at a location when they arrive. */
@ObjectType({ description: 'A title of a purchase order: copies × unit price' })
@Entity('acquisition_order_line')
@Index('UQ_acquisition_line_order_no', ['orderId', 'lineNo'], { unique: true })
export class AcquisitionOrderLine {
  @Field(() => ID, { description: "The line's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  orderId: string;

  @ManyToOne(() => AcquisitionOrder, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'orderId' })
  order?: AcquisitionOrder;

  @Field(() => Int, { description: '1, 2 … in the order' })
  @Column({ type: 'int' })
  lineNo: number;

  @Column({ type: 'varchar', length: 36 })
  recordId: string;

  @ManyToOne(() => BibliographicRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recordId' })
  record?: BibliographicRecord;

  @Field(() => Int, { description: 'Copies ordered' })
  @Column({ type: 'int' })
  copies: number;

  @Field(() => Int, { description: 'Rupiah per copy: the price the copies carry' })
  @Column({ type: 'int' })
  unitPrice: number;

  @Field({ description: "Where the copies go, e.g. 'Rak Umum'" })
  @Column({ type: 'varchar', length: 100 })
  location: string;

  @Field(() => CollectionType, { description: 'The part of the collection the copies join' })
  @Column({ type: 'varchar', length: 20 })
  collectionType: CollectionType;

  /** The purchase suggestion this line answers, if any. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  suggestionId: string | null;
}
