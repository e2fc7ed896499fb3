import { deny, type Identity } from './auth';
import type { SubgraphName } from './config';
import { AppError, BadUserInputError } from './errors';
import { callInternal, type ServiceClientConfig } from './service-client';
import { daysBetween } from './time';

/**
 * Who may read the regional report, shared by the four subgraphs' RegionalReportRow resolvers
 * (reference resolvers bypass @Authorized, so every subgraph checks each row itself).
 *
 * - GOVERNMENT: every library; with a `province` claim, only that province's libraries;
 * - ADMIN: every library;
 * - LIBRARY_ADMIN: their own library's row only;
 * - PUBLIC: UNAUTHENTICATED; everyone else: FORBIDDEN.
 */

export const REGIONAL_ROLES = ['GOVERNMENT', 'ADMIN', 'LIBRARY_ADMIN'] as const;

/** The longest period one report covers, both dates included. */
export const MAX_REGIONAL_PERIOD_DAYS = 366;

/** Refuses callers who may see no row of the report at all. */
export function requireRegionalReader(identity: Identity): void {
  if (!(REGIONAL_ROLES as readonly string[]).includes(identity.role)) {
    deny(identity, 'The regional report is for GOVERNMENT, ADMIN and (their own library) LIBRARY_ADMIN');
  }
}

/** to ≥ from and at most 366 days, both included: BAD_USER_INPUT on `to` otherwise. */
export function validateRegionalPeriod(from: string, to: string): void {
  const days = daysBetween(from, to);
  if (days < 0) throw new BadUserInputError('to', 'to must not be before from');
  if (days + 1 > MAX_REGIONAL_PERIOD_DAYS) throw new BadUserInputError('to', `A report covers at most ${MAX_REGIONAL_PERIOD_DAYS} days`);
}

/**
 * One row: the caller must be allowed to read this library's figures. `provinceOf` is asked only
 * for a province-scoped GOVERNMENT token (never trusted from the representation).
 */
export async function requireRegionalRowAccess(
  identity: Identity,
  libraryId: string,
  provinceOf: (libraryId: string) => Promise<string | undefined>,
): Promise<void> {
  requireRegionalReader(identity);
  if (identity.role === 'ADMIN') return;
  if (identity.role === 'LIBRARY_ADMIN') {
    if (identity.libraryId !== libraryId) deny(identity, "A library admin sees only their own library's row");
    return;
  }
  // GOVERNMENT
  if (identity.province && (await provinceOf(libraryId)) !== identity.province) {
    deny(identity, 'This token covers another province');
  }
}

/** The checks a RegionalReportRow representation goes through in every subgraph. */
export async function checkRegionalRepresentation(
  ref: { libraryId?: unknown; from?: unknown; to?: unknown },
  identity: Identity,
  provinceOf: (libraryId: string) => Promise<string | undefined>,
): Promise<{ libraryId: string; from: string; to: string }> {
  requireRegionalReader(identity);
  const { libraryId, from, to } = ref;
  if (typeof libraryId !== 'string' || typeof from !== 'string' || typeof to !== 'string') {
    throw new BadUserInputError('representation', 'A RegionalReportRow is keyed by libraryId, from and to');
  }
  validateRegionalPeriod(from, to);
  await requireRegionalRowAccess(identity, libraryId, provinceOf);
  return { libraryId, from, to };
}

/**
 * The province of each library, read from staff-development's public directory with a service
 * identity and cached per process (libraries do not move between provinces). Used by the other
 * subgraphs, which have no province of their own.
 */
const directories = new Map<string, { provinces: Map<string, string>; fetchedAt: number }>();
const inFlight = new Map<string, Promise<void>>();
const DIRECTORY_TTL_MS = 5 * 60_000;
type DirectoryConfig = ServiceClientConfig;

async function refreshDirectory(config: DirectoryConfig, caller: SubgraphName, url: string): Promise<void> {
  const body = await callInternal<{ libraries: { id: string; province: string }[] }>(config, caller, 'LibraryDirectory', {}, 'The library directory (staff-development)');
  if (!body.data?.libraries) throw new Error(`library directory: ${body.errors?.[0]?.message ?? 'no data'}`);
  directories.set(url, { provinces: new Map(body.data.libraries.map((l) => [l.id, l.province])), fetchedAt: Date.now() });
}

/** The directory, fetched again when stale or when it lacks `libraryId` (a library added since). */
async function directory(config: DirectoryConfig, caller: SubgraphName, libraryId?: string): Promise<Map<string, string> | undefined> {
  const url = config.subgraphUrls['staff-development'];
  const entry = directories.get(url);
  if (!entry || Date.now() - entry.fetchedAt > DIRECTORY_TTL_MS || (libraryId !== undefined && !entry.provinces.has(libraryId))) {
    // One fetch at a time per directory: the rows of one report wait on the same call.
    let pending = inFlight.get(url);
    if (!pending) {
      pending = refreshDirectory(config, caller, url).finally(() => inFlight.delete(url));
      inFlight.set(url, pending);
    }
    try {
      await pending;
    } catch {
      if (!entry) throw new AppError('SERVICE_UNAVAILABLE', 'The library directory (staff-development) is unavailable');
    }
  }
  return (directories.get(url) ?? entry)?.provinces;
}

export async function provinceFromDirectory(config: DirectoryConfig, caller: SubgraphName, libraryId: string): Promise<string | undefined> {
  return (await directory(config, caller, libraryId))?.get(libraryId);
}

/**
 * The caller as the subgraph's resolvers see it: a GOVERNMENT token with a `province` claim gets
 * the ids of that province's libraries (`governs` in shared/auth checks them); everyone else as is.
 */
export async function withProvinceScope(identity: Identity, config: DirectoryConfig, caller: SubgraphName): Promise<Identity> {
  if (identity.role !== 'GOVERNMENT' || !identity.province) return identity;
  const provinces = (await directory(config, caller)) ?? new Map<string, string>();
  const provinceLibraryIds = [...provinces].filter(([, province]) => province === identity.province).map(([id]) => id);
  return { ...identity, provinceLibraryIds };
}
