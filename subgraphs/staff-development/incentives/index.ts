import type { Feature } from '../../../shared/platform/subgraph';
import type { StaffLoaders } from '../loaders';
import { IncentiveAward, IncentiveRule } from './incentive.entity';
import { IncentiveAwardResolver, IncentiveEligibilityResolver } from './incentive.resolver';

/** Incentives for staff who keep training: a library's rules, who is eligible in a year, awards. */
export const incentives: Feature<StaffLoaders> = {
  entities: [IncentiveRule, IncentiveAward],
  resolvers: [IncentiveAwardResolver, IncentiveEligibilityResolver],
};
