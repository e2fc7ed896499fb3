import { fromFeatures, type SubgraphDefinition } from '../../shared/platform/subgraph';
import { idempotencyFeature } from '../../shared/platform/idempotency';
// The order in which the resolver modules are first loaded is the order of the fields in the
// schema (type-graphql adds the Query, Mutation, Library and Member fields as their decorators
// run), and the supergraph keeps it: these load first, in the order they always had, so that
// moving a feature does not reorder the API.
import './federation/library.resolver';
import './catalogue/bibliographic-record.resolver';
import './circulation/circulation.resolver';
import './circulation/fine-entry.resolver';
import './circulation/hold.resolver';
import './catalogue/item.resolver';
import './circulation/loan.resolver';
import './circulation/loan-rule.resolver';
import './members/member.resolver';
import './federation/partner.resolver';
import './catalogue/search.resolver';
import './marc/marc.resolver';
import './notices/notice.resolver';
import './visits/visit.resolver';
import './digital/digital.resolver';
import './acquisitions/acquisition.resolver';
import { acquisitions } from './acquisitions';
import { admitMember } from './admit';
import { catalogue } from './catalogue';
import { circulation } from './circulation';
import { startHoldExpiry } from './circulation/jobs';
import { seed } from './demo';
import { digital } from './digital';
import { federation } from './federation';
import { indicators } from './indicators';
import { startDailyAggregates } from './indicators/aggregates.job';
import { desk } from './desk';
import { createLoaders, type CollectionsLoaders } from './loaders';
import { marc } from './marc';
import { members } from './members';
import { migrations } from './migrations';
import { notices } from './notices';
import { startNoticeScheduler } from './notices/job';
import { oai } from './oai';
import { references } from './references';
import { slims } from './slims';
import { stocktake } from './stocktake';
import { visits } from './visits';

/** Every feature folder; the definition below concatenates what they export. */
const features = [catalogue, members, circulation, indicators, visits, digital, acquisitions, notices, marc, slims, oai, stocktake, desk, federation, idempotencyFeature];

export const collections: SubgraphDefinition<CollectionsLoaders> = {
  name: 'collections',
  // Library, Librarian and Partner are federation stubs (owned elsewhere), not tables: federation/.
  ...fromFeatures(features, references),
  migrations,
  createLoaders,
  // A MEMBER token's memberId must be a member of its libraryId (one lookup per request).
  admit: admitMember,
  seed,
  background: ({ db, calendar, config, log }) => {
    const stopHoldExpiry = startHoldExpiry({ db, calendars: calendar }, log);
    const stopAggregates = startDailyAggregates({ db, calendars: calendar }, log);
    const stopNotices = startNoticeScheduler({ db, calendar, config, log });
    return async () => {
      await Promise.all([stopHoldExpiry(), stopAggregates(), stopNotices()]);
    };
  },
};
