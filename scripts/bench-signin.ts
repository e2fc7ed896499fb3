/**
 * The cost of one sign-in at the default hash cost (AUTH_SCRYPT_N, default 2^15): times the scrypt
 * hash alone, then POST /auth/login of a demo account through the gateway's /auth router over
 * HTTP (its identity store on SQLite in a temporary folder; the ADMIN demo account, whose sign-in
 * asks no subgraph), and a sign-in with an unknown user name (the dummy hash), each the median of
 * `--runs`.
 *
 *   npm run bench:signin                  AUTH_SCRYPT_N from the environment, else 2^15
 *   npm run bench:signin -- --runs 50
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import express from 'express';
import { IDENTITY_STORE } from '../gateway/auth';
import { DEMO_PASSWORD } from '../gateway/auth/demo';
import { authRouter } from '../gateway/auth/routes';
import { hashSecret } from '../gateway/auth/secrets';
import { openIdentityStore } from '../gateway/auth/store';
import { PUBLIC_IDENTITY } from '../shared/platform/auth';
import { loadConfig } from '../shared/platform/config';
import { dropDatabase } from '../shared/platform/database';
import { createLogger } from '../shared/platform/logger';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

async function main() {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
  const runs = Number(values.runs);
  const base = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });
  // No delay between the unknown-name attempts: the throttle is not what is measured.
  const config = {
    ...base,
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-signin-')),
    databaseUrl: undefined,
    databaseUrls: {},
    production: false,
    auth: { ...base.auth, delayBaseMs: 0, lockAfter: 1_000_000, addressLockAfter: 1_000_000 },
  };
  const log = createLogger(config, 'bench-signin');
  const store = await openIdentityStore(config, config.subgraphUrls, log, { seed: true });
  const app = express();
  app.set('trust proxy', false);
  app.use('/auth', authRouter({ service: store.service, identify: async () => PUBLIC_IDENTITY, limiter: (_req, _res, next) => next(), bodyLimit: '10kb', log }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as { port: number };
  const login = async (body: unknown, expected: number) => {
    const res = await fetch(`http://127.0.0.1:${port}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.text();
    if (res.status !== expected) throw new Error(`login answered ${res.status}, expected ${expected}`);
  };
  try {
    const N = config.auth.scryptN;
    await hashSecret('warm-up', N);
    const hash = await timed(runs, () => hashSecret('a-password-of-sorts', N));
    const ok = await timed(runs, () => login({ username: 'admin', password: DEMO_PASSWORD }, 200));
    const unknown = await timed(runs, () => login({ username: 'tidak.ada', password: 'salah-sekali-123' }, 401));
    console.log(
      `scrypt N=${N} (2^${Math.log2(N)}), r=8, p=1 — ${Math.round((128 * N * 8) / 2 ** 20)} MiB per hash; median of ${runs} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    );
    console.log(`  hash alone:                    ${hash.toFixed(1)} ms`);
    console.log(`  POST /auth/login (right):      ${ok.toFixed(1)} ms`);
    console.log(`  POST /auth/login (unknown):    ${unknown.toFixed(1)} ms`);
  } finally {
    server.close();
    await store.close();
    await dropDatabase(config, IDENTITY_STORE);
    fs.rmSync(config.dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
