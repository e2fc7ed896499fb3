import { INTERNAL_HEADER, signServiceToken } from './auth';
import type { Config, SubgraphName } from './config';
import { AppError, BadUserInputError } from './errors';
import { INTERNAL_OPERATIONS, type InternalOperationName } from './internal-operations';

/**
 * The one way a subgraph calls another: a registered internal operation (shared/internal-
 * operations.ts), sent with a SERVICE token naming the caller, with a deadline. Network failures,
 * time-outs and answers without data become SERVICE_UNAVAILABLE naming the owner (`what`), never
 * its address.
 */
export type ServiceClientConfig = Pick<Config, 'serviceSecret' | 'subgraphTimeoutMs' | 'subgraphUrls'>;

export interface InternalResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function callInternal<T>(
  config: ServiceClientConfig,
  caller: SubgraphName,
  name: InternalOperationName,
  variables: Record<string, unknown> = {},
  what = `The ${INTERNAL_OPERATIONS[name].target} service`,
): Promise<InternalResponse<T>> {
  const op = INTERNAL_OPERATIONS[name];
  let body: InternalResponse<T>;
  try {
    const res = await fetch(config.subgraphUrls[op.target], {
      method: 'POST',
      headers: { 'content-type': 'application/json', [INTERNAL_HEADER]: await signServiceToken(caller, config.serviceSecret) },
      body: JSON.stringify({ query: op.query, variables }),
      signal: AbortSignal.timeout(config.subgraphTimeoutMs),
    });
    body = (await res.json()) as InternalResponse<T>;
  } catch {
    throw new AppError('SERVICE_UNAVAILABLE', `${what} is unavailable`);
  }
  if (!body.data && !body.errors?.length) throw new AppError('SERVICE_UNAVAILABLE', `${what} is unavailable`);
  return body;
}

/** The entities other subgraphs point at by id, with the operation that tells their libraries and their owner's name. */
const LINKABLE = {
  Librarian: { operation: 'LibrarianLibraries', owner: 'The staff directory (staff-development)' },
  TrainingProgramme: { operation: 'TrainingProgrammeLibraries', owner: 'The staff directory (staff-development)' },
  Partner: { operation: 'PartnerLibraries', owner: 'The partner directory (partnerships)' },
} as const;
export type LinkableType = keyof typeof LINKABLE;

/**
 * The libraries of entities owned by another subgraph, asked of the owner in one `_entities` call
 * with the caller's SERVICE identity: id → the librarian's or programme's library, the libraries a
 * partner works with; null for an id the owner does not know. The owner failing (no data) is
 * SERVICE_UNAVAILABLE, never "unknown".
 */
export async function librariesOf(
  config: ServiceClientConfig,
  caller: SubgraphName,
  typename: LinkableType,
  ids: readonly string[],
): Promise<Map<string, string[] | null>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const { operation, owner } = LINKABLE[typename];
  type Row = { id: string; library?: { id: string } | null; libraries?: { id: string }[] } | null;
  const body = await callInternal<{ _entities: Row[] }>(config, caller, operation, { r: unique.map((id) => ({ __typename: typename, id })) }, owner);
  if (!body.data?._entities) throw new AppError('SERVICE_UNAVAILABLE', `${owner} is unavailable`);
  const rows = body.data._entities;
  return new Map(
    unique.map((id, i) => {
      const row = rows[i];
      if (!row) return [id, null];
      return [id, row.libraries ? row.libraries.map((l) => l.id) : row.library ? [row.library.id] : []];
    }),
  );
}

/**
 * The rule for every id that points into another subgraph, checked before anything is written
 * (and before any database transaction opens): each must be a librarian / training programme of
 * the library, or a partner that works with it. One answer, BAD_USER_INPUT on `field`, whether the
 * id is unknown or belongs elsewhere: the caller learns only "not yours".
 */
export async function requireOfLibrary(
  config: ServiceClientConfig,
  caller: SubgraphName,
  typename: LinkableType,
  libraryId: string,
  ids: readonly string[],
  field: string,
  explain: (id: string) => string = (id) => `${id} is not a ${typename} of ${libraryId}`,
): Promise<void> {
  for (const [id, libraries] of await librariesOf(config, caller, typename, ids)) {
    if (!libraries?.includes(libraryId)) throw new BadUserInputError(field, explain(id));
  }
}
