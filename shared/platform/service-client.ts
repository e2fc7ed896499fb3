import { LRUCache } from 'lru-cache';
import { INTERNAL_HEADER, signServiceToken } from './auth';
import type { Config, SubgraphName } from './config';
import { AppError, BadUserInputError } from './errors';
import { INTERNAL_OPERATIONS, type InternalOperationName } from './internal-operations';
import type { ServiceTracing } from './tracing';

/**
 * The one way a subgraph calls another: a registered internal operation (shared/internal-
 * operations.ts), sent with a SERVICE token naming the caller, with a deadline: INTERNAL_CALL_TIMEOUT_MS,
 * below the gateway's wait for the caller, so that the caller still answers with its own coded
 * error when the owner hangs (docs/operations.md, "Honest writes"). Network failures, time-outs
 * and answers without data become SERVICE_UNAVAILABLE naming the owner (`what`), never its
 * address. Never called inside a database transaction: a transaction reads what it needs first.
 */
export type ServiceClientConfig = Pick<Config, 'serviceSecret' | 'internalCallTimeoutMs' | 'subgraphUrls'> & {
  /**
   * The running subgraph this config belongs to and the address it actually listens on (set by
   * startSubgraph): a call it makes to itself goes there, whatever port the address book names.
   */
  self?: { name: SubgraphName; url: string };
  /** The calling subgraph's tracing: each call is a span of the caller's trace, continued by the owner. */
  tracing?: ServiceTracing;
};

/** Where `target` is reached: the address book's entry, or the bound address when it is the caller's own subgraph. */
export function addressOf(config: ServiceClientConfig, target: SubgraphName): string {
  return config.self?.name === target ? config.self.url : config.subgraphUrls[target];
}

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
  const send = async (trace: Record<string, string>): Promise<InternalResponse<T>> => {
    try {
      const headers = { 'content-type': 'application/json', [INTERNAL_HEADER]: await signServiceToken(caller, config.serviceSecret), ...trace };
      const body = JSON.stringify({ query: op.query, variables });
      const post = () => fetch(addressOf(config, op.target), { method: 'POST', headers, body, signal: AbortSignal.timeout(config.internalCallTimeoutMs) });
      // Every internal operation is a read: sent again, once, on a new connection when the pooled
      // one turned out to be closed by the owner (see staleConnection).
      const res = await post().catch((err: unknown) => {
        if (staleConnection(err)) return post();
        throw err;
      });
      return (await res.json()) as InternalResponse<T>;
    } catch {
      throw new AppError('SERVICE_UNAVAILABLE', `${what} is unavailable`);
    }
  };
  const body = config.tracing ? await config.tracing.client(`call ${name}`, { 'internal.operation': name, 'peer.service': op.target }, send) : await send({});
  if (!body.data && !body.errors?.length) throw new AppError('SERVICE_UNAVAILABLE', `${what} is unavailable`);
  return body;
}

/**
 * A request written on a kept-alive connection that the owner had just closed as idle: reset, or
 * closed before any answer. It happens after this thread was busy longer than the owner keeps an
 * idle connection (KEEP_ALIVE_MS, 65 s: a daily-aggregate build over years of loans): neither
 * side's idle timer could run, the request went out on the old connection, and the owner's timer
 * then closed it unread. The owner never saw the request.
 */
function staleConnection(err: unknown): boolean {
  // fetch's "fetch failed" TypeError, its cause the socket's error (by name: another realm's TypeError under jest).
  const failure = err as { name?: unknown; cause?: { code?: unknown } } | undefined;
  const code = failure?.cause?.code;
  return failure?.name === 'TypeError' && (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET');
}

/** How a failing owner is named in SERVICE_UNAVAILABLE: "The library calendar (staff-development)". */
export function ownerOf(name: InternalOperationName, what: string): string {
  return `${what} (${INTERNAL_OPERATIONS[name].target})`;
}

/**
 * Values read from another subgraph and kept per process (an lru-cache with a `fetchMethod`), for
 * what changes seldom (library calendars, the library directory):
 * - a fresh entry is answered from memory;
 * - an expired entry is answered at once, and read again in the background;
 * - while the owner does not answer, the entry it last gave keeps being served;
 * - with nothing cached, the caller waits for the owner (at most INTERNAL_CALL_TIMEOUT_MS) and
 *   gets its failure: the owner's coded error (NOT_FOUND, …), or SERVICE_UNAVAILABLE naming `what`;
 * - concurrent reads of one key share one call.
 */
export class CachedServiceRead<V extends object> {
  private readonly cache: LRUCache<string, V>;

  constructor(
    /** The owner as SERVICE_UNAVAILABLE names it (see ownerOf). */
    private readonly what: string,
    read: (key: string) => Promise<V>,
    options: { ttlMs: number; max: number },
  ) {
    this.cache = new LRUCache<string, V>({
      max: options.max,
      ttl: options.ttlMs,
      allowStale: true,
      allowStaleOnFetchRejection: true,
      fetchMethod: (key, stale, { options: fetchOptions }) => {
        // With no earlier value to fall back on, the failure is the caller's answer.
        if (stale === undefined) fetchOptions.allowStaleOnFetchRejection = false;
        return read(key);
      },
    });
  }

  /**
   * The value of `key`. `accept`: a cached value it refuses (a directory without a library added
   * since) is read again, and that read awaited, unless the value was just read.
   */
  async get(key: string, accept?: (value: V) => boolean): Promise<V> {
    const status: LRUCache.Status<string, V, unknown> = {};
    let value = await this.load(key, { status });
    const justRead = status.fetch === 'miss' || (status.fetch === 'inflight' && !status.returnedStale);
    if (accept && !accept(value) && !justRead) value = await this.load(key, { forceRefresh: true, allowStale: false });
    return value;
  }

  /** Forgets every value (after a change, and in tests). */
  clear(): void {
    this.cache.clear();
  }

  private async load(key: string, options: LRUCache.FetchOptions<string, V, unknown>): Promise<V> {
    let value: V | undefined;
    try {
      value = await this.cache.fetch(key, options);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('SERVICE_UNAVAILABLE', `${this.what} is unavailable`);
    }
    // undefined: the read was abandoned (the cache was cleared meanwhile).
    if (value === undefined) throw new AppError('SERVICE_UNAVAILABLE', `${this.what} is unavailable`);
    return value;
  }
}

/** The entities other subgraphs point at by id, with the operation that tells their libraries and their owner's name. */
const LINKABLE = {
  Librarian: { operation: 'LibrarianLibraries', owner: 'The staff directory' },
  TrainingProgramme: { operation: 'TrainingProgrammeLibraries', owner: 'The staff directory' },
  Partner: { operation: 'PartnerLibraries', owner: 'The partner directory' },
} as const;
export type LinkableType = keyof typeof LINKABLE;

/**
 * The libraries of entities owned by another subgraph, asked of the owner in one `_entities` call
 * with the caller's SERVICE identity: id → the librarian's or programme's library, the libraries a
 * partner works with; null for an id the owner does not know. The owner failing (no data) is
 * SERVICE_UNAVAILABLE, never "unknown".
 */
export async function librariesOf(config: ServiceClientConfig, caller: SubgraphName, typename: LinkableType, ids: readonly string[]): Promise<Map<string, string[] | null>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const { operation } = LINKABLE[typename];
  const owner = ownerOf(operation, LINKABLE[typename].owner);
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
