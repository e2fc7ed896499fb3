import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last receipt number a library gave in a year. A payment takes the next one by a guarded
 * `UPDATE … SET lastNumber = lastNumber + 1` on this row, so two desks paying at once queue on the
 * row and get two numbers; the unique index on fine_entry.receiptNumber refuses what would slip.
 */
@Entity('receipt_series')
export class ReceiptSeries {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  libraryId: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  lastNumber: number;
}
