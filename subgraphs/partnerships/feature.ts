import type { Feature as SharedFeature } from '../../shared/platform/subgraph';
import type { PartnershipsLoaders } from './loaders';

/** What a feature folder of partnerships exports (its index.ts). */
export type Feature = SharedFeature<PartnershipsLoaders>;
