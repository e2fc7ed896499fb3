/**
 * Measures the federation end to end: the contract query (all four subgraphs, a reference back
 * to staff-development) and the directory, through the gateway over real HTTP, on the embedded
 * SQLite default or on MySQL/MariaDB, on the city-scale demo (docs/demo.md).
 *
 *   npm run bench                                   SQLite, in data/bench
 *   npm run bench -- --mysql mysql://root@127.0.0.1:3306     databases bench_*
 *   npm run bench -- --requests 500 --concurrency 8
 *   npm run bench -- --fresh                        reload the demo first (DEMO_TODAY, DEMO_SCALE apply)
 *
 * The first run loads the city demo (under a minute on SQLite) and keeps it; later runs reuse it.
 */
import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startFederationServices } from '../gateway/federation';
import { signUserToken } from '../shared/platform/auth';
import { loadConfig } from '../shared/platform/config';
import { dropDatabase } from '../shared/platform/database';
import { SUBGRAPHS } from '../subgraphs';

const CONTRACT = `{ library(id: "kupang") { id name city province timezone population
  librarians(first: 3) { totalCount edges { node { id name } } }
  items(first: 3) { totalCount edges { node { id barcode status record { id title isbn } } } }
  events(first: 3) { totalCount edges { node { id title startsAt facilitators { id name } } } }
  partners(first: 3) { totalCount edges { node { id name kind } } } }
  libraries { id name } }`;
const ALL_LIBRARIES = `{ libraries { id name items(first: 10) { totalCount edges { node { barcode record { title } } } }
  events(first: 10) { edges { node { title facilitators { name } } } } partners(first: 10) { edges { node { name } } } } }`;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function measure(url: string, token: string, query: string, requests: number, concurrency: number) {
  const body = JSON.stringify({ query });
  const one = async () => {
    const t = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    const json = (await res.json()) as { errors?: unknown };
    if (json.errors) throw new Error(JSON.stringify(json.errors));
    return performance.now() - t;
  };
  for (let i = 0; i < 20; i++) await one(); // warm-up
  const times: number[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next += 1;
        times.push(await one());
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return { p50: pct(times, 50), p95: pct(times, 95), max: times[times.length - 1], rps: requests / wall };
}

async function main() {
  const { values } = parseArgs({
    options: { mysql: { type: 'string' }, requests: { type: 'string' }, concurrency: { type: 'string' }, fresh: { type: 'boolean' } },
  });
  const requests = Number(values.requests ?? 300);
  const concurrency = Number(values.concurrency ?? 4);
  const base = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const config = {
    ...base,
    host: '127.0.0.1',
    dataDir: path.resolve('data', 'bench'),
    databaseUrl: values.mysql,
    databaseUrls: {},
    databasePrefix: 'bench_',
    rateLimitPerMinute: 0,
  };
  const backend = values.mysql ? 'MySQL/MariaDB' : 'SQLite';
  if (values.fresh) for (const def of SUBGRAPHS) await dropDatabase(config, def);
  const loading = performance.now();
  const fed = await startFederationServices(config, { ephemeralPorts: true, seed: true });
  console.log(`demo ${config.demo.dataset} (scale ${config.demo.scale}) ready in ${((performance.now() - loading) / 1000).toFixed(1)} s`);
  try {
    const token = await signUserToken({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' }, config.jwtSecret);
    const admin = await signUserToken({ role: 'ADMIN' }, config.jwtSecret);
    console.log(`backend ${backend}, ${requests} requests per query, concurrency ${concurrency}, node ${process.version}, ${os.cpus().length} cores`);
    for (const [name, query, t, c] of [
      ['contract query (sequential)', CONTRACT, token, 1],
      ['contract query', CONTRACT, token, concurrency],
      ['all libraries with lists', ALL_LIBRARIES, admin, concurrency],
    ] as const) {
      const r = await measure(fed.gateway.url, t, query, requests, c);
      console.log(
        `${name.padEnd(30)} p50 ${r.p50.toFixed(1).padStart(6)} ms   p95 ${r.p95.toFixed(1).padStart(6)} ms   max ${r.max.toFixed(1).padStart(6)} ms   ${r.rps.toFixed(0).padStart(5)} req/s`,
      );
    }
  } finally {
    await fed.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
