import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What the OAI-PMH provider last disseminated of a catalogue record: a fingerprint of its public
 * content (catalogue fields, the libraries whose sets it is in, its latest MARC source), the
 * instant that content was first seen (the record's OAI datestamp, UTC, whole seconds) and, once
 * the record is gone from the catalogue (merged into another, removed) or withdrawn from every
 * library, its tombstone (`deleted`). Kept by the provider itself (oai.service.ts
 * `refreshOaiState`), so that a record removed by any path is reported deleted; tombstones are
 * kept for good (deletedRecord "persistent").
 */
@Entity('oai_record_state')
@Index('IDX_oai_record_state_datestamp', ['datestamp', 'recordId'])
export class OaiRecordState {
  /** bibliographic_record.id (no foreign key: the tombstone outlives the record). */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  recordId: string;

  /** SHA-256 of the public content; '' on a tombstone. */
  @Column({ type: 'varchar', length: 64 })
  fingerprint: string;

  /** When the content (or the deletion) was first seen: the OAI datestamp. */
  @Column({ type: 'datetime' })
  datestamp: Date;

  @Column({ type: 'boolean', default: false })
  deleted: boolean;
}

/** The sets (library ids) a record is in: the libraries that hold a copy of it or imported it. A tombstone keeps the sets it was in. */
@Entity('oai_record_set')
@Index('IDX_oai_record_set_record', ['recordId'])
export class OaiRecordSet {
  @PrimaryColumn({ type: 'varchar', length: 50 })
  setSpec: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  recordId: string;
}
