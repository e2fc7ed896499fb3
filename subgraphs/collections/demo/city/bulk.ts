import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { isMysql } from '../../../../shared/platform/database';

/**
 * Multi-row INSERTs written by hand for the city demo's large tables (a city's loans run to
 * hundreds of thousands): the statement text is built once per chunk size and the values are put
 * in as the drivers would store them — column transformers applied, instants as UTC
 * `YYYY-MM-DD HH:MM:SS.sss` (what TypeORM writes on SQLite, and what MySQL reads in a 'Z'
 * session). Measured about five times faster than the query builder's insert (insertMany), which
 * escapes and maps every value through the entity metadata again per statement.
 */
export async function bulkInsert<T extends ObjectLiteral>(tx: EntityManager, target: EntityTarget<T>, rows: T[]): Promise<void> {
  if (!rows.length) return;
  const meta = tx.connection.getMetadata(target);
  const columns = meta.columns.filter((c) => !c.isVirtual);
  const mysql = isMysql(tx);
  const quote = (name: string) => (mysql ? `\`${name}\`` : `"${name}"`);
  const head = `INSERT INTO ${quote(meta.tableName)} (${columns.map((c) => quote(c.databaseName)).join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const perStatement = Math.max(1, Math.floor((mysql ? 20_000 : 12_000) / columns.length));
  const props = columns.map((c) => c.propertyName);
  const transformers = columns.map((c) => c.transformer);
  let statement = '';
  let statementRows = 0;
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = Math.min(perStatement, rows.length - i);
    if (chunk !== statementRows) {
      statement = head + new Array(chunk).fill(tuple).join(', ');
      statementRows = chunk;
    }
    const params: unknown[] = new Array(chunk * columns.length);
    let k = 0;
    for (let r = i; r < i + chunk; r++) {
      const row = rows[r];
      for (let c = 0; c < props.length; c++) {
        let value: unknown = row[props[c]];
        const transformer = transformers[c];
        if (transformer && !Array.isArray(transformer)) value = transformer.to(value);
        params[k++] = value === undefined ? null : value instanceof Date ? utc(value) : value;
      }
    }
    await tx.query(statement, params);
  }
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

function utc(d: Date): string {
  const ms = d.getUTCMilliseconds();
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}`;
}
