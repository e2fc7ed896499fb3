import fs from 'node:fs';
import path from 'node:path';
import type { Connection } from 'mysql2/promise';
import { DataSource, type DataSourceOptions, type EntityManager, type EntityTarget, type Logger as TypeOrmLogger, type ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { databaseName, StartupError, type Config } from './config';
import { ConflictError } from './errors';
import { failoverDriver, nodeUrls } from './database-nodes';
import type { SubgraphDefinition } from './subgraph';

/**
 * Each subgraph owns one database: an SQLite file under DATA_DIR by default, or a MySQL/MariaDB
 * database named after the subgraph when DATABASE_URL (or <NAME>_DATABASE_URL) is set.
 * The schema comes from the committed migrations; `synchronize` is never used.
 */

export type Backend = 'sqlite' | 'mysql';

/**
 * Counts statements (tests use it to prove that a list costs the same number of queries whatever
 * its length) and reports slow ones.
 */
export class QueryLogger implements TypeOrmLogger {
  queries = 0;
  constructor(private readonly onSlow: (query: string, ms: number) => void = () => undefined) {}
  logQuery(): void {
    this.queries += 1;
  }
  logQueryError(): void {}
  logQuerySlow(time: number, query: string): void {
    this.onSlow(query, time);
  }
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export function backendOf(config: Config, def: Pick<SubgraphDefinition, 'name'>): Backend {
  return config.databaseUrls[def.name] || config.databaseUrl ? 'mysql' : 'sqlite';
}

/**
 * The full MySQL URL of a subgraph's database on each node its URL lists (one, or the nodes of a
 * cluster: `mysql://user:pass@host1:3306,host2:3306`, tried in that order; database-nodes.ts).
 */
export function mysqlUrls(config: Config, def: Pick<SubgraphDefinition, 'name'>): URL[] {
  const explicit = config.databaseUrls[def.name];
  if (explicit) return nodeUrls(explicit).map((u) => new URL(u));
  return nodeUrls(config.databaseUrl!).map((u) => {
    const url = new URL(u);
    url.pathname = `/${databaseName(config, def.name)}`;
    return url;
  });
}

/** The full MySQL URL of a subgraph's database (its first node). */
export function mysqlUrl(config: Config, def: Pick<SubgraphDefinition, 'name'>): URL {
  return mysqlUrls(config, def)[0];
}

/** Runs `fn` on a connection to the first node of `urls` that answers. */
async function withServerConnection<T>(urls: URL[], fn: (c: Connection) => Promise<T>): Promise<T> {
  // Loaded on first use, as every module only a MySQL/MariaDB database needs: a SQLite process
  // does not carry it (a module costs each thread's heap, docs/performance.md).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mysql = require('mysql2/promise') as typeof import('mysql2/promise');
  let connection: Connection | undefined;
  for (const [i, url] of urls.entries()) {
    try {
      connection = await mysql.createConnection({
        host: url.hostname,
        port: Number(url.port || 3306),
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        connectTimeout: 3_000,
      });
      break;
    } catch (err) {
      if (i === urls.length - 1) throw err;
    }
  }
  try {
    return await fn(connection!);
  } finally {
    await connection!.end();
  }
}

const quoteIdent = (name: string) => {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Refusing database name ${name}`);
  return `\`${name}\``;
};

/** MySQL or MariaDB: TypeORM reads column defaults differently on each, so it must be told which. */
async function mysqlFlavour(urls: URL[]): Promise<'mysql' | 'mariadb'> {
  const [rows] = await withServerConnection(urls, (c) => c.query('SELECT VERSION() AS version'));
  return /mariadb/i.test((rows as { version: string }[])[0].version) ? 'mariadb' : 'mysql';
}

export function dataSourceOptions(config: Config, def: SubgraphDefinition, logger = new QueryLogger(), flavour: 'mysql' | 'mariadb' = 'mysql'): DataSourceOptions {
  const common = {
    entities: def.entities,
    migrations: def.migrations,
    migrationsTransactionMode: 'each' as const,
    logger,
    maxQueryExecutionTime: 500,
  };
  if (backendOf(config, def) === 'mysql') {
    return {
      ...common,
      type: flavour,
      url: mysqlUrl(config, def).toString(),
      // Several nodes: one pool over them all, the next node used while one is down (database-nodes.ts).
      ...(mysqlUrls(config, def).length > 1 ? { driver: failoverDriver(mysqlUrls(config, def).map(String)), connectorPackage: 'mysql2' as const } : {}),
      timezone: 'Z',
      charset: 'utf8mb4_unicode_ci',
      extra: { connectionLimit: 10 },
      // A server that does not answer a connect is ETIMEDOUT (SERVICE_UNAVAILABLE) after 3 s, before
      // the gateway gives up on the subgraph (SUBGRAPH_TIMEOUT_MS, 5 s): the client is told why.
      connectTimeout: 3_000,
    };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: path.join(config.dataDir, `${databaseName(config, def.name)}.sqlite`),
    enableWAL: true,
    prepareDatabase: (db: { pragma(s: string): unknown }) => {
      db.pragma('busy_timeout = 5000');
    },
  };
}

/**
 * better-sqlite3 is a native module, built by `npm install` for the Node.js that ran it: after a
 * switch of Node.js (nvm, an upgrade) opening an SQLite database fails with a dlopen error and a
 * stack. That becomes one line saying how to fix it; any other error is returned unchanged.
 */
export function sqliteOpenError(err: unknown): unknown {
  const message = err instanceof Error ? err.message : String(err);
  if (/NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(message)) {
    return new StartupError(`better-sqlite3 was built for another Node.js version than this one (${process.version}): run \`npm rebuild better-sqlite3\``);
  }
  if (/Could not locate the bindings file/.test(message)) {
    return new StartupError(`better-sqlite3 is not built for this Node.js (${process.version}): run \`npm rebuild better-sqlite3\``);
  }
  return err;
}

/** Opens (creating if missing) and migrates a subgraph's database. */
export async function openDatabase(config: Config, def: SubgraphDefinition, logger?: QueryLogger): Promise<DataSource> {
  let flavour: 'mysql' | 'mariadb' = 'mysql';
  if (backendOf(config, def) === 'mysql') {
    const urls = mysqlUrls(config, def);
    const name = urls[0].pathname.replace(/^\//, '');
    await withServerConnection(urls, (c) => c.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdent(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`));
    flavour = await mysqlFlavour(urls);
  } else {
    fs.mkdirSync(config.dataDir, { recursive: true });
  }
  const db = new DataSource(dataSourceOptions(config, def, logger, flavour));
  await db.initialize().catch((err: unknown) => {
    throw backendOf(config, def) === 'sqlite' ? sqliteOpenError(err) : err;
  });
  await db.runMigrations({ transaction: 'each' });
  return db;
}

/** Drops a subgraph's database (tests only). */
export async function dropDatabase(config: Config, def: SubgraphDefinition): Promise<void> {
  if (backendOf(config, def) === 'mysql') {
    const urls = mysqlUrls(config, def);
    await withServerConnection(urls, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(urls[0].pathname.replace(/^\//, ''))}`));
  } else {
    const file = path.join(config.dataDir, `${databaseName(config, def.name)}.sqlite`);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
}

const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();
/** Transactions running or queued per SQLite database (the pool gauge). */
const sqliteQueued = new WeakMap<DataSource, number>();
const MYSQL_RETRYABLE = new Set([1213, 1205]); // ER_LOCK_DEADLOCK, ER_LOCK_WAIT_TIMEOUT

/**
 * Runs `work` in a transaction; every write goes through here.
 *
 * - SQLite (better-sqlite3) has one connection per process, and TypeORM turns a second concurrent
 *   transaction on it into a SAVEPOINT inside the first, so a rollback of one could take the
 *   other's writes with it. Transactions are therefore queued, one at a time, per database.
 * - MySQL/MariaDB: a transaction that loses a deadlock or a lock wait is retried (up to 5 times):
 *   under a burst of desks working one title a deadlock is an expected, harmless outcome. On a
 *   Galera cluster a transaction that fails certification at COMMIT (another node committed a
 *   write to a row it wrote) gets the same ER_LOCK_DEADLOCK and is retried the same way.
 *
 * Guard races inside `work` with a conditional UPDATE (`… WHERE status = 'AVAILABLE'`) whose
 * affected-row count is checked, or SELECT … FOR UPDATE on MySQL: TypeORM's optimistic lock does
 * not stop double-booking.
 */
export async function transaction<T>(db: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  if (db.options.type === 'better-sqlite3') {
    const previous = sqliteQueues.get(db) ?? Promise.resolve();
    sqliteQueued.set(db, (sqliteQueued.get(db) ?? 0) + 1);
    const run = previous.then(() => db.transaction(work));
    const settled = run.catch(() => undefined);
    sqliteQueues.set(db, settled);
    void settled.then(() => sqliteQueued.set(db, (sqliteQueued.get(db) ?? 1) - 1));
    return run;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (err) {
      const errno = (err as { driverError?: { errno?: number }; errno?: number }).driverError?.errno ?? (err as { errno?: number }).errno;
      if (!errno || !MYSQL_RETRYABLE.has(errno)) throw err;
      // Still losing after the retries: the row is that busy. The caller is told so (CONFLICT, try
      // again), never INTERNAL_SERVER_ERROR; nothing of this transaction was written.
      if (attempt >= 5) throw new ConflictError('Too many concurrent changes to the same record; try again');
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 40));
    }
  }
}

/** What a database's connections are doing, for the pool gauges (metrics.ts); null once it is closed. */
export interface PoolUse {
  inUse: number;
  idle: number;
  waiting: number;
  max: number;
}

/** mysql2's pool keeps its counts in fields it does not document (stable since mysql 2.x, which it mirrors). */
interface Mysql2Pool {
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
  config?: { connectionLimit?: number };
}

/**
 * The pool's use at this instant. MySQL/MariaDB: the mysql2 pool under TypeORM. SQLite has one
 * connection and no pool: in use while a write transaction runs, `waiting` the transactions
 * queued behind it by `transaction` (reads do not queue).
 */
export function poolUse(db: DataSource): PoolUse | null {
  if (!db.isInitialized) return null;
  if (db.options.type === 'better-sqlite3') {
    const queued = sqliteQueued.get(db) ?? 0;
    return { inUse: queued ? 1 : 0, idle: queued ? 0 : 1, waiting: Math.max(0, queued - 1), max: 1 };
  }
  const pool = (db.driver as unknown as { pool?: Mysql2Pool }).pool;
  if (!pool) return null;
  const all = pool._allConnections?.length ?? 0;
  const idle = pool._freeConnections?.length ?? 0;
  return { inUse: all - idle, idle, waiting: pool._connectionQueue?.length ?? 0, max: pool.config?.connectionLimit ?? 0 };
}

/** Which database a statement ran on, as OpenTelemetry names it (db.system.name, db.namespace). */
export interface StatementTarget {
  system: string;
  name: string;
}

/**
 * Runs every statement of `db` through `around` (the tracing's SQL span), timing the statement as
 * the service waits for it (a pooled connection's wait included). TypeORM's logger is told of a
 * statement only before it runs, so the query runners are wrapped instead: every repository call,
 * query builder, raw query and transaction statement goes through QueryRunner.query.
 */
export function traceStatements(db: DataSource, around: <T>(sql: string, target: StatementTarget, run: () => Promise<T>) => Promise<T>): void {
  const type = db.options.type;
  const target: StatementTarget =
    type === 'better-sqlite3'
      ? { system: 'sqlite', name: path.basename(String(db.options.database), '.sqlite') }
      : { system: type === 'mariadb' ? 'mariadb' : 'mysql', name: String((db.driver as { database?: string }).database ?? '') };
  const driver = db.driver;
  const create = driver.createQueryRunner.bind(driver);
  // better-sqlite3's driver hands out one runner again and again: it is wrapped once.
  const wrapped = new WeakSet<object>();
  driver.createQueryRunner = (mode) => {
    const runner = create(mode);
    if (!wrapped.has(runner)) {
      wrapped.add(runner);
      const query = runner.query.bind(runner);
      runner.query = ((sql: string, parameters?: unknown[], structured?: boolean) => around(sql, target, () => query(sql, parameters, structured as never))) as typeof runner.query;
    }
    return runner;
  };
}

/** True on MySQL/MariaDB, where rows are locked with SELECT … FOR UPDATE (SQLite runs one transaction at a time). */
export const isMysql = (m: EntityManager | DataSource): boolean => ('connection' in m ? m.connection : m).options.type !== 'better-sqlite3';

/** A unique index refused the row, on either backend (MySQL/MariaDB ER_DUP_ENTRY, SQLite UNIQUE/PRIMARY KEY). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = e.driverError?.code ?? e.code;
  const errno = e.driverError?.errno ?? e.errno;
  return errno === 1062 || code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * A value as the driver stores it in an entity's column (a Date becomes UTC text on SQLite and a
 * DATETIME on MySQL): for raw SQL that compares a column with a parameter.
 */
export function persisted<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, property: string, value: unknown): unknown {
  const column = db.getMetadata(target).findColumnWithPropertyName(property)!;
  return db.driver.preparePersistentValue(value, column);
}

/**
 * A DATE column read by raw SQL, as YYYY-MM-DD: mysql2 (its connection set to UTC) hands back a
 * Date at UTC midnight, SQLite the text.
 */
export const rawDate = (v: string | Date): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/** A DATETIME column read by raw SQL: mysql2 hands back a Date, SQLite UTC text. */
export const rawInstant = (v: string | Date): Date => (v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`));

/**
 * Inserts many rows in multi-row INSERT statements written directly — the entity's columns, each
 * value prepared by the driver as TypeORM would store it (transformers, dates, JSON) — as many rows
 * per statement as the placeholder limits allow (SQLite 32,766, MySQL 65,535), without reading
 * anything back: the demo loader's bulk path. About three to five times faster than the query
 * builder's insert, which maps every value through the entity metadata again (measured on a
 * city's loans and registrations). A column a row leaves undefined takes its literal default, or
 * NULL when nullable; otherwise the call throws before writing.
 */
export async function insertMany<T extends ObjectLiteral>(tx: EntityManager, target: EntityTarget<T>, rows: QueryDeepPartialEntity<T>[]): Promise<void> {
  if (!rows.length) return;
  const meta = tx.connection.getMetadata(target);
  const driver = tx.connection.driver;
  const columns = meta.columns.filter((c) => !c.isVirtual);
  const head = `INSERT INTO ${driver.escape(meta.tablePath)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const perStatement = Math.max(1, Math.floor(30_000 / columns.length));
  const missing = (c: (typeof columns)[number]) => {
    // Prepared like a value (a boolean default is 0/1 on SQLite, which binds no booleans).
    if (c.default !== undefined && typeof c.default !== 'function') return driver.preparePersistentValue(c.default, c) as unknown;
    if (c.isNullable) return null;
    throw new Error(`insertMany(${meta.tableName}): a row has no ${c.propertyName}, which has no default and is not nullable`);
  };
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
      const row = rows[r] as ObjectLiteral;
      for (const c of columns) {
        const value: unknown = row[c.propertyName];
        params[k++] = value === undefined ? missing(c) : driver.preparePersistentValue(value, c);
      }
    }
    await tx.query(statement, params);
  }
}
