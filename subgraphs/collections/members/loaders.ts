import type { DataSource } from 'typeorm';
import { byIdLoader, connectionLoader } from '../../../shared/platform/pagination';
import { Member } from './member.entity';

/** Per-request loaders of card holders. */
export function memberLoaders(db: DataSource) {
  return {
    memberById: byIdLoader(db.getRepository(Member)),
    membersByLibraryId: connectionLoader({ repo: db.getRepository(Member), alias: 'm', parent: 'm.libraryId', sort: 'name' }),
  };
}
