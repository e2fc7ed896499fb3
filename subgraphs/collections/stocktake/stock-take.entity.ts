import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export enum StockTakeStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(StockTakeStatus, {
  name: 'StockTakeStatus',
  description: 'OPEN while the shelves are being scanned, CLOSED once counted',
  valuesConfig: {
    OPEN: { description: 'Opened: barcodes are being scanned' },
    CLOSED: { description: 'Closed: no more scans; the copies nobody scanned are in its report' },
  },
});

/**
 * What a barcode turned out to be. The first seven answer a scan; NOT_SEEN and NOT_SEEN_ON_LOAN
 * are written at close for the copies in scope that nobody scanned.
 */
export enum StockTakeOutcome {
  /** In scope and where it belongs. */
  EXPECTED = 'EXPECTED',
  /** A copy of another library. */
  WRONG_LIBRARY = 'WRONG_LIBRARY',
  /** A copy of this library shelved outside the stock-take's location. */
  WRONG_LOCATION = 'WRONG_LOCATION',
  /** The copy is on loan: it should not be on a shelf at all. */
  ON_LOAN = 'ON_LOAN',
  /** No copy has this barcode. */
  UNKNOWN_BARCODE = 'UNKNOWN_BARCODE',
  /** The copy was withdrawn from the collection. */
  WITHDRAWN = 'WITHDRAWN',
  /** The copy was marked missing, and here it is. */
  MISSING = 'MISSING',
  /** In scope, not scanned (written at close). */
  NOT_SEEN = 'NOT_SEEN',
  /** In scope, not scanned, and on loan at close: not missing (written at close). */
  NOT_SEEN_ON_LOAN = 'NOT_SEEN_ON_LOAN',
}
registerEnumType(StockTakeOutcome, {
  name: 'StockTakeOutcome',
  description:
    'What a barcode was: EXPECTED, WRONG_LIBRARY, WRONG_LOCATION, ON_LOAN, UNKNOWN_BARCODE, WITHDRAWN, MISSING (answers to a scan); NOT_SEEN, NOT_SEEN_ON_LOAN (copies in scope nobody scanned, at close)',
  valuesConfig: {
    EXPECTED: { description: 'Scanned: a copy in scope, where it belongs' },
    WRONG_LIBRARY: { description: 'Scanned: a copy of another library' },
    WRONG_LOCATION: { description: "Scanned: a copy of this library from outside the stock-take's location" },
    ON_LOAN: { description: 'Scanned: a copy that is on loan, so should not be on a shelf' },
    UNKNOWN_BARCODE: { description: 'Scanned: no copy has this barcode' },
    WITHDRAWN: { description: 'Scanned: a copy withdrawn from the collection' },
    MISSING: { description: 'Scanned: a copy marked MISSING, found again' },
    NOT_SEEN: { description: 'Written at close: a copy in scope nobody scanned, not on loan' },
    NOT_SEEN_ON_LOAN: { description: 'Written at close: a copy in scope nobody scanned, on loan at close (so not missing)' },
  },
});

/**
 * A stock-take (stock opname) of one library, of one shelf location or of the whole library.
 * `openKey` is `libraryId` + scope while OPEN and NULL once CLOSED: its unique index lets one
 * OPEN stock-take per library and scope exist, whichever desk opens first. `version` is bumped by
 * every scan and by the close, so that a scan and the close of the same stock-take serialise on
 * its row (a lock that is also a write, as Galera needs).
 */
@ObjectType({ description: "A stock-take (stock opname) of a library's shelves (the library's LIBRARIAN and LIBRARY_ADMIN, ADMIN)" })
@Entity('stock_take')
@Index('IDX_stock_take_library_opened', ['libraryId', 'openedAt'])
export class StockTake {
  @Field(() => ID, { description: "The stock-take's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @Field(() => String, { nullable: true, description: "The shelf location counted (an Item's location, e.g. 'Ruang Anak'); null: the whole library" })
  @Column({ type: 'varchar', length: 100, nullable: true })
  location: string | null;

  @Field(() => StockTakeStatus, { description: 'OPEN or CLOSED' })
  @Column({ type: 'varchar', length: 10 })
  status: StockTakeStatus;

  @Index('UQ_stock_take_open_key', { unique: true })
  @Column({ type: 'varchar', length: 150, nullable: true })
  openKey: string | null;

  @Column({ type: 'int', default: 0 })
  version: number;

  @Field({ description: 'When it was opened' })
  @Column({ type: 'datetime' })
  openedAt: Date;

  @Field({ description: "Who opened it: the token's subject" })
  @Column({ type: 'varchar', length: 100 })
  openedBy: string;

  @Field({ description: 'Their role (LIBRARIAN, LIBRARY_ADMIN, ADMIN)' })
  @Column({ type: 'varchar', length: 20 })
  openedByRole: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  openedByLibrarianId: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was closed; null while OPEN' })
  @Column({ type: 'datetime', nullable: true })
  closedAt: Date | null;

  @Field(() => String, { nullable: true, description: "Who closed it: the token's subject" })
  @Column({ type: 'varchar', length: 100, nullable: true })
  closedBy: string | null;

  @Field(() => Date, { nullable: true, description: 'When the unseen copies were marked MISSING (markStockTakeMissing)' })
  @Column({ type: 'datetime', nullable: true })
  missingMarkedAt: Date | null;

  /** How many copies markStockTakeMissing set to MISSING (answered again by a repeated call). */
  @Column({ type: 'int', nullable: true })
  missingMarkedCount: number | null;
}

/**
 * One barcode of a stock-take: scanned (once, however often it was scanned) or, from the close,
 * a copy in scope nobody scanned.
 */
@ObjectType({ description: 'A barcode of a stock-take: what a scan found, or a copy in scope nobody scanned' })
@Entity('stock_take_scan')
@Index('UQ_stock_take_scan_barcode', ['stockTakeId', 'barcode'], { unique: true })
@Index('IDX_stock_take_scan_outcome', ['stockTakeId', 'outcome', 'barcode'])
export class StockTakeScan {
  @Field(() => ID, { description: "The scan's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  stockTakeId: string;

  @Field({ description: 'As scanned (trimmed, upper case)' })
  @Column({ type: 'varchar', length: 30 })
  barcode: string;

  /** The copy with this barcode, when there is one. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  itemId: string | null;

  @Field(() => StockTakeOutcome, { description: 'What the barcode turned out to be' })
  @Column({ type: 'varchar', length: 20 })
  outcome: StockTakeOutcome;

  @Field(() => Date, { nullable: true, description: 'When it was first scanned; null for a copy nobody scanned' })
  @Column({ type: 'datetime', nullable: true })
  scannedAt: Date | null;

  @Field(() => String, { nullable: true, description: "Who scanned it: the token's subject" })
  @Column({ type: 'varchar', length: 100, nullable: true })
  scannedBy: string | null;
}
