import mysql from 'mysql2/promise';
import { BadUserInputError } from '../../../shared/platform/errors';

/**
 * Reading a SLiMS 9 database (MySQL/MariaDB, the schema of SLiMS's install/senayan.sql): the
 * reference tables at once, the large ones in batches by primary key. Dates are read as
 * 'YYYY-MM-DD' text (SLiMS keeps local dates and times, no zone), so that nothing shifts.
 */

export interface SlimsAuthor {
  author_id: number;
  author_name: string;
  authority_type: 'p' | 'o' | 'c' | null;
}
export interface SlimsTopic {
  topic_id: number;
  topic: string;
  topic_type: string | null;
}
export interface SlimsGmd {
  gmd_id: number;
  gmd_code: string | null;
  gmd_name: string;
}
export interface SlimsCollType {
  coll_type_id: number;
  coll_type_name: string;
}
export interface SlimsLocation {
  location_id: string;
  location_name: string | null;
}
export interface SlimsItemStatus {
  item_status_id: string;
  item_status_name: string;
  no_loan: number;
}
export interface SlimsMemberType {
  member_type_id: number;
  member_type_name: string;
  loan_limit: number;
  loan_periode: number;
  enable_reserve: number;
  reserve_limit: number;
  member_periode: number;
  reborrow_limit: number;
  fine_each_day: number;
  grace_periode: number | null;
}
export interface SlimsLoanRule {
  loan_rules_id: number;
  member_type_id: number;
  coll_type_id: number | null;
  gmd_id: number | null;
  loan_limit: number | null;
  loan_periode: number | null;
  reborrow_limit: number | null;
  fine_each_day: number | null;
  grace_periode: number | null;
}
export interface SlimsHoliday {
  holiday_id: number;
  holiday_dayname: string;
  holiday_date: string | null;
  description: string | null;
}

export interface SlimsBiblio {
  biblio_id: number;
  gmd_id: number | null;
  title: string;
  sor: string | null;
  edition: string | null;
  isbn_issn: string | null;
  publisher_name: string | null;
  publish_year: string | null;
  collation: string | null;
  series_title: string | null;
  call_number: string | null;
  language_id: string | null;
  place_name: string | null;
  classification: string | null;
  notes: string | null;
  /** Filled from biblio_author and biblio_topic, in their level order. */
  authors: SlimsAuthor[];
  topics: SlimsTopic[];
}

export interface SlimsItem {
  item_id: number;
  biblio_id: number | null;
  /** False when biblio_id names no biblio (deleted in SLiMS, its copies left behind). */
  biblio_exists: number;
  call_number: string | null;
  coll_type_id: number | null;
  item_code: string | null;
  inventory_code: string | null;
  received_date: string | null;
  order_date: string | null;
  location_id: string | null;
  item_status_id: string | null;
  site: string | null;
  price: number | null;
  price_currency: string | null;
  input_date: string | null;
}

export interface SlimsMember {
  member_id: string;
  member_name: string;
  member_type_id: number | null;
  member_email: string | null;
  member_phone: string | null;
  member_since_date: string | null;
  register_date: string | null;
  expire_date: string | null;
  is_pending: number;
  input_date: string | null;
}

export interface SlimsLoan {
  loan_id: number;
  item_code: string | null;
  member_id: string | null;
  loan_date: string;
  due_date: string;
  renewed: number;
  loan_rules_id: number;
  is_return: number;
  return_date: string | null;
  /** Looked up by item_code and member_id. */
  item_id: number | null;
  member_type_id: number | null;
}

export interface SlimsReserve {
  reserve_id: number;
  member_id: string;
  biblio_id: number;
  item_code: string;
  reserve_date: string;
}

export interface SlimsFine {
  fines_id: number;
  fines_date: string;
  member_id: string;
  debet: number | null;
  credit: number | null;
  description: string | null;
}

export interface SlimsVisitDay {
  day: string;
  visits: number;
}

export interface SlimsReference {
  authors: Map<number, SlimsAuthor>;
  topics: Map<number, SlimsTopic>;
  gmds: Map<number, SlimsGmd>;
  collTypes: Map<number, SlimsCollType>;
  locations: Map<string, SlimsLocation>;
  itemStatuses: Map<string, SlimsItemStatus>;
  memberTypes: Map<number, SlimsMemberType>;
  loanRules: Map<number, SlimsLoanRule>;
  holidays: SlimsHoliday[];
}

/** Tables the import reads; a database without them is not a SLiMS 9 database. */
export const SLIMS_TABLES = [
  'biblio',
  'mst_author',
  'biblio_author',
  'mst_topic',
  'biblio_topic',
  'mst_publisher',
  'mst_place',
  'mst_gmd',
  'item',
  'mst_coll_type',
  'mst_location',
  'mst_item_status',
  'member',
  'mst_member_type',
  'loan',
  'reserve',
  'fines',
  'mst_loan_rules',
  'holiday',
  'visitor_count',
] as const;

export type SlimsTable = (typeof SLIMS_TABLES)[number];

/** Text of a DATE column ('0000-00-00', which old SLiMS rows carry, reads as null). */
const D = (column: string) => `NULLIF(DATE_FORMAT(${column}, '%Y-%m-%d'), '0000-00-00')`;

const byKey = <K, T>(rows: T[], key: (r: T) => K) => new Map(rows.map((r) => [key(r), r]));

/** A connection to a SLiMS database, from a mysql:// URL. */
export class SlimsSource {
  private constructor(private readonly connection: mysql.Connection) {}

  /** Connects and checks the tables are there; BAD_USER_INPUT on a URL that is not mysql://…/database. */
  static async open(url: string): Promise<SlimsSource> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new BadUserInputError('from', 'The SLiMS database must be given as mysql://user:password@host[:port]/database');
    }
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    if (!/^(mysql|mariadb):$/.test(parsed.protocol) || !database) {
      throw new BadUserInputError('from', 'The SLiMS database must be given as mysql://user:password@host[:port]/database');
    }
    const connection = await mysql.createConnection({
      host: parsed.hostname,
      port: Number(parsed.port || 3306),
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      database,
      dateStrings: true,
      supportBigNumbers: true,
      charset: 'utf8mb4',
    });
    const source = new SlimsSource(connection);
    try {
      const present = new Set((await source.rows<{ name: string }>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()')).map((r) => r.name));
      const missing = SLIMS_TABLES.filter((t) => !present.has(t));
      if (missing.length) throw new BadUserInputError('from', `${database} is not a SLiMS 9 database: no table ${missing.join(', ')}`);
    } catch (err) {
      await connection.end();
      throw err;
    }
    return source;
  }

  async close(): Promise<void> {
    await this.connection.end();
  }

  async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const [rows] = await this.connection.query(sql, params);
    return rows as T[];
  }

  async count(table: SlimsTable): Promise<number> {
    const [row] = await this.rows<{ n: number }>(`SELECT COUNT(*) AS n FROM \`${table}\``);
    return Number(row.n);
  }

  async visitDayCount(): Promise<number> {
    const [row] = await this.rows<{ n: number }>('SELECT COUNT(DISTINCT DATE(checkin_date)) AS n FROM visitor_count');
    return Number(row.n);
  }

  /** How many rows of a table have a value in a column (for the report of what has no place here). */
  async filled(table: SlimsTable, column: string): Promise<number> {
    const [row] = await this.rows<{ n: number }>(`SELECT COUNT(*) AS n FROM \`${table}\` WHERE \`${column}\` IS NOT NULL AND TRIM(\`${column}\`) NOT IN ('', '0')`);
    return Number(row.n);
  }

  async reference(): Promise<SlimsReference> {
    return {
      authors: byKey(await this.rows<SlimsAuthor>('SELECT author_id, author_name, authority_type FROM mst_author'), (r) => r.author_id),
      topics: byKey(await this.rows<SlimsTopic>('SELECT topic_id, topic, topic_type FROM mst_topic'), (r) => r.topic_id),
      gmds: byKey(await this.rows<SlimsGmd>('SELECT gmd_id, gmd_code, gmd_name FROM mst_gmd'), (r) => r.gmd_id),
      collTypes: byKey(await this.rows<SlimsCollType>('SELECT coll_type_id, coll_type_name FROM mst_coll_type'), (r) => r.coll_type_id),
      locations: byKey(await this.rows<SlimsLocation>('SELECT location_id, location_name FROM mst_location'), (r) => r.location_id),
      itemStatuses: byKey(await this.rows<SlimsItemStatus>('SELECT item_status_id, item_status_name, no_loan FROM mst_item_status'), (r) => r.item_status_id),
      memberTypes: byKey(
        await this.rows<SlimsMemberType>(
          'SELECT member_type_id, member_type_name, loan_limit, loan_periode, enable_reserve, reserve_limit, member_periode, reborrow_limit, fine_each_day, grace_periode FROM mst_member_type ORDER BY member_type_id',
        ),
        (r) => r.member_type_id,
      ),
      loanRules: byKey(
        await this.rows<SlimsLoanRule>(
          'SELECT loan_rules_id, member_type_id, coll_type_id, gmd_id, loan_limit, loan_periode, reborrow_limit, fine_each_day, grace_periode FROM mst_loan_rules ORDER BY loan_rules_id',
        ),
        (r) => r.loan_rules_id,
      ),
      holidays: await this.rows<SlimsHoliday>(`SELECT holiday_id, holiday_dayname, ${D('holiday_date')} AS holiday_date, description FROM holiday ORDER BY holiday_id`),
    };
  }

  /** Biblios with ids above `after`, with their authors and topics (from the reference maps). */
  async biblios(after: number, limit: number, ref: SlimsReference): Promise<SlimsBiblio[]> {
    const biblios = await this.rows<Omit<SlimsBiblio, 'authors' | 'topics'>>(
      `SELECT b.biblio_id, b.gmd_id, b.title, b.sor, b.edition, b.isbn_issn, p.publisher_name, b.publish_year, b.collation, b.series_title,
              b.call_number, b.language_id, pl.place_name, b.classification, b.notes
         FROM biblio b LEFT JOIN mst_publisher p ON p.publisher_id = b.publisher_id LEFT JOIN mst_place pl ON pl.place_id = b.publish_place_id
        WHERE b.biblio_id > ? ORDER BY b.biblio_id LIMIT ?`,
      [after, limit],
    );
    if (!biblios.length) return [];
    const ids = biblios.map((b) => b.biblio_id);
    const authors = await this.rows<{ biblio_id: number; author_id: number }>(
      'SELECT biblio_id, author_id FROM biblio_author WHERE biblio_id IN (?) ORDER BY biblio_id, level, author_id',
      [ids],
    );
    const topics = await this.rows<{ biblio_id: number; topic_id: number }>(
      'SELECT biblio_id, topic_id FROM biblio_topic WHERE biblio_id IN (?) ORDER BY biblio_id, level, topic_id',
      [ids],
    );
    const out = biblios.map((b) => ({ ...b, authors: [] as SlimsAuthor[], topics: [] as SlimsTopic[] }));
    const byId = new Map(out.map((b) => [b.biblio_id, b]));
    for (const a of authors) {
      const author = ref.authors.get(a.author_id);
      if (author) byId.get(a.biblio_id)!.authors.push(author);
    }
    for (const t of topics) {
      const topic = ref.topics.get(t.topic_id);
      if (topic) byId.get(t.biblio_id)!.topics.push(topic);
    }
    return out;
  }

  items(after: number, limit: number): Promise<SlimsItem[]> {
    return this.rows<SlimsItem>(
      `SELECT i.item_id, i.biblio_id, (b.biblio_id IS NOT NULL) AS biblio_exists, i.call_number, i.coll_type_id, i.item_code, i.inventory_code,
              ${D('i.received_date')} AS received_date, ${D('i.order_date')} AS order_date, i.location_id, i.item_status_id, i.site, i.price, i.price_currency,
              ${D('i.input_date')} AS input_date
         FROM item i LEFT JOIN biblio b ON b.biblio_id = i.biblio_id
        WHERE i.item_id > ? ORDER BY i.item_id LIMIT ?`,
      [after, limit],
    );
  }

  members(after: string, limit: number): Promise<SlimsMember[]> {
    return this.rows<SlimsMember>(
      `SELECT member_id, member_name, member_type_id, member_email, member_phone, ${D('member_since_date')} AS member_since_date, ${D('register_date')} AS register_date,
              ${D('expire_date')} AS expire_date, is_pending, ${D('input_date')} AS input_date
         FROM member WHERE member_id > ? ORDER BY member_id LIMIT ?`,
      [after, limit],
    );
  }

  loans(after: number, limit: number): Promise<SlimsLoan[]> {
    return this.rows<SlimsLoan>(
      `SELECT l.loan_id, l.item_code, l.member_id, ${D('l.loan_date')} AS loan_date, ${D('l.due_date')} AS due_date, l.renewed, l.loan_rules_id, l.is_return,
              ${D('l.return_date')} AS return_date, i.item_id, m.member_type_id
         FROM loan l LEFT JOIN item i ON i.item_code = l.item_code LEFT JOIN member m ON m.member_id = l.member_id
        WHERE l.loan_id > ? ORDER BY l.loan_id LIMIT ?`,
      [after, limit],
    );
  }

  reserves(after: number, limit: number): Promise<SlimsReserve[]> {
    return this.rows<SlimsReserve>(
      `SELECT reserve_id, member_id, biblio_id, item_code, DATE_FORMAT(reserve_date, '%Y-%m-%d %H:%i:%s') AS reserve_date FROM reserve WHERE reserve_id > ? ORDER BY reserve_id LIMIT ?`,
      [after, limit],
    );
  }

  fines(after: number, limit: number): Promise<SlimsFine[]> {
    return this.rows<SlimsFine>(
      `SELECT fines_id, ${D('fines_date')} AS fines_date, member_id, debet, credit, description FROM fines WHERE fines_id > ? ORDER BY fines_id LIMIT ?`,
      [after, limit],
    );
  }

  /** Returned loans of these copies (to link a fine to the loan it was charged for). */
  returnedLoansOf(itemCodes: string[]): Promise<{ loan_id: number; item_code: string; member_id: string; return_date: string | null }[]> {
    if (!itemCodes.length) return Promise.resolve([]);
    return this.rows(`SELECT loan_id, item_code, member_id, ${D('return_date')} AS return_date FROM loan WHERE is_return = 1 AND item_code IN (?) ORDER BY loan_id`, [itemCodes]);
  }

  visitDays(): Promise<SlimsVisitDay[]> {
    return this.rows<SlimsVisitDay>(`SELECT DATE_FORMAT(checkin_date, '%Y-%m-%d') AS day, COUNT(*) AS visits FROM visitor_count GROUP BY day ORDER BY day`);
  }
}
