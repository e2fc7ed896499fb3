import { requireOfLibrary, type ServiceClientConfig } from '../../../shared/platform/service-client';

/**
 * A training programme given by a partner names that partner (partnerships' entity) as its
 * provider, and the partner then sees the programme, its sessions' online links and its
 * enrolment counts. So the id is checked with its owner before anything is written: the partner
 * must exist and work with the programme's library (`PartnerLibraries`, one `_entities` call with
 * this subgraph's SERVICE identity), always before the database transaction opens. One answer —
 * BAD_USER_INPUT on `partnerId` — whether the id is unknown or the partner works elsewhere; an
 * owner that cannot answer is SERVICE_UNAVAILABLE, and nothing is written.
 */
export async function requirePartnerOfLibrary(config: ServiceClientConfig, libraryId: string, partnerId: string, field = 'partnerId'): Promise<void> {
  await requireOfLibrary(
    config,
    'staff-development',
    'Partner',
    libraryId,
    [partnerId],
    field,
    (id) => `${id} is not a partner ${libraryId} works with: a programme's provider is one of the library's partners`,
  );
}
