/**
 * Floods a gateway with distinct query texts (the same tiny query behind a different comment each
 * time) and reports how much memory stays behind once the garbage collector has run: every cache
 * keyed by the query text (Apollo's document store, the gateway's query plan store, APQ) shows up
 * here if it is not bounded by real bytes.
 *
 *   node --expose-gc -r ts-node/register/transpile-only scripts/memory-flood.ts [--requests 2000] [--comment 90000]
 *
 * Starts the federation in this process (SQLite in a temporary folder) and prints one JSON line.
 * test/security-gateway.test.ts runs the same `floodDistinctQueries` in-process.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';

export interface FloodFigures {
  requests: number;
  commentBytes: number;
  /** HTTP statuses seen, with their counts. */
  statuses: Record<string, number>;
  heapBeforeMB: number;
  heapAfterMB: number;
  heapGrowthMB: number;
  rssBeforeMB: number;
  rssAfterMB: number;
}

/** `global.gc`, exposed on demand when node was started without --expose-gc. */
export function exposeGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;

async function settle(gc: () => void) {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  return process.memoryUsage();
}

/** Sends `requests` distinct query texts (a comment of `commentBytes` each) and measures what stays. */
export async function floodDistinctQueries(url: string, options: { requests?: number; commentBytes?: number; concurrency?: number } = {}): Promise<FloodFigures> {
  const requests = options.requests ?? 2000;
  const commentBytes = options.commentBytes ?? 90_000;
  const concurrency = options.concurrency ?? 8;
  const gc = exposeGc();
  const statuses: Record<string, number> = {};
  const send = async (i: number) => {
    const stamp = `${i}-${Math.random().toString(36).slice(2)} `;
    const comment = `# ${stamp}${'x'.repeat(Math.max(0, commentBytes - stamp.length - 3))}\n`;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `${comment}{ libraries { id name } }` }),
    });
    await res.arrayBuffer();
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  };
  for (let i = 0; i < 20; i++) await send(-1 - i); // warm-up: code paths compiled, pools filled
  const before = await settle(gc);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) await send(next++);
    }),
  );
  const after = await settle(gc);
  return {
    requests,
    commentBytes,
    statuses,
    heapBeforeMB: mb(before.heapUsed),
    heapAfterMB: mb(after.heapUsed),
    heapGrowthMB: mb(after.heapUsed - before.heapUsed),
    rssBeforeMB: mb(before.rss),
    rssAfterMB: mb(after.rss),
  };
}

async function main() {
  const { values } = parseArgs({ options: { requests: { type: 'string' }, comment: { type: 'string' } } });
  const { startFederationServices } = await import('../gateway/federation');
  const { loadConfig } = await import('../shared/platform/config');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'libfed-flood-'));
  const config = { ...loadConfig({ ...process.env, NODE_ENV: 'test' }), host: '127.0.0.1', dataDir, databaseUrl: undefined, rateLimitPerMinute: 0 };
  const fed = await startFederationServices(config, { ephemeralPorts: true, seed: true, background: false });
  try {
    const figures = await floodDistinctQueries(fed.gateway.url, {
      requests: Number(values.requests ?? 2000),
      commentBytes: Number(values.comment ?? 90_000),
    });
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await fed.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
