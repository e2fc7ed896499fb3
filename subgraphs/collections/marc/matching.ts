import { createHash } from 'node:crypto';
import type { CatalogueFields } from './mapping';
import type { MarcRecord } from './marcjs';

/**
 * What tells two imports of a record apart, for an idempotent re-import (import.ts).
 */

/** Case, accents, punctuation and spacing folded: "Bumi Manusia!" and "bumi  manusia" are one. */
export function fold(value: string | null | undefined): string {
  return (value ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Title | first author | year, folded; the author's words sorted, so that "Ndun, Paulus" and
 * "Paulus Ndun" are one. At most 200 characters (the column).
 */
export function matchKey(fields: Pick<CatalogueFields, 'title' | 'authors' | 'publishedYear'>): string {
  const author = fold(fields.authors[0]).split(' ').sort().join(' ');
  return `${fold(fields.title).slice(0, 150)}|${author.slice(0, 40)}|${fields.publishedYear ?? ''}`;
}

/**
 * SHA-256 of the record's content: its fields in order, without 005 (the date of the last change,
 * which every export rewrites) and the leader without its computed length and base address, so
 * that a file exported by us, or the same record in MARCXML and ISO 2709, hash alike.
 */
export function contentHash(record: MarcRecord): string {
  const leader = `${record.leader.slice(5, 12)}${record.leader.slice(17)}`;
  const fields = record.fields.filter((f) => f[0] !== '005');
  return createHash('sha256')
    .update(JSON.stringify([leader, fields]))
    .digest('hex');
}
