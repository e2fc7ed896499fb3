import { NotFoundError, UnauthenticatedError } from '../../shared/platform/errors';
import type { ReferenceResolvers } from '../../shared/platform/subgraph';
import type { EventsLoaders } from './loaders';
import { maySeeEvent, requireRegistrationAccess, requireVisibleEvent } from './access';

/**
 * Entities other subgraphs point at, and stubs of theirs this subgraph adds fields to.
 * Reference resolvers run outside type-graphql's @Authorized, so each applies the same policy as
 * the queries (access.ts): an event or series is NOT_FOUND when `event(id)` / `eventSeries(id)`
 * would be (unknown, or a draft the caller may not see), a registration refused with
 * UNAUTHENTICATED or FORBIDDEN (never a silent null). The added fields (facilitatedEvents,
 * coHostedEvents, eventRegistrations) check the caller themselves.
 */
export const references: ReferenceResolvers<EventsLoaders> = {
  // Owned by staff-development: the slug is all this subgraph needs to add `events`.
  Library: { __resolveReference: (ref) => ({ id: ref.id }) },
  // The representation carries `library { id }` when eventFacilitation is asked (@requires).
  Librarian: { __resolveReference: (ref) => ref },
  Partner: { __resolveReference: (ref) => ({ id: ref.id }) },
  // The representation carries `library { id }` when eventRegistrations is asked (@requires).
  Member: { __resolveReference: (ref) => ref },
  Event: {
    // NOT_FOUND exactly when event(id) says so (unknown, or a draft the caller may not see):
    // a null for one and an error for the other would tell a hidden draft exists.
    __resolveReference: async (ref, { identity, loaders }) => requireVisibleEvent(identity, await loaders.eventById.load(ref.id), ref.id),
  },
  EventSeries: {
    __resolveReference: async (ref, { identity, loaders }) => {
      // As eventSeries(id): NOT_FOUND when unknown or when the caller may see none of its sessions.
      const series = await loaders.seriesById.load(ref.id);
      const sessions = series ? await loaders.sessionsBySeriesId.load(series.id) : [];
      if (!series || !sessions.some((s) => maySeeEvent(identity, s))) throw new NotFoundError('Event series', ref.id);
      return series;
    },
  },
  SatisfactionSurvey: { __resolveReference: (ref, { loaders }) => loaders.surveyById.load(ref.id) },
  Registration: {
    __resolveReference: async (ref, { identity, loaders }) => {
      // Refuse anonymous callers before looking anything up, so ids cannot be probed.
      if (identity.role === 'PUBLIC') throw new UnauthenticatedError();
      const registration = await loaders.registrationById.load(ref.id);
      if (!registration) return null;
      const event = (await loaders.eventById.load(registration.eventId))!;
      requireRegistrationAccess(identity, registration, event);
      return registration;
    },
  },
};
