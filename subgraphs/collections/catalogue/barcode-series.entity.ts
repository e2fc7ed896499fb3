import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A library's barcode series: copies received from an order get `<prefix>-<number, six digits>`,
 * the next free number on. Numbers a desk took by hand (addItem) are skipped.
 */
@Entity('barcode_series')
@Index('UQ_barcode_series_prefix', ['prefix'], { unique: true })
export class BarcodeSeries {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  libraryId: string;

  @Column({ type: 'varchar', length: 10 })
  prefix: string;

  /** The next number to try. */
  @Column({ type: 'int' })
  nextNumber: number;
}
