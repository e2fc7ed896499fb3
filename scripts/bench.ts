/**
 * The throughput benchmark (docs/performance.md): starts the federation as a user does —
 * `node dist/main.js`, after the incremental build — on the city-scale demo (docs/demo.md), and
 * drives it with autocannon over real HTTP: the contract query ("the whole library in one request",
 * LIBRARY_ADMIN of Kupang), the public catalogue search, the public events calendar with its
 * facilitators, a member's own loans and holds, and the regional report uncached. Each at 1, 10
 * and 50 connections, every connection with an identity of its own (its own token subject; for the
 * member mix, its own member), unless --same-identity. Prints requests per second, p50/p99, errors,
 * the CPU the whole stack spent per request (every process of it, from /proc) and its resident
 * memory after each run.
 *
 *   npm run bench                                  SQLite, data in data/bench (loaded on the first run)
 *   npm run bench -- --mysql mysql://root@127.0.0.1:3306   databases bench_*
 *   npm run bench -- --only contract --connections 10 --duration 10
 *   npm run bench -- --fresh                       reload the demo first (DEMO_TODAY, DEMO_SCALE apply)
 *   DEMO_SCALE=10 npm run bench -- --data-dir data/bench-10x   a ten times larger demo, in a folder of its own
 *   npm run bench -- --json                        one JSON document instead of the table
 *   npm run bench -- --settle 0                    measure at once (default: 70 s after the start, once
 *                                                  the background jobs' first passes are done)
 *   npm run bench -- --hive /tmp/hive              each run again through Hive Gateway on the same
 *                                                  subgraphs (a folder outside the project where
 *                                                  `npm install @graphql-hive/gateway` was run)
 *   npm run bench -- --direct                      each run again without a gateway: the same subgraph
 *                                                  calls made straight from the client (scripts/
 *                                                  subgraph-plan.ts), and the gateway's overhead
 *
 * A benchmark, not a test: nothing here asserts a time. Run it on a quiet machine.
 */
import 'reflect-metadata';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { identityFromAuthorization, INTERNAL_HEADER, internalTokenFor, signUserToken, type Identity } from '../shared/platform/auth';
import { loadConfig, portVariable } from '../shared/platform/config';
import { dropDatabase } from '../shared/platform/database';
import { SUBGRAPHS } from '../subgraphs';
import { SUBGRAPH_NAMES } from '../subgraphs/registry';
import { CONTRACT_QUERY, planCapture, runDirect, type PlannedCall } from './subgraph-plan';

const ROOT = path.resolve(__dirname, '..');
/** Ports of their own, so that a development server may run beside the benchmark. */
const BASE_PORT = 4700;

const SEARCH = `{ searchCatalogue(query: "sejarah", first: 10) { totalCount edges { node { title authors } } } }`;
const EVENTS = `{ events(filter: { libraryId: "kupang" }, first: 10) { edges { node { title startsAt location facilitators { name } } } } }`;
const MEMBER = `query ($id: ID!) { member(id: $id) { name status
  loans(first: 10) { totalCount edges { node { dueOn item { barcode record { title } } } } }
  holds(first: 5) { edges { node { status } } } } }`;
const REGIONAL = `{ regionalReport(from: "${new Date().getUTCFullYear()}-01-01", to: "${new Date().toISOString().slice(0, 10)}") {
  library { id name } collections { loans overdueRate } events { events attendanceRate } partnerships { activeAgreements } staff { trainedPercent } } }`;

interface Mix {
  name: string;
  query: string;
  /** The identity of connection `k` (null: PUBLIC) and its variables. */
  caller(k: number): { identity: Omit<Identity, 'sub'> & { sub?: string }; variables?: Record<string, unknown> } | null;
}

/** Hive Gateway's port, beside ours. */
const HIVE_PORT = BASE_PORT + 9;

interface Stack {
  child: ChildProcess;
  /** performance.now() when the process was spawned. */
  startedAt: number;
  url: string;
  jwtSecret: string;
  gatewaySecret: string;
  /** Where each subgraph listens. */
  subgraphUrls: Record<string, string>;
  dataDir: string;
}

/**
 * Where a run sends its requests: our gateway, Hive Gateway in front of the same subgraphs, or
 * the subgraphs themselves (the calls our gateway would make, from the client).
 */
interface Target {
  name: 'ours' | 'hive' | 'direct';
  url: string;
  /** The processes whose CPU and memory count. */
  pids: number[];
}

/** The process and every descendant of it, from /proc. */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) and resident bytes of the process tree. */
function usage(root: number): { cpuSeconds: number; rssBytes: number; processes: number } {
  let ticks = 0;
  let rss = 0;
  const tree = processTree(root);
  for (const pid of tree) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
      const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      rss += Number(kb ?? 0) * 1024;
    } catch {
      // gone meanwhile
    }
  }
  return { cpuSeconds: ticks / TICKS_PER_SECOND, rssBytes: rss, processes: tree.length };
}

async function startStack(options: { mysql?: string; fresh: boolean; dataDir?: string }): Promise<Stack> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATA_DIR: path.resolve(options.dataDir ?? path.join(ROOT, 'data', 'bench')),
    DATABASE_PREFIX: 'bench_',
    RATE_LIMIT_PER_MINUTE: '0',
    REPORT_CACHE_TTL_MS: '0',
    [portVariable('gateway')]: String(BASE_PORT),
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [portVariable(name), String(BASE_PORT + 1 + i)])),
  };
  if (options.mysql) env.DATABASE_URL = options.mysql;
  else delete env.DATABASE_URL;
  const config = loadConfig(env);
  if (options.fresh) for (const def of SUBGRAPHS) await dropDatabase(config, def);
  const built = spawnSync(process.execPath, ['scripts/build.js'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed');
  // At the default log level, as `npm start` runs (a request log line per service a request
  // touches), into a file rather than this terminal.
  const logFile = path.join(env.DATA_DIR!, 'federation.log');
  fs.mkdirSync(env.DATA_DIR!, { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, ['dist/main.js'], { cwd: ROOT, env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  console.error(`the federation's log: ${path.relative(process.cwd(), logFile)}`);
  const url = `http://127.0.0.1:${BASE_PORT}`;
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the federation exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (performance.now() - started > 600_000) throw new Error('the federation was not ready within 10 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  console.error(`federation ready in ${((performance.now() - started) / 1000).toFixed(1)} s (pid ${child.pid})`);
  return { child, url, jwtSecret: config.jwtSecret, gatewaySecret: config.gatewaySecret, subgraphUrls: config.subgraphUrls, dataDir: env.DATA_DIR!, startedAt: started };
}

/**
 * Hive Gateway (`@graphql-hive/gateway`, installed in `dir`, outside the project) with its
 * defaults on our supergraph and subgraphs: the subgraph URLs rewritten to the running ones, and
 * the gateway's proof of the caller (INTERNAL_HEADER) passed on from the client, who gets it
 * from this script (Hive does no sign-in of ours).
 */
async function startHive(dir: string, stack: Stack): Promise<{ child: ChildProcess; url: string }> {
  const bin = path.join(dir, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');
  if (!fs.existsSync(bin)) throw new Error(`no Hive Gateway in ${dir}: run \`npm install @graphql-hive/gateway\` there`);
  const work = path.join(stack.dataDir, 'hive');
  fs.mkdirSync(work, { recursive: true });
  const supergraph = fs
    .readFileSync(path.join(ROOT, 'supergraph.graphql'), 'utf8')
    .replace(/@join__graph\(name: "([^"]+)", url: "[^"]+"\)/g, (_all, name: string) => `@join__graph(name: "${name}", url: "${stack.subgraphUrls[name]}")`);
  fs.writeFileSync(path.join(work, 'supergraph.graphql'), supergraph);
  fs.writeFileSync(
    path.join(work, 'gateway.config.mjs'),
    `export const gatewayConfig = {
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => {
      const proof = request.headers.get(${JSON.stringify(INTERNAL_HEADER)});
      return proof ? { ${JSON.stringify(INTERNAL_HEADER)}: proof } : {};
    },
  },
};
`,
  );
  const log = fs.openSync(path.join(work, 'hive.log'), 'w');
  const child = spawn(
    process.execPath,
    [bin, 'supergraph', path.join(work, 'supergraph.graphql'), '-c', path.join(work, 'gateway.config.mjs'), '-p', String(HIVE_PORT), '-h', '127.0.0.1'],
    {
      cwd: dir,
      env: process.env,
      stdio: ['ignore', log, log],
    },
  );
  fs.closeSync(log);
  const url = `http://127.0.0.1:${HIVE_PORT}`;
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Hive Gateway exited with ${child.exitCode} (${path.join(work, 'hive.log')})`);
    if (
      await fetch(`${url}/readiness`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (performance.now() - started > 60_000) throw new Error('Hive Gateway was not ready within a minute');
    await new Promise((r) => setTimeout(r, 300));
  }
  console.error(
    `Hive Gateway ready in ${((performance.now() - started) / 1000).toFixed(1)} s (pid ${child.pid}, log ${path.relative(process.cwd(), path.join(work, 'hive.log'))})`,
  );
  return { child, url };
}

/** The demo's Kupang members a member mix signs in as (read through the API as its admin). */
async function kupangMembers(stack: Stack, count: number): Promise<string[]> {
  const token = await signUserToken({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' }, stack.jwtSecret);
  const res = await post(stack.url, token, `{ library(id: "kupang") { members(first: ${count}) { edges { node { id status } } } } }`);
  const edges = (res.data as { library: { members: { edges: { node: { id: string; status: string } }[] } } }).library.members.edges;
  return edges.map((e) => e.node.id);
}

async function post(url: string, token: string | null, query: string, variables?: Record<string, unknown>): Promise<{ data?: unknown; errors?: unknown[] }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: unknown; errors?: unknown[] };
}

interface Result {
  mix: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  cpuMsPerRequest: number;
  rssMb: number;
  processes: number;
  /** The direct target: the CPU the calling client spent per request, ms (not in cpuMsPerRequest). */
  clientCpuMs?: number;
}

/** The subgraph calls each body makes, captured once per body (for the direct target). */
type PlanOf = (body: string, proof: string | null) => Promise<PlannedCall[]>;

async function run(stack: Stack, target: Target, mix: Mix, connections: number, duration: number, sameIdentity: boolean, planOf?: PlanOf): Promise<Result> {
  const requests = await Promise.all(
    Array.from({ length: connections }, async (_, k): Promise<{ headers: Record<string, string>; body: string; proof: string | null }> => {
      const caller = mix.caller(sameIdentity ? 0 : k);
      const token = caller ? await signUserToken({ ...caller.identity, sub: caller.identity.sub ?? `bench-${sameIdentity ? 0 : k}` }, stack.jwtSecret) : null;
      const body = JSON.stringify({ query: mix.query, variables: caller?.variables });
      if (target.name === 'ours') return { headers: token ? { authorization: `Bearer ${token}` } : {}, body, proof: null };
      // For Hive and the direct calls, the proof our gateway would have made of the same identity
      // (valid 60 s: made per run).
      const identity = await identityFromAuthorization(token ? `Bearer ${token}` : undefined, stack.jwtSecret);
      const proof = await internalTokenFor(identity, stack.gatewaySecret);
      return { headers: { [INTERNAL_HEADER]: proof }, body, proof };
    }),
  );
  // Every identity's answer is checked once: a benchmark of refusals measures nothing. (The direct
  // calls' plan is captured from an answer without errors.)
  for (const r of target.name === 'direct' ? [] : requests.slice(0, 3)) {
    const res = await fetch(`${target.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...r.headers }, body: r.body });
    const json = (await res.json()) as { errors?: unknown[] };
    if (!res.ok || json.errors) throw new Error(`${mix.name} (${target.name}): ${res.status} ${JSON.stringify(json.errors ?? json)}`);
  }
  const plans = target.name === 'direct' ? await Promise.all(requests.map((r) => planOf!(r.body, r.proof))) : [];
  const measure = () =>
    target.pids.map(usage).reduce((a, b) => ({ cpuSeconds: a.cpuSeconds + b.cpuSeconds, rssBytes: a.rssBytes + b.rssBytes, processes: a.processes + b.processes }));
  const before = measure();
  let load: { rps: number; p50: number; p99: number; errors: number; total: number; clientCpuMs?: number };
  if (target.name === 'direct') {
    const direct = await runDirect(
      requests.map((r, k) => ({ plan: plans[k], token: r.proof })),
      duration,
    );
    load = { ...direct, total: direct.completed };
  } else {
    let next = 0;
    const result = await autocannon({
      url: `${target.url}/graphql`,
      connections,
      duration,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      setupClient: (client) => {
        const mine = requests[next++ % requests.length];
        client.setHeaders({ 'content-type': 'application/json', ...mine.headers });
        client.setBody(mine.body);
      },
    });
    load = {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts + result.non2xx,
      total: result.requests.total,
    };
  }
  const after = measure();
  return {
    mix: target.name === 'ours' ? mix.name : `${mix.name} (${target.name})`,
    connections,
    rps: load.rps,
    p50: load.p50,
    p99: load.p99,
    errors: load.errors,
    cpuMsPerRequest: ((after.cpuSeconds - before.cpuSeconds) * 1000) / (load.total || 1),
    rssMb: after.rssBytes / 2 ** 20,
    processes: after.processes,
    clientCpuMs: load.clientCpuMs,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      mysql: { type: 'string' },
      fresh: { type: 'boolean' },
      only: { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      'same-identity': { type: 'boolean' },
      json: { type: 'boolean' },
      settle: { type: 'string' },
      'data-dir': { type: 'string' },
      hive: { type: 'string' },
      direct: { type: 'boolean' },
    },
  });
  const connections = (values.connections ?? '1,10,50').split(',').map(Number);
  const duration = Number(values.duration ?? 10);
  const stack = await startStack({ mysql: values.mysql, fresh: !!values.fresh, dataDir: values['data-dir'] });
  let hive: { child: ChildProcess; url: string } | undefined;
  let capture: Awaited<ReturnType<typeof planCapture>> | undefined;
  try {
    const ours: Target = { name: 'ours', url: stack.url, pids: [stack.child.pid!] };
    // Hive's rows count its process and ours (the subgraphs; our idle gateway adds nothing).
    hive = values.hive ? await startHive(path.resolve(values.hive), stack) : undefined;
    const targets: Target[] = hive ? [ours, { name: 'hive', url: hive.url, pids: [hive.child.pid!, stack.child.pid!] }] : [ours];
    // The direct rows count our process (the subgraphs; the idle gateway adds nothing) and not the
    // client's own CPU, as autocannon's is not counted in the others.
    let planOf: PlanOf | undefined;
    if (values.direct) {
      targets.push({ name: 'direct', url: '', pids: [stack.child.pid!] });
      capture = await planCapture(fs.readFileSync(path.join(ROOT, 'supergraph.graphql'), 'utf8'), stack.subgraphUrls);
      const plans = new Map<string, Promise<PlannedCall[]>>();
      // One capture at a time (the capture gateway records one query's calls), each once.
      let last: Promise<unknown> = Promise.resolve();
      planOf = (body, proof) => {
        if (!plans.has(body)) {
          const { query, variables } = JSON.parse(body) as { query: string; variables?: Record<string, unknown> };
          const plan = last.then(() => capture!.capture(query, variables, proof));
          last = plan.catch(() => undefined);
          plans.set(body, plan);
        }
        return plans.get(body)!;
      };
    }
    // The services' background jobs make their first passes 5 s and 60 s after the start (the
    // daily aggregates, notices, hold expiry, idempotency purge): measured under load, they would
    // add a second of CPU to whichever run they fall in.
    const settle = Number(values.settle ?? 70);
    if (settle > 0) {
      console.error(`waiting ${settle} s for the start-up jobs' first passes (--settle 0 to skip)`);
      await new Promise((r) => setTimeout(r, Math.max(0, settle * 1000 - (performance.now() - stack.startedAt))));
    }
    const members = await kupangMembers(stack, Math.max(...connections));
    const all: Mix[] = [
      { name: 'contract', query: CONTRACT_QUERY, caller: () => ({ identity: { role: 'LIBRARY_ADMIN', libraryId: 'kupang' } }) },
      { name: 'search', query: SEARCH, caller: () => null },
      { name: 'events', query: EVENTS, caller: () => null },
      {
        name: 'member',
        query: MEMBER,
        caller: (k: number) => ({ identity: { role: 'MEMBER', libraryId: 'kupang', memberId: members[k % members.length] }, variables: { id: members[k % members.length] } }),
      },
      { name: 'regional', query: REGIONAL, caller: () => ({ identity: { role: 'GOVERNMENT' } }) },
    ];
    const mixes = all.filter((m) => !values.only || values.only.split(',').includes(m.name));
    // Unmeasured: V8 compiles and optimises the code paths of each mix on its first requests
    // (on its background threads), a cost of the first seconds only.
    for (const mix of mixes) for (const target of targets) await run(stack, target, mix, 10, 5, !!values['same-identity'], planOf);
    const results: Result[] = [];
    if (!values.json) {
      console.log(
        `node ${process.version}, ${os.cpus().length} cores, ${values.mysql ? 'MariaDB/MySQL' : 'SQLite'}, ${duration} s a run, ${values['same-identity'] ? 'one identity' : 'an identity per connection'}`,
      );
      console.log('mix               conns     RPS   p50 ms   p99 ms  errors  CPU ms/req  RSS MB  procs');
    }
    for (const mix of mixes) {
      for (const c of connections) {
        for (const target of targets) {
          const r = await run(stack, target, mix, c, duration, !!values['same-identity'], planOf);
          results.push(r);
          if (values.json) continue;
          console.log(
            `${r.mix.padEnd(17)} ${String(r.connections).padStart(5)} ${r.rps.toFixed(0).padStart(7)} ${r.p50.toFixed(0).padStart(8)} ${r.p99.toFixed(0).padStart(8)} ${String(r.errors).padStart(7)} ${r.cpuMsPerRequest.toFixed(2).padStart(11)} ${r.rssMb.toFixed(0).padStart(7)} ${String(r.processes).padStart(6)}`,
          );
        }
        const viaGateway = results.find((r) => r.mix === mix.name && r.connections === c);
        const direct = results.find((r) => r.mix === `${mix.name} (direct)` && r.connections === c);
        if (viaGateway && direct && !values.json) {
          console.log(
            `  gateway overhead ${((1 - viaGateway.rps / direct.rps) * 100).toFixed(0)} % (1 − ${viaGateway.rps.toFixed(0)} / ${direct.rps.toFixed(0)} RPS); the direct client's own CPU ${direct.clientCpuMs!.toFixed(2)} ms/req`,
          );
        }
      }
    }
    if (values.json) console.log(JSON.stringify({ node: process.version, cores: os.cpus().length, backend: values.mysql ? 'mysql' : 'sqlite', duration, results }, null, 2));
  } finally {
    await capture?.stop();
    if (hive && hive.child.exitCode === null) {
      hive.child.kill('SIGTERM');
      await new Promise((r) => hive!.child.once('exit', r));
    }
    stack.child.kill('SIGTERM');
    await new Promise((r) => stack.child.once('exit', r));
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
