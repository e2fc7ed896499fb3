import { Column, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { isMysql } from './database';

/**
 * Row locks that hold on a multi-primary cluster (MariaDB Galera) as well as on one server.
 *
 * A limit that spans rows (loans per member, places of an event, a programme's capacity) is read
 * after locking the row that owns it. On one MySQL/MariaDB server `SELECT … FOR UPDATE` is enough.
 * On Galera it locks only on its own node, and a transaction is certified against the others only
 * by the rows it *writes*: two nodes could each lock "their" copy of the member, each count two
 * loans, and each commit a third. So the lock is taken by writing the row: `lockVersion` is
 * incremented. The UPDATE locks the row like FOR UPDATE on its node, and two nodes' transactions
 * that lock the same row now both write it, so one fails certification at commit
 * (ER_LOCK_DEADLOCK), is retried by `transaction()` and then sees the other's rows.
 *
 * SQLite runs one transaction at a time (shared/platform/database.ts): nothing to do there.
 */

/** The counter every lockable entity carries: written by `lockForUpdate`, never read by the domain. */
export function LockVersionColumn(): PropertyDecorator {
  // Not selected, not saved: an entity loaded before the lock and saved after cannot write an old count back.
  return Column({ type: 'int', default: 0, select: false, update: false });
}

/**
 * Locks rows by id until the transaction ends, and writes them (see above). Call it first in the
 * transaction, before any read, so that the snapshot the transaction reads already holds what the
 * previous holder of the lock committed. Rows are locked in id order (no deadlock between two
 * callers locking the same set); ids that match no row lock nothing.
 */
export async function lockForUpdate<T extends ObjectLiteral>(tx: EntityManager, target: EntityTarget<T>, ids: string[]): Promise<void> {
  if (!isMysql(tx) || !ids.length) return;
  const meta = tx.connection.getMetadata(target);
  if (!meta.findColumnWithPropertyName('lockVersion')) throw new Error(`${meta.tableName} has no lockVersion column (LockVersionColumn) to lock it by`);
  const unique = [...new Set(ids)].sort();
  await tx.query(`UPDATE \`${meta.tableName}\` SET \`lockVersion\` = \`lockVersion\` + 1 WHERE \`id\` IN (${unique.map(() => '?').join(', ')}) ORDER BY \`id\``, unique);
}
