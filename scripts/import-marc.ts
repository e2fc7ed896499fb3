/**
 * Imports a MARC 21 file (SLiMS or Koha export) into the catalogue and one library's holdings,
 * against the configured database (DATABASE_URL / COLLECTIONS_DATABASE_URL, else the embedded
 * SQLite in DATA_DIR). Library calendars come from staff-development (STAFF_DEVELOPMENT_URL):
 * the services must be running.
 *
 *   npm run import:marc -- --library kupang export.mrc
 *   npm run import:marc -- --library kupang --format marcxml koha.xml
 *
 * The format comes from the extension (.mrc .iso .marc: ISO 2709; .xml: MARCXML) unless given.
 * Records matched to catalogued ones are merged, or counted unchanged when imported before as
 * they are (a second run adds nothing). Bad records are reported in the summary and skipped; the exit code is non-zero only when the
 * file (or the database, or the library) cannot be used at all.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import type { Writable } from 'node:stream';
import { loadConfig, type Config } from '../shared/platform/config';
import { openDatabase } from '../shared/platform/database';
import { LibraryCalendarClient } from '../shared/domain/library-calendar';
import { createLogger } from '../shared/platform/logger';
import { collections } from '../subgraphs/collections';
import { importMarc, type MarcImportDeps, type MarcImportSummary } from '../subgraphs/collections/marc/import';
import { MarcFormat } from '../subgraphs/collections/marc/records';

const USAGE = 'usage: npm run import:marc -- --library <library id> [--format iso2709|marcxml] <file>';

export interface CliIo {
  out: Writable;
  err: Writable;
  config?: Config;
  /** Tests pass the running federation's calendars; by default staff-development's, over HTTP. */
  calendars?: MarcImportDeps['calendars'];
}

export function formatOf(file: string, flag?: string): MarcFormat {
  if (flag) {
    const f = flag.toUpperCase().replace(/[^A-Z0-9]/g, '');
    if (f === 'ISO2709' || f === 'MARCXML') return f as MarcFormat;
    throw new Error(`--format must be iso2709 or marcxml, not ${flag}`);
  }
  return /\.(xml|marcxml)$/i.test(file) ? MarcFormat.MARCXML : MarcFormat.ISO2709;
}

const pad = (s: string | number, n: number) => String(s).padEnd(n);

/** The summary as a table, for people. */
export function summaryTable(summary: MarcImportSummary): string {
  const lines = [
    `records        ${summary.total}`,
    `created        ${summary.created}`,
    `merged         ${summary.merged}`,
    `unchanged      ${summary.unchanged}`,
    `copies created ${summary.copiesCreated}`,
    `rejected       ${summary.rejected.length}`,
  ];
  if (summary.rejected.length) {
    const width = Math.max(3, ...summary.rejected.map((r) => (r.controlNumber ?? '-').length));
    lines.push('', `${pad('#', 5)} ${pad('001', width)} ${pad('reason', 17)} message`);
    for (const r of summary.rejected) lines.push(`${pad(r.position, 5)} ${pad(r.controlNumber ?? '-', width)} ${pad(r.reason, 17)} ${r.message}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function main(args: string[], io: CliIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  let values: { library?: string; format?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args, allowPositionals: true, options: { library: { type: 'string' }, format: { type: 'string' } } }));
  } catch (err) {
    io.err.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const file = positionals[0];
  if (!values.library || !file || positionals.length > 1) {
    io.err.write(`${USAGE}\n`);
    return 2;
  }
  let format: MarcFormat;
  let data: Buffer;
  try {
    format = formatOf(file, values.format);
    data = fs.readFileSync(file);
  } catch (err) {
    io.err.write(`Cannot read ${file}: ${(err as Error).message}\n`);
    return 1;
  }

  const config = io.config ?? loadConfig();
  const db = await openDatabase(config, collections);
  const bar = new SingleBar(
    { stream: io.err, format: 'MARC import [{bar}] {value}/{total} records', noTTYOutput: !(io.err as { isTTY?: boolean }).isTTY, notTTYSchedule: 1000 },
    Presets.shades_classic,
  );
  try {
    const summary = await importMarc(
      { db, calendars: io.calendars ?? new LibraryCalendarClient(config, 'collections'), log: createLogger(config, 'import-marc') },
      {
        libraryId: values.library,
        data,
        format,
        actor: { sub: 'cli:import-marc', role: 'ADMIN' },
        onProgress: (done, total) => {
          if (done === 1) bar.start(total, 0);
          bar.update(done);
        },
      },
    );
    bar.stop();
    io.out.write(`MARC import of ${path.basename(file)} (${format}) into ${values.library}\n${summaryTable(summary)}`);
    return 0;
  } catch (err) {
    bar.stop();
    io.err.write(`Import failed: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
