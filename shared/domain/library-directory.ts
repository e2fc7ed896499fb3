import type { Identity } from '../platform/auth';
import type { SubgraphName } from '../platform/config';
import { INTERNAL_OPERATIONS } from '../platform/internal-operations';
import { addressOf, CachedServiceRead, callInternal, ownerOf, type ServiceClientConfig } from '../platform/service-client';

/**
 * The province of each library, read from the public library directory (its owner's `libraries`)
 * with a service identity and cached per process: province-scoped GOVERNMENT tokens, and the
 * regional rows of the subgraphs that have no province of their own. Libraries do not move
 * between provinces; a library added since is found by reading the directory again.
 */

const DIRECTORY = ownerOf('LibraryDirectory', 'The library directory');
const DIRECTORY_TTL_MS = 5 * 60_000;

/**
 * One cache per directory address (a process may run several federations, in tests), shared by
 * the subgraphs of the process; a read is made with the identity of the first subgraph that asks.
 */
const directories = new Map<string, CachedServiceRead<Map<string, string>>>();

function directoryAt(config: ServiceClientConfig, caller: SubgraphName): CachedServiceRead<Map<string, string>> {
  const url = addressOf(config, INTERNAL_OPERATIONS.LibraryDirectory.target);
  let directory = directories.get(url);
  if (!directory) {
    directory = new CachedServiceRead(DIRECTORY, () => readDirectory(config, caller), { ttlMs: DIRECTORY_TTL_MS, max: 1 });
    directories.set(url, directory);
  }
  return directory;
}

async function readDirectory(config: ServiceClientConfig, caller: SubgraphName): Promise<Map<string, string>> {
  const body = await callInternal<{ libraries: { id: string; province: string }[] }>(config, caller, 'LibraryDirectory', {}, DIRECTORY);
  if (!body.data?.libraries) throw new Error(`library directory: ${body.errors?.[0]?.message ?? 'no data'}`);
  return new Map(body.data.libraries.map((l) => [l.id, l.province]));
}

/** The province of a library; undefined for a library the directory does not list, even after reading it again. */
export async function provinceFromDirectory(config: ServiceClientConfig, caller: SubgraphName, libraryId: string): Promise<string | undefined> {
  const provinces = await directoryAt(config, caller).get('libraries', (known) => known.has(libraryId));
  return provinces.get(libraryId);
}

/**
 * The caller as the subgraph's resolvers see it: a GOVERNMENT token with a `province` claim gets
 * the ids of that province's libraries (`governs` in shared/platform/auth checks them); everyone else as is.
 */
export async function withProvinceScope(identity: Identity, config: ServiceClientConfig, caller: SubgraphName): Promise<Identity> {
  if (identity.role !== 'GOVERNMENT' || !identity.province) return identity;
  const provinces = await directoryAt(config, caller).get('libraries');
  const provinceLibraryIds = [...provinces].filter(([, province]) => province === identity.province).map(([id]) => id);
  return { ...identity, provinceLibraryIds };
}
