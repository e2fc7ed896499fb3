import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { StockTake, StockTakeScan } from './stock-take.entity';

@ObjectType({ description: 'A page of stock-takes' })
export class StockTakeConnection extends Connection(StockTake) {}

@ObjectType({ description: 'A page of stock-take barcodes, by barcode' })
export class StockTakeScanConnection extends Connection(StockTakeScan) {}

@ObjectType({ description: 'How many barcodes of a stock-take fell in each category' })
export class StockTakeCounts {
  @Field(() => Int, { description: 'Distinct barcodes scanned' })
  scanned: number;

  @Field(() => Int, { description: 'Scanned, in scope and in place' })
  expected: number;

  @Field(() => Int, { description: 'Scanned copies of another library' })
  wrongLibrary: number;

  @Field(() => Int, { description: "Scanned copies of this library from outside the stock-take's location" })
  wrongLocation: number;

  @Field(() => Int, { description: 'Scanned although on loan' })
  onLoanScanned: number;

  @Field(() => Int, { description: 'Scanned barcodes no copy has' })
  unknownBarcodes: number;

  @Field(() => Int, { description: 'Scanned although withdrawn' })
  withdrawn: number;

  @Field(() => Int, { description: 'Scanned although marked missing: found again' })
  foundMissing: number;

  @Field(() => Int, { description: 'In scope and not scanned, not on loan (known at close)' })
  notSeen: number;

  @Field(() => Int, { description: 'In scope, not scanned, on loan (known at close)' })
  notSeenOnLoan: number;
}

/** The lists of a closed stock-take; each list field resolves through a per-request loader. */
@ObjectType({ description: "A closed stock-take's findings: each list by barcode, paginated" })
export class StockTakeReport {
  stockTakeId: string;
}
