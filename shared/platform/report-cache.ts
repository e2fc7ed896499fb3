import { LRUCache } from 'lru-cache';
import type { DataSource } from 'typeorm';

/**
 * Finished regional report figures, per process, for REPORT_CACHE_TTL_MS (0 = off).
 *
 * A RegionalReportRow's figures depend only on the library and the period (aggregates, never a
 * person, the same for every caller allowed to see them), so the key is
 * `part | libraryId | from | to [| population]`. The cache never decides who may read: every
 * resolver runs the access check first and only then asks the cache, so a caller who may not see
 * a library is refused even when its row is cached. One cache per database (a test process runs
 * a federation per backend; their figures must not mix).
 */

/** The clock TTLs are measured with: tests move it instead of waiting. */
let clock: () => number = () => performance.now();

/** Replaces the cache's clock (milliseconds); `null` goes back to performance.now(). Tests only. */
export function setReportCacheClock(now: (() => number) | null): void {
  clock = now ?? (() => performance.now());
}

const MAX_ENTRIES = 5000;

export class ReportCache {
  private readonly entries: LRUCache<string, { value: unknown }> | null;
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(readonly ttlMs: number) {
    this.entries = ttlMs > 0 ? new LRUCache<string, { value: unknown }>({ max: MAX_ENTRIES, ttl: ttlMs, ttlResolution: 0, perf: { now: () => clock() } }) : null;
  }

  /**
   * The cached figures for `key`, or `compute()`'s (stored for the TTL). Call it only after the
   * caller's access to the row was checked. Concurrent misses on one key share one computation.
   */
  async get<T>(key: readonly (string | number | undefined | null)[], compute: () => Promise<T>): Promise<T> {
    if (!this.entries) return compute();
    const k = JSON.stringify(key);
    const hit = this.entries.get(k);
    if (hit) return hit.value as T;
    let running = this.pending.get(k) as Promise<T> | undefined;
    if (!running) {
      running = compute().then((value) => {
        this.entries!.set(k, { value });
        return value;
      });
      running.finally(() => this.pending.delete(k)).catch(() => undefined);
      this.pending.set(k, running);
    }
    return running;
  }

  clear(): void {
    this.entries?.clear();
  }
}

const caches = new WeakMap<DataSource, ReportCache>();

/** The report cache of a subgraph's database (created on first use with the configured TTL). */
export function reportCacheFor(db: DataSource, config: { reportCacheTtlMs: number }): ReportCache {
  let cache = caches.get(db);
  if (!cache || cache.ttlMs !== config.reportCacheTtlMs) {
    cache = new ReportCache(config.reportCacheTtlMs);
    caches.set(db, cache);
  }
  return cache;
}
