/**
 * Exports the titles a library holds (or imported from MARC) as MARC 21 — one MARCXML collection (the default) or an
 * ISO 2709 file — with its copies as holdings, from the configured database (no size limit:
 * pages of 200 records). Records imported from MARC come back as imported (marc/export.ts).
 *
 *   npm run export:marc -- --library kupang > kupang.xml
 *   npm run export:marc -- --library kupang --out kupang.xml
 *   npm run export:marc -- --library kupang --format iso2709 --out kupang.mrc
 */
import 'reflect-metadata';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { loadConfig, type Config } from '../shared/platform/config';
import { openDatabase } from '../shared/platform/database';
import { collections } from '../subgraphs/collections';
import { iso2709Records, MARCXML_FOOTER, MARCXML_HEADER, marcxmlRecords } from '../subgraphs/collections/marc/export';

const PAGE = 200;

export async function main(args: string[], io: { out: Writable; err: Writable; config?: Config } = { out: process.stdout, err: process.stderr }): Promise<number> {
  const usage = 'usage: npm run export:marc -- --library <library id> [--format marcxml|iso2709] [--out file]\n';
  let values: { library?: string; out?: string; format?: string };
  try {
    ({ values } = parseArgs({ args, options: { library: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' } } }));
  } catch (err) {
    io.err.write(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  const format = (values.format ?? 'marcxml').toLowerCase();
  if (!values.library || !['marcxml', 'iso2709'].includes(format)) {
    io.err.write(usage);
    return 2;
  }
  const xml = format === 'marcxml';
  const out = values.out ? fs.createWriteStream(values.out) : io.out;
  const db = await openDatabase(io.config ?? loadConfig(), collections);
  let count = 0;
  try {
    if (xml) out.write(MARCXML_HEADER);
    for (let after = ''; ;) {
      // The titles the library holds copies of, and those it imported from MARC (with or without copies).
      const rows: { recordId: string }[] = await db.query(
        `SELECT recordId FROM (SELECT recordId FROM item WHERE libraryId = ? UNION SELECT recordId FROM marc_source_record WHERE libraryId = ?) t
         WHERE recordId > ? ORDER BY recordId LIMIT ${PAGE}`,
        [values.library, values.library, after],
      );
      if (!rows.length) break;
      const ids = rows.map((r) => r.recordId);
      out.write(xml ? await marcxmlRecords(db, values.library, ids) : await iso2709Records(db, values.library, ids));
      count += rows.length;
      after = rows[rows.length - 1].recordId;
    }
    if (xml) out.write(MARCXML_FOOTER);
  } finally {
    await db.destroy();
    if (values.out) await new Promise((resolve) => (out as fs.WriteStream).end(resolve));
  }
  io.err.write(`${count} records of ${values.library} exported\n`);
  return 0;
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
