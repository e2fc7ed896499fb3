import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type { Identity } from '../shared/platform/auth';

/**
 * In-flight de-duplication of subgraph requests (SUBGRAPH_DEDUPLICATION, on by default), as Hive
 * Gateway and Apollo Router do: while a query to a subgraph is in flight, an identical one — the
 * same subgraph URL, the same request body (query, variables, operation name), the same caller —
 * waits for it and gets a copy of its answer instead of sending its own. Ten clients of one library
 * asking the same page at the same moment cost the subgraph one request.
 *
 * Never shared: a mutation (each must run), a request without a caller, and anything across callers
 * — the caller is the whole verified identity the subgraph would see (subject, role, library,
 * member, partner, province …), so two identities, even of the same role and library, never share
 * an answer. Nothing is kept once the answer is in: this is not a cache.
 */

/** The header the gateway's data source sets for the fetcher (removed before the request leaves). */
export const CALLER_KEY_HEADER = 'x-gateway-caller-key';

/** A subgraph's answer as the fetcher reads it (whole), so that one answer can be handed to several callers. */
export interface SubgraphAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** The caller key of an identity: a digest of everything in it. */
export function callerKey(identity: Identity): string {
  return createHash('sha256')
    .update(stringify(identity) ?? '')
    .digest('base64url');
}

/** Only queries are shared: a body whose document does not start with `query` or `{` is sent on its own. */
const QUERY_BODY = /"query"\s*:\s*"\s*(?:query\b|\{)/;

export class InFlightRequests {
  private readonly pending = new Map<string, Promise<SubgraphAnswer>>();

  /** How many requests are in flight now (for tests and metrics). */
  get size(): number {
    return this.pending.size;
  }

  /**
   * Sends with `send`, or joins the identical request already in flight. `shared` says whether
   * this call joined another's request.
   */
  run(url: string, caller: string | null, body: unknown, send: () => Promise<SubgraphAnswer>): { answer: Promise<SubgraphAnswer>; shared: boolean } {
    if (!caller || typeof body !== 'string' || !QUERY_BODY.test(body)) return { answer: send(), shared: false };
    const key = createHash('sha256').update(url).update('\0').update(caller).update('\0').update(body).digest('base64url');
    const joined = this.pending.get(key);
    if (joined) return { answer: joined, shared: true };
    const answer = send().finally(() => this.pending.delete(key));
    this.pending.set(key, answer);
    return { answer, shared: false };
  }
}
