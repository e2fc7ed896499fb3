import type { DataSource } from 'typeorm';
import { connectionLoader } from '../../../shared/platform/pagination';
import { filterScope } from '../list-filter';
import { FundingContribution } from './funding-contribution.entity';

/** Per-request loaders of funding contributions. */
export function fundingLoaders(db: DataSource) {
  return {
    fundingByLibraryId: connectionLoader({
      repo: db.getRepository(FundingContribution),
      alias: 'f',
      sort: 'receivedOn',
      parent: 'f.libraryId',
      scope: filterScope('f'),
    }),
  };
}
