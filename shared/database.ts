import fs from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { databaseName, type Config } from './config';
import type { SubgraphDefinition } from './subgraph';

/**
 * Each subgraph owns one database: an SQLite file under DATA_DIR by default, or a MySQL/MariaDB
 * database named after the subgraph when DATABASE_URL (or <NAME>_DATABASE_URL) is set.
 * The schema comes from the committed migrations; `synchronize` is never used.
 */

export type Backend = 'sqlite' | 'mysql';

export function backendOf(config: Config, def: Pick<SubgraphDefinition, 'name'>): Backend {
  return config.databaseUrls[def.name] || config.databaseUrl ? 'mysql' : 'sqlite';
}

/** The full MySQL URL of a subgraph's database. */
export function mysqlUrl(config: Config, def: Pick<SubgraphDefinition, 'name'>): URL {
  const explicit = config.databaseUrls[def.name];
  if (explicit) return new URL(explicit);
  const url = new URL(config.databaseUrl!);
  url.pathname = `/${databaseName(config, def.name)}`;
  return url;
}

async function withServerConnection<T>(url: URL, fn: (c: mysql.Connection) => Promise<T>): Promise<T> {
  const connection = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  try {
    return await fn(connection);
  } finally {
    await connection.end();
  }
}

const quoteIdent = (name: string) => {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Refusing database name ${name}`);
  return `\`${name}\``;
};

export function dataSourceOptions(config: Config, def: SubgraphDefinition): DataSourceOptions {
  const common = { entities: def.entities, migrations: def.migrations, migrationsTransactionMode: 'each' as const, logging: false };
  if (backendOf(config, def) === 'mysql') {
    return {
      ...common,
      type: 'mysql',
      url: mysqlUrl(config, def).toString(),
      timezone: 'Z',
      charset: 'utf8mb4_unicode_ci',
      extra: { connectionLimit: 10 },
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

/** Opens (creating if missing) and migrates a subgraph's database. */
export async function openDatabase(config: Config, def: SubgraphDefinition): Promise<DataSource> {
  if (backendOf(config, def) === 'mysql') {
    const url = mysqlUrl(config, def);
    const name = url.pathname.replace(/^\//, '');
    await withServerConnection(url, (c) =>
      c.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdent(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`),
    );
  } else {
    fs.mkdirSync(config.dataDir, { recursive: true });
  }
  const db = new DataSource(dataSourceOptions(config, def));
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  return db;
}

/** Drops a subgraph's database (tests only). */
export async function dropDatabase(config: Config, def: SubgraphDefinition): Promise<void> {
  if (backendOf(config, def) === 'mysql') {
    const url = mysqlUrl(config, def);
    await withServerConnection(url, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(url.pathname.replace(/^\//, ''))}`));
  } else {
    const file = path.join(config.dataDir, `${databaseName(config, def.name)}.sqlite`);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
}
