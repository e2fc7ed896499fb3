import type { EntityManager } from 'typeorm';
import { isMysql, isUniqueViolation } from '../../../shared/platform/database';
import { BarcodeSeries } from './barcode-series.entity';

/**
 * Barcodes for copies received from orders, in the library's series: `KPG-000123` — the same
 * city code partnerships and the demo use. A library without a series gets one at its first
 * receipt, starting after the highest number already printed with its prefix. The series row is
 * locked while numbers are taken (MySQL; SQLite runs one transaction at a time), and numbers a
 * desk used by hand (addItem) are skipped, so two receipts never print the same barcode.
 */

export const LIBRARY_CODES: Record<string, string> = { kupang: 'KPG', baubau: 'BAU', pasuruan: 'PSR', 'pematang-siantar': 'PMS' };

const DIGITS = 6;

export const formatBarcode = (prefix: string, n: number) => `${prefix}-${String(n).padStart(DIGITS, '0')}`;

/** The prefix a library's series gets: its known city code, else the first letters of its slug. */
export function defaultPrefix(libraryId: string): string {
  return (
    LIBRARY_CODES[libraryId] ??
    (libraryId
      .replace(/[^a-z]/gi, '')
      .slice(0, 3)
      .toUpperCase() ||
      'LIB')
  );
}

/** The prefix without taking the series: order numbers use it. */
export async function prefixOf(tx: EntityManager, libraryId: string): Promise<string> {
  return (await tx.getRepository(BarcodeSeries).findOneBy({ libraryId }))?.prefix ?? defaultPrefix(libraryId);
}

async function highestNumber(tx: EntityManager, prefix: string): Promise<number> {
  // A prefix LIKE reads the barcode index only.
  const rows: { barcode: string }[] = await tx.query('SELECT barcode FROM item WHERE barcode LIKE ?', [`${prefix}-%`]);
  const pattern = new RegExp(`^${prefix}-(\\d+)$`);
  return rows.reduce((max, r) => Math.max(max, Number(pattern.exec(r.barcode)?.[1] ?? 0)), 0);
}

async function lockSeries(tx: EntityManager, libraryId: string): Promise<BarcodeSeries | null> {
  if (isMysql(tx)) await tx.query('SELECT libraryId FROM barcode_series WHERE libraryId = ? FOR UPDATE', [libraryId]);
  return tx.getRepository(BarcodeSeries).findOneBy({ libraryId });
}

async function seriesOf(tx: EntityManager, libraryId: string): Promise<BarcodeSeries> {
  const existing = await lockSeries(tx, libraryId);
  if (existing) return existing;
  let prefix = defaultPrefix(libraryId);
  for (let k = 2; await tx.getRepository(BarcodeSeries).existsBy({ prefix }); k++) prefix = `${defaultPrefix(libraryId)}${k}`;
  const series = tx.getRepository(BarcodeSeries).create({ libraryId, prefix, nextNumber: (await highestNumber(tx, prefix)) + 1 });
  try {
    await tx.getRepository(BarcodeSeries).insert({ ...series });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Another receipt made the series at this moment: take theirs.
    return (await lockSeries(tx, libraryId))!;
  }
  return series;
}

/** The next `count` free barcodes of the library's series, taken for good. */
export async function takeBarcodes(tx: EntityManager, libraryId: string, count: number): Promise<string[]> {
  const series = await seriesOf(tx, libraryId);
  const out: string[] = [];
  let n = series.nextNumber;
  while (out.length < count) {
    // At most 500 at a time: well inside both drivers' placeholder limits.
    const batch = Array.from({ length: Math.min(500, count - out.length) }, (_, i) => formatBarcode(series.prefix, n + i));
    const taken = new Set((await tx.query<{ barcode: string }[]>(`SELECT barcode FROM item WHERE barcode IN (${batch.map(() => '?').join(', ')})`, batch)).map((r) => r.barcode));
    out.push(...batch.filter((b) => !taken.has(b)));
    n += batch.length;
  }
  await tx.getRepository(BarcodeSeries).update({ libraryId }, { nextNumber: n });
  return out;
}
