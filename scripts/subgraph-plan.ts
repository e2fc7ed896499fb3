/**
 * The same data fetched straight from the subgraphs, for the benchmark's gateway-overhead ratio
 * (issue 19: 1 − RPS through the gateway / RPS of the same subgraph calls made directly).
 *
 * `planCapture` runs a query once through a bare @apollo/gateway in this process, over the running
 * subgraphs, and records every subgraph call it makes: the body (with the representations of the
 * entity fetches, taken from the earlier answers) and when it started and ended. A call depends on
 * the call that ended last before it started; that gives the plan's tree (the contract query: one
 * root call, then the library's fields from each subgraph in parallel, then the facilitators of
 * the events). `runDirect` then has each client walk that tree over keep-alive connections —
 * a call, then its dependants in parallel — with the client's own proof of identity, as the
 * gateway would send them, and counts the walks completed.
 *
 * The bodies are replayed as captured: the work a direct client does is the gateway's without its
 * parsing, planning, answer shaping and its own HTTP server.
 */
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { Agent, request } from 'undici';
import { INTERNAL_HEADER } from '../shared/platform/auth';

/** The README's contract query ("the whole library in one request"), as the benchmarks send it. */
export const CONTRACT_QUERY = `{ library(id: "kupang") { id name city province timezone population
  librarians(first: 3) { totalCount edges { node { id name } } }
  items(first: 3) { totalCount edges { node { id barcode status record { id title isbn } } } }
  events(first: 3) { totalCount edges { node { id title startsAt facilitators { id name } } } }
  partners(first: 3) { totalCount edges { node { id name kind } } } }
  libraries { id name } }`;

export interface PlannedCall {
  subgraph: string;
  url: string;
  body: string;
  /** The calls that start once this one has answered. */
  then: PlannedCall[];
}

/**
 * A bare gateway over the running subgraphs that records the subgraph calls of a query for a
 * caller (whose proof is `internalToken`), as a tree. One query at a time.
 */
export async function planCapture(supergraphSdl: string, subgraphUrls: Record<string, string>) {
  let recorded: { node: PlannedCall; start: number; end: number }[] = [];
  let token: string | null = null;
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) =>
      new RemoteGraphQLDataSource({
        url: subgraphUrls[name],
        fetcher: (async (url: string, init: { body?: string }) => {
          const start = performance.now();
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (token) headers[INTERNAL_HEADER] = token;
          const res = await fetch(url, { method: 'POST', headers, body: init.body });
          const text = await res.text();
          recorded.push({ node: { subgraph: name, url, body: String(init.body), then: [] }, start, end: performance.now() });
          return new Response(text, { status: res.status, headers: { 'content-type': 'application/json' } });
        }) as never,
      }),
  });
  const server = new ApolloServer({ gateway });
  await server.start();
  return {
    async capture(query: string, variables: Record<string, unknown> | undefined, internalToken: string | null): Promise<PlannedCall[]> {
      recorded = [];
      token = internalToken;
      const res = await server.executeOperation({ query, variables });
      if (res.body.kind !== 'single' || res.body.singleResult.errors) {
        throw new Error(`the plan's capture failed: ${JSON.stringify(res.body.kind === 'single' ? res.body.singleResult.errors : res.body.kind)}`);
      }
      const roots: PlannedCall[] = [];
      for (const call of recorded) {
        const parent = recorded.filter((c) => c.end <= call.start).sort((a, b) => b.end - a.end)[0];
        (parent ? parent.node.then : roots).push(call.node);
      }
      return roots;
    },
    stop: () => server.stop(),
  };
}

/** Walks a plan once, as the gateway would (a call, then its dependants in parallel): the number of calls that failed. */
export async function walkPlan(plan: PlannedCall[], token: string | null, agent: Agent): Promise<number> {
  let failed = 0;
  const call = async (c: PlannedCall): Promise<void> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers[INTERNAL_HEADER] = token;
    const res = await request(c.url, { method: 'POST', headers, body: c.body, dispatcher: agent });
    const text = await res.body.text();
    if (res.statusCode !== 200 || text.includes('"errors"')) failed++;
    await Promise.all(c.then.map(call));
  };
  await Promise.all(plan.map(call));
  return failed;
}

export interface DirectResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  completed: number;
  /** CPU of this (the client's) process per walk, ms. */
  clientCpuMs: number;
}

/**
 * `clients.length` clients, each walking its plan with its own proof for `durationSeconds`, as
 * autocannon drives the gateway: one walk after the other, no pause.
 */
export async function runDirect(clients: { plan: PlannedCall[]; token: string | null }[], durationSeconds: number): Promise<DirectResult> {
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  let errors = 0;
  const latencies: number[] = [];
  const deadline = performance.now() + durationSeconds * 1000;
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    clients.map(async ({ plan, token }) => {
      while (performance.now() < deadline) {
        const start = performance.now();
        try {
          errors += await walkPlan(plan, token, agent);
          latencies.push(performance.now() - start);
        } catch {
          errors++;
        }
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  await agent.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    rps: latencies.length / durationSeconds,
    p50: at(0.5),
    p99: at(0.99),
    errors,
    completed: latencies.length,
    clientCpuMs: (cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length),
  };
}
