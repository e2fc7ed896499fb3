import { signInternalToken } from '../../shared/auth';
import type { Config } from '../../shared/config';
import { AppError, BadUserInputError } from '../../shared/errors';

/**
 * Which library a librarian works in, asked of staff-development (the owner) the way the gateway
 * would: one `_entities` call for all ids, with a service identity. Partnerships keeps only
 * librarian ids, so it checks them here before storing a supervisor or the librarians of a visit.
 */
const query = (typename: string) => `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { id library { id } } } }`;

type StaffConfig = Pick<Config, 'gatewaySecret' | 'subgraphTimeoutMs'> & { subgraphUrls: Pick<Config['subgraphUrls'], 'staff-development'> };

/** id → library slug of staff-development's librarians or training programmes; null for an id it does not know. */
export async function librariesOf(
  config: StaffConfig,
  typename: 'Librarian' | 'TrainingProgramme',
  ids: readonly string[],
): Promise<Map<string, string | null>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const token = await signInternalToken({ sub: 'service:partnerships', role: 'ADMIN' }, config.gatewaySecret);
  let body: { data?: { _entities: ({ id: string; library: { id: string } | null } | null)[] }; errors?: unknown[] };
  try {
    const res = await fetch(config.subgraphUrls['staff-development'], {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gateway-identity': token },
      body: JSON.stringify({ query: query(typename), variables: { r: unique.map((id) => ({ __typename: typename, id })) } }),
      signal: AbortSignal.timeout(config.subgraphTimeoutMs),
    });
    body = (await res.json()) as typeof body;
  } catch {
    throw new AppError('SERVICE_UNAVAILABLE', 'The staff directory (staff-development) is unavailable');
  }
  if (!body.data) throw new AppError('SERVICE_UNAVAILABLE', 'The staff directory (staff-development) is unavailable');
  return new Map(unique.map((id, i) => [id, body.data!._entities[i]?.library?.id ?? null]));
}

/** Refuses, with BAD_USER_INPUT on `field`, any id that is not a librarian (or training programme) of the library. */
export async function requireOfLibrary(
  config: StaffConfig,
  typename: 'Librarian' | 'TrainingProgramme',
  libraryId: string,
  ids: readonly string[],
  field: string,
): Promise<void> {
  for (const [id, library] of await librariesOf(config, typename, ids)) {
    if (library !== libraryId) throw new BadUserInputError(field, `${id} is not a ${typename} of ${libraryId}`);
  }
}
