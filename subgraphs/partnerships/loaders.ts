import { loaderGroups } from '../../shared/platform/loader-groups';
import { agreementLoaders } from './agreements/loaders';
import { fundingLoaders } from './funding/loaders';
import { indicatorLoaders } from './indicators/loaders';
import { internshipLoaders } from './internships/loaders';
import { partnerLoaders } from './partners/loaders';
import { programmeLoaders } from './programmes/loaders';
import { webhookLoaders } from './webhooks/loaders';

/** Per-request loaders: every list and reference goes through one of these (each feature's, concatenated). */
export const createLoaders = loaderGroups(partnerLoaders, agreementLoaders, internshipLoaders, programmeLoaders, fundingLoaders, webhookLoaders, indicatorLoaders);

export type PartnershipsLoaders = ReturnType<typeof createLoaders>;
