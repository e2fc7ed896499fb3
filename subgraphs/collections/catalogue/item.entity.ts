import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { BibliographicRecord } from './bibliographic-record.entity';
import { LockVersionColumn } from '../../../shared/platform/row-lock';

export enum ItemStatus {
  AVAILABLE = 'AVAILABLE',
  ON_LOAN = 'ON_LOAN',
  ON_HOLD_SHELF = 'ON_HOLD_SHELF',
  IN_TRANSIT = 'IN_TRANSIT',
  MISSING = 'MISSING',
  REPAIR = 'REPAIR',
  NOT_FOR_LOAN = 'NOT_FOR_LOAN',
  WITHDRAWN = 'WITHDRAWN',
  /** Declared lost while on loan (circulation's declareLoanLost); set AVAILABLE when found. */
  LOST = 'LOST',
}
registerEnumType(ItemStatus, {
  name: 'ItemStatus',
  description: 'Where a copy is in its circulation life',
  valuesConfig: {
    AVAILABLE: { description: 'On the shelf, free to lend' },
    ON_LOAN: { description: 'Lent to a member' },
    ON_HOLD_SHELF: { description: 'Set aside on a hold shelf for the member whose hold it serves' },
    IN_TRANSIT: { description: "On its way to another library: to a hold's pickup library, or back to its own" },
    MISSING: { description: 'Cannot be found, e.g. not scanned in a stock-take' },
    REPAIR: { description: 'Being repaired; not lent meanwhile' },
    NOT_FOR_LOAN: { description: 'Used in the library only (e.g. a reference copy); not lent' },
    WITHDRAWN: { description: 'Removed from the collection; no longer counted among the holdings' },
    LOST: { description: 'Declared lost while on loan; set AVAILABLE again when found' },
  },
});

/** The part of the collection a copy belongs to (SLiMS `coll_type`, Koha `ccode`). */
export enum CollectionType {
  GENERAL = 'GENERAL',
  LOCAL = 'LOCAL',
  CHILDREN = 'CHILDREN',
  REFERENCE = 'REFERENCE',
  SERIAL = 'SERIAL',
  MULTIMEDIA = 'MULTIMEDIA',
}
registerEnumType(CollectionType, {
  name: 'CollectionType',
  description: 'Part of the collection: general lending, local collection, children, reference, serials, multimedia',
  valuesConfig: {
    GENERAL: { description: 'The general lending collection' },
    LOCAL: { description: 'The local collection (koleksi lokal)' },
    CHILDREN: { description: "The children's collection" },
    REFERENCE: { description: 'The reference collection' },
    SERIAL: { description: 'Serials: magazines, journals, newspapers' },
    MULTIMEDIA: { description: 'Audiovisual and other multimedia material' },
  },
});

/** A physical copy held by one library (SLiMS `item`). Public: the OPAC shows every copy. */
@ObjectType({ description: 'A copy of a title, held by one library' })
@Directive('@key(fields: "id")')
@Entity('item')
@Index('IDX_item_library_barcode', ['libraryId', 'barcode'])
@Index('IDX_item_record_barcode', ['recordId', 'barcode'])
@Index('IDX_item_record_library_status', ['recordId', 'libraryId', 'status'])
// Covers the stock indicators (copies, titles, recent copies held on a day) without reading rows.
@Index('IDX_item_library_stock', ['libraryId', 'acquiredOn', 'status', 'recordId'])
export class Item {
  @Field(() => ID, { description: "The copy's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field({ description: "Printed on the copy, e.g. 'KPG-000123'" })
  @Index('UQ_item_barcode', { unique: true })
  @Column({ type: 'varchar', length: 30 })
  barcode: string;

  @Column({ type: 'varchar', length: 36 })
  recordId: string;

  @ManyToOne(() => BibliographicRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recordId' })
  record?: BibliographicRecord;

  /** The holding library's slug; the library itself lives in staff-development. */
  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @Field({ description: "Shelf area, e.g. 'Rak Umum', 'Ruang Anak'" })
  @Column({ type: 'varchar', length: 100 })
  location: string;

  @Field(() => CollectionType, { description: 'The part of the collection the copy belongs to' })
  @Column({ type: 'varchar', length: 20, default: CollectionType.GENERAL })
  collectionType: CollectionType;

  @Field(() => ItemStatus, { description: 'Where the copy is in its circulation life' })
  @Column({ type: 'varchar', length: 20 })
  status: ItemStatus;

  /**
   * Where the copy is, or is travelling to, when that is not its own library: the lending
   * library while lent elsewhere, the pickup library while on its hold shelf, the destination
   * while IN_TRANSIT. Null at home.
   */
  @Column({ type: 'varchar', length: 40, nullable: true })
  atLibraryId: string | null;

  @Field(() => CalendarDateScalar, { description: "The day the copy was acquired, in its library's time zone" })
  @Column({ type: 'date' })
  acquiredOn: string;

  @Field(() => Int, { description: 'Purchase (replacement) price in rupiah' })
  @Column({ type: 'int' })
  price: number;

  /** The acquisition order line the copy was bought on, when it came from an order. */
  @Index('IDX_item_acquisition_line')
  @Column({ type: 'varchar', length: 36, nullable: true })
  acquisitionLineId?: string | null;

  /** Written by lockForUpdate (shared/platform/row-lock.ts) so that a lock on this row holds across Galera nodes. */
  @LockVersionColumn()
  lockVersion?: number;
}
