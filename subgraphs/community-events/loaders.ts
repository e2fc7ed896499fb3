import { loaderGroups } from '../../shared/platform/loader-groups';
import { eventLoaders } from './events/loaders';
import { indicatorLoaders } from './indicators/loaders';
import { noticeLoaders } from './notices/loaders';
import { registrationLoaders } from './registration/loaders';
import { surveyLoaders } from './surveys/loaders';

/**
 * Per-request loaders: every list, count and reference goes through one of these. Each feature
 * makes its own (new DataLoaders on every call, so nothing is cached across requests); this
 * puts them together under one `ctx.loaders`.
 */
export const createLoaders = loaderGroups(eventLoaders, registrationLoaders, noticeLoaders, surveyLoaders, indicatorLoaders);

export type EventsLoaders = ReturnType<typeof createLoaders>;
