/**
 * Measures `npm run import:slims` on a SLiMS database the size of a city library: 50,000
 * biblios, about 120,000 copies, 10,000 members and 100,000 loans (scripts/slims/generator.ts),
 * imported into an empty library, on the embedded SQLite or on MySQL/MariaDB. Prints records
 * (biblios) per second, loans per second and rows per second over the whole import, then runs it
 * a second time (nothing new) and prints how long finding everything already there takes.
 *
 *   npm run bench:slims                                          SQLite in a temporary folder
 *   npm run bench:slims -- --mysql mysql://root@127.0.0.1:3306   databases bench_slims_*
 *   npm run bench:slims -- --biblios 5000                        a smaller library (the rest in proportion)
 *
 * The SLiMS database is made on --slims-server (default TEST_MYSQL_URL, else
 * mysql://root@127.0.0.1:3306) and dropped at the end, as are our databases.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../shared/platform/config';
import { dropDatabase, openDatabase } from '../shared/platform/database';
import { DEMO_TODAY } from '../shared/domain/demo';
import { setClock } from '../shared/platform/clock';
import { zonedToUtc } from '../shared/platform/time';
import { SUBGRAPHS, subgraphByName } from '../subgraphs';
import { Library } from '../subgraphs/staff-development/libraries/library.entity';
import { main as importSlims } from './import-slims';
import { createSlimsDatabase, dropSlimsDatabase, fillSlims } from './slims/generator';

interface Sections {
  [name: string]: { read: number; imported: number; ms: number };
}

async function run(config: Config, from: string, file: string): Promise<{ ms: number; sections: Sections; code: number; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let errText = '';
  out.resume();
  err.on('data', (c) => (errText += c));
  const t = performance.now();
  const code = await importSlims(['--library', 'kupang', '--from', from, '--report', file], { out, err, config });
  const ms = performance.now() - t;
  const sections = code === 0 ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { sections: Sections }).sections : {};
  return { ms, sections, code, err: errText };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { mysql: { type: 'string' }, 'slims-server': { type: 'string' }, biblios: { type: 'string' } } });
  const biblios = Number(values.biblios ?? 50_000);
  const base = loadConfig();
  const server = values['slims-server'] ?? base.testMysqlUrl ?? 'mysql://root@127.0.0.1:3306';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-slims-'));
  const config: Config = { ...base, dataDir, databaseUrl: values.mysql, databaseUrls: {}, databasePrefix: `bench_slims_${process.pid}_` };
  const database = `slims_bench_${process.pid}`;
  const spec = { seed: 'bench', today: DEMO_TODAY, biblios, copiesPerBiblio: 2.4, members: Math.round(biblios / 5), loans: biblios * 2 };
  setClock(zonedToUtc(DEMO_TODAY, '10:00', 'Asia/Makassar'));
  try {
    let t = performance.now();
    const from = await createSlimsDatabase(server, database);
    await fillSlims(from, spec);
    console.log(
      `SLiMS database generated in ${((performance.now() - t) / 1000).toFixed(1)} s: ${spec.biblios} biblios, ~${Math.round(spec.biblios * 2.4)} items, ${spec.members} members, ${spec.loans} loans`,
    );

    // An empty library: staff-development knows kupang; collections has nothing yet.
    const staff = await openDatabase(config, subgraphByName('staff-development'));
    await staff.getRepository(Library).insert({
      id: 'kupang',
      name: 'Perpustakaan Kota Kupang',
      city: 'Kupang',
      province: 'Nusa Tenggara Timur',
      timezone: 'Asia/Makassar',
      population: 450_000,
      address: 'Kupang',
      closedWeekdays: [7],
    });
    await staff.destroy();

    const backend = values.mysql ? 'MySQL/MariaDB' : 'SQLite';
    const file = path.join(dataDir, 'report.json');
    t = performance.now();
    const first = await run(config, from, file);
    if (first.code !== 0) throw new Error(first.err);
    const s = first.sections;
    const rows = Object.values(s).reduce((n, x) => n + x.read, 0);
    const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en');
    console.log(`\nimport into ${backend}: ${(first.ms / 1000).toFixed(1)} s for ${rows.toLocaleString('en')} SLiMS rows (${rate(rows, first.ms)} rows/s)`);
    console.log(`  biblios  ${String(s.biblios.imported).padStart(7)} in ${(s.biblios.ms / 1000).toFixed(1)} s: ${rate(s.biblios.imported, s.biblios.ms)} records/s`);
    console.log(`  items    ${String(s.items.imported).padStart(7)} in ${(s.items.ms / 1000).toFixed(1)} s: ${rate(s.items.imported, s.items.ms)} copies/s`);
    console.log(`  members  ${String(s.members.imported).padStart(7)} in ${(s.members.ms / 1000).toFixed(1)} s: ${rate(s.members.imported, s.members.ms)} members/s`);
    console.log(`  loans    ${String(s.loans.imported).padStart(7)} in ${(s.loans.ms / 1000).toFixed(1)} s: ${rate(s.loans.imported, s.loans.ms)} loans/s`);
    console.log(`  records per second over the whole import: ${rate(s.biblios.imported, first.ms)}; loans per second over the whole import: ${rate(s.loans.imported, first.ms)}`);
    const second = await run(config, from, file);
    console.log(`second run (nothing new): ${(second.ms / 1000).toFixed(1)} s, ${Object.values(second.sections).reduce((n, x) => n + x.imported, 0)} rows imported`);
  } finally {
    setClock(null);
    await dropSlimsDatabase(server, database);
    for (const def of SUBGRAPHS) await dropDatabase(config, def);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
