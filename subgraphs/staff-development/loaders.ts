import { loaderGroups } from '../../shared/platform/loader-groups';
import { careerLoaders } from './career/loaders';
import { incentiveLoaders } from './incentives/loaders';
import { indicatorLoaders } from './indicators/loaders';
import { librarianLoaders } from './librarians/loaders';
import { libraryLoaders } from './libraries/loaders';
import { trainingLoaders } from './training/loaders';

/** Per-request loaders: every list, count and reference goes through one of these (each feature's, concatenated). */
export const createLoaders = loaderGroups(libraryLoaders, librarianLoaders, trainingLoaders, careerLoaders, incentiveLoaders, indicatorLoaders);

export type StaffLoaders = ReturnType<typeof createLoaders>;
