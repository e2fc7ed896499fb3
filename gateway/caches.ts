import type { QueryPlan } from '@apollo/query-planner';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';

/**
 * The gateway's caches keyed by query text, bounded by what they really hold (docs/security.md, "Security
 * limits"). Every distinct query text — a comment is enough to make one — becomes an entry in:
 *
 * - Apollo Server's document store (parsed and validated documents). Its default sizes an entry
 *   by the JSON of the DocumentNode, but a document keeps its whole source text and token list
 *   through `loc`, which that JSON leaves out: a 90 kB comment counted as a few hundred bytes,
 *   and 30 MiB of "size" held gigabytes.
 * - @apollo/gateway's query plan store (keyed by the query's hash), 30 MiB of plan JSON by default.
 * - Apollo Server's automatic persisted query (APQ) cache: sha256 hash → query text, filled only by a
 *   query that passed every validation rule (cost included), bounded by `APQ_CACHE_MAX_BYTES`
 *   (0: no APQ cache, APQ answers PERSISTED_QUERY_NOT_SUPPORTED). A registered client's operations
 *   (gateway/trusted-documents.ts) come from its manifest, read once at start, and are never put in it.
 *
 * The two stores share `QUERY_CACHE_BYTES` (half each). Sizes are estimates of heap bytes: the
 * source text (two bytes a character, the worst case of V8 strings) plus the JSON of the tree
 * times a factor for object overhead (measured with scripts/memory-flood.ts).
 */

/** Heap bytes per byte of a parsed document's or a query plan's JSON (object headers, `loc`, tokens). */
const OBJECT_OVERHEAD = 4;

export function documentBytes(document: DocumentNode): number {
  const source = document.loc?.source.body.length ?? 0;
  return 2 * source + OBJECT_OVERHEAD * JSON.stringify(document).length;
}

export function queryPlanBytes(plan: QueryPlan): number {
  return OBJECT_OVERHEAD * JSON.stringify(plan).length;
}

/** An APQ entry: its key (`apq:` and 64 hex digits) and its query text, two bytes a character. */
export function persistedQueryBytes(query: string, key: string): number {
  return 2 * (query.length + key.length);
}

export interface GatewayCaches {
  documentStore: InMemoryLRUCache<DocumentNode>;
  queryPlanStore: InMemoryLRUCache<QueryPlan>;
  /** Undefined when `apqBytes` is 0: APQ off. */
  persistedQueries?: InMemoryLRUCache<string>;
}

export function gatewayCaches(totalBytes: number, apqBytes = 0): GatewayCaches {
  const half = Math.max(1, Math.floor(totalBytes / 2));
  return {
    documentStore: new InMemoryLRUCache<DocumentNode>({ maxSize: half, sizeCalculation: documentBytes }),
    queryPlanStore: new InMemoryLRUCache<QueryPlan>({ maxSize: half, sizeCalculation: queryPlanBytes }),
    persistedQueries: apqBytes > 0 ? new InMemoryLRUCache<string>({ maxSize: apqBytes, sizeCalculation: persistedQueryBytes }) : undefined,
  };
}
