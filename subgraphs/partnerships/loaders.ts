import type { DataSource } from 'typeorm';
import type { Identity } from '../../shared/platform/auth';
import type { Config } from '../../shared/platform/config';
import { agreementLoaders } from './agreements/loaders';
import { fundingLoaders } from './funding/loaders';
import { indicatorLoaders } from './indicators/loaders';
import { internshipLoaders } from './internships/loaders';
import { partnerLoaders } from './partners/loaders';
import { programmeLoaders } from './programmes/loaders';
import { webhookLoaders } from './webhooks/loaders';

/** Per-request loaders: every list and reference goes through one of these (each feature's, concatenated). */
export function createLoaders(db: DataSource, identity: Identity, config: Config) {
  return {
    ...partnerLoaders(db),
    ...agreementLoaders(db, identity),
    ...internshipLoaders(db),
    ...programmeLoaders(db, config),
    ...fundingLoaders(db),
    ...webhookLoaders(db),
    ...indicatorLoaders(db),
  };
}

export type PartnershipsLoaders = ReturnType<typeof createLoaders>;
