import ISBN from 'isbn3';
import type { DataSource } from 'typeorm';
import { BadUserInputError } from '../../../shared/platform/errors';
import type { CountedPage } from '../../../shared/platform/pagination';
import { isMysql } from '../../../shared/platform/database';
import type { BibliographicRecord, MaterialType } from './bibliographic-record.entity';
import { ItemStatus } from './item.entity';

/**
 * Catalogue search, open to everyone: words in title, subtitle, authors and subjects, or an ISBN
 * in either form with or without hyphens; filters; most relevant first.
 *
 * - SQLite: the FTS5 table record_fts (migration CatalogueSearch), ranked by bm25 with the title
 *   weighing most, then authors, subtitle, subjects.
 * - MySQL/MariaDB: InnoDB FULLTEXT. Every word is required (`+word`, the last one also as a
 *   prefix, `+word*`), over the index of all four fields; the relevance is the weighted sum of
 *   MATCH over the per-field indexes. InnoDB does not index words shorter than
 *   innodb_ft_min_token_size (3 by default) nor its stopwords, and a required term it cannot
 *   find empties the result, so such words are left out of the query; a query made only of them
 *   ("Si", "ke") falls back to titles starting with it, through the title index.
 *
 * Never `LIKE '%…%'` over the table. Pages are keyset on (relevance, id): relevance is made an
 * integer (×1000) so that the cursor compares exactly.
 */

export interface CatalogueFilterInput {
  libraryId?: string | null;
  language?: string | null;
  materialType?: MaterialType | null;
  yearFrom?: number | null;
  yearTo?: number | null;
  availableOnly?: boolean | null;
}

interface Cursor {
  v: number;
  id: string;
}

export interface SearchPageRequest {
  first: number;
  after?: { v: string | number; id: string };
}

/** InnoDB's default stopword list (INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD). */
const INNODB_STOPWORDS = new Set('a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(' '));

const MAX_WORDS = 12;

export interface ParsedQuery {
  /** ISBN-13 when the query is an ISBN (10 or 13, hyphens and spaces allowed). */
  isbn?: string;
  /** Lower-case words, without duplicates, in the order typed. */
  words: string[];
  /** The query as typed, trimmed (for the title-prefix fallback). */
  text: string;
}

export function parseQuery(raw: string): ParsedQuery {
  const text = raw.trim().replace(/\s+/g, ' ');
  if (!text) throw new BadUserInputError('query', 'query must contain a word or an ISBN');
  if (text.length > 200) throw new BadUserInputError('query', 'query must be at most 200 characters');
  const compact = text.replace(/[\s-]/g, '');
  if (/^(\d{9}[\dXx]|97[89]\d{10})$/.test(compact)) {
    const parsed = ISBN.parse(compact);
    if (parsed?.isbn13) return { isbn: parsed.isbn13, words: [], text };
  }
  const words = [
    ...new Set(
      text
        .normalize('NFKC')
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean),
    ),
  ].slice(0, MAX_WORDS);
  if (!words.length) throw new BadUserInputError('query', 'query must contain a word or an ISBN');
  return { words, text };
}

function validateFilter(filter: CatalogueFilterInput): void {
  const { yearFrom, yearTo } = filter;
  if (yearFrom != null && yearTo != null && yearFrom > yearTo) throw new BadUserInputError('filter.yearTo', 'yearTo must not be before yearFrom');
  if (filter.language != null && !/^[a-z]{3}$/.test(filter.language)) {
    throw new BadUserInputError('filter.language', 'language must be an ISO 639-2 code such as ind or eng');
  }
}

/** The filters as SQL over the record alias `r` (both backends), with positional parameters. */
function filterSql(filter: CatalogueFilterInput): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.language) {
    clauses.push('r.language = ?');
    params.push(filter.language);
  }
  if (filter.materialType) {
    clauses.push('r.materialType = ?');
    params.push(filter.materialType);
  }
  if (filter.yearFrom != null) {
    clauses.push('r.publishedYear >= ?');
    params.push(filter.yearFrom);
  }
  if (filter.yearTo != null) {
    clauses.push('r.publishedYear <= ?');
    params.push(filter.yearTo);
  }
  if (filter.libraryId || filter.availableOnly) {
    const copy: string[] = ['i.recordId = r.id'];
    if (filter.libraryId) {
      copy.push('i.libraryId = ?');
      params.push(filter.libraryId);
    }
    if (filter.availableOnly) {
      copy.push('i.status = ?');
      params.push(ItemStatus.AVAILABLE);
    } else {
      copy.push('i.status <> ?');
      params.push(ItemStatus.WITHDRAWN);
    }
    clauses.push(`EXISTS (SELECT 1 FROM item i WHERE ${copy.join(' AND ')})`);
  }
  return { sql: clauses.map((c) => ` AND ${c}`).join(''), params };
}

const minTokenSize = new WeakMap<DataSource, Promise<number>>();

/** innodb_ft_min_token_size of the server (read once per connection pool). */
function mysqlMinTokenSize(db: DataSource): Promise<number> {
  let size = minTokenSize.get(db);
  if (!size) {
    size = db
      .query('SELECT @@innodb_ft_min_token_size AS size')
      .then((rows: { size: number | string }[]) => Number(rows[0]?.size ?? 3))
      .catch(() => 3);
    minTokenSize.set(db, size);
  }
  return size;
}

/**
 * The scored candidates (id, score) as one SELECT, with its parameters, and the number of them as
 * another (`count`: the same matches without scoring each — bm25 over every match of a common word
 * cost as much as the ranked page itself).
 */
async function scoredSql(db: DataSource, q: ParsedQuery, filter: CatalogueFilterInput): Promise<{ sql: string; params: unknown[]; count: { sql: string; params: unknown[] } }> {
  const f = filterSql(filter);
  if (q.isbn) {
    const where = `FROM bibliographic_record r WHERE r.isbn = ?${f.sql}`;
    const params = [q.isbn, ...f.params];
    return { sql: `SELECT r.id AS id, 1000000 AS score ${where}`, params, count: { sql: `SELECT COUNT(*) AS n ${where}`, params } };
  }
  if (!isMysql(db)) {
    const match = q.words.map((w, k) => `"${w}"${k === q.words.length - 1 ? '*' : ''}`).join(' ');
    // The records themselves are joined only for a filter (on their columns or copies): the index
    // holds every record's id (kept by triggers), and the join costs more than the match (a count
    // of 4,000 matches: 4.6 ms joined, 0.2 ms not).
    const where = f.sql ? `FROM record_fts JOIN bibliographic_record r ON r.id = record_fts.recordId WHERE record_fts MATCH ?${f.sql}` : 'FROM record_fts WHERE record_fts MATCH ?';
    const params = [match, ...f.params];
    return {
      sql: `SELECT record_fts.recordId AS id, CAST(ROUND(-bm25(record_fts, 0.0, 10.0, 4.0, 6.0, 3.0) * 1000) AS INTEGER) AS score ${where}`,
      params,
      count: { sql: `SELECT COUNT(*) AS n ${where}`, params },
    };
  }
  const min = await mysqlMinTokenSize(db);
  const usable = q.words.filter((w) => [...w].length >= min && !INNODB_STOPWORDS.has(w));
  if (!usable.length) {
    // Only words InnoDB does not index: titles starting with the query, through IDX_record_title.
    const prefix = `${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const where = `FROM bibliographic_record r WHERE r.title LIKE ?${f.sql}`;
    const params = [prefix, ...f.params];
    return { sql: `SELECT r.id AS id, 0 AS score ${where}`, params, count: { sql: `SELECT COUNT(*) AS n ${where}`, params } };
  }
  const last = usable.length - 1;
  const ranked = usable.map((w, k) => `${w}${k === last ? '*' : ''}`).join(' ');
  const required = usable.map((w, k) => `+${w}${k === last ? '*' : ''}`).join(' ');
  return {
    sql:
      'SELECT r.id AS id, ROUND((MATCH(r.title, r.subtitle) AGAINST (? IN BOOLEAN MODE) * 10 + MATCH(r.authors) AGAINST (? IN BOOLEAN MODE) * 6' +
      ' + MATCH(r.subjects) AGAINST (? IN BOOLEAN MODE) * 3) * 1000) AS score FROM bibliographic_record r' +
      ` WHERE MATCH(r.title, r.subtitle, r.authors, r.subjects) AGAINST (? IN BOOLEAN MODE)${f.sql}`,
    params: [ranked, ranked, ranked, required, ...f.params],
    count: {
      sql: `SELECT COUNT(*) AS n FROM bibliographic_record r WHERE MATCH(r.title, r.subtitle, r.authors, r.subjects) AGAINST (? IN BOOLEAN MODE)${f.sql}`,
      params: [required, ...f.params],
    },
  };
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');

/**
 * One page of results, most relevant first (ties by id), with the total number of matches.
 * `load` turns ids into records in the order given.
 */
export async function searchCatalogue(
  db: DataSource,
  query: string,
  filter: CatalogueFilterInput,
  page: SearchPageRequest,
  load: (ids: string[]) => Promise<BibliographicRecord[]>,
): Promise<CountedPage<BibliographicRecord>> {
  const parsed = parseQuery(query);
  validateFilter(filter);
  const scored = await scoredSql(db, parsed, filter);
  const [{ n }] = await db.query<{ n: number | string }[]>(scored.count.sql, scored.count.params);

  let sql = `SELECT s.id AS id, s.score AS score FROM (${scored.sql}) s`;
  const params = [...scored.params];
  if (page.after) {
    if (typeof page.after.v !== 'number') throw new BadUserInputError('after', 'after is not a cursor this search gave out');
    sql += ' WHERE (s.score < ? OR (s.score = ? AND s.id > ?))';
    params.push(page.after.v, page.after.v, page.after.id);
  }
  sql += ` ORDER BY s.score DESC, s.id ASC LIMIT ${page.first + 1}`; // first: an integer checked by normalisePage
  const rows: { id: string; score: number | string }[] = await db.query(sql, params);
  const hasNextPage = rows.length > page.first;
  const pageRows = rows.slice(0, page.first);
  const records = await load(pageRows.map((r) => r.id));
  const byId = new Map(records.map((r) => [r.id, r]));
  const edges = pageRows.filter((r) => byId.has(r.id)).map((r) => ({ node: byId.get(r.id)!, cursor: encodeCursor({ v: Number(r.score), id: r.id }) }));
  return {
    edges,
    totalCount: Number(n),
    pageInfo: {
      hasNextPage,
      hasPreviousPage: page.after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/**
 * Ids of records the search finds for these words, best first, at most `limit`: candidates for
 * catalogue maintenance (the authority file relinks records carrying a form), read through the
 * search index like any search.
 */
export async function matchingRecordIds(db: DataSource, query: string, limit: number): Promise<string[]> {
  const scored = await scoredSql(db, parseQuery(query), {});
  const rows: { id: string }[] = await db.query(`SELECT s.id AS id FROM (${scored.sql}) s ORDER BY s.score DESC, s.id ASC LIMIT ${Math.floor(limit)}`, scored.params);
  return rows.map((r) => r.id);
}
