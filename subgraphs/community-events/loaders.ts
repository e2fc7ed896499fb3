import type { DataSource } from 'typeorm';
import type { Config } from '../../shared/platform/config';
import type { Identity } from '../../shared/platform/auth';
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
export function createLoaders(db: DataSource, identity: Identity, _config: Config) {
  return {
    ...eventLoaders(db, identity),
    ...registrationLoaders(db),
    ...noticeLoaders(db),
    ...surveyLoaders(db),
    ...indicatorLoaders(db),
  };
}

export type EventsLoaders = ReturnType<typeof createLoaders>;
