import { AppError, BadUserInputError } from '../../../shared/platform/errors';
import { requireOfLibrary, type ServiceClientConfig } from '../../../shared/platform/service-client';
import type { EventsContext } from '../context';

/**
 * Every id an event points at in another subgraph is checked with its owner before anything is
 * written (createEvent, createEventSeries): the library must exist (staff-development), each
 * facilitator must be a librarian of the event's library (staff-development, `LibrarianLibraries`)
 * and each co-host a partner that works with it (partnerships, `PartnerLibraries`). One
 * `_entities` call per owner for all ids, made with this subgraph's SERVICE identity, always
 * before the database transaction opens (never a network call inside one). An owner that cannot
 * answer is SERVICE_UNAVAILABLE, and nothing is written.
 *
 * Without this, a librarian could name another library's librarian, or an id nobody knows, and
 * once the event was published every list selecting `facilitators { name }` would answer null.
 */
export async function requireLinkablePeople(
  config: ServiceClientConfig,
  libraryId: string,
  people: { facilitatorIds: readonly string[]; coHostIds: readonly string[] },
): Promise<void> {
  // One call per owner, both at once.
  await Promise.all([
    requireOfLibrary(
      config,
      'community-events',
      'Librarian',
      libraryId,
      people.facilitatorIds,
      'facilitatorIds',
      (id) => `${id} is not a librarian of ${libraryId}: facilitators are the library's own librarians`,
    ),
    requireOfLibrary(
      config,
      'community-events',
      'Partner',
      libraryId,
      people.coHostIds,
      'coHostIds',
      (id) => `${id} is not a partner ${libraryId} works with: co-hosts are the library's partners`,
    ),
  ]);
}

/** The library exists (its calendar is known to staff-development), else BAD_USER_INPUT on libraryId. */
export async function requireLibrary(ctx: Pick<EventsContext, 'calendar'>, libraryId: string) {
  try {
    return await ctx.calendar.get(libraryId);
  } catch (err) {
    if (err instanceof AppError && err.extensions.code === 'NOT_FOUND') throw new BadUserInputError('libraryId', `There is no library ${libraryId}`);
    throw err;
  }
}
