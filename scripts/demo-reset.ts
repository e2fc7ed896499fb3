/**
 * `npm run demo:reset`: empties the four subgraph databases and loads the demo for today — the
 * city demo by default (two years of four city libraries, ending yesterday), or the fixture with
 * DEMO_DATASET=fixture. Stop `npm start` first. It reads the same configuration as the services
 * (DATA_DIR, DATABASE_URL …, DEMO_SCALE, DEMO_TODAY) and refuses to run under NODE_ENV=production.
 *
 *   npm run demo:reset
 *   DEMO_SCALE=0.05 npm run demo:reset          a small city demo, in seconds
 *   DEMO_TODAY=2026-12-06 npm run demo:reset    the same data on every machine (benchmarks)
 *
 * Prints the time each subgraph took and what it loaded.
 */
import 'reflect-metadata';
import { loadConfig } from '../shared/platform/config';
import { dropDatabase, openDatabase } from '../shared/platform/database';
import { DEMO_LIBRARIES } from '../shared/domain/demo';
import { demoLoadDay, demoWindow } from '../shared/domain/demo-city';
import { SUBGRAPHS } from '../subgraphs';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.production) throw new Error('demo:reset empties the databases: it does not run under NODE_ENV=production');
  const started = Date.now();
  const rows: Record<string, string | number>[] = [];
  for (const def of SUBGRAPHS) {
    const t0 = Date.now();
    await dropDatabase(config, def);
    const db = await openDatabase(config, def);
    try {
      const summary = await def.seed(db, config.demo);
      const total = Object.values(summary).reduce((a, b) => a + b, 0);
      rows.push({ subgraph: def.name, seconds: Number(((Date.now() - t0) / 1000).toFixed(1)), rows: total });
      console.log(`${def.name}: ${JSON.stringify(summary)}`);
    } finally {
      await db.destroy();
    }
  }
  console.table(rows);
  const where = config.databaseUrl ? 'MySQL/MariaDB' : `SQLite in ${config.dataDir}`;
  if (config.demo.dataset === 'city') {
    const days = DEMO_LIBRARIES.map((l) => demoWindow(demoLoadDay(config.demo, l.timezone)));
    console.log(`City demo (scale ${config.demo.scale}) loaded into ${where}: history ${days[0].from} – ${days[0].through}, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } else {
    console.log(`Fixture loaded into ${where} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
