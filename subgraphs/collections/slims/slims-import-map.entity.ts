import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What a row of a SLiMS database became here; one kind per SLiMS table (or pair of tables) imported. */
export enum SlimsKind {
  BIBLIO = 'BIBLIO',
  ITEM = 'ITEM',
  MEMBER = 'MEMBER',
  MEMBER_TYPE = 'MEMBER_TYPE',
  LOAN_RULE = 'LOAN_RULE',
  LOAN = 'LOAN',
  RESERVE = 'RESERVE',
  /** A `fines` row's debet (a charge). */
  FINE = 'FINE',
  /** A `fines` row's credit (a payment). */
  FINE_PAYMENT = 'FINE_PAYMENT',
  /** A day of `visitor_count` (its rows counted): the slimsId is the date. */
  VISIT_DAY = 'VISIT_DAY',
}

/**
 * The SLiMS id of an imported row and the id of what it became, per library: a second import of
 * the same SLiMS database finds every row here and adds nothing. Not exposed in the API.
 */
@Entity('slims_import_map')
@Index('IDX_slims_map_target', ['targetId'])
export class SlimsImportMap {
  /** The importing library (slug): two libraries' SLiMS databases both number their rows from 1. */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  libraryId: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  kind: SlimsKind;

  /** The SLiMS primary key as text (biblio_id, item_id, member_id, a date …). */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  slimsId: string;

  /** The id of the row it became (a record matched to one already catalogued: that record). */
  @Column({ type: 'varchar', length: 36 })
  targetId: string;

  @Column({ type: 'datetime' })
  importedAt: Date;
}
