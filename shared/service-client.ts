import { INTERNAL_HEADER, signServiceToken } from './auth';
import type { Config, SubgraphName } from './config';
import { AppError } from './errors';
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

/**
 * Resolves entity ids through a registered `_entities` operation: id → the entity's libraries
 * (`library { id }` or `libraries { id }`), null for an id the owner does not know.
 */
export async function librariesOfEntities(
  config: ServiceClientConfig,
  caller: SubgraphName,
  name: 'LibrarianLibraries' | 'TrainingProgrammeLibraries' | 'PartnerLibraries',
  typename: string,
  ids: readonly string[],
  what: string,
): Promise<Map<string, string[] | null>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  type Row = { id: string; library?: { id: string } | null; libraries?: { id: string }[] } | null;
  const body = await callInternal<{ _entities: Row[] }>(config, caller, name, { r: unique.map((id) => ({ __typename: typename, id })) }, what);
  // No data at all: the owner failed (an entity it does not know is a null row, not this).
  if (!body.data?._entities) throw new AppError('SERVICE_UNAVAILABLE', `${what} is unavailable`);
  const rows = body.data._entities;
  return new Map(
    unique.map((id, i) => {
      const row = rows[i];
      if (!row) return [id, null];
      return [id, row.libraries ? row.libraries.map((l) => l.id) : row.library ? [row.library.id] : []];
    }),
  );
}
