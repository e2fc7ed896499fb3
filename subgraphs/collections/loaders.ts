import { loaderGroups } from '../../shared/platform/loader-groups';
import { acquisitionLoaders } from './acquisitions/loaders';
import { catalogueLoaders } from './catalogue/loaders';
import { circulationLoaders } from './circulation/loaders';
import { digitalLoaders } from './digital/loaders';
import { partnerLoanLoaders } from './federation/loaders';
import { indicatorLoaders } from './indicators/loaders';
import { memberLoaders } from './members/loaders';
import { noticeLoaders } from './notices/loaders';
import { stockTakeLoaders } from './stocktake/loaders';
import { visitLoaders } from './visits/loaders';

/**
 * Per-request loaders: every list and reference goes through one of these. Each feature makes its
 * own (new DataLoaders on every call, so nothing is cached across requests); this puts them
 * together under one `ctx.loaders`.
 */
export const createLoaders = loaderGroups(
  catalogueLoaders,
  memberLoaders,
  circulationLoaders,
  partnerLoanLoaders,
  noticeLoaders,
  indicatorLoaders,
  visitLoaders,
  digitalLoaders,
  acquisitionLoaders,
  stockTakeLoaders,
);

export type CollectionsLoaders = ReturnType<typeof createLoaders>;
