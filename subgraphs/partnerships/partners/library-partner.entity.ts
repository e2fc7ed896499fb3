import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Partner } from './partner.entity';

/**
 * "This library works with this partner" (a table only, not a GraphQL type). One row per pair;
 * libraryId is a staff-development slug, so it has no foreign key here.
 */
@Entity('library_partner')
@Index('IDX_library_partner_partner', ['partnerId'])
export class LibraryPartner {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  libraryId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  partnerId: string;

  @ManyToOne(() => Partner, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partnerId' })
  partner?: Partner;

  /** The day the partnership began (the start of the first agreement). */
  @Column({ type: 'date' })
  since: string;
}
