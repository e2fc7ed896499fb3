/**
 * How long the gateway takes to refuse each hostile request of the security corpus
 * (test/helpers/hostile.ts), from the client, on the embedded SQLite default: one untimed try,
 * then the median and the slowest of the timed ones. The tests assert what is refused and that no
 * subgraph works on it; this prints how fast.
 *
 *   npm run bench:hostile
 *   npm run bench:hostile -- --tries 21
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startFederationServices } from '../gateway/federation';
import { loadConfig } from '../shared/platform/config';
import { CORPUS } from '../test/helpers/hostile';

async function main() {
  const { values } = parseArgs({ options: { tries: { type: 'string' } } });
  const tries = Number(values.tries ?? 11);
  const config = {
    // Refusals do not depend on the data: the small fixture loads in a second.
    ...loadConfig({ ...process.env, LOG_LEVEL: 'silent', DEMO_DATASET: 'fixture' }),
    host: '127.0.0.1',
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'libfed-bench-hostile-')),
    databaseUrl: undefined,
    databaseUrls: {},
    rateLimitPerMinute: 0,
  };
  const fed = await startFederationServices(config, { ephemeralPorts: true, seed: true });
  try {
    console.log(`refusal time per hostile request, ${tries} tries each, node ${process.version}, ${os.cpus().length} cores`);
    for (const hostile of CORPUS) {
      const times: number[] = [];
      let status = 0;
      for (let i = -1; i < tries; i++) {
        const started = performance.now();
        const res = await fetch(fed.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: hostile.body });
        await res.text();
        status = res.status;
        if (i >= 0) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)];
      console.log(
        `${hostile.name.padEnd(58)} ${String(status).padStart(3)}  median ${median.toFixed(1).padStart(6)} ms   max ${times[times.length - 1].toFixed(1).padStart(6)} ms`,
      );
    }
  } finally {
    await fed.stop();
    fs.rmSync(config.dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
