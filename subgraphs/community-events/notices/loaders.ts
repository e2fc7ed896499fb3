import type { DataSource } from 'typeorm';
import { byForeignKeyLoader } from '../../../shared/platform/pagination';
import { EventNotice } from './event-notice.entity';

/** Event notices: per request. */
export function noticeLoaders(db: DataSource) {
  return {
    noticesByRegistrationId: byForeignKeyLoader(db.getRepository(EventNotice), 'registrationId', { createdAt: 'ASC', id: 'ASC' }),
  };
}
