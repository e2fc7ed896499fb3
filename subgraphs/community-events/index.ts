import { fromFeatures, type Feature, type SubgraphDefinition } from '../../shared/platform/subgraph';
import { idempotencyFeature } from '../../shared/platform/idempotency';
// The order in which the resolver modules are first loaded is the order of the Query and Mutation
// fields in the schema (type-graphql keeps the order of its decorators), and the supergraph keeps
// it: these four come first, in this order, so that moving a feature does not reorder the API.
import './events/event.resolver';
import './registration/registration.resolver';
import './events/series.resolver';
import './surveys/survey.resolver';
import { seed } from './demo';
import * as events from './events';
import * as federation from './federation';
import * as indicators from './indicators';
import { createLoaders, type EventsLoaders } from './loaders';
import { migrations } from './migrations';
import * as notices from './notices';
import { references } from './references';
import * as registration from './registration';
import * as surveys from './surveys';

const features: Feature<EventsLoaders>[] = [events, registration, notices, surveys, indicators, federation, idempotencyFeature];

export const communityEvents: SubgraphDefinition<EventsLoaders> = {
  name: 'community-events',
  // Library, Librarian, Member and Partner are federation stubs (owned elsewhere), not tables.
  ...fromFeatures(features, references),
  migrations,
  createLoaders,
  seed,
  background: ({ db, calendar, config, log }) => {
    const stopAggregates = indicators.startEventAggregates({ db, calendars: calendar }, log);
    const stopNotices = notices.startEventNoticeWorker({ db, config, log, calendar });
    return async () => {
      await Promise.all([stopAggregates(), stopNotices()]);
    };
  },
};
