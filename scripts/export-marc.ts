/**
 * Exports the titles a library holds as one MARCXML collection, its copies as Koha 952
 * holdings, from the configured database (no size limit: pages of 200 records).
 *
 *   npm run export:marc -- --library kupang > kupang.xml
 *   npm run export:marc -- --library kupang --out kupang.xml
 */
import 'reflect-metadata';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { loadConfig, type Config } from '../shared/platform/config';
import { openDatabase } from '../shared/platform/database';
import { collections } from '../subgraphs/collections';
import { Item } from '../subgraphs/collections/catalogue/item.entity';
import { MARCXML_FOOTER, MARCXML_HEADER, marcxmlRecords } from '../subgraphs/collections/marc/export';

const PAGE = 200;

export async function main(args: string[], io: { out: Writable; err: Writable; config?: Config } = { out: process.stdout, err: process.stderr }): Promise<number> {
  const { values } = parseArgs({ args, options: { library: { type: 'string' }, out: { type: 'string' } } });
  if (!values.library) {
    io.err.write('usage: npm run export:marc -- --library <library id> [--out file.xml]\n');
    return 2;
  }
  const out = values.out ? fs.createWriteStream(values.out) : io.out;
  const db = await openDatabase(io.config ?? loadConfig(), collections);
  let count = 0;
  try {
    out.write(MARCXML_HEADER);
    for (let after = ''; ;) {
      const rows: { recordId: string }[] = await db
        .getRepository(Item)
        .createQueryBuilder('i')
        .select('DISTINCT i.recordId', 'recordId')
        .where('i.libraryId = :library AND i.recordId > :after', { library: values.library, after })
        .orderBy('i.recordId', 'ASC')
        .limit(PAGE)
        .getRawMany();
      if (!rows.length) break;
      out.write(
        await marcxmlRecords(
          db,
          values.library,
          rows.map((r) => r.recordId),
        ),
      );
      count += rows.length;
      after = rows[rows.length - 1].recordId;
    }
    out.write(MARCXML_FOOTER);
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
