/**
 * The CPU one contract query costs, one query at a time (docs/performance.md): the four subgraphs
 * and the gateway in this one process, on the benchmark's data (data/bench: run `npm run bench`
 * once first), on one thread. Two rows, in alternating rounds so that both see the same machine:
 *
 * - `subgraphs`: the query's subgraph calls made straight from here (scripts/subgraph-plan.ts),
 *   one walk after the other — what the subgraphs cost, plus this client's calls;
 * - `gateway`: the query through the gateway over HTTP — the whole stack's CPU for one query.
 *
 * Each row: the median over the rounds of CPU ms a query (this process: user + system), wall ms
 * a query, and SQL statements a query. Without concurrency, the figures measure the work and not
 * the queueing: `npm run bench` measures throughput. This machine's speed drifts by ±30 % from
 * minute to minute: compare two commits by running this alternately on each, several times.
 *
 *   npm run bench:calls                      5 rounds of 300 queries per row after 300 of warm-up
 *   npm run bench:calls -- --rounds 9 --queries 300 --data-dir data/bench-10x
 *
 * A benchmark, not a test: nothing here asserts a time.
 */
import { runOnAsyncContextFrame } from '../shared/platform/async-context';
// As `node dist/main.js` runs: on Node 22, with the cheaper AsyncLocalStorage.
runOnAsyncContextFrame();
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { startGateway } from '../gateway/gateway';
import { identityFromAuthorization, internalTokenFor, signUserToken } from '../shared/platform/auth';
import { loadConfig } from '../shared/platform/config';
import { startSubgraph, type RunningSubgraph } from '../shared/platform/server';
import { SUBGRAPHS } from '../subgraphs';
import { CONTRACT_QUERY, planCapture, walkPlan } from './subgraph-plan';

// Run compiled (dist/scripts/): ts-node loads node's REPL, and with it `domain`, which then taxes
// every event emitter of the process.
const ROOT = path.resolve(__dirname, path.basename(path.dirname(__dirname)) === 'dist' ? '../..' : '..');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const { values } = parseArgs({
    options: { rounds: { type: 'string' }, queries: { type: 'string' }, warmup: { type: 'string' }, 'data-dir': { type: 'string' }, mysql: { type: 'string' } },
  });
  const rounds = Number(values.rounds ?? 5);
  const queries = Number(values.queries ?? 300);
  const warmup = Number(values.warmup ?? 300);
  const dataDir = path.resolve(values['data-dir'] ?? path.join(ROOT, 'data', 'bench'));
  process.chdir(ROOT); // the configuration's relative paths (the supergraph) are the project's
  if (!values.mysql && !fs.existsSync(dataDir)) throw new Error(`no benchmark data in ${dataDir}: run \`npm run bench\` once first`);
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, DATABASE_PREFIX: 'bench_', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' };
  if (values.mysql) env.DATABASE_URL = values.mysql;
  else delete env.DATABASE_URL;
  const config = loadConfig(env);

  const subgraphs: RunningSubgraph[] = [];
  for (const def of SUBGRAPHS) subgraphs.push(await startSubgraph(def, config, { port: 0, seed: false, background: false }));
  const subgraphUrls = Object.fromEntries(subgraphs.map((s) => [s.name, s.url])) as Record<string, string>;
  const supergraphSdl = fs.readFileSync(path.join(ROOT, 'supergraph.graphql'), 'utf8');
  const gateway = await startGateway(config, { port: 0, subgraphUrls: subgraphUrls, supergraphSdl, seed: false });
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  try {
    const token = await signUserToken({ role: 'LIBRARY_ADMIN', libraryId: 'kupang', sub: 'bench-calls' }, config.jwtSecret);
    const proof = await internalTokenFor(await identityFromAuthorization(`Bearer ${token}`, config.jwtSecret), config.gatewaySecret);
    const capture = await planCapture(supergraphSdl, subgraphUrls);
    const plan = await capture.capture(CONTRACT_QUERY, undefined, proof);
    await capture.stop();
    const body = JSON.stringify({ query: CONTRACT_QUERY });
    const rows = {
      subgraphs: async () => {
        const failed = await walkPlan(plan, proof, agent);
        if (failed) throw new Error(`${failed} of the query's subgraph calls failed`);
      },
      gateway: async () => {
        const res = await request(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body, dispatcher: agent });
        const text = await res.body.text();
        if (res.statusCode !== 200 || text.includes('"errors"')) throw new Error(`the gateway answered ${res.statusCode}: ${text.slice(0, 300)}`);
      },
    };
    const statements = () => subgraphs.reduce((n, s) => n + s.queries(), 0);
    const figures = new Map<string, { cpu: number[]; wall: number[]; sql: number[] }>();
    for (const [name, run] of Object.entries(rows)) {
      for (let i = 0; i < warmup; i++) await run();
      figures.set(name, { cpu: [], wall: [], sql: [] });
    }
    for (let round = 0; round < rounds; round++) {
      for (const [name, run] of Object.entries(rows)) {
        const sqlBefore = statements();
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        for (let i = 0; i < queries; i++) await run();
        const wall = performance.now() - started;
        const cpu = process.cpuUsage(cpuBefore);
        const f = figures.get(name)!;
        f.cpu.push((cpu.user + cpu.system) / 1000 / queries);
        f.wall.push(wall / queries);
        f.sql.push((statements() - sqlBefore) / queries);
      }
    }
    console.log(`node ${process.version}, ${values.mysql ? 'MariaDB/MySQL' : 'SQLite'}, one process, the contract query one at a time: ${rounds} rounds of ${queries}`);
    console.log('row          CPU ms/query (min–max)     wall ms/query   SQL/query');
    for (const [name, f] of figures) {
      const range = `${Math.min(...f.cpu).toFixed(2)}–${Math.max(...f.cpu).toFixed(2)}`;
      console.log(
        `${name.padEnd(12)} ${median(f.cpu).toFixed(2).padStart(6)} (${range})`.padEnd(39) + `${median(f.wall).toFixed(2).padStart(8)}   ${median(f.sql).toFixed(1).padStart(9)}`,
      );
    }
  } finally {
    await agent.close();
    await gateway.stop();
    for (const s of subgraphs) await s.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
