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
 * - the APQ cache: the gateway turns APQ off (`persistedQueries: false`), so there is none.
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

export interface GatewayCaches {
  documentStore: InMemoryLRUCache<DocumentNode>;
  queryPlanStore: InMemoryLRUCache<QueryPlan>;
}

export function gatewayCaches(totalBytes: number): GatewayCaches {
  const half = Math.max(1, Math.floor(totalBytes / 2));
  return {
    documentStore: new InMemoryLRUCache<DocumentNode>({ maxSize: half, sizeCalculation: documentBytes }),
    queryPlanStore: new InMemoryLRUCache<QueryPlan>({ maxSize: half, sizeCalculation: queryPlanBytes }),
  };
}
