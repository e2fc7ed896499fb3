import type { DataSource } from 'typeorm';
import type { Identity } from '../../shared/platform/auth';
import type { Config } from '../../shared/platform/config';
import { careerLoaders } from './career/loaders';
import { incentiveLoaders } from './incentives/loaders';
import { indicatorLoaders } from './indicators/loaders';
import { librarianLoaders } from './librarians/loaders';
import { libraryLoaders } from './libraries/loaders';
import { trainingLoaders } from './training/loaders';

/** Per-request loaders: every list, count and reference goes through one of these (each feature's, concatenated). */
export function createLoaders(db: DataSource, _identity: Identity, _config: Config) {
  return {
    ...libraryLoaders(db),
    ...librarianLoaders(db),
    ...trainingLoaders(db),
    ...careerLoaders(db),
    ...incentiveLoaders(db),
    ...indicatorLoaders(db),
  };
}

export type StaffLoaders = ReturnType<typeof createLoaders>;
