import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { transaction } from '../../../shared/database';
import { FineEntry } from '../entities/fine-entry.entity';

/**
 * Database helpers for circulation, the same on SQLite and MySQL/MariaDB.
 *
 * Every state change is a guarded UPDATE (`… WHERE id = ? AND status = 'AVAILABLE'`) whose
 * affected-row count is checked: of twenty desks lending one copy at once, one UPDATE changes the
 * row and nineteen change nothing and answer CONFLICT. Limits that span rows (loans per member,
 * the hold queue of a title, a member's balance) are read after locking the member or the record
 * with SELECT … FOR UPDATE on MySQL, taken before any other read of the transaction so that its
 * snapshot already holds what the previous lock holder committed. SQLite runs one transaction at
 * a time (shared/database.ts), so the locks are no-ops there.
 */

export const isMysql = (m: EntityManager | DataSource): boolean =>
  ('connection' in m ? m.connection : m).options.type !== 'better-sqlite3';

const TABLES = { member: 'member', bibliographic_record: 'bibliographic_record', item: 'item', loan: 'loan', hold: 'hold' } as const;

/** Locks rows by id until the transaction ends (MySQL); SQLite transactions are serial already. */
export async function lockRows(tx: EntityManager, table: keyof typeof TABLES, ids: string[]): Promise<void> {
  if (!isMysql(tx) || !ids.length) return;
  await tx.query(`SELECT id FROM \`${TABLES[table]}\` WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id FOR UPDATE`, ids);
}

/**
 * UPDATE … SET … WHERE <guard>; the number of rows it changed. `where` uses named parameters
 * (`id = :id AND status = :from`).
 */
export async function guardedUpdate<T extends ObjectLiteral>(
  tx: EntityManager,
  target: EntityTarget<T>,
  set: Partial<T>,
  where: string,
  params: Record<string, unknown>,
): Promise<number> {
  const result = await tx
    .createQueryBuilder()
    .update(target)
    .set(set as never)
    .where(where, params)
    .execute();
  return result.affected ?? 0;
}

/** A unique index refused the row (MySQL/MariaDB ER_DUP_ENTRY, SQLite UNIQUE constraint). */
export function isUniqueViolation(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driverError = err.driverError as { code?: string } | undefined;
  return driverError?.code === 'ER_DUP_ENTRY' || driverError?.code === 'SQLITE_CONSTRAINT_UNIQUE' || driverError?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

const isDeadlock = (err: unknown): boolean => {
  const e = err as { driverError?: { errno?: number }; errno?: number };
  const errno = e.driverError?.errno ?? e.errno;
  return errno === 1213 || errno === 1205;
};

/**
 * shared/database.ts `transaction`, retried a few more times when MySQL picks it as a deadlock
 * victim: circulation touches items, loans and holds in one transaction, and under a burst of
 * desks working one title a deadlock is an expected, harmless outcome that a retry resolves.
 */
export async function circulationTransaction<T>(db: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction(db, work);
    } catch (err) {
      if (attempt >= 5 || !isDeadlock(err)) throw err;
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 40));
    }
  }
}

/** The member's unpaid fines: the sum of the ledger (charges positive, payments negative). */
export async function fineBalance(tx: EntityManager, memberId: string): Promise<number> {
  const row: { total: string | number | null } | undefined = await tx
    .getRepository(FineEntry)
    .createQueryBuilder('f')
    .select('COALESCE(SUM(f.amount), 0)', 'total')
    .where('f.memberId = :memberId', { memberId })
    .getRawOne();
  return Number(row?.total ?? 0);
}
