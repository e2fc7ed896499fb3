import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { isUniqueViolation } from '../../../shared/platform/database';
import { lockForUpdate } from '../../../shared/platform/row-lock';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { Item } from '../catalogue/item.entity';
import { Member } from '../members/member.entity';
import { Hold } from './hold.entity';
import { Loan } from './loan.entity';
import { FineEntry } from './fine-entry.entity';
import { ReceiptSeries } from './receipt-series.entity';

/**
 * Database helpers for circulation, the same on SQLite and MySQL/MariaDB.
 *
 * Every state change is a guarded UPDATE (`… WHERE id = ? AND status = 'AVAILABLE'`) whose
 * affected-row count is checked: of twenty desks lending one copy at once, one UPDATE changes the
 * row and nineteen change nothing and answer CONFLICT. Limits that span rows (loans per member,
 * the hold queue of a title, a member's balance) are read after locking the member or the record
 * on MySQL (shared/platform/row-lock.ts: a write of the row, which also holds across Galera
 * nodes), taken before any other read of the transaction so that its snapshot already holds what
 * the previous lock holder committed. SQLite runs one transaction at a time
 * (shared/platform/database.ts), so the locks are no-ops there.
 */

const TABLES = { member: Member, bibliographic_record: BibliographicRecord, item: Item, loan: Loan, hold: Hold } as const;

/** Locks rows by id until the transaction ends (MySQL, Galera); SQLite transactions are serial already. */
export async function lockRows(tx: EntityManager, table: keyof typeof TABLES, ids: string[]): Promise<void> {
  await lockForUpdate(tx, TABLES[table], ids);
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
  const result = await tx.createQueryBuilder().update(target).set(set).where(where, params).execute();
  return result.affected ?? 0;
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

/** Receipt prefixes of the seed libraries; another library's is the first letters of its slug. */
const RECEIPT_PREFIXES: Record<string, string> = { kupang: 'KPG', baubau: 'BBU', pasuruan: 'PSR', 'pematang-siantar': 'PMS' };

export function receiptPrefix(libraryId: string): string {
  return (
    RECEIPT_PREFIXES[libraryId] ??
    (libraryId
      .replace(/[^a-z]/gi, '')
      .slice(0, 3)
      .toUpperCase() ||
      'LIB')
  );
}

/**
 * The next number of the library's receipt series for the year (KPG-2026-000123): a guarded
 * increment of the series row, which makes concurrent payments at two desks queue on that row
 * (MySQL row lock; on Galera a certification conflict, retried by transaction()). The first
 * payment of a year creates the row; a desk that loses that insert race increments instead.
 */
export async function nextReceiptNumber(tx: EntityManager, libraryId: string, year: number): Promise<string> {
  const bump = () =>
    tx
      .createQueryBuilder()
      .update(ReceiptSeries)
      .set({ lastNumber: () => 'lastNumber + 1' })
      .where('libraryId = :libraryId AND year = :year', { libraryId, year })
      .execute();
  if (!((await bump()).affected ?? 0)) {
    try {
      await tx.getRepository(ReceiptSeries).insert({ libraryId, year, lastNumber: 1 });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      await bump();
    }
  }
  const series = await tx.getRepository(ReceiptSeries).findOneByOrFail({ libraryId, year });
  return `${receiptPrefix(libraryId)}-${year}-${String(series.lastNumber).padStart(6, '0')}`;
}
