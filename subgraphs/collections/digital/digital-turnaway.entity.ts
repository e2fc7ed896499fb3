import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A reader refused because every seat of the licence was taken (COUNTER's "Limit_Exceeded"
 * turnaway): the figure that tells a library to buy more seats. Counts only, never shown one by one.
 */
@Entity('digital_turnaway')
@Index('IDX_digital_turnaway_library_refused', ['libraryId', 'refusedAt'])
export class DigitalTurnaway {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  resourceId: string;

  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  @Column({ type: 'datetime' })
  refusedAt: Date;
}
