import type { DataSource } from 'typeorm';
import { serverConnection } from '../../scripts/slims/generator';

/**
 * The figures of a library on both sides of a SLiMS import: SLiMS's own, computed by SQL on the
 * SLiMS database (what its reports would say: copies of biblios that exist, loans of copies and
 * members that exist), and ours, for one library. The SLiMS database is made by
 * scripts/slims/generator.ts.
 */

export interface LibraryFigures {
  titles: number;
  copies: number;
  members: number;
  loans: number;
  openLoans: number;
  finesOwed: number;
}

/** The SLiMS server tests use: TEST_MYSQL_URL, else the local MariaDB (a SLiMS database is always MySQL). */
export const slimsServer = (testMysqlUrl: string | undefined) => testMysqlUrl ?? 'mysql://root@127.0.0.1:3306';

export async function slimsFigures(serverUrl: string, database: string): Promise<LibraryFigures> {
  const db = await serverConnection(serverUrl, database);
  const one = async (sql: string) => {
    const [rows] = await db.query(sql);
    return Number((rows as { n: number | string | null }[])[0].n ?? 0);
  };
  const titled = "TRIM(b.title) <> ''";
  const lent = `FROM loan l JOIN item i ON i.item_code = l.item_code JOIN biblio b ON b.biblio_id = i.biblio_id AND ${titled} JOIN member m ON m.member_id = l.member_id`;
  try {
    return {
      titles: await one(`SELECT COUNT(*) AS n FROM biblio b WHERE ${titled}`),
      copies: await one(`SELECT COUNT(*) AS n FROM item i JOIN biblio b ON b.biblio_id = i.biblio_id AND ${titled}`),
      members: await one('SELECT COUNT(*) AS n FROM member'),
      loans: await one(`SELECT COUNT(*) AS n ${lent}`),
      openLoans: await one(`SELECT COUNT(*) AS n ${lent} WHERE l.is_return = 0`),
      finesOwed: await one('SELECT SUM(f.debet) - SUM(f.credit) AS n FROM fines f JOIN member m ON m.member_id = f.member_id'),
    };
  } finally {
    await db.end();
  }
}

/** Our figures for one library (titles: the whole catalogue, which the import adds to). */
export async function ourFigures(db: DataSource, libraryId: string): Promise<LibraryFigures> {
  const one = async (sql: string, params: unknown[] = [libraryId]) => Number((await db.query<{ n: number | string | null }[]>(sql, params))[0].n ?? 0);
  return {
    titles: await one('SELECT COUNT(*) AS n FROM bibliographic_record', []),
    copies: await one('SELECT COUNT(*) AS n FROM item WHERE libraryId = ?'),
    members: await one('SELECT COUNT(*) AS n FROM member WHERE libraryId = ?'),
    loans: await one('SELECT COUNT(*) AS n FROM loan WHERE libraryId = ?'),
    openLoans: await one('SELECT COUNT(*) AS n FROM loan WHERE libraryId = ? AND returnedAt IS NULL'),
    finesOwed: await one('SELECT COALESCE(SUM(amount), 0) AS n FROM fine_entry WHERE libraryId = ?'),
  };
}

export const difference = (after: LibraryFigures, before: LibraryFigures): LibraryFigures =>
  Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof LibraryFigures]])) as unknown as LibraryFigures;
