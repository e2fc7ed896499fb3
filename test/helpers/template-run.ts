import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';

/**
 * What the jest global setup, the template builder (test/helpers/templates.ts) and the global
 * teardown share about one run's test templates. No project imports: the global setup and teardown
 * run in jest's parent process, where loading the subgraphs would only cost time.
 */

/** The environment variable naming the run's template folder (set by the global setup, inherited by the workers). */
export const TEMPLATES_ENV = 'LIBFED_TEST_TEMPLATES';

/** A file `<database><mark>` in the run's folder records a MariaDB/MySQL template database (JSON { url, database }) for the teardown. */
export const TEMPLATE_DATABASE_MARK = '.template-db.json';

const RUN_PREFIX = 'libfed-templates-';
const OWNER_FILE = 'owner.pid';

/** The prefix of the run's MariaDB/MySQL template databases, from its folder's unique name. */
export function templateDatabasePrefix(dir: string): string {
  return `tpl_${path
    .basename(dir)
    .slice(RUN_PREFIX.length)
    .replace(/[^A-Za-z0-9]/g, '')}_`;
}

export interface TemplateManifest {
  backend: 'sqlite' | 'mysql';
  kind: 'seeded' | 'empty';
  /** MySQL: the server (TEST_MYSQL_URL). */
  url?: string;
  subgraphs: Record<
    string,
    {
      /** SQLite: the template file. */
      file?: string;
      /** MySQL: the template database. */
      database?: string;
      /** MySQL: each table's CREATE TABLE and whether it has rows to copy. */
      tables: { name: string; ddl: string; rows: boolean }[];
      /** MySQL: each trigger's CREATE TRIGGER, made once the rows are copied. */
      triggers?: string[];
    }
  >;
}

/** A new, empty template folder for this run, owned by this process. */
export function createRunDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), RUN_PREFIX));
  fs.writeFileSync(path.join(dir, OWNER_FILE), String(process.pid));
  return dir;
}

/**
 * Drops the run's template databases and removes its folder. A database that cannot be dropped
 * (the server gone) is reported, not thrown: the tests have passed or failed by then; the folder
 * then stays, and the next run's setup tries again once this process has ended.
 */
export async function removeRunDir(dir: string): Promise<void> {
  const records = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(TEMPLATE_DATABASE_MARK)) : [];
  const failures: string[] = [];
  for (const record of records) {
    const { url, database } = JSON.parse(fs.readFileSync(path.join(dir, record), 'utf8')) as { url: string; database: string };
    try {
      if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`refusing the database name ${database}`);
      const u = new URL(url);
      const connection = await mysql.createConnection({
        host: u.hostname,
        port: Number(u.port || 3306),
        user: decodeURIComponent(u.username),
        password: decodeURIComponent(u.password),
      });
      try {
        await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
      } finally {
        await connection.end();
      }
    } catch (err) {
      failures.push(`${database}: ${(err as Error).message}`);
    }
  }
  if (failures.length) {
    console.warn(`Test templates: could not drop ${failures.join('; ')} (left in ${dir})`);
    return;
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Template folders (and databases) left by runs that were killed before their teardown. */
export async function removeAbandonedRunDirs(): Promise<void> {
  for (const name of fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(RUN_PREFIX))) {
    const dir = path.join(os.tmpdir(), name);
    let owner = NaN;
    try {
      owner = Number(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8'));
    } catch {
      continue; // not (yet) a complete run folder
    }
    if (Number.isInteger(owner) && owner > 0 && !alive(owner)) await removeRunDir(dir);
  }
}
