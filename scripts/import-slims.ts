/**
 * Moves a SLiMS 9 library in with one command: catalogue, copies, members, loans (open and past),
 * holds, fines, loan rules, holidays and visitor counts of the SLiMS database (MySQL/MariaDB)
 * into one library here, against the configured databases (DATABASE_URL / <NAME>_DATABASE_URL,
 * else the embedded SQLite files in DATA_DIR). Needs no running service.
 *
 *   npm run import:slims -- --library kupang --from mysql://user:pass@host/slims [--report report.json|report.csv] [--batch-size 1000]
 *
 * Running it twice adds nothing the second time (slims_import_map). Rows that cannot be brought
 * over are listed in the summary's counts and, row by row, in the report file (docs/slims.md).
 * Holidays belong to staff-development: they are written through its database (the holiday
 * table and the library's weekly closed days). Exit code 0 when the import ran (even with
 * skipped rows), 1 when the SLiMS database, our databases or the library cannot be used, 2 on
 * bad arguments; nothing is written in those cases.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import type { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../shared/platform/config';
import { openDatabase } from '../shared/platform/database';
import type { LibraryCalendar } from '../shared/domain/library-calendar';
import { addDays, todayIn } from '../shared/platform/time';
import { createLogger } from '../shared/platform/logger';
import { collections } from '../subgraphs/collections';
import { subgraphByName } from '../subgraphs';
import { Holiday } from '../subgraphs/staff-development/libraries/holiday.entity';
import { Library } from '../subgraphs/staff-development/libraries/library.entity';
import { importSlims, type SlimsImportSummary, type SlimsReportRow, type SlimsSection } from '../subgraphs/collections/slims/slims.service';
import { SlimsAction, SlimsReason } from '../subgraphs/collections/slims/mapping';
import { SlimsSource } from '../subgraphs/collections/slims/source';
import { newId } from '../subgraphs/collections/ids';

const USAGE = 'usage: npm run import:slims -- --library <library id> --from mysql://user:password@host[:port]/database [--report <file.json|file.csv>] [--batch-size <rows>]';

export interface CliIo {
  out: Writable;
  err: Writable;
  config?: Config;
}

/** The URL without its password, for output. */
export function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}

/** A library's calendar read from staff-development's own tables (the command runs without the services). */
async function calendarOf(staff: DataSource, library: Library): Promise<LibraryCalendar> {
  const today = todayIn(library.timezone);
  const holidays = await staff
    .getRepository(Holiday)
    .createQueryBuilder('h')
    .where('(h.libraryId = :id OR h.libraryId IS NULL) AND h.date >= :from AND h.date <= :to', { id: library.id, from: addDays(today, -60), to: addDays(today, 400) })
    .getMany();
  return { id: library.id, timezone: library.timezone, closedWeekdays: library.closedWeekdays, holidays: holidays.map((h) => ({ date: h.date, name: h.name })) };
}

/**
 * SLiMS holidays into staff-development: dated ones as the library's local holidays (a date the
 * library, or the whole country, already closes is reported and left), weekly ones added to the
 * library's closed weekdays.
 */
async function writeHolidays(staff: DataSource, library: Library, summary: SlimsImportSummary): Promise<number[]> {
  const count = summary.sections.holidays;
  const own = new Set((await staff.getRepository(Holiday).findBy({ libraryId: library.id })).map((h) => h.date));
  const national = await staff.getRepository(Holiday).createQueryBuilder('h').where('h.libraryId IS NULL').getMany();
  const countrywide = new Set(national.map((h) => h.date));
  const fresh: Holiday[] = [];
  summary.holidays.dated.forEach((h, i) => {
    if (own.has(h.date)) return void (count.alreadyImported += 1);
    if (countrywide.has(h.date)) {
      count.skipped += 1;
      summary.report.push({
        table: 'holiday',
        row: i + 1,
        slimsId: h.slimsId,
        action: SlimsAction.SKIPPED,
        reason: SlimsReason.HOLIDAY_EXISTS,
        message: `${h.date} is already a national holiday`,
      });
      return;
    }
    own.add(h.date);
    fresh.push(Object.assign(new Holiday(), { id: newId(), libraryId: library.id, date: h.date, name: h.name }));
  });
  const added: number[] = [];
  for (const { weekday } of summary.holidays.weekly) {
    if (library.closedWeekdays.includes(weekday) || added.includes(weekday)) count.alreadyImported += 1;
    else {
      added.push(weekday);
      count.imported += 1;
    }
  }
  await staff.transaction(async (tx) => {
    if (fresh.length) await tx.getRepository(Holiday).insert(fresh);
    if (added.length) await tx.getRepository(Library).update({ id: library.id }, { closedWeekdays: [...library.closedWeekdays, ...added].sort((a, b) => a - b) });
  });
  count.imported += fresh.length;
  return added;
}

const SECTIONS: [SlimsSection, string][] = [
  ['memberTypes', 'member types (rules)'],
  ['loanRules', 'loan rules'],
  ['biblios', 'biblios (titles)'],
  ['items', 'items (copies)'],
  ['members', 'members'],
  ['loans', 'loans'],
  ['reserves', 'reserves (holds)'],
  ['fines', 'fines'],
  ['visitDays', 'visitor days'],
  ['holidays', 'holidays'],
];

/** The summary as a table, for people. */
export function summaryTable(summary: SlimsImportSummary, weekdaysAdded: number[], reportFile?: string): string {
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  const lines = [`${'table'.padEnd(22)}${pad('read', 8)}${pad('imported', 10)}${pad('matched', 9)}${pad('already', 9)}${pad('skipped', 9)}`];
  for (const [key, label] of SECTIONS) {
    const c = summary.sections[key];
    lines.push(`${label.padEnd(22)}${pad(c.read, 8)}${pad(c.imported, 10)}${pad(c.matched, 9)}${pad(c.alreadyImported, 9)}${pad(c.skipped, 9)}`);
  }
  const skippedRows = summary.report.filter((r) => r.action === SlimsAction.SKIPPED).length;
  const reasons = new Map<string, number>();
  for (const r of summary.report) reasons.set(`${r.action} ${r.reason}`, (reasons.get(`${r.action} ${r.reason}`) ?? 0) + 1);
  lines.push(
    '',
    `report: ${summary.report.length} rows (${skippedRows} skipped, ${summary.report.length - skippedRows} approximated)${reportFile ? ` in ${reportFile}` : ' (write them with --report)'}`,
  );
  for (const [reason, n] of [...reasons].sort()) lines.push(`  ${reason.padEnd(45)} ${pad(n, 7)}`);
  if (weekdaysAdded.length) lines.push(`closed weekdays added to the library (ISO, 1 = Monday): ${weekdaysAdded.join(', ')}`);
  if (summary.notCarried.length) {
    lines.push('', 'not carried over (no place here):');
    for (const c of summary.notCarried) lines.push(`  ${`${c.table}.${c.column}`.padEnd(30)} ${pad(c.rows, 7)} rows  ${c.reason}`);
  }
  lines.push('', 'SLiMS member passwords are NOT carried over: members set a PIN at the desk.', `took ${(summary.elapsedMs / 1000).toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}

const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/** The report file: JSON (everything) or, for a .csv name, one line per reported row. */
export function reportFile(summary: SlimsImportSummary, file: string, from: string, weekdaysAdded: number[]): string {
  if (/\.csv$/i.test(file)) {
    const head = 'table,row,slims_id,action,reason,message';
    const rows = summary.report.map((r: SlimsReportRow) => [r.table, r.row, r.slimsId, r.action, r.reason, r.message].map(csvCell).join(','));
    return `${[head, ...rows].join('\n')}\n`;
  }
  const { holidays: _holidays, ...rest } = summary;
  return `${JSON.stringify({ from: redacted(from), ...rest, closedWeekdaysAdded: weekdaysAdded }, null, 2)}\n`;
}

export async function main(args: string[], io: CliIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  let values: { library?: string; from?: string; report?: string; 'batch-size'?: string };
  try {
    ({ values } = parseArgs({ args, options: { library: { type: 'string' }, from: { type: 'string' }, report: { type: 'string' }, 'batch-size': { type: 'string' } } }));
  } catch (err) {
    io.err.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const batchSize = values['batch-size'] ? Number(values['batch-size']) : 1000;
  if (!values.library || !values.from || !Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    io.err.write(`${USAGE}\n`);
    return 2;
  }
  const { library: libraryId, from } = values;

  let source: SlimsSource;
  try {
    source = await SlimsSource.open(from);
  } catch (err) {
    io.err.write(`Cannot read the SLiMS database ${redacted(from)}: ${(err as Error).message}\n`);
    return 1;
  }
  const config = io.config ?? loadConfig();
  let staff: DataSource | undefined;
  let db: DataSource | undefined;
  const bar = new SingleBar(
    { stream: io.err, format: 'SLiMS import [{bar}] {value}/{total} rows', noTTYOutput: !(io.err as { isTTY?: boolean }).isTTY, notTTYSchedule: 1000 },
    Presets.shades_classic,
  );
  let started = false;
  try {
    staff = await openDatabase(config, subgraphByName('staff-development'));
    const library = await staff.getRepository(Library).findOneBy({ id: libraryId });
    if (!library) {
      const known = (await staff.getRepository(Library).find({ order: { id: 'ASC' } })).map((l) => l.id);
      io.err.write(`Unknown library ${libraryId}: the libraries are ${known.join(', ') || '(none)'}\n`);
      return 1;
    }
    const calendar = await calendarOf(staff, library);
    db = await openDatabase(config, collections);
    const summary = await importSlims(
      { db, calendars: { get: () => Promise.resolve(calendar) }, log: createLogger(config, 'import-slims') },
      {
        libraryId,
        source,
        actor: { sub: 'cli:import-slims', role: 'ADMIN' },
        batchSize,
        onProgress: (done, total) => {
          if (!started) bar.start(total, 0);
          started = true;
          bar.update(done);
        },
      },
    );
    bar.stop();
    const weekdaysAdded = await writeHolidays(staff, library, summary);
    if (values.report) fs.writeFileSync(values.report, reportFile(summary, values.report, from, weekdaysAdded));
    io.out.write(`SLiMS import of ${redacted(from)} into ${libraryId}\n${summaryTable(summary, weekdaysAdded, values.report)}`);
    return 0;
  } catch (err) {
    bar.stop();
    io.err.write(`Import failed: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await source.close();
    await db?.destroy();
    await staff?.destroy();
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
