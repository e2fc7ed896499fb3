import type { Feature } from '../../../shared/platform/subgraph';
import type { CollectionsLoaders } from '../loaders';
import { CirculationNotice } from './circulation-notice.entity';
import { NoticePolicy } from './notice-policy.entity';
import { CirculationNoticeResolver, MemberNoticesResolver, NoticePolicyResolver } from './notice.resolver';

/** Circulation notices (due soon, overdue, hold available …): each library's policy and the outbox its scheduler writes and delivers. */
export const notices: Feature<CollectionsLoaders> = {
  entities: [NoticePolicy, CirculationNotice],
  resolvers: [NoticePolicyResolver, CirculationNoticeResolver, MemberNoticesResolver],
};
