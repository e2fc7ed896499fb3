import type { Feature } from '../../../shared/platform/subgraph';
import type { CollectionsLoaders } from '../loaders';
import { Member } from './member.entity';
import { MemberResolver } from './member.resolver';

/**
 * Card holders of each library (an INSTITUTION card stands for a partner). Whether a MEMBER token
 * is one of them is the subgraph's `admit` hook (admit.ts).
 */
export const members: Feature<CollectionsLoaders> = {
  entities: [Member],
  resolvers: [MemberResolver],
};
