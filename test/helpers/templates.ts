import fs from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { databaseName, type Config } from '../../shared/platform/config';
import { dropDatabase, openDatabase, type Backend } from '../../shared/platform/database';
import { SUBGRAPHS } from '../../subgraphs';
import { TEMPLATE_DATABASE_MARK, TEMPLATES_ENV, templateDatabasePrefix, type TemplateManifest } from './template-run';

/**
 * Template databases for test federations: each backend's four databases are migrated (and, for
 * the seeded kind, given the demo data) once per jest run, and every test federation starts on a
 * copy instead of migrating and seeding its own. Seeding the fixture costs 1–2 s per federation;
 * a copy costs a file copy on SQLite and a few statements on MariaDB.
 *
 * A template is built the first time a test asks for it (a run of files that start no federation
 * builds none), under a lock so that parallel workers build it once; test/helpers/global-setup.ts
 * names the run's folder and test/helpers/global-teardown.ts drops the templates.
 */

export type TemplateKind = 'seeded' | 'empty';

const BUILD_TIMEOUT_MS = 180_000;
const manifests = new Map<string, TemplateManifest>();

const quoteIdent = (name: string) => {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Refusing identifier ${name}`);
  return `\`${name}\``;
};

/** The run's template folder, or undefined when jest ran without the global setup. */
function runDir(): string | undefined {
  const dir = process.env[TEMPLATES_ENV];
  return dir && fs.existsSync(dir) ? dir : undefined;
}

/** The demo data a template holds is the base config's: a federation asking for other demo settings seeds its own. */
const sameDemo = (a: Config, b: Config) => JSON.stringify(a.demo) === JSON.stringify(b.demo);

/**
 * Fills `config`'s four (absent) databases from the run's template: seeded with the demo data or
 * only migrated. Returns false, having done nothing, when no template applies (no global setup,
 * per-subgraph database URLs, other demo settings): the caller then migrates and seeds as usual.
 */
export async function copyTemplate(base: Config, config: Config, backend: Backend, kind: TemplateKind): Promise<boolean> {
  const dir = runDir();
  if (!dir || Object.keys(config.databaseUrls).length || !sameDemo(base, config)) return false;
  if (backend === 'mysql' && (!config.databaseUrl || config.databaseUrl !== base.testMysqlUrl)) return false;
  const manifest = await ensureTemplate(dir, base, backend, kind);
  if (backend === 'sqlite') {
    fs.mkdirSync(config.dataDir, { recursive: true });
    for (const def of SUBGRAPHS) {
      const file = manifest.subgraphs[def.name].file!;
      fs.copyFileSync(file, path.join(config.dataDir, `${databaseName(config, def.name)}.sqlite`), fs.constants.COPYFILE_FICLONE);
    }
  } else {
    await Promise.all(SUBGRAPHS.map((def) => copyMysqlDatabase(manifest, def.name, databaseName(config, def.name))));
  }
  return true;
}

/** True when this process made the lock directory (mkdir is atomic: one worker builds a template). */
function takeLock(lock: string): boolean {
  try {
    fs.mkdirSync(lock);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  }
}

/** Reads the template's manifest, building the template first if no one has. */
async function ensureTemplate(dir: string, base: Config, backend: Backend, kind: TemplateKind): Promise<TemplateManifest> {
  const key = `${backend}-${kind}`;
  const cached = manifests.get(key);
  if (cached) return cached;
  const manifestFile = path.join(dir, `${key}.json`);
  const lock = path.join(dir, `${key}.lock`);
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  while (!fs.existsSync(manifestFile)) {
    if (takeLock(lock)) {
      try {
        const manifest = backend === 'sqlite' ? await buildSqlite(dir, base, key, kind) : await buildMysql(dir, base, kind);
        fs.writeFileSync(`${manifestFile}.tmp`, JSON.stringify(manifest));
        fs.renameSync(`${manifestFile}.tmp`, manifestFile);
      } catch (err) {
        // The next test file tries again (a failure is that file's, as a failed seed was before templates).
        fs.rmSync(lock, { recursive: true, force: true });
        throw err;
      }
    } else {
      // Another worker builds it: wait for its manifest, or for its lock to go if its build failed.
      if (Date.now() > deadline) throw new Error(`The ${key} test template was not built within ${BUILD_TIMEOUT_MS / 1000} s (lock ${lock})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as TemplateManifest;
  manifests.set(key, manifest);
  return manifest;
}

/** Four SQLite files, checkpointed and closed (no -wal/-shm beside them), ready to copy. */
async function buildSqlite(dir: string, base: Config, key: string, kind: TemplateKind): Promise<TemplateManifest> {
  const config: Config = { ...base, dataDir: path.join(dir, key), databaseUrl: undefined, databaseUrls: {}, databasePrefix: '' };
  const manifest: TemplateManifest = { backend: 'sqlite', kind, subgraphs: {} };
  fs.rmSync(config.dataDir, { recursive: true, force: true }); // what a failed earlier build left
  for (const def of SUBGRAPHS) {
    const db = await openDatabase(config, def);
    if (kind === 'seeded') await def.seed(db, config.demo);
    await db.query('PRAGMA wal_checkpoint(TRUNCATE)');
    await db.destroy();
    const file = path.join(config.dataDir, `${databaseName(config, def.name)}.sqlite`);
    for (const extra of [`${file}-wal`, `${file}-shm`]) {
      if (fs.existsSync(extra) && fs.statSync(extra).size > 0) throw new Error(`The SQLite template ${file} kept a non-empty ${extra} after closing`);
      fs.rmSync(extra, { force: true });
    }
    manifest.subgraphs[def.name] = { file, tables: [] };
  }
  return manifest;
}

/**
 * Four MariaDB/MySQL databases named with the run's prefix, and what a copy needs: each table's
 * CREATE TABLE (foreign keys included, which CREATE TABLE … LIKE would drop) and whether it has rows.
 */
async function buildMysql(dir: string, base: Config, kind: TemplateKind): Promise<TemplateManifest> {
  const prefix = `${templateDatabasePrefix(dir)}${kind === 'seeded' ? 's' : 'e'}_`;
  const config: Config = { ...base, databaseUrl: base.testMysqlUrl, databaseUrls: {}, databasePrefix: prefix };
  const manifest: TemplateManifest = { backend: 'mysql', kind, url: base.testMysqlUrl, subgraphs: {} };
  await Promise.all(
    SUBGRAPHS.map(async (def) => {
      const database = databaseName(config, def.name);
      // Recorded before the database exists, so that the teardown drops it even if the build fails midway.
      fs.writeFileSync(path.join(dir, `${database}${TEMPLATE_DATABASE_MARK}`), JSON.stringify({ url: base.testMysqlUrl, database }));
      await dropDatabase(config, def); // what a failed earlier build left
      const db = await openDatabase(config, def);
      try {
        if (kind === 'seeded') await def.seed(db, config.demo);
        const objects: { name: string; type: string }[] = await db.query(
          `SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME`,
        );
        if (objects.some((o) => o.type !== 'BASE TABLE')) throw new Error(`The ${database} template holds views, which the test template copy does not handle`);
        const triggers: string[] = [];
        for (const { name } of await db.query(`SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY TRIGGER_NAME`)) {
          const [created]: Record<string, string>[] = await db.query(`SHOW CREATE TRIGGER ${quoteIdent(name as string)}`);
          triggers.push(created['SQL Original Statement']);
        }
        const tables = [];
        for (const { name } of objects) {
          const [created]: Record<string, string>[] = await db.query(`SHOW CREATE TABLE ${quoteIdent(name)}`);
          const [{ present }]: { present: number | string }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM ${quoteIdent(name)}) AS present`);
          tables.push({ name, ddl: created['Create Table'], rows: Number(present) > 0 });
        }
        manifest.subgraphs[def.name] = { database, tables, triggers };
      } finally {
        await db.destroy();
      }
    }),
  );
  return manifest;
}

/** Creates `target` as a copy of the template's database for one subgraph: every table, its keys and its rows. */
async function copyMysqlDatabase(manifest: TemplateManifest, subgraph: string, target: string): Promise<void> {
  const { database, tables, triggers = [] } = manifest.subgraphs[subgraph];
  const url = new URL(manifest.url!);
  const connection = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    multipleStatements: true,
  });
  try {
    const statements = [
      `CREATE DATABASE ${quoteIdent(target)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      `USE ${quoteIdent(target)}`,
      'SET SESSION foreign_key_checks = 0',
      'SET SESSION unique_checks = 0',
      ...tables.map((t) => t.ddl),
      ...tables.filter((t) => t.rows).map((t) => `INSERT INTO ${quoteIdent(t.name)} SELECT * FROM ${quoteIdent(database!)}.${quoteIdent(t.name)}`),
      ...triggers,
    ];
    await connection.query(statements.join(';\n'));
  } finally {
    await connection.end();
  }
}
