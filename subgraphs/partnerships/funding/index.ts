import type { Feature } from '../feature';
import { FundingContribution } from './funding-contribution.entity';
import { FundingResolver, FundingTotalResolver } from './funding.resolver';

/** Money received from government programmes and private stakeholders. */
export const funding: Feature = {
  entities: [FundingContribution],
  resolvers: [FundingResolver, FundingTotalResolver],
};
