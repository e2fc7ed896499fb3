import type { DataSource } from 'typeorm';
import { connectionLoader } from '../../../shared/platform/pagination';
import { CirculationNotice } from './circulation-notice.entity';

/** Per-request loaders of circulation notices. */
export function noticeLoaders(db: DataSource) {
  return {
    /** A member's circulation notices, oldest first. */
    noticesByMemberId: connectionLoader({ repo: db.getRepository(CirculationNotice), alias: 'n', parent: 'n.memberId', sort: 'createdAt' }),
  };
}
