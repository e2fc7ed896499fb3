import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { MarcRecord } from './marcjs';

/** What `marc` holds: the record as imported, and the barcodes the library gave holdings that had none (by field position). */
export interface StoredMarc extends Pick<MarcRecord, 'leader' | 'fields'> {
  assignedBarcodes?: Record<number, string>;
}

/**
 * A MARC record as it was imported, kept beside the catalogue record it was mapped to, so that an
 * export gives back what came in (indicators, subfield order, subdivisions, name forms, local
 * holdings codes) and a re-import can tell "unchanged" from "changed". One row per distinct
 * source of a catalogue record: a file that merges two records with the same ISBN keeps both.
 * Not a GraphQL type: read through the export (and, later, OAI-PMH and SRU).
 */
@Entity('marc_source_record')
@Index('UQ_marc_source_record_hash', ['recordId', 'contentHash'], { unique: true })
@Index('IDX_marc_source_control', ['controlNumber', 'controlSource'])
@Index('IDX_marc_source_match_key', ['matchKey'])
@Index('IDX_marc_source_library', ['libraryId', 'recordId'])
export class MarcSourceRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The catalogue record (bibliographic_record.id). */
  @Column({ type: 'varchar', length: 36 })
  recordId: string;

  /** The library whose import brought it (its "to be completed" list shows the record). */
  @Column({ type: 'varchar', length: 50 })
  libraryId: string;

  /** 001, trimmed; null when the record had none. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  controlNumber: string | null;

  /** 003 (the organisation whose control number 001 is), trimmed; '' when absent. */
  @Column({ type: 'varchar', length: 50, default: '' })
  controlSource: string;

  /** Normalised title | first author | year, for records with neither ISBN nor control number. */
  @Column({ type: 'varchar', length: 200 })
  matchKey: string;

  /** SHA-256 of the record as imported, without 005 and the leader's computed positions. */
  @Column({ type: 'varchar', length: 64 })
  contentHash: string;

  /** Increases with each import of a new source for the record: the export uses the latest. */
  @Column({ type: 'int' })
  revision: number;

  /** The record as imported, MARC-in-JSON: `{"leader": …, "fields": [[tag, ind, code, value …] …], "assignedBarcodes"?: {…}}` (StoredMarc). */
  @Column({ type: 'text' })
  marc: string;

  /** The catalogue fields this source mapped to (JSON), to tell at export which ones were edited since. */
  @Column({ type: 'text' })
  mapped: string;
}
